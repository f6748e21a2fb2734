// Text to integers: the strto* family and the ato* shorthands.
//
// All of them share one parser for "optional space, optional sign, digits in
// a base" that reports the magnitude, the sign and whether the magnitude
// overflowed 64 bits. Each function then applies its own range.
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

namespace {

struct ParsedNumber {
  unsigned long long magnitude;
  bool negative;
  bool overflow;  // the digits do not fit in 64 bits
};

int digit_value(char c) {
  if (isdigit(static_cast<unsigned char>(c))) return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;  // larger than any base
}

ParsedNumber parse_number(const char *s, char **end, int base) {
  ParsedNumber result = {0, false, false};
  const char *p = s;
  if (base < 0 || base == 1 || base > 36) {
    errno = EINVAL;
    if (end) *end = const_cast<char *>(s);
    return result;
  }
  while (isspace(static_cast<unsigned char>(*p))) ++p;
  if (*p == '+' || *p == '-') result.negative = *p++ == '-';

  // "0x" counts as a prefix only when a hex digit follows: in "0xz" the
  // number is the "0" and parsing stops at the 'x'.
  bool hex_prefix = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16;
  if ((base == 0 || base == 16) && hex_prefix) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }

  const char *digits_start = p;
  for (int d; (d = digit_value(*p)) < base; ++p) {
    unsigned long long b = static_cast<unsigned long long>(base);
    if (result.magnitude > (ULLONG_MAX - d) / b) result.overflow = true;
    else result.magnitude = result.magnitude * b + d;
  }
  if (end) *end = const_cast<char *>(p == digits_start ? s : p);
  return result;
}

// Signed results: [min, max] with max = -(min + 1).
long long to_signed(const char *s, char **end, int base, long long min, long long max) {
  ParsedNumber n = parse_number(s, end, base);
  unsigned long long limit = n.negative ? static_cast<unsigned long long>(max) + 1
                                        : static_cast<unsigned long long>(max);
  if (n.overflow || n.magnitude > limit) {
    errno = ERANGE;
    return n.negative ? min : max;
  }
  // Negate in unsigned arithmetic so that -9223372036854775808 works.
  return n.negative ? static_cast<long long>(0 - n.magnitude) : static_cast<long long>(n.magnitude);
}

// Unsigned results: a minus sign negates in unsigned arithmetic, as the
// standard says (strtoul("-1") is ULONG_MAX).
unsigned long long to_unsigned(const char *s, char **end, int base, unsigned long long max) {
  ParsedNumber n = parse_number(s, end, base);
  if (n.overflow || n.magnitude > max) {
    errno = ERANGE;
    return max;
  }
  return n.negative ? (0 - n.magnitude) & max : n.magnitude;
}

}  // namespace

extern "C" {

long strtol(const char *s, char **end, int base) {
  return static_cast<long>(to_signed(s, end, base, LONG_MIN, LONG_MAX));
}

long long strtoll(const char *s, char **end, int base) {
  return to_signed(s, end, base, LLONG_MIN, LLONG_MAX);
}

intmax_t strtoimax(const char *s, char **end, int base) {
  return to_signed(s, end, base, INTMAX_MIN, INTMAX_MAX);
}

unsigned long strtoul(const char *s, char **end, int base) {
  return static_cast<unsigned long>(to_unsigned(s, end, base, ULONG_MAX));
}

unsigned long long strtoull(const char *s, char **end, int base) {
  return to_unsigned(s, end, base, ULLONG_MAX);
}

uintmax_t strtoumax(const char *s, char **end, int base) {
  return to_unsigned(s, end, base, UINTMAX_MAX);
}

int atoi(const char *s) { return static_cast<int>(strtol(s, nullptr, 10)); }
long atol(const char *s) { return strtol(s, nullptr, 10); }
long long atoll(const char *s) { return strtoll(s, nullptr, 10); }

}  // extern "C"
