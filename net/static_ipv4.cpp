#include "net/static_ipv4.h"

namespace net {
namespace {

constexpr char kOption[] = "net.ip=";
constexpr size_t kOptionLength = sizeof kOption - 1;
constexpr char kDefaultInterface[] = "eth0";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A decimal number of 1..3 digits up to `max` in [p, end); advances p.
bool parse_number(const char*& p, const char* end, unsigned max, unsigned* out) {
  unsigned value = 0, digits = 0;
  while (p < end && is_digit(*p) && digits < 3) {
    value = value * 10 + unsigned(*p - '0');
    p++, digits++;
  }
  if (digits == 0 || value > max || (p < end && is_digit(*p))) return false;
  *out = value;
  return true;
}

// Exactly "A.B.C.D", the whole of [p, end).
bool parse_dotted_quad(const char* p, const char* end, uint8_t out[4]) {
  for (int i = 0; i < 4; i++) {
    unsigned part;
    if (i > 0 && (p == end || *p++ != '.')) return false;
    if (!parse_number(p, end, 255, &part)) return false;
    out[i] = uint8_t(part);
  }
  return p == end;
}

const char* find(const char* p, const char* end, char c) {
  while (p < end && *p != c) p++;
  return p;
}

bool same(const char* a, size_t a_length, const char* b) {
  size_t i = 0;
  for (; i < a_length; i++)
    if (b[i] != a[i]) return false;
  return b[i] == '\0';
}

}  // namespace

bool parse_static_ipv4(const char* value, size_t length, StaticIpv4* out) {
  const char* p = value;
  const char* end = value + length;
  *out = StaticIpv4{};

  const char* colon = find(p, end, ':');
  if (colon < end) {
    size_t name_length = size_t(colon - p);
    if (name_length == 0 || name_length >= sizeof out->interface) return false;
    for (size_t i = 0; i < name_length; i++) {
      if (!is_alnum(p[i])) return false;
      out->interface[i] = p[i];
    }
    p = colon + 1;
  }

  const char* slash = find(p, end, '/');
  const char* comma = find(p, end, ',');
  if (slash == end || comma < slash) return false;
  if (!parse_dotted_quad(p, slash, out->address)) return false;

  const char* digit = slash + 1;
  unsigned prefix;
  if (!parse_number(digit, comma, 32, &prefix) || digit != comma) return false;
  uint32_t mask = prefix == 0 ? 0 : ~0u << (32 - prefix);
  for (int i = 0; i < 4; i++) out->netmask[i] = uint8_t(mask >> (24 - 8 * i));

  if (comma < end && !parse_dotted_quad(comma + 1, end, out->gateway)) return false;
  return true;
}

StaticIpv4Found find_static_ipv4(const char* command_line, const char* interface, StaticIpv4* out) {
  bool is_default = same(kDefaultInterface, sizeof kDefaultInterface - 1, interface);
  for (const char* p = command_line; *p;) {
    while (*p == ' ') p++;
    const char* word = p;
    while (*p && *p != ' ') p++;
    size_t length = size_t(p - word);
    if (length < kOptionLength || !same(word, kOptionLength, kOption)) continue;
    const char* value = word + kOptionLength;
    const char* end = word + length;
    const char* colon = find(value, end, ':');
    bool ours = colon < end ? same(value, size_t(colon - value), interface) : is_default;
    if (!ours) continue;
    return parse_static_ipv4(value, size_t(end - value), out) ? StaticIpv4Found::Found : StaticIpv4Found::Malformed;
  }
  return StaticIpv4Found::None;
}

}  // namespace net
