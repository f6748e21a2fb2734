// The mem* functions: byte arrays of known length.
//
// Plain loops, chosen for clarity over speed. libc is built with
// -fno-tree-loop-distribute-patterns so the compiler cannot "optimize" the
// loop in memset into a call to memset.
#include <stdint.h>
#include <string.h>

extern "C" {

void *memcpy(void *dst, const void *src, size_t n) {
  auto *d = static_cast<unsigned char *>(dst);
  auto *s = static_cast<const unsigned char *>(src);
  while (n--) *d++ = *s++;
  return dst;
}

void *mempcpy(void *dst, const void *src, size_t n) {
  return static_cast<unsigned char *>(memcpy(dst, src, n)) + n;
}

// Overlap-safe: copy backwards when the destination starts inside the source.
void *memmove(void *dst, const void *src, size_t n) {
  auto *d = static_cast<unsigned char *>(dst);
  auto *s = static_cast<const unsigned char *>(src);
  if (d == s || n == 0) return dst;
  if (reinterpret_cast<uintptr_t>(d) - reinterpret_cast<uintptr_t>(s) >= n) {
    while (n--) *d++ = *s++;  // d is before s, or past its end
  } else {
    d += n;
    s += n;
    while (n--) *--d = *--s;
  }
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  auto *d = static_cast<unsigned char *>(dst);
  while (n--) *d++ = static_cast<unsigned char>(c);
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  auto *x = static_cast<const unsigned char *>(a);
  auto *y = static_cast<const unsigned char *>(b);
  for (; n; --n, ++x, ++y)
    if (*x != *y) return *x - *y;
  return 0;
}

void *memchr(const void *s, int c, size_t n) {
  auto *p = static_cast<const unsigned char *>(s);
  for (; n; --n, ++p)
    if (*p == static_cast<unsigned char>(c)) return const_cast<unsigned char *>(p);
  return nullptr;
}

void *memrchr(const void *s, int c, size_t n) {
  auto *p = static_cast<const unsigned char *>(s) + n;
  while (n--)
    if (*--p == static_cast<unsigned char>(c)) return const_cast<unsigned char *>(p);
  return nullptr;
}

}  // extern "C"
