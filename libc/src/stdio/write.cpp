// Writing to a FILE: everything goes through stream_write (file.cpp),
// which applies the stream's buffering mode.
#include <string.h>

#include "../internal/stdio_impl.h"

using namespace tether;

extern "C" {

size_t fwrite(const void *buf, size_t size, size_t count, FILE *f) {
  if (size == 0 || count == 0) return 0;
  size_t total = size * count;
  return stream_write(f, buf, total) == total ? count : 0;
}

int fputc(int c, FILE *f) {
  unsigned char byte = static_cast<unsigned char>(c);
  return stream_write(f, &byte, 1) == 1 ? byte : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }

int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f) {
  size_t n = strlen(s);
  return stream_write(f, s, n) == n ? 0 : EOF;
}

// puts adds the newline; both parts go out as one write on a line-buffered stream.
int puts(const char *s) {
  if (fputs(s, stdout) == EOF) return EOF;
  return fputc('\n', stdout) == EOF ? EOF : 0;
}

}  // extern "C"
