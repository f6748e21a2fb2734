/* socket_smoke: the socket layer's first end-to-end checks, over loopback.
 *
 * Sources: socket(2), connect(2) ("EINPROGRESS ... select(2) or poll(2) for
 * completion by selecting the socket for writing ... getsockopt(2) to read
 * the SO_ERROR option"; "ECONNREFUSED A connect() on a stream socket found
 * no one listening on the remote address"), accept(2), getsockname(2), and
 * ip(7) for ip_local_port_range (the ephemeral ports an unbound connect
 * gets). Runs the same on Linux.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"

#define STREAM_BYTES (64 * 1024)

static unsigned char pattern(size_t i) { return (unsigned char)(i * 7 + (i >> 8)); }

static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Blocking connect/accept and 64 KiB through an echo child and back. */
static void echo_test(void) {
  unsigned short port;
  int listener = tt_tcp_listener4(&port, 4);
  if (!TT_CHECK("socket_smoke.listen", listener >= 0, "%s", strerror(errno))) return;

  pid_t child = fork();
  if (child == 0) {  // the echo server: accept one connection, echo until EOF
    int c = accept(listener, NULL, NULL);
    if (c < 0) _exit(1);
    unsigned char buffer[4096];
    ssize_t n;
    while ((n = read(c, buffer, sizeof buffer)) > 0)
      if (write_all(c, buffer, (size_t)n) < 0) _exit(2);
    _exit(n == 0 ? 0 : 3);
  }
  close(listener);

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = tt_loopback4(port);
  TT_CHECK("socket_smoke.blocking_connect", connect(fd, (struct sockaddr *)&a, sizeof a) == 0, "%s",
           strerror(errno));

  // getsockname shows the ephemeral port connect chose (connect(2), ip(7)).
  struct sockaddr_in local;
  socklen_t length = sizeof local;
  int r = getsockname(fd, (struct sockaddr *)&local, &length);
  unsigned first = 0, last = 0;
  FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
  if (f) {
    if (fscanf(f, "%u %u", &first, &last) != 2) first = last = 0;
    fclose(f);
  }
  unsigned p = ntohs(local.sin_port);
  TT_CHECK("socket_smoke.ephemeral_port_in_range", r == 0 && p >= first && p <= last && first > 0,
           "getsockname=%d port %u, range %u..%u", r, p, first, last);

  // Write 64 KiB while reading the echo, so neither side's buffer must
  // hold it all: a child writes, we read.
  static unsigned char out[STREAM_BYTES], in[STREAM_BYTES];
  for (size_t i = 0; i < STREAM_BYTES; i++) out[i] = pattern(i);
  pid_t writer = fork();
  if (writer == 0) {
    if (write_all(fd, out, STREAM_BYTES) < 0) _exit(1);
    shutdown(fd, SHUT_WR);
    _exit(0);
  }
  size_t got = 0;
  ssize_t n = 1;
  while (got < STREAM_BYTES && (n = read(fd, in + got, STREAM_BYTES - got)) > 0) got += (size_t)n;
  int status;
  waitpid(writer, &status, 0);
  TT_CHECK("socket_smoke.echo_64k", got == STREAM_BYTES && memcmp(in, out, STREAM_BYTES) == 0,
           "got %zu bytes (last read %zd: %s)", got, n, strerror(errno));
  char extra;
  TT_CHECK("socket_smoke.echo_eof", read(fd, &extra, 1) == 0, "no end of file after the echo");
  close(fd);
  waitpid(child, &status, 0);
  TT_CHECK("socket_smoke.echo_server_exit", WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
}

/* Non-blocking connect: EINPROGRESS, then POLLOUT, then SO_ERROR 0. */
static void nonblocking_test(void) {
  unsigned short port;
  int listener = tt_tcp_listener4(&port, 4);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in a = tt_loopback4(port);
  int r = connect(fd, (struct sockaddr *)&a, sizeof a);
  TT_CHECK("socket_smoke.nonblocking_einprogress", r == -1 && errno == EINPROGRESS, "connect=%d %s", r,
           strerror(errno));
  struct pollfd p = {fd, POLLOUT, 0};
  int ready = poll(&p, 1, 5000);
  TT_CHECK("socket_smoke.nonblocking_pollout", ready == 1 && (p.revents & POLLOUT), "poll=%d revents %#x", ready,
           p.revents);
  int error = -1;
  socklen_t length = sizeof error;
  r = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
  TT_CHECK("socket_smoke.nonblocking_so_error_0", r == 0 && error == 0 && length == sizeof error,
           "getsockopt=%d error %d length %u", r, error, length);
  int c = accept(listener, NULL, NULL);
  TT_CHECK("socket_smoke.nonblocking_accept", c >= 0, "%s", strerror(errno));
  if (c >= 0) close(c);
  close(fd);
  close(listener);
}

/* Nobody listens: ECONNREFUSED (connect(2)). */
static void refused_test(void) {
  unsigned short port = tt_free_tcp_port();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  tt_expect_errno("socket_smoke.refused", tt_connect_loopback4(fd, port), ECONNREFUSED);
  close(fd);
}

int main(void) {
  echo_test();
  nonblocking_test();
  refused_test();
  return tt_done();
}
