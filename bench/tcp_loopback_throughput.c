/* tcp_loopback_throughput [-n MIB]: a bulk TCP transfer over 127.0.0.1
 * between two processes. A child connects and writes MIB MiB (default 64)
 * in 64 KiB writes, then closes; the parent accepts and reads to EOF.
 * Timed from accept to EOF, in MiB/s: the data path alone (copies between
 * user and kernel, segmentation, the loopback interface, windows and ACKs). */
#include "bench.h"

static const char kName[] = "tcp_loopback_throughput";

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 64);
  struct sockaddr_in addr;
  int listener = bench_tcp_listener(kName, &addr);
  double rate = bench_stream_throughput(kName, listener, (struct sockaddr *)&addr, sizeof addr,
                                        a.count * (long long)BENCH_MIB);
  bench_report(kName, rate, "MiB/s");
  return 0;
}
