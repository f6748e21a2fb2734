#include "kernel/lib/string.h"
#include <stdint.h>

extern "C" {

// memcpy and memset move 8 bytes per step, then the last few one at a
// time. Under QEMU's TCG every step of a `rep` string instruction is a trip
// through the emulator's loop whatever its size, so `rep movsb` alone copied
// ~240 MB/s and `rep movsq` copies about eight times that
// (docs/performance.md); on hardware both are fast.
void* memcpy(void* dst, const void* src, size_t n) {
  void* ret = dst;
  size_t words = n / 8, rest = n % 8;
  asm volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
  asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(rest) : : "memory");
  return ret;
}

void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  auto* s = static_cast<const unsigned char*>(src);
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) {
    // A forward copy reads each word before anything is written over it
    // when the destination lies below the source.
    memcpy(d, s, n);
  } else {
    for (size_t i = n; i > 0; i--) d[i - 1] = s[i - 1];
  }
  return dst;
}

void* memset(void* dst, int c, size_t n) {
  void* ret = dst;
  uint64_t pattern = uint8_t(c) * 0x0101010101010101ull;  // the byte in all 8 lanes
  size_t words = n / 8, rest = n % 8;
  asm volatile("rep stosq" : "+D"(dst), "+c"(words) : "a"(pattern) : "memory");
  asm volatile("rep stosb" : "+D"(dst), "+c"(rest) : "a"(pattern) : "memory");
  return ret;
}

int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const unsigned char*>(a);
  auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; i++)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

size_t strnlen(const char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) n++;
  return n;
}

int strcmp(const char* a, const char* b) {
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (a[i] != b[i] || !a[i]) return (unsigned char)a[i] - (unsigned char)b[i];
  }
  return 0;
}

}  // extern "C"

size_t strlcpy(char* dst, const char* src, size_t size) {
  size_t len = strlen(src);
  if (size) {
    size_t n = len < size - 1 ? len : size - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
  }
  return len;
}
