/* unix_connect [-n COUNT]: tcp_loopback_connect over a UNIX-domain stream
 * socket bound in /tmp: socket, connect, accept, close both. No protocol
 * engine underneath, so this is the socket layer's own cost (plus the path
 * lookup of the socket file). Prints µs per connection, or n/a when the
 * kernel has no AF_UNIX sockets. */
#include "bench.h"

static const char kName[] = "unix_connect";

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 1000);
  struct sockaddr_un addr;
  int listener = bench_unix_listener(kName, "unix-connect", 16, &addr);
  double us = bench_connect_loop(kName, listener, (struct sockaddr *)&addr, sizeof addr, a.count);
  unlink(addr.sun_path);
  bench_report(kName, us, "us");
  return 0;
}
