// The scanf family: one engine reading from a source of characters, which
// is either a string (sscanf) or a FILE (fscanf, scanf).
//
// A format is read left to right:
//   white space   skips any amount of white space in the input (even none);
//   a character   must match the input exactly;
//   %[*][width][length]conversion   converts the next input field:
//     d i u o x X p   integers (%i takes 0x and 0 prefixes, as strtol base 0)
//     s               a run of non-white-space characters
//     c               exactly width characters (1 by default), no skipping
//     [set] [^set]    a run of characters in (or not in) the set
//     n               stores the characters consumed so far
//     %               a literal '%'
//   '*' converts without storing. All but %c %[ %n skip white space first.
// No floating point conversions (%f %e %g %a): there is no strtod yet.
//
// The result is the number of fields stored, or EOF if the input ended
// before the first conversion.
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace {

class Source {
 public:
  int get() {
    int c = next();
    if (c != EOF) ++consumed;
    return c;
  }
  void unget(int c) {
    if (c == EOF) return;
    push_back(c);
    --consumed;
  }
  long consumed = 0;  // for %n

 protected:
  ~Source() = default;
  virtual int next() = 0;
  virtual void push_back(int c) = 0;
};

class StringSource final : public Source {
 public:
  explicit StringSource(const char *s) : p_(s) {}

 private:
  int next() override { return *p_ ? static_cast<unsigned char>(*p_++) : EOF; }
  void push_back(int) override { --p_; }
  const char *p_;
};

class FileSource final : public Source {
 public:
  explicit FileSource(FILE *f) : f_(f) {}

 private:
  int next() override { return fgetc(f_); }
  void push_back(int c) override { ungetc(c, f_); }
  FILE *f_;
};

enum Length { kDefault, kChar, kShort, kLong, kLongLong, kSize };

void skip_space(Source &in) {
  int c;
  while ((c = in.get()) != EOF && isspace(c)) {
  }
  in.unget(c);
}

// A %[...] set: which of the 256 byte values it accepts. *fmt points after
// the '['; on return it points at the closing ']'.
bool parse_set(const char **fmt, bool accept[256]) {
  const char *p = *fmt;
  bool negate = *p == '^';
  if (negate) ++p;
  bool in_set[256] = {};
  // A ']' right at the start is a member, not the end.
  if (*p == ']') in_set[static_cast<unsigned char>(*p++)] = true;
  for (; *p && *p != ']'; ++p) {
    unsigned char first = static_cast<unsigned char>(*p);
    if (p[1] == '-' && p[2] && p[2] != ']') {  // a range a-z
      unsigned char last = static_cast<unsigned char>(p[2]);
      for (unsigned c = first; c <= last; ++c) in_set[c] = true;
      p += 2;
    } else {
      in_set[first] = true;
    }
  }
  if (*p != ']') return false;
  for (int c = 0; c < 256; ++c) accept[c] = in_set[c] != negate;
  *fmt = p;
  return true;
}

bool is_digit_in_base(int c, int base) {
  if (base == 8) return c >= '0' && c <= '7';
  if (base == 10) return isdigit(c);
  return isxdigit(c);
}

// Reads the text of an integer (sign, prefix, digits) into `text`, at most
// `width` characters. base 0 (for %i) is decided by the prefix. Returns
// false if there are no digits.
bool read_integer_text(Source &in, int width, int *base, char *text, size_t size) {
  size_t n = 0;
  auto room = [&] { return n + 1 < size && static_cast<int>(n) < width; };
  int c = in.get();
  if ((c == '+' || c == '-') && room()) {
    text[n++] = static_cast<char>(c);
    c = in.get();
  }
  bool digits = false;
  if (c == '0' && room() && (*base == 0 || *base == 16)) {
    text[n++] = '0';
    digits = true;
    c = in.get();
    if ((c == 'x' || c == 'X') && room()) {
      text[n++] = static_cast<char>(c);
      *base = 16;
      c = in.get();
    } else if (*base == 0) {
      *base = 8;
    }
  }
  if (*base == 0) *base = 10;
  while (c != EOF && room() && is_digit_in_base(c, *base)) {
    text[n++] = static_cast<char>(c);
    digits = true;
    c = in.get();
  }
  in.unget(c);
  text[n] = '\0';
  return digits;
}

void store_signed(va_list *ap, Length length, long long value) {
  switch (length) {
    case kChar: *va_arg(*ap, signed char *) = static_cast<signed char>(value); break;
    case kShort: *va_arg(*ap, short *) = static_cast<short>(value); break;
    case kLong: *va_arg(*ap, long *) = static_cast<long>(value); break;
    case kLongLong: *va_arg(*ap, long long *) = value; break;
    case kSize: *va_arg(*ap, ssize_t *) = static_cast<ssize_t>(value); break;
    default: *va_arg(*ap, int *) = static_cast<int>(value);
  }
}

void store_unsigned(va_list *ap, Length length, unsigned long long value) {
  switch (length) {
    case kChar: *va_arg(*ap, unsigned char *) = static_cast<unsigned char>(value); break;
    case kShort: *va_arg(*ap, unsigned short *) = static_cast<unsigned short>(value); break;
    case kLong: *va_arg(*ap, unsigned long *) = static_cast<unsigned long>(value); break;
    case kLongLong: *va_arg(*ap, unsigned long long *) = value; break;
    case kSize: *va_arg(*ap, size_t *) = static_cast<size_t>(value); break;
    default: *va_arg(*ap, unsigned *) = static_cast<unsigned>(value);
  }
}

int scan(Source &in, const char *fmt, va_list *ap) {
  int stored = 0;
  bool converted = false;  // has any conversion succeeded?
  bool input_ended = false;

  for (const char *p = fmt; *p; ++p) {
    if (isspace(static_cast<unsigned char>(*p))) {
      skip_space(in);
      continue;
    }
    if (*p != '%' || p[1] == '%') {  // a literal character (or "%%")
      if (*p == '%') {
        ++p;
        skip_space(in);
      }
      int c = in.get();
      if (c != static_cast<unsigned char>(*p)) {
        in.unget(c);
        input_ended = c == EOF;
        break;
      }
      continue;
    }

    ++p;
    bool suppress = *p == '*';
    if (suppress) ++p;
    int width = 0;
    while (isdigit(static_cast<unsigned char>(*p))) width = width * 10 + (*p++ - '0');
    Length length = kDefault;
    if (p[0] == 'h' && p[1] == 'h') length = kChar, p += 2;
    else if (p[0] == 'l' && p[1] == 'l') length = kLongLong, p += 2;
    else if (*p == 'h') length = kShort, ++p;
    else if (*p == 'l' || *p == 'j' || *p == 'q') length = kLong, ++p;
    else if (*p == 'z' || *p == 't') length = kSize, ++p;
    char conversion = *p;
    if (conversion == '\0') break;

    if (conversion == 'n') {
      if (!suppress) store_signed(ap, length, in.consumed);
      continue;
    }
    if (conversion != 'c' && conversion != '[') skip_space(in);

    if (conversion == 'c') {
      if (width == 0) width = 1;
      char *out = suppress ? nullptr : va_arg(*ap, char *);
      int got = 0;
      for (int c; got < width && (c = in.get()) != EOF; ++got)
        if (out) out[got] = static_cast<char>(c);
      if (got < width) {
        input_ended = true;
        break;
      }
    } else if (conversion == 's' || conversion == '[') {
      bool accept[256];
      if (conversion == 's') {
        for (int c = 0; c < 256; ++c) accept[c] = !isspace(c);
      } else if (!parse_set(&(++p), accept)) {
        break;  // a malformed set: stop, as glibc does
      }
      char *out = suppress ? nullptr : va_arg(*ap, char *);
      int got = 0;
      int c = EOF;
      while ((width == 0 || got < width) && (c = in.get()) != EOF && accept[c]) {
        if (out) out[got] = static_cast<char>(c);
        ++got;
      }
      if (c != EOF && !accept[c]) in.unget(c);
      if (got == 0) {
        input_ended = c == EOF;
        break;
      }
      if (out) out[got] = '\0';
    } else if (strchr("diuoxXp", conversion)) {
      int base = conversion == 'd' || conversion == 'u' ? 10
                 : conversion == 'i'                      ? 0
                 : conversion == 'o'                      ? 8
                                                          : 16;
      char text[72];
      int c = in.get();
      in.unget(c);
      if (c == EOF) {
        input_ended = true;
        break;
      }
      if (!read_integer_text(in, width ? width : 70, &base, text, sizeof text)) break;
      if (!suppress) {
        if (conversion == 'p')
          *va_arg(*ap, void **) = reinterpret_cast<void *>(strtoull(text, nullptr, 16));
        else if (conversion == 'd' || conversion == 'i')
          store_signed(ap, length, strtoll(text, nullptr, base));
        else
          store_unsigned(ap, length, strtoull(text, nullptr, base));
      }
    } else {
      break;  // an unknown or floating point conversion
    }
    converted = true;
    if (!suppress) ++stored;
  }
  return input_ended && !converted ? EOF : stored;
}

}  // namespace

extern "C" {

int vsscanf(const char *s, const char *fmt, va_list ap) {
  StringSource in(s);
  va_list copy;
  va_copy(copy, ap);
  int n = scan(in, fmt, &copy);
  va_end(copy);
  return n;
}

int vfscanf(FILE *f, const char *fmt, va_list ap) {
  FileSource in(f);
  va_list copy;
  va_copy(copy, ap);
  int n = scan(in, fmt, &copy);
  va_end(copy);
  return n;
}

int vscanf(const char *fmt, va_list ap) { return vfscanf(stdin, fmt, ap); }

int sscanf(const char *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsscanf(s, fmt, ap);
  va_end(ap);
  return n;
}

int fscanf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfscanf(f, fmt, ap);
  va_end(ap);
  return n;
}

int scanf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfscanf(stdin, fmt, ap);
  va_end(ap);
  return n;
}

}  // extern "C"
