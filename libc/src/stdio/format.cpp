// The printf engine: parses each conversion specification
//     % [flags] [width] [.precision] [length] conversion
// and renders integers, characters, strings, pointers and floating point.
//
// Every conversion ends in the same layout step, emit_field():
//     [spaces] [sign or 0x prefix] [zeros] body [spaces]
// so padding rules live in one place.
#include <stdint.h>
#include <string.h>

#include "../internal/format.h"

namespace tether {
namespace {

struct Spec {
  bool left_align = false;  // '-'
  bool zero_pad = false;    // '0'
  bool plus_sign = false;   // '+'
  bool space_sign = false;  // ' '
  bool alternate = false;   // '#'
  int width = 0;
  int precision = -1;  // -1: not given
  enum Length { kInt, kChar, kShort, kLong, kLongLong, kSize, kMax, kPtrdiff, kLongDouble };
  Length length = kInt;
  char conversion = 0;
};

// Counts what passes through, so format() can return the total.
struct Output {
  FormatSink &sink;
  int count = 0;

  void put(const char *text, size_t n) {
    if (n == 0) return;
    sink.put(text, n);
    count += static_cast<int>(n);
  }
  void repeat(char c, int n) {
    char chunk[32];
    memset(chunk, c, sizeof chunk);
    while (n > 0) {
      int piece = n < 32 ? n : 32;
      put(chunk, static_cast<size_t>(piece));
      n -= piece;
    }
  }
};

// The common layout. `prefix` is a sign or "0x"; `zeros` are leading zeros
// the conversion itself asked for (integer precision).
void emit_field(Output &out, const Spec &spec, const char *prefix, int zeros, const char *body,
                int body_len) {
  int prefix_len = static_cast<int>(strlen(prefix));
  int padding = spec.width - prefix_len - zeros - body_len;
  if (padding < 0) padding = 0;
  if (spec.left_align) {
    out.put(prefix, static_cast<size_t>(prefix_len));
    out.repeat('0', zeros);
    out.put(body, static_cast<size_t>(body_len));
    out.repeat(' ', padding);
  } else if (spec.zero_pad) {
    out.put(prefix, static_cast<size_t>(prefix_len));  // "-0042", not "00-42"
    out.repeat('0', zeros + padding);
    out.put(body, static_cast<size_t>(body_len));
  } else {
    out.repeat(' ', padding);
    out.put(prefix, static_cast<size_t>(prefix_len));
    out.repeat('0', zeros);
    out.put(body, static_cast<size_t>(body_len));
  }
}

const char *sign_prefix(bool negative, const Spec &spec) {
  if (negative) return "-";
  if (spec.plus_sign) return "+";
  if (spec.space_sign) return " ";
  return "";
}

// ---- integers ------------------------------------------------------------

// Digits of `value` in `base`, written backwards from the end of buf.
// Returns the start of the digits.
char *integer_digits(uintmax_t value, unsigned base, bool upper, char *buf_end) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char *p = buf_end;
  do {
    *--p = digits[value % base];
    value /= base;
  } while (value);
  return p;
}

void format_integer(Output &out, Spec spec, uintmax_t magnitude, bool negative) {
  unsigned base = 10;
  if (spec.conversion == 'o') base = 8;
  if (spec.conversion == 'x' || spec.conversion == 'X' || spec.conversion == 'p') base = 16;

  char buf[32];
  char *end = buf + sizeof buf;
  char *body = integer_digits(magnitude, base, spec.conversion == 'X', end);
  int body_len = static_cast<int>(end - body);
  // Precision 0 and value 0: no digits at all ("%.0d" of 0 is empty).
  if (spec.precision == 0 && magnitude == 0) body_len = 0;

  int zeros = spec.precision > body_len ? spec.precision - body_len : 0;
  if (spec.precision >= 0) spec.zero_pad = false;  // C: a precision overrides '0'

  const char *prefix = "";
  bool is_signed = spec.conversion == 'd' || spec.conversion == 'i';
  if (is_signed) prefix = sign_prefix(negative, spec);
  if (spec.conversion == 'p') prefix = "0x";
  if (spec.alternate && magnitude != 0) {
    if (spec.conversion == 'x') prefix = "0x";
    if (spec.conversion == 'X') prefix = "0X";
  }
  // '#' with 'o': the first digit must be a zero.
  if (spec.alternate && spec.conversion == 'o' && zeros == 0 && (body_len == 0 || *body != '0'))
    zeros = 1;

  emit_field(out, spec, prefix, zeros, end - body_len, body_len);
}

// ---- floating point -------------------------------------------------------
//
// A double is turned into decimal digits by scaling it into [1, 10) with
// powers of ten (in long double, for extra precision) and peeling off one
// digit at a time. That is exact for the first 17 or so significant digits,
// which is all a double holds; later digits print as zeros. Very large or
// tiny values may differ from glibc in the last digit.

constexpr int kMaxSignificant = 17;

// value = 0.d1 d2 d3 ... x 10^(exponent + 1), i.e. digits[0] is the 10^exponent place.
struct Decimal {
  char digits[kMaxSignificant + 1];  // '0'..'9'
  int count;                         // significant digits kept (0 means the value is 0)
  int exponent;
};

// Scale v (> 0) into [1, 10), returning the power of ten taken out.
int normalize(long double &v) {
  static const long double kPowers[] = {1e1L, 1e2L, 1e4L, 1e8L, 1e16L, 1e32L, 1e64L, 1e128L, 1e256L};
  int exponent = 0;
  for (int i = 8; i >= 0; --i) {
    if (v >= kPowers[i]) {
      v /= kPowers[i];
      exponent += 1 << i;
    }
  }
  for (int i = 8; i >= 0; --i) {
    if (v < 1 / kPowers[i]) {
      v *= kPowers[i];
      exponent -= 1 << i;
    }
  }
  if (v < 1) {
    v *= 10;
    exponent -= 1;
  }
  return exponent;
}

int decimal_exponent(double value) {
  long double v = value < 0 ? -value : value;
  if (v == 0) return 0;
  return normalize(v);
}

// The first `wanted` significant digits of |value|, rounded to nearest; an
// exact tie (2.5 to "2", 0.125 to "0.12") goes to the even digit, as glibc.
// wanted <= 0 asks for rounding at a place left of the first digit.
Decimal to_decimal(double value, int wanted) {
  Decimal d = {};
  long double v = value < 0 ? -value : value;
  if (v == 0) return d;
  d.exponent = normalize(v);

  if (wanted < 0) return Decimal{};  // rounds to zero
  if (wanted == 0) {                 // only the rounding digit is in view
    if (v > 5) {
      d.digits[0] = '1';
      d.count = 1;
      d.exponent += 1;
      return d;
    }
    return Decimal{};
  }

  int generate = wanted < kMaxSignificant ? wanted : kMaxSignificant;
  for (int i = 0; i < generate; ++i) {
    int digit = static_cast<int>(v);
    if (digit > 9) digit = 9;  // guard against a long double rounding up
    d.digits[i] = static_cast<char>('0' + digit);
    v = (v - digit) * 10;
  }
  d.count = generate;
  bool last_odd = (d.digits[generate - 1] - '0') % 2 == 1;
  if (wanted <= kMaxSignificant && (v > 5 || (v == 5 && last_odd))) {  // round up, carrying left
    int i = generate - 1;
    while (i >= 0 && d.digits[i] == '9') d.digits[i--] = '0';
    if (i >= 0) {
      d.digits[i]++;
    } else {  // 9.99 -> 10.0: one more integer digit
      memmove(d.digits + 1, d.digits, static_cast<size_t>(generate - 1));
      d.digits[0] = '1';
      d.exponent += 1;
    }
  }
  return d;
}

// The digit at the 10^place position (zero outside the kept digits).
char digit_at(const Decimal &d, int place) {
  int index = d.exponent - place;
  return (d.count > 0 && index >= 0 && index < d.count) ? d.digits[index] : '0';
}

// Upper bound of a rendered body: 309 integer digits, a point, precision.
constexpr int kMaxPrecision = 400;
constexpr int kFloatBuffer = 320 + kMaxPrecision + 16;

// %f: all integer digits, a point, `precision` fraction digits.
int render_fixed(char *out, double value, int precision, bool alternate) {
  Decimal d = to_decimal(value, decimal_exponent(value) + 1 + precision);
  char *p = out;
  int top = d.count > 0 && d.exponent > 0 ? d.exponent : 0;
  for (int place = top; place >= 0; --place) *p++ = digit_at(d, place);
  if (precision > 0 || alternate) *p++ = '.';
  for (int place = -1; place >= -precision; --place) *p++ = digit_at(d, place);
  return static_cast<int>(p - out);
}

// %e: one digit, a point, `precision` digits, then e+XX.
int render_exponent(char *out, double value, int precision, bool alternate, bool upper) {
  Decimal d = to_decimal(value, precision + 1);
  char *p = out;
  int exponent = d.count > 0 ? d.exponent : 0;
  *p++ = digit_at(d, exponent);
  if (precision > 0 || alternate) *p++ = '.';
  for (int i = 1; i <= precision; ++i) *p++ = digit_at(d, exponent - i);
  *p++ = upper ? 'E' : 'e';
  *p++ = exponent < 0 ? '-' : '+';
  int magnitude = exponent < 0 ? -exponent : exponent;
  char digits[8];
  char *end = digits + sizeof digits;
  char *start = integer_digits(static_cast<uintmax_t>(magnitude), 10, false, end);
  if (end - start < 2) *p++ = '0';  // at least two exponent digits
  while (start < end) *p++ = *start++;
  return static_cast<int>(p - out);
}

// %g: %e or %f, whichever C's rule picks, without trailing zeros (unless '#').
int render_general(char *out, double value, int precision, bool alternate, bool upper) {
  if (precision == 0) precision = 1;
  Decimal d = to_decimal(value, precision);
  int exponent = d.count > 0 ? d.exponent : 0;
  int len;
  if (exponent < -4 || exponent >= precision)
    len = render_exponent(out, value, precision - 1, alternate, upper);
  else
    len = render_fixed(out, value, precision - 1 - exponent, alternate);
  if (alternate) return len;

  // Strip zeros at the end of the fraction, and the point if nothing is left.
  char *point = static_cast<char *>(memchr(out, '.', static_cast<size_t>(len)));
  if (point == nullptr) return len;
  char *exp = static_cast<char *>(memchr(out, upper ? 'E' : 'e', static_cast<size_t>(len)));
  char *fraction_end = exp ? exp : out + len;
  char *cut = fraction_end;
  while (cut > point + 1 && cut[-1] == '0') --cut;
  if (cut == point + 1) cut = point;
  int tail = static_cast<int>(out + len - fraction_end);
  memmove(cut, fraction_end, static_cast<size_t>(tail));
  return static_cast<int>(cut - out) + tail;
}

void format_float(Output &out, Spec spec, double value) {
  bool upper = spec.conversion >= 'A' && spec.conversion <= 'Z';
  bool negative = __builtin_signbit(value) != 0;
  const char *prefix = sign_prefix(negative, spec);

  if (__builtin_isnan(value) || __builtin_isinf(value)) {
    const char *text = __builtin_isnan(value) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    spec.zero_pad = false;
    emit_field(out, spec, prefix, 0, text, 3);
    return;
  }

  int precision = spec.precision < 0 ? 6 : spec.precision;
  if (precision > kMaxPrecision) precision = kMaxPrecision;
  char body[kFloatBuffer];
  int len;
  switch (spec.conversion) {
    case 'e':
    case 'E':
      len = render_exponent(body, value, precision, spec.alternate, upper);
      break;
    case 'g':
    case 'G':
      len = render_general(body, value, precision, spec.alternate, upper);
      break;
    default:
      len = render_fixed(body, value, precision, spec.alternate);
      break;
  }
  emit_field(out, spec, prefix, 0, body, len);
}

// ---- arguments -------------------------------------------------------------
//
// On x86-64, va_list is an array type, so a helper that takes one works on
// the caller's list: what it reads is consumed for the caller too.

// Reads a signed argument of the spec's length, widened to intmax_t.
intmax_t signed_argument(const Spec &spec, va_list ap) {
  switch (spec.length) {
    case Spec::kChar: return static_cast<signed char>(va_arg(ap, int));
    case Spec::kShort: return static_cast<short>(va_arg(ap, int));
    case Spec::kLong: return va_arg(ap, long);
    case Spec::kLongLong: return va_arg(ap, long long);
    case Spec::kSize: return va_arg(ap, long);  // ssize_t
    case Spec::kMax: return va_arg(ap, intmax_t);
    case Spec::kPtrdiff: return va_arg(ap, ptrdiff_t);
    default: return va_arg(ap, int);
  }
}

uintmax_t unsigned_argument(const Spec &spec, va_list ap) {
  switch (spec.length) {
    case Spec::kChar: return static_cast<unsigned char>(va_arg(ap, unsigned));
    case Spec::kShort: return static_cast<unsigned short>(va_arg(ap, unsigned));
    case Spec::kLong: return va_arg(ap, unsigned long);
    case Spec::kLongLong: return va_arg(ap, unsigned long long);
    case Spec::kSize: return va_arg(ap, size_t);
    case Spec::kMax: return va_arg(ap, uintmax_t);
    case Spec::kPtrdiff: return static_cast<uintmax_t>(va_arg(ap, ptrdiff_t));
    default: return va_arg(ap, unsigned);
  }
}

// Parses flags, width, precision and length after a '%'. Returns a pointer
// to the conversion character.
const char *parse_spec(const char *p, Spec &spec, va_list ap) {
  for (;; ++p) {
    if (*p == '-') spec.left_align = true;
    else if (*p == '0') spec.zero_pad = true;
    else if (*p == '+') spec.plus_sign = true;
    else if (*p == ' ') spec.space_sign = true;
    else if (*p == '#') spec.alternate = true;
    else break;
  }
  if (*p == '*') {
    spec.width = va_arg(ap, int);
    if (spec.width < 0) {  // a negative width means '-' and the absolute value
      spec.left_align = true;
      spec.width = -spec.width;
    }
    ++p;
  } else {
    while (*p >= '0' && *p <= '9') spec.width = spec.width * 10 + (*p++ - '0');
  }
  if (*p == '.') {
    ++p;
    spec.precision = 0;
    if (*p == '*') {
      spec.precision = va_arg(ap, int);
      if (spec.precision < 0) spec.precision = -1;  // negative: as if omitted
      ++p;
    } else {
      while (*p >= '0' && *p <= '9') spec.precision = spec.precision * 10 + (*p++ - '0');
    }
  }
  switch (*p) {
    case 'h':
      spec.length = p[1] == 'h' ? Spec::kChar : Spec::kShort;
      p += p[1] == 'h' ? 2 : 1;
      break;
    case 'l':
      spec.length = p[1] == 'l' ? Spec::kLongLong : Spec::kLong;
      p += p[1] == 'l' ? 2 : 1;
      break;
    case 'q': spec.length = Spec::kLongLong; ++p; break;
    case 'z': spec.length = Spec::kSize; ++p; break;
    case 'j': spec.length = Spec::kMax; ++p; break;
    case 't': spec.length = Spec::kPtrdiff; ++p; break;
    case 'L': spec.length = Spec::kLongDouble; ++p; break;
    default: break;
  }
  if (spec.left_align) spec.zero_pad = false;  // C: '-' overrides '0'
  if (spec.plus_sign) spec.space_sign = false;  // and '+' overrides ' '
  spec.conversion = *p;
  return p;
}

}  // namespace

