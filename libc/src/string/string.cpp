// The str* functions: NUL-terminated strings. Comparisons treat characters
// as unsigned char, as the C standard asks.
#include <stdlib.h>
#include <string.h>

namespace {

inline unsigned char uc(char c) { return static_cast<unsigned char>(c); }

}  // namespace

extern "C" {

size_t strlen(const char *s) {
  const char *p = s;
  while (*p) ++p;
  return static_cast<size_t>(p - s);
}

size_t strnlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) ++n;
  return n;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) ++a, ++b;
  return uc(*a) - uc(*b);
}

int strncmp(const char *a, const char *b, size_t n) {
  for (; n; --n, ++a, ++b) {
    if (*a != *b) return uc(*a) - uc(*b);
    if (*a == '\0') return 0;
  }
  return 0;
}

// Only the "C" locale exists, where collation is byte order.
int strcoll(const char *a, const char *b) { return strcmp(a, b); }

char *strcpy(char *dst, const char *src) {
  stpcpy(dst, src);
  return dst;
}

char *stpcpy(char *dst, const char *src) {
  while ((*dst = *src++)) ++dst;
  return dst;
}

// Copies at most n bytes and pads with NULs; the result is unterminated
// when src is n bytes or longer (that is the standard's definition).
char *strncpy(char *dst, const char *src, size_t n) {
  stpncpy(dst, src, n);
  return dst;
}

char *stpncpy(char *dst, const char *src, size_t n) {
  size_t len = strnlen(src, n);
  memcpy(dst, src, len);
  memset(dst + len, 0, n - len);
  return dst + len;
}

char *strcat(char *dst, const char *src) {
  stpcpy(dst + strlen(dst), src);
  return dst;
}

char *strncat(char *dst, const char *src, size_t n) {
  char *end = dst + strlen(dst);
  size_t len = strnlen(src, n);
  memcpy(end, src, len);
  end[len] = '\0';
  return dst;
}

// BSD's bounded copy: always terminates (if size > 0), returns strlen(src)
// so the caller can detect truncation.
size_t strlcpy(char *dst, const char *src, size_t size) {
  size_t len = strlen(src);
  if (size > 0) {
    size_t copy = len < size - 1 ? len : size - 1;
    memcpy(dst, src, copy);
    dst[copy] = '\0';
  }
  return len;
}

size_t strlcat(char *dst, const char *src, size_t size) {
  size_t used = strnlen(dst, size);
  if (used == size) return size + strlen(src);
  return used + strlcpy(dst + used, src, size - used);
}

char *strchr(const char *s, int c) {
  char *p = strchrnul(s, c);
  return *p == static_cast<char>(c) ? p : nullptr;
}

char *strchrnul(const char *s, int c) {
  while (*s && *s != static_cast<char>(c)) ++s;
  return const_cast<char *>(s);
}

char *strrchr(const char *s, int c) {
  const char *last = nullptr;
  do {
    if (*s == static_cast<char>(c)) last = s;
  } while (*s++);
  return const_cast<char *>(last);
}

char *strstr(const char *haystack, const char *needle) {
  size_t n = strlen(needle);
  for (; *haystack; ++haystack)
    if (strncmp(haystack, needle, n) == 0) return const_cast<char *>(haystack);
  return n == 0 ? const_cast<char *>(haystack) : nullptr;
}

char *strdup(const char *s) { return strndup(s, strlen(s)); }

char *strndup(const char *s, size_t n) {
  size_t len = strnlen(s, n);
  char *copy = static_cast<char *>(malloc(len + 1));
  if (copy == nullptr) return nullptr;
  memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

size_t strspn(const char *s, const char *accept) {
  size_t n = 0;
  while (s[n] && strchr(accept, s[n])) ++n;
  return n;
}

size_t strcspn(const char *s, const char *reject) {
  size_t n = 0;
  while (s[n] && !strchr(reject, s[n])) ++n;
  return n;
}

char *strpbrk(const char *s, const char *accept) {
  s += strcspn(s, accept);
  return *s ? const_cast<char *>(s) : nullptr;
}

// strtok_r: *state remembers where the next search starts.
char *strtok_r(char *s, const char *delim, char **state) {
  if (s == nullptr) s = *state;
  if (s == nullptr) return nullptr;
  s += strspn(s, delim);
  if (*s == '\0') {
    *state = nullptr;
    return nullptr;
  }
  char *end = s + strcspn(s, delim);
  if (*end) {
    *end = '\0';
    *state = end + 1;
  } else {
    *state = nullptr;
  }
  return s;
}

char *strtok(char *s, const char *delim) {
  static char *state;
  return strtok_r(s, delim, &state);
}

// BSD strsep: like strtok_r but keeps empty fields.
char *strsep(char **s, const char *delim) {
  char *token = *s;
  if (token == nullptr) return nullptr;
  char *end = token + strcspn(token, delim);
  if (*end) {
    *end = '\0';
    *s = end + 1;
  } else {
    *s = nullptr;
  }
  return token;
}

}  // extern "C"
