/* stream_source PORT BYTES [RETRY_SECONDS]
 * stream_source --free-port
 *
 * Connects to 127.0.0.1:PORT, retrying for RETRY_SECONDS (default 5) while
 * the connection is refused, sends BYTES bytes of the pattern (pattern.h),
 * shuts down its sending side and reads until the peer closes too. Prints
 * "ok sent N" and exits 0 when the peer took everything and closed without
 * a reset; otherwise "error ..." and exits 1. Every wait is bounded (30 s
 * without progress), so it never hangs.
 *
 * --free-port prints a TCP port on 127.0.0.1 that was free a moment ago
 * (bind to port 0, read it back, close), for a --hostfwd. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pattern.h"

enum { kIdleMs = 30000 };

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int wait_for(int fd, short events) {
  struct pollfd p = {.fd = fd, .events = events};
  int r;
  do r = poll(&p, 1, kIdleMs);
  while (r < 0 && errno == EINTR);
  return r > 0;
}

static int free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
    perror("stream_source: free port");
    return 1;
  }
  printf("%d\n", ntohs(addr.sin_port));
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--free-port") == 0) return free_port();
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: stream_source PORT BYTES [RETRY_SECONDS] | stream_source --free-port\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  int port = atoi(argv[1]);
  unsigned long long total = strtoull(argv[2], NULL, 10);
  double give_up = now() + (argc == 4 ? atof(argv[3]) : 5);

  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  int fd;
  for (;;) {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
      printf("error socket: %s\n", strerror(errno));
      return 1;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) break;
    int err = errno;
    close(fd);
    if (err != ECONNREFUSED || now() > give_up) {
      printf("error connect: %s\n", strerror(err));
      return 1;
    }
    usleep(100 * 1000);
  }

  static unsigned char buffer[65536 + 256];
  for (size_t i = 0; i < sizeof buffer; i++) buffer[i] = pattern_byte(i);
  unsigned long long sent = 0;
  while (sent < total) {
    size_t n = total - sent < 65536 ? (size_t)(total - sent) : 65536;
    if (!wait_for(fd, POLLOUT)) {
      printf("error timeout after %llu of %llu bytes\n", sent, total);
      return 1;
    }
    ssize_t w = send(fd, buffer + sent % 256, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (w < 0) {
      printf("error send after %llu bytes: %s\n", sent, strerror(errno));
      return 1;
    }
    sent += (unsigned long long)w;
  }
  shutdown(fd, SHUT_WR);

  /* The peer reads to our EOF and closes: EOF here, not a reset. */
  unsigned long long extra = 0;
  for (;;) {
    if (!wait_for(fd, POLLIN)) {
      printf("error timeout waiting for the peer to close\n");
      return 1;
    }
    char c[512];
    ssize_t r = read(fd, c, sizeof c);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      printf("error after sending %llu bytes: %s\n", sent, strerror(errno));
      return 1;
    }
    if (r == 0) break;
    extra += (unsigned long long)r;
  }
  close(fd);
  if (extra) {
    printf("error the peer sent %llu unexpected bytes\n", extra);
    return 1;
  }
  printf("ok sent %llu\n", sent);
  return 0;
}
