/* tcp_host_connect -p PORT [-h HOST] [-n COUNT]: a TCP connection to a
 * peer on the host (scripts/bench starts bench/host_peer), set up and torn
 * down: socket, connect, close. Through the virtio-net card and QEMU's user
 * network, whose TCP stack answers the handshake once the host's own
 * connect() to the peer succeeded. Prints µs per connection. */
#include "bench.h"

static const char kName[] = "tcp_host_connect";

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 200);
  struct sockaddr_in addr = bench_inet(a.host, a.port);
  double start = bench_now();
  for (long i = 0; i < a.count; i++) {
    int fd = bench_socket_or_na(kName, AF_INET, SOCK_STREAM);
    bench_check(connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0, kName, "connect");
    close(fd);
  }
  double elapsed = bench_now() - start;
  bench_report(kName, elapsed / a.count * 1e6, "us");
  return 0;
}
