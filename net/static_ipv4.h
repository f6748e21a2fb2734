// The kernel command line's static IPv4 addresses: one word per interface,
//
//   net.ip=10.0.2.15/24,10.0.2.2          eth0: address/prefix, gateway
//   net.ip=eth1:192.168.77.2/24           eth1, no gateway (no default route)
//
// A word without an interface name is eth0's. Pure text handling, no lwIP,
// so the host unit tests can run it (tests/unit/static_ipv4_test.cpp);
// net/address_config.cpp applies what it finds.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace net {

struct StaticIpv4 {
  char interface[16];  // "eth1"; "" when the word names none (eth0)
  uint8_t address[4];
  uint8_t netmask[4];
  uint8_t gateway[4];  // 0.0.0.0 when none was given
};

// One net.ip= value (the text after "net.ip=", `length` bytes, not
// NUL-terminated): "[IFNAME:]A.B.C.D/PREFIX[,A.B.C.D]". Addresses are four
// decimal numbers 0..255, PREFIX 0..32, IFNAME 1..15 letters and digits.
bool parse_static_ipv4(const char* value, size_t length, StaticIpv4* out);

enum class StaticIpv4Found { None, Found, Malformed };

// Looks through the blank-separated words of `command_line` for the net.ip=
// word of `interface` ("eth0" also takes a word that names no interface);
// the first one wins. Malformed: there was one for this interface, but it
// did not parse (a word's interface is what comes before a colon, if any).
StaticIpv4Found find_static_ipv4(const char* command_line, const char* interface, StaticIpv4* out);

}  // namespace net
