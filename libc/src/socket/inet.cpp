// Internet addresses as text (inet_pton(3), inet_ntop(3), inet_addr(3)),
// and the two IPv6 addresses <netinet/in.h> declares.
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

extern "C" {

const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;

namespace {

// inet_pton(3): "ddd.ddd.ddd.ddd", four decimal numbers 0..255, nothing else.
bool parse_ipv4(const char *s, uint8_t out[4]) {
  for (int part = 0; part < 4; part++) {
    if (*s < '0' || *s > '9') return false;
    int value = 0, digits = 0;
    while (*s >= '0' && *s <= '9') {
      value = value * 10 + (*s++ - '0');
      if (++digits > 3 || value > 255) return false;
    }
    out[part] = uint8_t(value);
    if (part < 3 && *s++ != '.') return false;
  }
  return *s == 0;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 4291 2.2: eight groups of up to four hex digits; "::" once stands for
// a run of zero groups; the last 32 bits may be written as a dotted quad.
bool parse_ipv6(const char *s, uint8_t out[16]) {
  uint16_t groups[8];
  int count = 0, gap = -1;
  if (s[0] == ':' && s[1] == ':') {
    gap = 0;
    s += 2;
  } else if (*s == ':') {
    return false;
  }
  while (*s) {
    if (count == 8) return false;
    // A dotted quad at the end takes two groups.
    const char *dot = strchr(s, '.');
    if (dot && !strchr(s, ':')) {
      uint8_t v4[4];
      if (count > 6 || !parse_ipv4(s, v4)) return false;
      groups[count++] = uint16_t(v4[0] << 8 | v4[1]);
      groups[count++] = uint16_t(v4[2] << 8 | v4[3]);
      break;
    }
    int value = 0, digits = 0;
    while (hex_value(*s) >= 0) {
      value = value * 16 + hex_value(*s++);
      if (++digits > 4) return false;
    }
    if (digits == 0) return false;
    groups[count++] = uint16_t(value);
    if (*s == 0) break;
    if (*s++ != ':') return false;
    if (*s == ':') {
      if (gap >= 0) return false;
      gap = count;
      s++;
      if (*s == 0) break;
    } else if (*s == 0) {
      return false;  // a trailing single colon
    }
  }
  if (gap < 0 && count != 8) return false;
  if (gap >= 0 && count > 7) return false;
  int zeros = 8 - count;
  int k = 0;
  for (int i = 0; i < count; i++) {
    if (i == gap)
      for (int z = 0; z < zeros; z++) out[2 * k] = out[2 * k + 1] = 0, k++;
    out[2 * k] = uint8_t(groups[i] >> 8);
    out[2 * k + 1] = uint8_t(groups[i]);
    k++;
  }
  if (gap == count)
    for (int z = 0; z < zeros; z++) out[2 * k] = out[2 * k + 1] = 0, k++;
  return true;
}

}  // namespace

int inet_pton(int af, const char *src, void *dst) {
  uint8_t bytes[16];
  if (af == AF_INET) {
    if (!parse_ipv4(src, bytes)) return 0;
    memcpy(dst, bytes, 4);
    return 1;
  }
  if (af == AF_INET6) {
    if (!parse_ipv6(src, bytes)) return 0;
    memcpy(dst, bytes, 16);
    return 1;
  }
  errno = EAFNOSUPPORT;
  return -1;
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size) {
  char text[INET6_ADDRSTRLEN];
  const uint8_t *b = static_cast<const uint8_t *>(src);
  if (af == AF_INET) {
    snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
  } else if (af == AF_INET6) {
    // RFC 5952: lower case, the longest run of two or more zero groups as
    // "::", an IPv4-mapped address with its dotted quad.
    uint16_t g[8];
    for (int i = 0; i < 8; i++) g[i] = uint16_t(b[2 * i] << 8 | b[2 * i + 1]);
    int best = -1, best_length = 0;
    for (int i = 0; i < 8;) {
      if (g[i]) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && !g[j]) j++;
      if (j - i > best_length && j - i >= 2) best = i, best_length = j - i;
      i = j;
    }
    size_t n = 0;
    bool mapped = best == 0 && best_length == 5 && g[5] == 0xffff;
    for (int i = 0; i < 8; i++) {
      if (i == best) {
        n += size_t(snprintf(text + n, sizeof text - n, "::"));
        i += best_length - 1;
        continue;
      }
      if (mapped && i == 6) {
        if (text[n - 1] != ':') text[n++] = ':';
        snprintf(text + n, sizeof text - n, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
        break;
      }
      if (n && text[n - 1] != ':') text[n++] = ':';
      n += size_t(snprintf(text + n, sizeof text - n, "%x", g[i]));
    }
  } else {
    errno = EAFNOSUPPORT;
    return nullptr;
  }
  if (strlen(text) + 1 > size) {
    errno = ENOSPC;
    return nullptr;
  }
  strcpy(dst, text);
  return dst;
}

int inet_aton(const char *cp, struct in_addr *inp) {
  uint8_t bytes[4];
  if (!parse_ipv4(cp, bytes)) return 0;
  memcpy(&inp->s_addr, bytes, 4);
  return 1;
}

in_addr_t inet_addr(const char *cp) {
  struct in_addr a;
  return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}

char *inet_ntoa(struct in_addr in) {
  static char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &in, text, sizeof text);
  return text;
}

}  // extern "C"
