/* Internet addresses (ip(7), ipv6(7)): struct sockaddr_in and sockaddr_in6,
 * the protocol numbers, the well-known addresses, and byte-order helpers.
 * Layouts are Linux's (include/uapi/linux/in.h, in6.h). */
#ifndef _NETINET_IN_H
#define _NETINET_IN_H

#include <bits/cdefs.h>
#include <stdint.h>
#include <sys/socket.h>

typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;

struct in_addr {
  in_addr_t s_addr; /* network byte order */
};

struct in6_addr {
  union {
    uint8_t __u6_addr8[16];
    uint16_t __u6_addr16[8];
    uint32_t __u6_addr32[4];
  } __in6_u;
};
#define s6_addr __in6_u.__u6_addr8
#define s6_addr16 __in6_u.__u6_addr16
#define s6_addr32 __in6_u.__u6_addr32
typedef struct in6_addr in6_addr_t; /* illumos's name, used by its examples */

struct sockaddr_in {
  sa_family_t sin_family; /* AF_INET */
  in_port_t sin_port;     /* network byte order */
  struct in_addr sin_addr;
  unsigned char sin_zero[8];
};

struct sockaddr_in6 {
  sa_family_t sin6_family; /* AF_INET6 */
  in_port_t sin6_port;     /* network byte order */
  uint32_t sin6_flowinfo;
  struct in6_addr sin6_addr;
  uint32_t sin6_scope_id;
};

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41
#define IPPROTO_ICMPV6 58
#define IPPROTO_RAW 255

#define INADDR_ANY ((in_addr_t)0x00000000)
#define INADDR_BROADCAST ((in_addr_t)0xffffffff)
#define INADDR_NONE ((in_addr_t)0xffffffff)
#define INADDR_LOOPBACK ((in_addr_t)0x7f000001) /* 127.0.0.1, host byte order */

#define INET_ADDRSTRLEN 16
#define INET6_ADDRSTRLEN 46

/* ipv6(7) options at level IPPROTO_IPV6. */
#define IPV6_V6ONLY 26

#define IN6ADDR_ANY_INIT {{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}}
#define IN6ADDR_LOOPBACK_INIT {{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}}

#define IN6_IS_ADDR_UNSPECIFIED(a)                                                        \
  ((a)->s6_addr32[0] == 0 && (a)->s6_addr32[1] == 0 && (a)->s6_addr32[2] == 0 && \
   (a)->s6_addr32[3] == 0)
#define IN6_IS_ADDR_LOOPBACK(a)                                                           \
  ((a)->s6_addr32[0] == 0 && (a)->s6_addr32[1] == 0 && (a)->s6_addr32[2] == 0 && \
   (a)->s6_addr32[3] == htonl(1))
/* ::ffff:a.b.c.d, an IPv4 address in IPv6 form (RFC 4291 2.5.5.2). */
#define IN6_IS_ADDR_V4MAPPED(a) \
  ((a)->s6_addr32[0] == 0 && (a)->s6_addr32[1] == 0 && (a)->s6_addr32[2] == htonl(0xffff))
/* illumos's inet(3SOCKET) helper: v4 (struct in_addr *) into v6 (struct
 * in6_addr *) as a v4-mapped address. */
#define IN6_INADDR_TO_V4MAPPED(v4, v6)       \
  ((v6)->s6_addr32[0] = 0, (v6)->s6_addr32[1] = 0, \
   (v6)->s6_addr32[2] = htonl(0xffff), (v6)->s6_addr32[3] = (v4)->s_addr)

/* Byte order: the network's is big-endian, x86-64's little-endian. */
static inline uint16_t htons(uint16_t v) { return __builtin_bswap16(v); }
static inline uint16_t ntohs(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t htonl(uint32_t v) { return __builtin_bswap32(v); }
static inline uint32_t ntohl(uint32_t v) { return __builtin_bswap32(v); }

__BEGIN_DECLS
extern const struct in6_addr in6addr_any;      /* :: */
extern const struct in6_addr in6addr_loopback; /* ::1 */
__END_DECLS

#endif
