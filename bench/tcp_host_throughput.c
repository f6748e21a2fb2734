/* tcp_host_throughput -p PORT [-h HOST] [-n MIB]: guest to host. Connects
 * to the host peer's sink, writes MIB MiB (default 32) in 64 KiB writes,
 * shuts down its sending side and waits for the sink to close in turn (it
 * closes only after reading EOF), so every byte reached the host before the
 * clock stops. MiB/s, through virtio-net and QEMU's user network. */
#include "bench.h"

static const char kName[] = "tcp_host_throughput";
static char buf[BENCH_CHUNK];

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 32);
  long long bytes = a.count * (long long)BENCH_MIB;
  struct sockaddr_in addr = bench_inet(a.host, a.port);
  int fd = bench_socket_or_na(kName, AF_INET, SOCK_STREAM);
  bench_check(connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0, kName, "connect");
  memset(buf, 'x', sizeof buf);
  double start = bench_now();
  for (long long left = bytes; left > 0; left -= sizeof buf) bench_write_all(fd, buf, sizeof buf, kName);
  bench_check(shutdown(fd, SHUT_WR) == 0, kName, "shutdown");
  bench_read_to_eof(fd, buf, sizeof buf, kName);
  double elapsed = bench_now() - start;
  close(fd);
  bench_report(kName, bytes / BENCH_MIB / elapsed, "MiB/s");
  return 0;
}
