// The Internet checksum (RFC 1071) for lwIP: LWIP_CHKSUM in lwipopts.h.
//
// lwIP's own routine (inet_chksum.c, "algorithm 2") adds 16 bits at a
// time; every byte of every TCP segment goes through it twice in this
// kernel (computed on the way out, checked on the way in, unless a NIC
// offloads it), and under TCG each of its steps is expensive. This one adds
// 32 bits at a time into a 64-bit sum, four words per turn, and folds at
// the end: the same sum, because 2^16 = 1 (mod 2^16 - 1), so the two halves
// of a 32-bit word add up to what its two 16-bit words would
// (RFC 1071 section 2, "deferred carries" and "byte order independence").
#include <stdint.h>

#include "lwip/arch.h"  // declares it (arch/cc.h)

namespace {
uint32_t load32(const uint8_t* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, sizeof v);  // any alignment; one mov on x86
  return v;
}
}  // namespace

extern "C" uint16_t tether_lwip_chksum(const void* data, int length) {
  const auto* p = static_cast<const uint8_t*>(data);
  size_t n = length > 0 ? size_t(length) : 0;
  // At most 2^32 additions of values below 2^32 cannot overflow 64 bits;
  // lwIP never asks for more than 64 KiB.
  uint64_t sum = 0;
  for (; n >= 16; p += 16, n -= 16) sum += uint64_t(load32(p)) + load32(p + 4) + load32(p + 8) + load32(p + 12);
  for (; n >= 4; p += 4, n -= 4) sum += load32(p);
  if (n >= 2) {
    sum += uint32_t(p[0] | p[1] << 8);  // memory order, as the words above: little-endian
    p += 2;
    n -= 2;
  }
  if (n) sum += p[0];  // a last odd byte is the low byte of a word padded with zero
  // Fold the carries back in until 16 bits are left.
  sum = (sum & 0xffffffff) + (sum >> 32);
  sum = (sum & 0xffffffff) + (sum >> 32);
  sum = (sum & 0xffff) + (sum >> 16);
  sum = (sum & 0xffff) + (sum >> 16);
  sum = (sum & 0xffff) + (sum >> 16);
  // Like lwIP's: the sum, not inverted, in the byte order the data was read in.
  return uint16_t(sum);
}
