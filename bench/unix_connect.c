/* unix_connect [-n COUNT]: tcp_loopback_connect over a UNIX-domain stream
 * socket bound in /tmp: socket, connect, accept, close both. No protocol
 * engine underneath, so this is the socket layer's own cost (plus the path
 * lookup of the socket file). Prints µs per connection, or n/a when the
 * kernel has no AF_UNIX sockets. */
#include "bench.h"

static const char kName[] = "unix_connect";

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 1000);
  int listener = bench_socket_or_na(kName, AF_UNIX, SOCK_STREAM);
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  snprintf(addr.sun_path, sizeof addr.sun_path, "/tmp/bench-unix-connect.%d", (int)getpid());
  unlink(addr.sun_path);
  bench_check(bind(listener, (struct sockaddr *)&addr, sizeof addr) == 0, kName, "bind");
  bench_check(listen(listener, 16) == 0, kName, "listen");
  double start = bench_now();
  for (long i = 0; i < a.count; i++) {
    int client = socket(AF_UNIX, SOCK_STREAM, 0);
    bench_check(client >= 0, kName, "socket");
    bench_check(connect(client, (struct sockaddr *)&addr, sizeof addr) == 0, kName, "connect");
    int server = accept(listener, NULL, NULL);
    bench_check(server >= 0, kName, "accept");
    close(server);
    close(client);
  }
  double elapsed = bench_now() - start;
  unlink(addr.sun_path);
  bench_report(kName, elapsed / a.count * 1e6, "us");
  return 0;
}
