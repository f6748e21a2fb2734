// The ephemeral port range, as sysctls (kernel only).
//
//   net.inet.ip.portrange.first, net.inet.ip.portrange.last
//       FreeBSD's names (the FreeBSD connect(2) page points at them under
//       EAGAIN); one integer each, 1..65535. Files
//       /proc/sys/net/inet/ip/portrange/{first,last}.
//   net.ipv4.ip_local_port_range  (Linux: /proc/sys/net/ipv4/ip_local_port_range)
//       Linux's file (the Linux connect(2) page points at it under
//       EADDRNOTAVAIL): both numbers in one value, read "FIRST\tLAST\n",
//       written "FIRST LAST" (any blanks between, one newline after). A
//       write where FIRST > LAST, or a number outside 1..65535, is EINVAL and
//       changes nothing, as on Linux.
//
// All three are views of the same two numbers. Defaults are Linux's,
// 32768..60999: a Linux program finds the range it expects, and it leaves the
// IANA dynamic range's top (61000..65535) and everything below 32768 to
// explicit binds. (FreeBSD's own defaults, 10000..65535, would be as good.)
//
// The FreeBSD names are set one at a time, so for a moment (or for good)
// first may exceed last; FreeBSD then uses the range between them, and so
// does ephemeral_range(). Only the Linux file refuses a crossed pair.
#include "arch/x86_64/cpu.h"
#include "kernel/lib/format.h"
#include "kernel/sysctl/sysctl.h"
#include "net/socket/port_allocator.h"

namespace net {
namespace {

constexpr int64_t kDefaultFirst = 32768;
constexpr int64_t kDefaultLast = 60999;

sysctl::IntSetting portrange_first("net.inet.ip.portrange.first", nullptr,
                                   "first port of the ephemeral range (also ip_local_port_range)",
                                   kDefaultFirst, 1, 65535);
sysctl::IntSetting portrange_last("net.inet.ip.portrange.last", nullptr,
                                  "last port of the ephemeral range (also ip_local_port_range)", kDefaultLast,
                                  1, 65535);

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// The next blank-separated word of text[*at, length), advancing *at past it.
bool next_word(const char* text, size_t length, size_t* at, const char** word, size_t* word_length) {
  size_t i = *at;
  while (i < length && is_blank(text[i])) i++;
  if (i == length) return false;
  size_t start = i;
  while (i < length && !is_blank(text[i])) i++;
  *word = text + start;
  *word_length = i - start;
  *at = i;
  return true;
}

size_t read_local_port_range(const sysctl::Setting&, char* buffer, size_t size) {
  int64_t first, last;
  {
    cpu::InterruptGuard guard;
    first = portrange_first.get();
    last = portrange_last.get();
  }
  return format(buffer, size, "%ld\t%ld\n", first, last);
}

KStatus write_local_port_range(const sysctl::Setting&, const char* text, size_t length) {
  size_t at = 0;
  const char* word;
  size_t word_length;
  int64_t values[2];
  for (int64_t& value : values) {
    if (!next_word(text, length, &at, &word, &word_length)) return KError{EINVAL};
    value = TRY(sysctl::parse_int(word, word_length));
    if (value < 1 || value > 65535) return KError{EINVAL};
  }
  if (next_word(text, length, &at, &word, &word_length)) return KError{EINVAL};  // a third number
  if (values[0] > values[1]) return KError{EINVAL};
  cpu::InterruptGuard guard;  // both numbers change together
  portrange_first.set(values[0]);
  portrange_last.set(values[1]);
  return ok();
}

class LocalPortRange {
 public:
  LocalPortRange() { sysctl::add(&setting_); }

 private:
  sysctl::Setting setting_{"net.ipv4.ip_local_port_range",
                           "net/ipv4/ip_local_port_range",
                           "the ephemeral port range, Linux's view: \"FIRST LAST\" (same numbers as "
                           "net.inet.ip.portrange.first/last)",
                           true,
                           &read_local_port_range,
                           &write_local_port_range,
                           nullptr};
};
LocalPortRange local_port_range;

}  // namespace

void ephemeral_range(uint16_t* first, uint16_t* last) {
  int64_t a, b;
  {
    cpu::InterruptGuard guard;
    a = portrange_first.get();
    b = portrange_last.get();
  }
  if (a > b) {
    int64_t t = a;
    a = b;
    b = t;
  }
  *first = uint16_t(a);
  *last = uint16_t(b);
}

}  // namespace net