int format(FormatSink &sink, const char *fmt, va_list ap) {
  Output out{sink};
  const char *p = fmt;
  while (*p) {
    // Copy the literal text up to the next '%' in one piece.
    const char *percent = strchr(p, '%');
    if (percent == nullptr) {
      out.put(p, strlen(p));
      break;
    }
    out.put(p, static_cast<size_t>(percent - p));

    Spec spec;
    const char *conversion = parse_spec(percent + 1, spec, ap);
    switch (spec.conversion) {
      case 'd':
      case 'i': {
        intmax_t value = signed_argument(spec, ap);
        uintmax_t magnitude = value < 0 ? 0 - static_cast<uintmax_t>(value) : static_cast<uintmax_t>(value);
        format_integer(out, spec, magnitude, value < 0);
        break;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X':
        format_integer(out, spec, unsigned_argument(spec, ap), false);
        break;
      case 'p': {
        void *pointer = va_arg(ap, void *);
        if (pointer == nullptr) {  // glibc's spelling
          spec.zero_pad = false;
          emit_field(out, spec, "", 0, "(nil)", 5);
        } else {
          spec.precision = -1;
          format_integer(out, spec, reinterpret_cast<uintptr_t>(pointer), false);
        }
        break;
      }
      case 'c': {
        char c = static_cast<char>(va_arg(ap, int));
        spec.zero_pad = false;
        emit_field(out, spec, "", 0, &c, 1);
        break;
      }
      case 's': {
        const char *s = va_arg(ap, const char *);
        if (s == nullptr) s = "(null)";
        size_t len = spec.precision >= 0 ? strnlen(s, static_cast<size_t>(spec.precision)) : strlen(s);
        spec.zero_pad = false;
        emit_field(out, spec, "", 0, s, static_cast<int>(len));
        break;
      }
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        double value = spec.length == Spec::kLongDouble ? static_cast<double>(va_arg(ap, long double))
                                                        : va_arg(ap, double);
        format_float(out, spec, value);
        break;
      }
      case 'n':  // where the count goes; kept for completeness of C's list
        *va_arg(ap, int *) = out.count;
        break;
      case '%':
        out.put("%", 1);
        break;
      case '\0':  // a lone '%' at the very end: print it, stop
        out.put("%", 1);
        return out.count;
      default:  // unknown conversion: show it as written, so the bug is visible
        out.put(percent, static_cast<size_t>(conversion - percent + 1));
        break;
    }
    p = conversion + 1;
  }
  return out.count;
}

}  // namespace tether
