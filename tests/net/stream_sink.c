/* stream_sink EXPECTED_BYTES [TIMEOUT_SECONDS]
 *
 * Listens on 127.0.0.1, on a port the kernel picks, and prints "port N"
 * first (a line, flushed) so the caller knows where. Accepts one
 * connection, reads until EOF and checks every byte against the pattern
 * (pattern.h). Prints "ok N" and exits 0 when exactly EXPECTED_BYTES
 * correct bytes came; otherwise "mismatch at K", "short N", "too long",
 * "reset after N" or "timeout ..." and exits 1. TIMEOUT_SECONDS (default
 * 60) bounds the whole run, so it never hangs. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pattern.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Waits until fd is readable or the deadline passes (0). */
static int wait_readable(int fd, double deadline) {
  for (;;) {
    double left = deadline - now();
    if (left <= 0) return 0;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, (int)(left * 1000) + 1);
    if (r > 0) return 1;
    if (r < 0 && errno != EINTR) return 0;
  }
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: stream_sink EXPECTED_BYTES [TIMEOUT_SECONDS]\n");
    return 2;
  }
  unsigned long long expected = strtoull(argv[1], NULL, 10);
  double deadline = now() + (argc == 3 ? atof(argv[2]) : 60);

  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t addr_len = sizeof addr;
  if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 1) < 0 ||
      getsockname(listener, (struct sockaddr *)&addr, &addr_len) < 0) {
    printf("error listen: %s\n", strerror(errno));
    return 1;
  }
  printf("port %d\n", ntohs(addr.sin_port));
  fflush(stdout);

  if (!wait_readable(listener, deadline)) {
    printf("timeout: no connection\n");
    return 1;
  }
  int fd = accept(listener, NULL, NULL);
  if (fd < 0) {
    printf("error accept: %s\n", strerror(errno));
    return 1;
  }
  close(listener);

  unsigned long long received = 0;
  static unsigned char buffer[65536];
  for (;;) {
    if (!wait_readable(fd, deadline)) {
      printf("timeout after %llu of %llu bytes\n", received, expected);
      return 1;
    }
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      printf("reset after %llu bytes (%s)\n", received, strerror(errno));
      return 1;
    }
    if (n == 0) break;
    for (ssize_t k = 0; k < n; k++, received++) {
      if (received >= expected) {
        printf("too long: more than %llu bytes\n", expected);
        return 1;
      }
      if (buffer[k] != pattern_byte(received)) {
        printf("mismatch at %llu: got %u, want %u\n", received, buffer[k], pattern_byte(received));
        return 1;
      }
    }
  }
  close(fd);
  if (received != expected) {
    printf("short %llu of %llu bytes\n", received, expected);
    return 1;
  }
  printf("ok %llu\n", received);
  return 0;
}
