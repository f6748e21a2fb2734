/* ping [-c COUNT] [-i SECONDS] [-W SECONDS] [-s SIZE] ADDRESS
 *
 * ICMP echo, as iputils' ping prints it, over Linux's unprivileged "ping
 * socket": socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) (icmp(7)). The
 * program writes the ICMP header and payload; the kernel fills in the
 * identifier and checksum, and hands back only the replies to this socket.
 *
 *   -c COUNT    stop after COUNT requests (default: until Ctrl-C)
 *   -i SECONDS  between requests (default 1; fractions allowed, e.g. 0.2)
 *   -W SECONDS  how long to wait for the last reply (default 1)
 *   -s SIZE     payload bytes (default 56: 64 with the header)
 * ADDRESS is numeric IPv4 (there is no resolver). The payload starts with
 * the send time, so the reply says the round trip.
 * Exit status: 0 if a reply came, 1 if none did, 2 on an error. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HEADER 8
#define MAX_PAYLOAD 65507

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig) {
  (void)sig;
  interrupted = 1;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* "1", "0.2", "2.5": seconds with up to three decimals, as milliseconds
 * (libc has no strtod). */
static double parse_seconds(const char *text, const char *option) {
  long whole = 0, thousandths = 0, scale = 100;
  const char *c = text;
  int digits = 0;
  for (; *c >= '0' && *c <= '9'; c++, digits++) whole = whole * 10 + (*c - '0');
  if (*c == '.')
    for (c++; *c >= '0' && *c <= '9'; c++, digits++, scale /= 10) thousandths += (*c - '0') * scale;
  if (*c || digits == 0 || whole > 100000) {
    fprintf(stderr, "ping: bad value for %s: %s\n", option, text);
    exit(2);
  }
  return (double)whole + (double)thousandths / 1000.0;
}

int main(int argc, char **argv) {
  long count = -1, size = 56;
  double interval = 1.0, wait_last = 1.0;
  int opt;
  while ((opt = getopt(argc, argv, "c:i:W:s:")) != -1) {
    switch (opt) {
      case 'c': count = strtol(optarg, NULL, 10); break;
      case 'i': interval = parse_seconds(optarg, "-i"); break;
      case 'W': wait_last = parse_seconds(optarg, "-W"); break;
      case 's': size = strtol(optarg, NULL, 10); break;
      default:
        fprintf(stderr, "usage: ping [-c COUNT] [-i SECONDS] [-W SECONDS] [-s SIZE] ADDRESS\n");
        return 2;
    }
  }
  if (optind != argc - 1 || count == 0 || size < 0 || size > MAX_PAYLOAD) {
    fprintf(stderr, "usage: ping [-c COUNT] [-i SECONDS] [-W SECONDS] [-s SIZE] ADDRESS\n");
    return 2;
  }
  const char *host = argv[optind];
  struct sockaddr_in target = {.sin_family = AF_INET};
  if (inet_pton(AF_INET, host, &target.sin_addr) != 1) {
    fprintf(stderr, "ping: %s: not a numeric IPv4 address\n", host);
    return 2;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
  if (fd < 0) {
    perror("ping: socket");
    return 2;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_interrupt;
  sigaction(SIGINT, &sa, NULL);

  size_t length = HEADER + (size_t)size;
  unsigned char *request = calloc(1, length), *reply = malloc(length + 64);
  if (!request || !reply) {
    fprintf(stderr, "ping: out of memory\n");
    return 2;
  }
  for (size_t i = HEADER; i < length; i++) request[i] = (unsigned char)i; /* iputils' pattern */
  printf("PING %s (%s) %ld(%zu) bytes of data.\n", host, host, size, length + 20);
  fflush(stdout);

  long sent = 0, received = 0;
  double min = 0, max = 0, sum = 0, start = now_ms();
  while (!interrupted && (count < 0 || sent < count)) {
    request[0] = 8; /* ICMP_ECHO; code, checksum and identifier: 0 (the kernel's) */
    uint16_t sequence = htons((uint16_t)(sent + 1));
    memcpy(request + 6, &sequence, 2);
    double sent_at = now_ms();
    if (length >= HEADER + sizeof sent_at) memcpy(request + HEADER, &sent_at, sizeof sent_at);
    if (sendto(fd, request, length, 0, (struct sockaddr *)&target, sizeof target) < 0) {
      perror("ping: sendto");
      if (errno != ENETUNREACH && errno != ENOBUFS) return 2;
    }
    sent++;
    /* Replies until the next request is due (or, after the last, -W). */
    bool last = count >= 0 && sent == count;
    double until = sent_at + 1000.0 * (last ? wait_last : interval);
    while (!interrupted) {
      double left = until - now_ms();
      if (left <= 0) break;
      struct pollfd p = {.fd = fd, .events = POLLIN};
      if (poll(&p, 1, (int)left + 1) <= 0) continue;
      struct sockaddr_in from;
      socklen_t from_length = sizeof from;
      ssize_t n = recvfrom(fd, reply, length + 64, 0, (struct sockaddr *)&from, &from_length);
      if (n < HEADER || reply[0] != 0 /* ICMP_ECHOREPLY */) continue;
      uint16_t got;
      memcpy(&got, reply + 6, 2);
      double rtt = -1;
      if ((size_t)n >= HEADER + sizeof sent_at) {
        double then;
        memcpy(&then, reply + HEADER, sizeof then);
        rtt = now_ms() - then;
      }
      char source[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, &from.sin_addr, source, sizeof source);
      printf("%zd bytes from %s: icmp_seq=%u", n, source, ntohs(got));
      if (rtt >= 0) {
        printf(" time=%.3f ms", rtt);
        if (received == 0 || rtt < min) min = rtt;
        if (rtt > max) max = rtt;
        sum += rtt;
      }
      printf("\n");
      fflush(stdout);
      received++;
      if (last) break;
    }
  }
  long loss = sent ? (sent - received) * 100 / sent : 0;
  printf("\n--- %s ping statistics ---\n", host);
  printf("%ld packets transmitted, %ld received, %ld%% packet loss, time %.0fms\n", sent, received, loss,
         now_ms() - start);
  if (received) printf("rtt min/avg/max = %.3f/%.3f/%.3f ms\n", min, sum / (double)received, max);
  return received ? 0 : 1;
}
