/* stream_guest: the guest's end of the guest <-> host stream tests
 * (guest_host_stream_test.sh), an ordinary program over the socket API.
 * Installed in the guest at /tests/stream_guest.
 *
 * usage: stream_guest send HOST PORT BYTES
 *            connect to HOST:PORT, send BYTES bytes of the test pattern
 *            (pattern.h), shut the sending side down, wait for the peer's
 *            close; prints "ok sent N"
 *        stream_guest recv PORT BYTES
 *            listen on PORT (every address), print "started", accept one
 *            connection, read to end of file checking every byte; prints
 *            "ok received N", or "mismatch at K", "short N", "error ..."
 *
 * Exit status 0 only for "ok". Every wait is bounded (SO_RCVTIMEO and
 * SO_SNDTIMEO, 30 s), so a lost connection ends the program, not the test.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "pattern.h"

static int fail(const char *what) {
  printf("error %s: %s\n", what, strerror(errno));
  return 1;
}

static void bound_waits(int fd) {
  struct timeval tv = {30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

static int send_stream(const char *host, int port, unsigned long total) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
    printf("error: %s is not an IPv4 address\n", host);
    return 1;
  }
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return fail("socket");
  bound_waits(fd);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) return fail("connect");
  static unsigned char chunk[16384];
  unsigned long sent = 0;
  while (sent < total) {
    size_t n = total - sent < sizeof chunk ? (size_t)(total - sent) : sizeof chunk;
    for (size_t i = 0; i < n; i++) chunk[i] = pattern_byte(sent + i);
    ssize_t w = write(fd, chunk, n);
    if (w <= 0) return fail("write");
    sent += (unsigned long)w;
  }
  if (shutdown(fd, SHUT_WR) < 0) return fail("shutdown");
  /* The peer closes once it has checked everything: wait for that. */
  char c;
  ssize_t r = read(fd, &c, 1);
  if (r < 0) return fail("read");
  close(fd);
  printf("ok sent %lu\n", sent);
  return 0;
}

static int receive_stream(int port, unsigned long total) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) return fail("socket");
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  if (bind(listener, (struct sockaddr *)&a, sizeof a) < 0) return fail("bind");
  if (listen(listener, 1) < 0) return fail("listen");
  printf("started\n");
  fflush(stdout);
  int fd = accept(listener, NULL, NULL);
  if (fd < 0) return fail("accept");
  close(listener);
  bound_waits(fd);
  static unsigned char chunk[16384];
  unsigned long got = 0;
  for (;;) {
    ssize_t r = read(fd, chunk, sizeof chunk);
    if (r < 0) return fail("read");
    if (r == 0) break;
    for (ssize_t i = 0; i < r; i++) {
      if (chunk[i] != pattern_byte(got + (unsigned long)i)) {
        printf("mismatch at %lu\n", got + (unsigned long)i);
        return 1;
      }
    }
    got += (unsigned long)r;
  }
  close(fd);
  if (got != total) {
    printf("short %lu of %lu\n", got, total);
    return 1;
  }
  printf("ok received %lu\n", got);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "send") == 0) return send_stream(argv[2], atoi(argv[3]), strtoul(argv[4], NULL, 10));
  if (argc == 4 && strcmp(argv[1], "recv") == 0) return receive_stream(atoi(argv[2]), strtoul(argv[3], NULL, 10));
  fprintf(stderr, "usage: stream_guest send HOST PORT BYTES | stream_guest recv PORT BYTES\n");
  return 2;
}
