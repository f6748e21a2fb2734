// <strings.h>: the BSD names and case-insensitive comparison.
#include <ctype.h>
#include <string.h>
#include <strings.h>

extern "C" {

void bzero(void *s, size_t n) { memset(s, 0, n); }

void bcopy(const void *src, void *dst, size_t n) { memmove(dst, src, n); }

int bcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }

int strcasecmp(const char *a, const char *b) {
  return strncasecmp(a, b, static_cast<size_t>(-1));
}

int strncasecmp(const char *a, const char *b, size_t n) {
  for (; n; --n, ++a, ++b) {
    int x = tolower(static_cast<unsigned char>(*a));
    int y = tolower(static_cast<unsigned char>(*b));
    if (x != y) return x - y;
    if (x == 0) return 0;
  }
  return 0;
}

// Position (from 1) of the lowest set bit, 0 when none.
int ffs(int i) { return __builtin_ffs(i); }

}  // extern "C"
