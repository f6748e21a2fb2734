/* udp_host_pps -p PORT [-h HOST] [-n COUNT]: small UDP datagrams from the
 * guest to the host peer's counter, as fast as send() goes. The guest sends
 * COUNT (default 20000) 64-byte datagrams, then asks the peer how many
 * arrived ("?"; the peer answers with the count). Prints the datagrams
 * *delivered* per second (lost ones do not count) over the time the sends
 * took (the question's round trip, and its retries when the question is
 * lost in a full queue, are left out). n/a when the kernel has no UDP
 * sockets. */
#include <poll.h>

#include "bench.h"

static const char kName[] = "udp_host_pps";

/* Sends one control datagram and waits up to 1 s for the answer, 5 times. */
static long ask(int fd, char what) {
  char answer[64];
  for (int attempt = 0; attempt < 5; attempt++) {
    bench_check(send(fd, &what, 1, 0) == 1, kName, "send");
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, 1000) == 1) {
      ssize_t n = recv(fd, answer, sizeof answer - 1, 0);
      bench_check(n > 0, kName, "recv");
      answer[n] = '\0';
      return strtol(answer, NULL, 10);
    }
  }
  fprintf(stderr, "%s: no answer from the host peer\n", kName);
  exit(1);
}

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 20000);
  struct sockaddr_in addr = bench_inet(a.host, a.port);
  int fd = bench_socket_or_na(kName, AF_INET, SOCK_DGRAM);
  bench_check(connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0, kName, "connect");
  ask(fd, 'R');  /* reset the peer's count; also proves the path works */
  char datagram[64];
  memset(datagram, 'D', sizeof datagram);
  double start = bench_now();
  for (long i = 0; i < a.count; i++) {
    /* A full queue (ENOBUFS) drops the datagram, as on a real link. */
    if (send(fd, datagram, sizeof datagram, 0) < 0 && errno != ENOBUFS) bench_check(0, kName, "send");
  }
  double elapsed = bench_now() - start;
  long delivered = ask(fd, '?');
  bench_report(kName, delivered / elapsed, "datagrams/s");
  return 0;
}
