/* tcp_loopback_connect [-n COUNT]: one TCP connection set up and torn down
 * on 127.0.0.1, both ends in this process: socket, connect (the whole
 * three-way handshake through the loopback interface), accept, close both.
 * Prints µs per connection. The server side closes first, so the TIME_WAIT
 * state stays with the listener's port and the client's ephemeral ports
 * are not used up. */
#include "bench.h"

static const char kName[] = "tcp_loopback_connect";

int main(int argc, char **argv) {
  struct bench_args a = bench_parse(argc, argv, 1000);
  struct sockaddr_in addr;
  int listener = bench_tcp_listener(kName, &addr);
  bench_report(kName, bench_connect_loop(kName, listener, (struct sockaddr *)&addr, sizeof addr, a.count), "us");
  return 0;
}
