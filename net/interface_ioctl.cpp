// The interface ioctls (netdevice(7)): SIOCGIFCONF, SIOCGIFNAME,
// SIOCGIFINDEX, SIOCG/SIFFLAGS, SIOCG/SIFADDR, SIOCG/SIFNETMASK,
// SIOCGIFBRDADDR, SIOCGIFMTU, SIOCGIFHWADDR; the route requests SIOCADDRT
// and SIOCDELRT go on to route_ioctl.cpp.
//
// Each request is done the way Linux's devinet_ioctl() and dev_ioctl() do
// it, in the same order of checks, so a program sees the same errno on
// both systems:
//   1. copy the struct ifreq in (EFAULT), and end the name at IFNAMSIZ-1;
//   2. a set request needs root (EPERM; Linux: CAP_NET_ADMIN), and an
//      address it sets must be AF_INET (EINVAL);
//   3. find the interface (ENODEV);
//   4. under the network lock, read or change lwIP's netif;
//   5. copy the answer out (EFAULT), after the lock is released.
#include "net/interface_ioctl.h"

#include "kernel/lib/string.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "libc/include/bits/sockios.h"
#include "lwip/dhcp.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "net/interfaces.h"
#include "net/lwip/net_lock.h"
#include "net/route_ioctl.h"
#include "net/socket/socket.h"

