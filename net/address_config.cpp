// How an Ethernet interface gets its addresses.
//
// IPv4: DHCP by default. dhcp_start() only sends the first DISCOVER; the
// rest of the exchange (OFFER, REQUEST, ACK, then an ARP probe that nobody
// else holds the address) runs in the net thread as packets and timers
// arrive, so boot never waits for it. A static address for eth0 can be
// given on the kernel command line instead, one word per interface
// (net/static_ipv4.h parses them):
//
//   net.ip=10.0.2.15/24,10.0.2.2      eth0: address/prefix length, gateway
//   net.ip=192.168.1.5/24             eth0, no gateway: no default route
//   net.ip=eth1:192.168.77.2/24       eth1 (./tether run --peer gives this)
//
// IPv6: a link-local address (fe80:: and the MAC, RFC 4862/4291), always;
// and stateless autoconfiguration (SLAAC): lwIP sends a router
// solicitation and forms an address from each prefix a router advertises.
#include "kernel/boot_args.h"
#include "kernel/printk.h"
#include "lwip/dhcp.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "net/ethernet_interface.h"
#include "net/static_ipv4.h"

namespace net {
namespace {

ip4_addr_t ipv4(const uint8_t bytes[4]) {
  ip4_addr_t a;
  IP4_ADDR(&a, bytes[0], bytes[1], bytes[2], bytes[3]);
  return a;
}

}  // namespace

void configure_addresses(EthernetInterface* interface) {
  struct netif* netif = interface->netif();

  netif_create_ip6_linklocal_address(netif, /*from_mac_48bit=*/1);
  netif_set_ip6_autoconfig_enabled(netif, 1);

  StaticIpv4 fixed;
  switch (find_static_ipv4(boot_args::command_line(), interface->name(), &fixed)) {
    case StaticIpv4Found::Found: {
      ip4_addr_t address = ipv4(fixed.address), netmask = ipv4(fixed.netmask), gateway = ipv4(fixed.gateway);
      netif_set_addr(netif, &address, &netmask, &gateway);
      return;
    }
    case StaticIpv4Found::Malformed:
      printk("net: %s: ignoring net.ip= (expected net.ip=[%s:]ADDR/PREFIX[,GATEWAY]); using DHCP", interface->name(),
             interface->name());
      break;
    case StaticIpv4Found::None:
      break;
  }
  if (dhcp_start(netif) != ERR_OK) printk("net: %s: cannot start DHCP (out of memory)", interface->name());
}

}  // namespace net
