/* null_syscall [-n COUNT]: the cost of entering and leaving the kernel.
 * getppid() does almost nothing in the kernel (it reads one field), and
 * neither libc caches it, so the loop times the syscall path itself:
 * SYSCALL, the entry code, the dispatch, SYSRET. Prints ns per call. */
#include "bench.h"

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 200000);
  volatile pid_t sink = 0;
  double start = bench_now();
  for (long i = 0; i < a.count; i++) sink += getppid();
  double elapsed = bench_now() - start;
  (void)sink;
  bench_report("null_syscall", elapsed / a.count * 1e9, "ns");
  return 0;
}
