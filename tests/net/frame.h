/* frame.h: what the host programs at the far end of a QEMU socket netdev
 * share (frame_peer.c, peer.c): byte order, Internet checksums, Ethernet
 * headers, and free loopback ports. Header-only (static functions): each
 * peer is one C file plus this. */
#ifndef TETHER_TESTS_NET_FRAME_H
#define TETHER_TESTS_NET_FRAME_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static inline void put16(uint8_t* p, uint16_t v) {
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static inline uint16_t get16(const uint8_t* p) { return (uint16_t)(p[0] << 8 | p[1]); }

static inline void put32(uint8_t* p, uint32_t v) {
  put16(p, (uint16_t)(v >> 16));
  put16(p + 2, (uint16_t)v);
}

static inline uint32_t get32(const uint8_t* p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

/* The one's-complement sum of n bytes (big-endian 16-bit words) added to acc. */
static inline uint32_t sum16(const uint8_t* p, size_t n, uint32_t acc) {
  for (size_t i = 0; i + 1 < n; i += 2) acc += (uint32_t)(p[i] << 8 | p[i + 1]);
  if (n & 1) acc += (uint32_t)(p[n - 1] << 8);
  return acc;
}

/* Folds a sum into the 16-bit checksum field's value. */
static inline uint16_t fold(uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return (uint16_t)~acc;
}

/* The checksum of a TCP, UDP or ICMPv6 message over IPv4 (alen 4) or IPv6
 * (alen 16): pseudo header (addresses, protocol, length), then the message. */
static inline uint16_t l4_checksum(const uint8_t* src, const uint8_t* dst, size_t alen, uint8_t proto,
                                   const uint8_t* seg, size_t len) {
  uint32_t acc = sum16(src, alen, 0);
  acc = sum16(dst, alen, acc);
  acc += proto;
  acc += (uint32_t)len;
  return fold(sum16(seg, len, acc));
}

/* Fills in an IPv4 header's checksum (a bad IHL counts as 20 bytes). */
static inline void ipv4_checksum(uint8_t* ip) {
  size_t ihl = (size_t)(ip[0] & 0xf) * 4;
  if (ihl < 20) ihl = 20;
  put16(ip + 10, 0);
  put16(ip + 10, fold(sum16(ip, ihl, 0)));
}

/* An Ethernet header. */
static inline void eth(uint8_t* f, const uint8_t* dst, const uint8_t* src, uint16_t type) {
  memcpy(f, dst, 6);
  memcpy(f + 6, src, 6);
  put16(f + 12, type);
}

/* Prints two UDP ports of 127.0.0.1 that nobody has bound right now (the
 * kernel picks them): one for the peer, one for QEMU's end. */
static inline int print_free_ports(void) {
  int fds[2];
  for (int i = 0; i < 2; i++) {
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
    if (fds[i] < 0 || bind(fds[i], (struct sockaddr*)&a, sizeof a) < 0 ||
        getsockname(fds[i], (struct sockaddr*)&a, &len) < 0)
      return perror("freeports"), 2;
    printf("%s%u", i ? " " : "", ntohs(a.sin_port));
  }
  printf("\n");
  close(fds[0]);
  close(fds[1]);
  return 0;
}

#endif
