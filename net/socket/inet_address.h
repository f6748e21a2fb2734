// Internet socket addresses: struct sockaddr_in and struct sockaddr_in6 as
// user space lays them out (ip(7), ipv6(7)), and their conversion to and
// from lwIP's ip_addr_t and a port in host byte order.
//
// The layouts are Linux's (include/uapi/linux/in.h, in6.h): every field in
// network byte order. An AF_INET6 socket is dual stack unless IPV6_V6ONLY
// is set: the IPv4-mapped address ::ffff:a.b.c.d (ipv6(7): "IPv4 connections
// can be handled with the v6 API by using the v4-mapped-on-v6 address type")
// names an IPv4 peer, and such a connection runs over IPv4.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lwip/ip_addr.h"
#include "net/socket/socket.h"

namespace net {

constexpr uint16_t kAfInet = 2;    // AF_INET
constexpr uint16_t kAfInet6 = 10;  // AF_INET6

struct LinuxSockaddrIn {   // ip(7)
  uint16_t sin_family;     // AF_INET
  uint16_t sin_port;       // network byte order
  uint32_t sin_addr;       // network byte order
  uint8_t sin_zero[8];
};
static_assert(sizeof(LinuxSockaddrIn) == 16, "struct sockaddr_in is 16 bytes");

struct LinuxSockaddrIn6 {  // ipv6(7)
  uint16_t sin6_family;    // AF_INET6
  uint16_t sin6_port;      // network byte order
  uint32_t sin6_flowinfo;
  uint8_t sin6_addr[16];
  uint32_t sin6_scope_id;
};
static_assert(sizeof(LinuxSockaddrIn6) == 28, "struct sockaddr_in6 is 28 bytes");

// An address and port as lwIP takes them. For an AF_INET6 socket, a
// v4-mapped address becomes a plain IPv4 ip_addr_t (lwIP then talks IPv4).
// A link-local IPv6 address (fe80::/10, or a link-local multicast group)
// names a host only together with a link: sin6_scope_id, an interface
// index (ipv6(7): "sin6_scope_id is an ID depending on the scope of the
// address"). lwIP calls it the address's zone, and its zones are the same
// numbers (netif_get_index: lo 1, eth0 2, eth1 3), so the zone is set
// from sin6_scope_id; lwIP's zones are 8 bits wide.
struct InetEndpoint {
  ip_addr_t address;  // zoned when link-scoped and a known scope id was given
  uint16_t port;      // host byte order
  bool any;           // INADDR_ANY or in6addr_any: "every local address"
  uint32_t scope_id;  // sin6_scope_id (0 when absent: a 24-byte sockaddr_in6)
};

// What a link-scoped address lacks to be usable (Linux's tcp_v6_connect,
// ip6_datagram_connect, inet6_bind):
enum class LinkScope {
  NotNeeded,  // not link-scoped (IPv4, global), or zoned from its scope id
  Missing,    // link-scoped without a scope id: Linux answers EINVAL
  NoSuchLink  // a scope id no lwIP interface can have (past 255): no route
};
LinkScope link_scope(const InetEndpoint& endpoint);

// The smallest address length the family accepts. Linux takes a
// sockaddr_in6 of 24 bytes (the old RFC 2133 layout without sin6_scope_id).
constexpr uint32_t kMinInetLength = sizeof(LinuxSockaddrIn);
constexpr uint32_t kMinInet6Length = 24;

// Decodes an address already checked for family and length (Socket does
// that, rows A4-A7). For an AF_INET6 socket with v6only set, a v4-mapped
// address is refused (returns false): ipv6(7) IPV6_V6ONLY.
bool decode_inet(const SocketAddress& in, uint16_t socket_family, bool v6only, InetEndpoint* out);

// The checks every Internet socket's bind(2) makes before it looks at
// ports and pcbs, in Linux's order (inet_bind, inet6_bind): the address
// decodes (EINVAL; a v4-mapped one on an IPV6_V6ONLY socket too), a port
// below 1024 needs root (ip(7): "Only a privileged process ... may bind to
// a port number less than 1024", EACCES), a link-local address needs its
// scope id ("Binding to link-local address requires an interface",
// EINVAL).
KResult<InetEndpoint> decode_bind_address(const SocketAddress& in, uint16_t socket_family, bool v6only);

// Encodes an lwIP address and port as the socket's family shows it (an
// IPv4 address on an AF_INET6 socket appears v4-mapped; a zoned IPv6
// address carries its zone as sin6_scope_id, as Linux's getpeername and
// getsockname report it). An unset address (nullptr) is the wildcard.
void encode_inet(const ip_addr_t* address, uint16_t port, uint16_t socket_family, SocketAddress* out);

// "Every local address" of an lwIP address type (IPADDR_TYPE_V4, _V6, or
// _ANY for a dual-stack pcb): what a pcb bound to the wildcard binds to.
const ip_addr_t* any_of_type(u8_t type);

// Byte order: the network is big-endian, x86-64 little-endian.
inline uint16_t to_network16(uint16_t v) { return uint16_t((v >> 8) | (v << 8)); }
inline uint16_t from_network16(uint16_t v) { return to_network16(v); }

}  // namespace net
