/* tcp_host_rx_throughput -p PORT [-h HOST] [-n MIB]: host to guest.
 * Connects to the host peer's source, asks for MIB MiB (default 32; the
 * request is the number as a decimal line) and reads to EOF. Timed from the
 * request to EOF, in MiB/s: the receive path, from the virtio-net RX ring
 * up to read(). */
#include "bench.h"

static const char kName[] = "tcp_host_rx_throughput";
static char buf[BENCH_CHUNK];

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 32);
  long long bytes = a.count * (long long)BENCH_MIB;
  struct sockaddr_in addr = bench_inet(a.host, a.port);
  int fd = bench_socket_or_na(kName, AF_INET, SOCK_STREAM);
  bench_check(connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0, kName, "connect");
  char request[32];
  int n = snprintf(request, sizeof request, "%lld\n", bytes);
  double start = bench_now();
  bench_write_all(fd, request, (size_t)n, kName);
  long long got = bench_read_to_eof(fd, buf, sizeof buf, kName);
  double elapsed = bench_now() - start;
  close(fd);
  if (got != bytes) {
    fprintf(stderr, "%s: received %lld of %lld bytes\n", kName, got, bytes);
    return 1;
  }
  bench_report(kName, bytes / BENCH_MIB / elapsed, "MiB/s");
  return 0;
}
