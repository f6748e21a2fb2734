#include "net/route_ioctl.h"

#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "libc/include/bits/sockios.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "net/interfaces.h"
#include "net/lwip/net_lock.h"
#include "net/socket/socket.h"

namespace net {
namespace {

// struct rtentry of Linux x86-64 (include/uapi/linux/route.h).
struct LinuxSockaddrIn {
  uint16_t family;
  uint16_t port;
  uint32_t address;  // network byte order
  uint8_t zero[8];
};

struct LinuxRtentry {
  uint64_t pad1;
  LinuxSockaddrIn destination;
  LinuxSockaddrIn gateway;
  LinuxSockaddrIn genmask;
  uint16_t flags;
  int16_t pad2;
  uint64_t pad3;
  uint64_t pad4;
  int16_t metric;
  uint64_t device;  // char *rt_dev: an interface name, or NULL
  uint64_t mtu;
  uint64_t window;
  uint16_t irtt;
};
static_assert(sizeof(LinuxRtentry) == 120, "struct rtentry is 120 bytes on x86-64");

constexpr uint16_t kRtfGateway = 0x2, kRtfHost = 0x4;  // RTF_GATEWAY, RTF_HOST

// The interface that is up and whose subnet holds `address` (network byte
// order), or nullptr.
struct netif* interface_on_subnet(uint32_t address) {
  struct netif* netif;
  NETIF_FOREACH(netif) {
    if (!netif_is_up(netif) || ip4_addr_isany_val(*netif_ip4_addr(netif))) continue;
    uint32_t mask = ip4_addr_get_u32(netif_ip4_netmask(netif));
    if ((ip4_addr_get_u32(netif_ip4_addr(netif)) & mask) == (address & mask)) return netif;
  }
  return nullptr;
}

// lwIP's default route is its default interface: ip4_route() sends what
// no subnet holds there, and etharp_output() on to its gateway.
bool has_default_route() {
  return netif_default && netif_is_up(netif_default) && !ip4_addr_isany_val(*netif_ip4_gw(netif_default));
}

KStatus add_default(struct netif* device, uint32_t gateway) {
  if (has_default_route()) return KError{EEXIST};
  struct netif* netif = interface_on_subnet(gateway);
  // "SIOCADDRT: Network is unreachable": the gateway must be on a link.
  if (!netif || (device && netif != device)) return KError{ENETUNREACH};
  ip4_addr_t value;
  ip4_addr_set_u32(&value, gateway);
  netif_set_gw(netif, &value);
  netif_set_default(netif);
  return ok();
}

KStatus delete_default(struct netif* device, uint32_t gateway) {
  if (!has_default_route()) return KError{ESRCH};
  if (device && device != netif_default) return KError{ESRCH};
  if (gateway && gateway != ip4_addr_get_u32(netif_ip4_gw(netif_default))) return KError{ESRCH};
  // Without a default interface ip4_route() finds nothing for an address
  // off every subnet, so connect answers ENETUNREACH at once (row B6), as
  // Linux does with no default route. (A default interface without a
  // gateway would take the packet and drop it later, in etharp_output.)
  netif_set_gw(netif_default, IP4_ADDR_ANY4);
  netif_set_default(nullptr);
  return ok();
}

// The route of a connected subnet: it is there while the interface is.
KStatus connected_route(unsigned long request, uint32_t destination, uint32_t mask) {
  struct netif* netif;
  NETIF_FOREACH(netif) {
    if (!netif_is_up(netif) || ip4_addr_isany_val(*netif_ip4_addr(netif))) continue;
    uint32_t own_mask = ip4_addr_get_u32(netif_ip4_netmask(netif));
    if (mask == own_mask && destination == (ip4_addr_get_u32(netif_ip4_addr(netif)) & own_mask))
      return KError{request == SIOCADDRT ? EEXIST : EOPNOTSUPP};  // lwIP cannot drop it
  }
  return KError{EOPNOTSUPP};  // no routing table: only connected subnets and one default route
}

}  // namespace

bool is_route_ioctl(unsigned long request) { return request == SIOCADDRT || request == SIOCDELRT; }

KResult<long> route_ioctl(unsigned long request, uint64_t arg) {
  // Linux's inet_ioctl copies the struct in before ip_rt_ioctl checks the
  // capability: EFAULT comes before EPERM.
  LinuxRtentry rt;
  TRY(uaccess::get(&rt, arg));
  if (!proc::current()->cred.is_root()) return KError{EPERM};
  // rtentry_to_fib_config's checks.
  if (rt.destination.family != abi::kAfInet) return KError{EAFNOSUPPORT};
  uint32_t destination = rt.destination.address;
  uint32_t mask = (rt.flags & kRtfHost) ? 0xffffffffu : rt.genmask.address;
  if (rt.genmask.family == abi::kAfInet && (destination & ~mask)) return KError{EINVAL};
  bool has_gateway = rt.gateway.family == abi::kAfInet && rt.gateway.address != 0;
  if (request == SIOCADDRT && (rt.flags & kRtfGateway) && !has_gateway) return KError{EINVAL};
  char name[kInterfaceNameSize] = {};
  if (rt.device) {
    KResult<size_t> copied = uaccess::copy_string_from_user(name, rt.device, sizeof name, ENODEV);
    if (copied.is_error()) return KError{copied.error()};
  }

  Lock lock;
  struct netif* device = nullptr;
  if (rt.device && !(device = interface_by_name(name))) return KError{ENODEV};
  if (destination == 0 && mask == 0) {
    if (request == SIOCADDRT) {
      // lwIP sends off-link traffic only through a gateway.
      if (!has_gateway) return KError{EOPNOTSUPP};
      TRY(add_default(device, rt.gateway.address));
    } else {
      TRY(delete_default(device, has_gateway ? rt.gateway.address : 0));
    }
    return 0;
  }
  TRY(connected_route(request, destination, mask));
  return 0;
}

}  // namespace net
