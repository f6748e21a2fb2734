// The kernel log's lines about interfaces, one per event that matters:
//
//   net: eth0 52:54:00:12:34:56 up, 10.0.2.15/24 gw 10.0.2.2 (DHCP)
//   net: eth0 inet6 fe80::5054:ff:fe12:3456 (link-local)
//   net: eth0 link down
//
// lwIP reports every change of link or address on every netif through one
// "extended status callback"; this file is that callback.
#include "kernel/printk.h"
#include "lwip/dhcp.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "net/ethernet_interface.h"

namespace net {
namespace {

netif_ext_callback_t callback;

EthernetInterface* interface_of(struct netif* netif) {
  for (EthernetInterface* i = EthernetInterface::first(); i; i = i->next_interface()) {
    if (i->netif() == netif) return i;
  }
  return nullptr;  // lo
}

int prefix_length(const ip4_addr_t* netmask) {
  uint32_t mask = lwip_ntohl(ip4_addr_get_u32(netmask));
  int n = 0;
  while (mask & 0x80000000u) {
    n++;
    mask <<= 1;
  }
  return n;
}

void log_ipv4(EthernetInterface* interface) {
  struct netif* netif = interface->netif();
  const uint8_t* mac = interface->mac();
  char address[IP4ADDR_STRLEN_MAX], gateway[IP4ADDR_STRLEN_MAX];
  ip4addr_ntoa_r(netif_ip4_addr(netif), address, sizeof address);
  ip4addr_ntoa_r(netif_ip4_gw(netif), gateway, sizeof gateway);
  printk("net: %s %02x:%02x:%02x:%02x:%02x:%02x up, %s/%d gw %s (%s)", interface->name(), mac[0], mac[1], mac[2],
         mac[3], mac[4], mac[5], address, prefix_length(netif_ip4_netmask(netif)), gateway,
         dhcp_supplied_address(netif) ? "DHCP" : "static");
}

void log_ipv6(EthernetInterface* interface, int index) {
  struct netif* netif = interface->netif();
  const ip6_addr_t* address = netif_ip6_addr(netif, index);
  char text[IP6ADDR_STRLEN_MAX];
  ip6addr_ntoa_r(address, text, sizeof text);
  // lwIP writes hex digits in capitals; RFC 5952 4.3 (and every other
  // system's log) wants them small.
  for (char* c = text; *c; c++) {
    if (*c >= 'A' && *c <= 'F') *c = char(*c - 'A' + 'a');
  }
  printk("net: %s inet6 %s (%s)", interface->name(), text,
         ip6_addr_islinklocal(address) ? "link-local" : "autoconfigured");
}

void on_change(struct netif* netif, netif_nsc_reason_t reason, const netif_ext_callback_args_t* args) {
  EthernetInterface* interface = interface_of(netif);
  if (!interface) return;

  if (reason & LWIP_NSC_LINK_CHANGED) {
    printk("net: %s link %s", interface->name(), args->link_changed.state ? "up" : "down");
  }
  constexpr netif_nsc_reason_t kIpv4Changes =
      LWIP_NSC_IPV4_ADDRESS_CHANGED | LWIP_NSC_IPV4_NETMASK_CHANGED | LWIP_NSC_IPV4_GATEWAY_CHANGED;
  if (reason & kIpv4Changes) {
    if (ip4_addr_isany_val(*netif_ip4_addr(netif))) {
      printk("net: %s has no IPv4 address now", interface->name());
    } else {
      log_ipv4(interface);
    }
  }
  if (reason & LWIP_NSC_IPV6_ADDR_STATE_CHANGED) {
    int index = args->ipv6_addr_state_changed.addr_index;
    bool was_valid = ip6_addr_isvalid(args->ipv6_addr_state_changed.old_state);
    bool is_valid = ip6_addr_isvalid(netif_ip6_addr_state(netif, index));
    // Valid: duplicate address detection found no one else using it.
    if (is_valid && !was_valid) log_ipv6(interface, index);
  }
}

}  // namespace

void start_interface_log() { netif_add_ext_callback(&callback, on_change); }

}  // namespace net
