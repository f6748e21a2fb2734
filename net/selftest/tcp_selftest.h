// The TCP self-test: a byte stream between the kernel and a host peer,
// driven through the sysctl debug.net.selftest until the socket layer
// exists (tests/net/ uses it).
//
//   echo 'send 10.0.2.2 PORT BYTES' > /proc/sys/debug/net/selftest
//       connect to 10.0.2.2:PORT, send BYTES bytes of the pattern, close
//   echo 'recv PORT BYTES' > /proc/sys/debug/net/selftest
//       listen on PORT, accept one connection, read until EOF and check
//       that exactly BYTES bytes of the pattern came
//   cat /proc/sys/debug/net/selftest
//       idle | running send|recv ... | ok sent N | ok received N |
//       error <reason>
//
// The write returns at once; the work happens in lwIP's callbacks in the
// net thread. One test at a time: a write while one runs is EBUSY.
// Everything is in tcp_selftest.cpp; this header only names the pattern,
// which the host peers (tests/net/pattern.h) compute the same way.
#pragma once
#include <stdint.h>

namespace net::selftest {

// Byte i of the test stream.
constexpr uint8_t pattern_byte(uint64_t i) { return static_cast<uint8_t>((i * 7 + 13) & 0xff); }

}  // namespace net::selftest
