/* unix_throughput [-n MIB]: tcp_loopback_throughput over a UNIX-domain
 * stream socket: a child connects to a socket bound in /tmp and writes MIB
 * MiB (default 64) in 64 KiB writes; the parent reads to EOF. Timed from
 * accept to EOF, in MiB/s: with no protocol underneath, mostly the copies
 * between the processes and the wake-ups. n/a without AF_UNIX. */
#include "bench.h"

static const char kName[] = "unix_throughput";

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 64);
  struct sockaddr_un addr;
  int listener = bench_unix_listener(kName, "unix-stream", 1, &addr);
  double rate = bench_stream_throughput(kName, listener, (struct sockaddr *)&addr, sizeof addr,
                                        a.count * (long long)BENCH_MIB);
  unlink(addr.sun_path);
  bench_report(kName, rate, "MiB/s");
  return 0;
}
