/* tcp_loopback_throughput [-n MIB]: a bulk TCP transfer over 127.0.0.1
 * between two processes. A child connects and writes MIB MiB (default 64)
 * in 64 KiB writes, then closes; the parent accepts and reads to EOF.
 * Timed from accept to EOF, in MiB/s: the data path alone (copies between
 * user and kernel, segmentation, the loopback interface, windows and ACKs). */
#include <sys/wait.h>

#include "bench.h"

static const char kName[] = "tcp_loopback_throughput";
static char buf[BENCH_CHUNK];

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 64);
  long long bytes = a.count * (long long)BENCH_MIB;
  struct sockaddr_in addr;
  int listener = bench_tcp_listener(kName, &addr);
  pid_t child = fork();
  bench_check(child >= 0, kName, "fork");
  if (child == 0) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    bench_check(fd >= 0, kName, "socket");
    bench_check(connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0, kName, "connect");
    memset(buf, 'x', sizeof buf);
    for (long long left = bytes; left > 0; left -= sizeof buf) bench_write_all(fd, buf, sizeof buf, kName);
    close(fd);
    _exit(0);
  }
  int fd = accept(listener, NULL, NULL);
  bench_check(fd >= 0, kName, "accept");
  double start = bench_now();
  long long got = bench_read_to_eof(fd, buf, sizeof buf, kName);
  double elapsed = bench_now() - start;
  int status;
  waitpid(child, &status, 0);
  if (got != bytes || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "%s: received %lld of %lld bytes (writer status %d)\n", kName, got, bytes, status);
    return 1;
  }
  bench_report(kName, bytes / BENCH_MIB / elapsed, "MiB/s");
  return 0;
}
