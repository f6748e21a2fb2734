// sockaddr_in / sockaddr_in6 <-> lwIP addresses (inet_address.h).
#include "net/socket/inet_address.h"

#include "kernel/proc/process.h"

namespace net {
namespace {

// ::ffff:a.b.c.d, ipv6(7) "IPv4-mapped IPv6 address" (RFC 4291 2.5.5.2).
bool is_v4_mapped(const uint8_t a[16]) {
  for (int i = 0; i < 10; i++)
    if (a[i]) return false;
  return a[10] == 0xff && a[11] == 0xff;
}

bool is_zero(const uint8_t* a, int n) {
  for (int i = 0; i < n; i++)
    if (a[i]) return false;
  return true;
}

}  // namespace

bool decode_inet(const SocketAddress& in, uint16_t socket_family, bool v6only, InetEndpoint* out) {
  *out = InetEndpoint{};
  if (socket_family == kAfInet) {
    LinuxSockaddrIn sin;
    __builtin_memcpy(&sin, in.bytes, sizeof sin);
    out->port = from_network16(sin.sin_port);
    ip_addr_set_ip4_u32_val(out->address, sin.sin_addr);  // both in network order
    out->any = sin.sin_addr == 0;
    return true;
  }
  LinuxSockaddrIn6 sin6{};
  __builtin_memcpy(&sin6, in.bytes, in.length < sizeof sin6 ? in.length : sizeof sin6);
  out->port = from_network16(sin6.sin6_port);
  if (is_v4_mapped(sin6.sin6_addr)) {
    if (v6only) return false;
    uint32_t v4;
    __builtin_memcpy(&v4, sin6.sin6_addr + 12, 4);
    ip_addr_set_ip4_u32_val(out->address, v4);
    out->any = false;
    return true;
  }
  uint32_t words[4];
  __builtin_memcpy(words, sin6.sin6_addr, 16);
  IP_ADDR6(&out->address, words[0], words[1], words[2], words[3]);
  ip6_addr_clear_zone(ip_2_ip6(&out->address));
  out->any = is_zero(sin6.sin6_addr, 16);
  // The 24-byte form (RFC 2133) has no sin6_scope_id; Linux ignores the
  // scope id of an address that is not link-scoped.
  if (in.length >= sizeof sin6) out->scope_id = sin6.sin6_scope_id;
  if (ip6_addr_has_scope(ip_2_ip6(&out->address), IP6_UNKNOWN) && out->scope_id != 0 && out->scope_id <= 0xff)
    ip6_addr_set_zone(ip_2_ip6(&out->address), u8_t(out->scope_id));
  return true;
}

LinkScope link_scope(const InetEndpoint& endpoint) {
  if (!IP_IS_V6_VAL(endpoint.address)) return LinkScope::NotNeeded;
  const ip6_addr_t* a = ip_2_ip6(&endpoint.address);
  if (!ip6_addr_has_scope(a, IP6_UNKNOWN) || ip6_addr_has_zone(a)) return LinkScope::NotNeeded;
  return endpoint.scope_id == 0 ? LinkScope::Missing : LinkScope::NoSuchLink;
}

void encode_inet(const ip_addr_t* address, uint16_t port, uint16_t socket_family, SocketAddress* out) {
  __builtin_memset(out->bytes, 0, sizeof out->bytes);
  if (socket_family == kAfInet) {
    LinuxSockaddrIn sin{};
    sin.sin_family = kAfInet;
    sin.sin_port = to_network16(port);
    if (address && IP_IS_V4(address)) sin.sin_addr = ip4_addr_get_u32(ip_2_ip4(address));
    __builtin_memcpy(out->bytes, &sin, sizeof sin);
    out->length = sizeof sin;
    return;
  }
  LinuxSockaddrIn6 sin6{};
  sin6.sin6_family = kAfInet6;
  sin6.sin6_port = to_network16(port);
  if (address && IP_IS_V4(address)) {
    uint32_t v4 = ip4_addr_get_u32(ip_2_ip4(address));
    if (v4 != 0) {  // 0.0.0.0 shows as ::, the wildcard
      sin6.sin6_addr[10] = 0xff;
      sin6.sin6_addr[11] = 0xff;
      __builtin_memcpy(sin6.sin6_addr + 12, &v4, 4);
    }
  } else if (address && IP_IS_V6(address)) {
    __builtin_memcpy(sin6.sin6_addr, ip_2_ip6(address)->addr, 16);
    sin6.sin6_scope_id = ip6_addr_zone(ip_2_ip6(address));  // 0 when unzoned
  }
  __builtin_memcpy(out->bytes, &sin6, sizeof sin6);
  out->length = sizeof sin6;
}

const ip_addr_t* any_of_type(u8_t type) {
  if (type == IPADDR_TYPE_V4) return IP4_ADDR_ANY;
  if (type == IPADDR_TYPE_V6) return IP6_ADDR_ANY;
  return IP_ANY_TYPE;
}

KResult<InetEndpoint> decode_bind_address(const SocketAddress& in, uint16_t socket_family, bool v6only) {
  InetEndpoint endpoint;
  if (!decode_inet(in, socket_family, v6only, &endpoint)) return KError{EINVAL};
  if (endpoint.port != 0 && endpoint.port < 1024 && proc::current()->cred.euid != 0) return KError{EACCES};
  if (link_scope(endpoint) == LinkScope::Missing) return KError{EINVAL};
  return endpoint;
}

}  // namespace net
