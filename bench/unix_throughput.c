/* unix_throughput [-n MIB]: tcp_loopback_throughput over a UNIX-domain
 * stream socket: a child connects to a socket bound in /tmp and writes MIB
 * MiB (default 64) in 64 KiB writes; the parent reads to EOF. Timed from
 * accept to EOF, in MiB/s: with no protocol underneath, mostly the copies
 * between the processes and the wake-ups. n/a without AF_UNIX. */
#include <sys/wait.h>

#include "bench.h"

static const char kName[] = "unix_throughput";
static char buf[BENCH_CHUNK];

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 64);
  long long bytes = a.count * (long long)BENCH_MIB;
  int listener = bench_socket_or_na(kName, AF_UNIX, SOCK_STREAM);
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  snprintf(addr.sun_path, sizeof addr.sun_path, "/tmp/bench-unix-stream.%d", (int)getpid());
  unlink(addr.sun_path);
  bench_check(bind(listener, (struct sockaddr *)&addr, sizeof addr) == 0, kName, "bind");
  bench_check(listen(listener, 1) == 0, kName, "listen");
  pid_t child = fork();
  bench_check(child >= 0, kName, "fork");
  if (child == 0) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
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
  unlink(addr.sun_path);
  if (got != bytes || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "%s: received %lld of %lld bytes (writer status %d)\n", kName, got, bytes, status);
    return 1;
  }
  bench_report(kName, bytes / BENCH_MIB / elapsed, "MiB/s");
  return 0;
}
