#include "kernel/lib/format.h"
#include <stdint.h>

namespace {

class Sink {
 public:
  Sink(char* buf, size_t size) : buf_(buf), size_(size) {}
  void put(char c) {
    if (len_ + 1 < size_) buf_[len_] = c;
    len_++;
  }
  size_t finish() {
    if (size_) buf_[len_ < size_ ? len_ : size_ - 1] = 0;
    return len_;
  }

 private:
  char* buf_;
  size_t size_;
  size_t len_ = 0;
};

void put_padded(Sink& out, const char* s, size_t len, int width, bool left, char pad) {
  int padding = width > int(len) ? width - int(len) : 0;
  if (!left)
    for (int i = 0; i < padding; i++) out.put(pad);
  for (size_t i = 0; i < len; i++) out.put(s[i]);
  if (left)
    for (int i = 0; i < padding; i++) out.put(' ');
}

void put_number(Sink& out, uint64_t value, bool negative, unsigned base, bool upper, int width,
                bool left, char pad) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = digits[value % base];
    value /= base;
  } while (value);
  char text[25];
  int len = 0;
  if (negative) {
    if (pad == '0') {  // "-0042": the sign goes before the zeros
      out.put('-');
      width = width > 0 ? width - 1 : 0;
    } else {
      text[len++] = '-';
    }
  }
  while (n) text[len++] = tmp[--n];
  put_padded(out, text, len, width, left, pad);
}

}  // namespace

size_t vformat(char* buf, size_t size, const char* fmt, va_list args) {
  Sink out(buf, size);
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      out.put(*fmt);
      continue;
    }
    fmt++;
    bool left = false;
    char pad = ' ';
    for (;; fmt++) {
      if (*fmt == '-') left = true;
      else if (*fmt == '0') pad = '0';
      else break;
    }
    int width = 0;
    if (*fmt == '*') {
      width = va_arg(args, int);
      fmt++;
    }
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    int longs = 0;
    while (*fmt == 'l' || *fmt == 'z') {
      longs++;
      fmt++;
    }
    switch (*fmt) {
      case 'd':
      case 'i': {
        int64_t v = longs ? va_arg(args, int64_t) : va_arg(args, int);
        put_number(out, v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v), v < 0, 10, false, width, left, pad);
        break;
      }
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        uint64_t v = longs ? va_arg(args, uint64_t) : va_arg(args, unsigned);
        unsigned base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
        put_number(out, v, false, base, *fmt == 'X', width, left, pad);
        break;
      }
      case 'p': {
        uint64_t v = reinterpret_cast<uint64_t>(va_arg(args, void*));
        out.put('0');
        out.put('x');
        put_number(out, v, false, 16, false, 16, false, '0');
        break;
      }
      case 's': {
        const char* s = va_arg(args, const char*);
        if (!s) s = "(null)";
        size_t len = 0;
        while (s[len]) len++;
        put_padded(out, s, len, width, left, ' ');
        break;
      }
      case 'c': {
        char c = char(va_arg(args, int));
        put_padded(out, &c, 1, width, left, ' ');
        break;
      }
      case '%':
        out.put('%');
        break;
      case 0:
        return out.finish();
      default:
        out.put('%');
        out.put(*fmt);
    }
  }
  return out.finish();
}

size_t format(char* buf, size_t size, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  size_t n = vformat(buf, size, fmt, args);
  va_end(args);
  return n;
}