namespace net {
namespace {

// Linux x86-64's layouts (include/uapi/linux/if.h; libc's <net/if.h>).
struct LinuxSockaddr {
  uint16_t family;
  uint8_t data[14];  // for AF_INET: the port (2 bytes), then the address
};

struct LinuxIfreq {
  char name[kInterfaceNameSize];
  union {
    LinuxSockaddr address;
    int16_t flags;
    int32_t value;  // ifr_ifindex, ifr_mtu
    uint8_t bytes[24];  // the union is as big as its largest member, struct ifmap
  };
};
static_assert(sizeof(LinuxIfreq) == 40, "struct ifreq is 40 bytes on x86-64");

struct LinuxIfconf {
  int32_t length;  // ifc_len
  uint32_t padding;
  uint64_t buffer;  // ifc_buf: an array of struct ifreq
};
static_assert(sizeof(LinuxIfconf) == 16, "struct ifconf is 16 bytes on x86-64");

// <net/if.h> and <net/if_arp.h>.
constexpr int kIffUp = 0x1, kIffBroadcast = 0x2, kIffLoopback = 0x8, kIffRunning = 0x40, kIffMulticast = 0x1000;
// The flags SIOCSIFFLAGS may change on Linux (dev_change_flags); the rest
// (RUNNING, LOOPBACK, BROADCAST, ...) describe the device and are ignored.
constexpr int kIffChangeable = 0x1 | 0x4 | 0x20 | 0x80 | 0x100 | 0x200 | 0x1000 | 0x2000 | 0x4000 | 0x8000;
constexpr uint16_t kArphrdEther = 1, kArphrdLoopback = 772;

// The flags of netdevice(7) that describe a netif.
int flags_of(const struct netif* netif) {
  int flags = 0;
  if (netif_is_up(netif)) flags |= kIffUp;
  // "Resources allocated": Linux sets it while the device is up with a
  // carrier; lwIP routes over a netif only then too.
  if (netif_is_up(netif) && netif_is_link_up(netif)) flags |= kIffRunning;
  if (netif->flags & NETIF_FLAG_BROADCAST) flags |= kIffBroadcast;
  if (is_loopback(netif)) flags |= kIffLoopback;
  if (netif->flags & (NETIF_FLAG_IGMP | NETIF_FLAG_MLD6)) flags |= kIffMulticast;
  return flags;
}

void put_ipv4(LinuxSockaddr* out, uint32_t network_order) {
  memset(out, 0, sizeof *out);
  out->family = abi::kAfInet;
  memcpy(out->data + 2, &network_order, 4);  // sin_port stays 0
}

uint32_t get_ipv4(const LinuxSockaddr& in) {
  uint32_t network_order;
  memcpy(&network_order, in.data + 2, 4);
  return network_order;
}

// The length of the classful network of an address (Linux's
// inet_abc_len), or -1 for an address no interface can hold as its own
// (multicast, class E, the limited broadcast).
int classful_prefix(uint32_t network_order) {
  uint32_t host = lwip_ntohl(network_order);
  if (host == 0) return 0;
  if ((host & 0x80000000u) == 0) return 8;            // class A
  if ((host & 0xc0000000u) == 0x80000000u) return 16;  // class B
  if ((host & 0xe0000000u) == 0xc0000000u) return 24;  // class C
  return -1;
}

// Contiguous ones, then zeros (Linux's bad_mask()).
bool is_valid_netmask(uint32_t network_order) {
  uint32_t inverted = ~lwip_ntohl(network_order);
  return (inverted & (inverted + 1)) == 0;
}

uint32_t mask_of_prefix(int prefix) { return prefix == 0 ? 0 : lwip_htonl(~0u << (32 - prefix)); }

bool has_ipv4_address(const struct netif* netif) { return !ip4_addr_isany_val(*netif_ip4_addr(netif)); }

// SIOCSIFADDR. As on Linux: the same address again changes nothing; a new
// one comes with its classful netmask (set SIOCSIFNETMASK after it, as
// ifconfig does); 0.0.0.0 removes the address.
KStatus set_address(struct netif* netif, uint32_t network_order) {
  if (ip4_addr_get_u32(netif_ip4_addr(netif)) == network_order) return ok();
  int prefix = classful_prefix(network_order);
  if (prefix < 0) return KError{EINVAL};
  // A static address replaces DHCP: lwIP's client would otherwise put its
  // lease back at the next renewal. Stopping it releases the lease, and
  // with it DHCP's gateway, so the default route goes too (on Linux it
  // goes with the address it depended on).
  dhcp_release_and_stop(netif);
  ip4_addr_t address, netmask;
  ip4_addr_set_u32(&address, network_order);
  ip4_addr_set_u32(&netmask, mask_of_prefix(prefix));
  netif_set_addr(netif, &address, &netmask, netif_ip4_gw(netif));
  return ok();
}

// SIOCSIFFLAGS: up and down are lwIP's netif_set_up/down (a netif that is
// down is never routed over; its addresses stay, as on Linux).
KStatus set_flags(struct netif* netif, int requested) {
  int current = flags_of(netif);
  int changes = (requested ^ current) & kIffChangeable;
  // Promiscuous mode, ALLMULTI, NOARP...: the driver and lwIP have no such
  // switch. Refused rather than pretended.
  if (changes & ~kIffUp) return KError{EOPNOTSUPP};
  if (!(changes & kIffUp)) return ok();
  if (requested & kIffUp) {
    netif_set_up(netif);
    // As lwIP does when a link comes back: a DHCP client that was running
    // checks its lease again (nothing happens if DHCP is off).
    dhcp_network_changed(netif);
  } else {
    netif_set_down(netif);
  }
  return ok();
}

// SIOCGIFCONF (netdevice(7)): one struct ifreq (name, IPv4 address) per
// interface that has an IPv4 address, as many as fit in ifc_len bytes;
// ifc_len becomes the bytes used. With ifc_buf NULL, ifc_len becomes the
// size the whole list needs.
KResult<long> list_ipv4_interfaces(uint64_t user_ifconf) {
  LinuxIfconf conf;
  TRY(uaccess::get(&conf, user_ifconf));

  constexpr int kMax = 16;
  LinuxIfreq entries[kMax];
  int count = 0;
  {
    Lock lock;
    for (struct netif* n = next_interface(0); n && count < kMax; n = next_interface(index_of(n))) {
      if (!has_ipv4_address(n)) continue;
      LinuxIfreq& e = entries[count++];
      memset(&e, 0, sizeof e);
      interface_name(n, e.name);
      put_ipv4(&e.address, ip4_addr_get_u32(netif_ip4_addr(n)));
    }
  }

  int used = 0;
  if (conf.buffer == 0) {
    used = count * int(sizeof(LinuxIfreq));
  } else {
    // Entries that do not fit are left out, without an error (Linux's
    // inet_gifconf).
    for (int i = 0; i < count && conf.length - used >= int(sizeof(LinuxIfreq)); i++) {
      TRY(uaccess::put(conf.buffer + uint64_t(used), entries[i]));
      used += int(sizeof(LinuxIfreq));
    }
  }
  conf.length = used;
  TRY(uaccess::put(user_ifconf, conf));
  return 0;
}

bool is_set_request(unsigned long request) {
  return request == SIOCSIFFLAGS || request == SIOCSIFADDR || request == SIOCSIFNETMASK;
}

// The IPv4 address requests, which Linux answers on AF_INET sockets only
// (devinet_ioctl, reached from inet_ioctl).
bool is_ipv4_address_request(unsigned long request) {
  return request == SIOCGIFADDR || request == SIOCSIFADDR || request == SIOCGIFNETMASK ||
         request == SIOCSIFNETMASK || request == SIOCGIFBRDADDR;
}

bool is_implemented(unsigned long request) {
  switch (request) {
    case SIOCGIFNAME:
    case SIOCGIFINDEX:
    case SIOCGIFFLAGS:
    case SIOCSIFFLAGS:
    case SIOCGIFMTU:
    case SIOCGIFHWADDR:
      return true;
    default:
      return is_ipv4_address_request(request);
  }
}

// Steps 3 and 4 for a request on one named interface (not SIOCGIFNAME),
// under the lock. Fills `r` with the answer of a get request.
KStatus on_interface(unsigned long request, LinuxIfreq& r) {
  struct netif* netif = interface_by_name(r.name);
  if (!netif) return KError{ENODEV};
  if (is_ipv4_address_request(request) && request != SIOCSIFADDR && !has_ipv4_address(netif))
    return KError{EADDRNOTAVAIL};

  uint32_t address = ip4_addr_get_u32(netif_ip4_addr(netif));
  uint32_t netmask = ip4_addr_get_u32(netif_ip4_netmask(netif));
  switch (request) {
    case SIOCGIFINDEX:
      r.value = index_of(netif);
      return ok();
    case SIOCGIFFLAGS:
      r.flags = int16_t(flags_of(netif));
      return ok();
    case SIOCSIFFLAGS:
      return set_flags(netif, uint16_t(r.flags));
    case SIOCGIFMTU:
      // lwIP's 0 means "no limit" (its loopback netif, which never
      // fragments): the largest IPv4 datagram is then the limit.
      r.value = netif->mtu ? netif->mtu : 65535;
      return ok();
    case SIOCGIFHWADDR:
      memset(&r.address, 0, sizeof r.address);
      if (is_loopback(netif)) {
        r.address.family = kArphrdLoopback;  // no link-layer address: zeros
      } else {
        r.address.family = kArphrdEther;
        memcpy(r.address.data, netif->hwaddr, netif->hwaddr_len);
      }
      return ok();
    case SIOCGIFADDR:
      put_ipv4(&r.address, address);
      return ok();
    case SIOCGIFNETMASK:
      put_ipv4(&r.address, netmask);
      return ok();
    case SIOCGIFBRDADDR:
      // lwIP has no broadcast address of its own: it takes the subnet's
      // (ip4_addr_isbroadcast). An interface without broadcast (lo) has
      // none, which Linux reports as 0.0.0.0.
      put_ipv4(&r.address, (netif->flags & NETIF_FLAG_BROADCAST) ? (address | ~netmask) : 0);
      return ok();
    case SIOCSIFADDR:
      return set_address(netif, get_ipv4(r.address));
    case SIOCSIFNETMASK: {
      uint32_t mask = get_ipv4(r.address);
      if (!is_valid_netmask(mask)) return KError{EINVAL};
      ip4_addr_t value;
      ip4_addr_set_u32(&value, mask);
      netif_set_netmask(netif, &value);
      return ok();
    }
    default:
      return KError{ENOTTY};
  }
}

}  // namespace

bool is_interface_ioctl(unsigned long request) { return request >= __SIOC_FIRST && request <= __SIOC_LAST; }

KResult<long> interface_ioctl(unsigned long request, uint64_t arg, int socket_domain) {
  if (request == SIOCGIFCONF) return list_ipv4_interfaces(arg);
  // Routes are IPv4's (an AF_INET6 socket's SIOCADDRT takes another struct).
  if (is_route_ioctl(request)) {
    if (socket_domain != abi::kAfInet) return KError{ENOTTY};
    return route_ioctl(request, arg);
  }
  // Linux answers ENOTTY to the requests it has no handler for, and to
  // the address requests on a socket that is not AF_INET.
  if (!is_implemented(request)) return KError{ENOTTY};
  if (is_ipv4_address_request(request) && socket_domain != abi::kAfInet) return KError{ENOTTY};

  LinuxIfreq r;
  TRY(uaccess::get(&r, arg));
  r.name[kInterfaceNameSize - 1] = '\0';
  if (is_set_request(request)) {
    if (!proc::current()->cred.is_root()) return KError{EPERM};
    if ((request == SIOCSIFADDR || request == SIOCSIFNETMASK) && r.address.family != abi::kAfInet)
      return KError{EINVAL};
  }

  KStatus status = ok();
  {
    Lock lock;
    if (request == SIOCGIFNAME) {
      struct netif* netif = interface_by_index(r.value);
      if (netif)
        interface_name(netif, r.name);
      else
        status = KError{ENODEV};
    } else {
      status = on_interface(request, r);
    }
  }
  TRY(status);
  if (!is_set_request(request)) TRY(uaccess::put(arg, r));
  return 0;
}

}  // namespace net
