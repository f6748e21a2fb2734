// How an Ethernet interface gets its addresses.
//
// IPv4: DHCP by default. dhcp_start() only sends the first DISCOVER; the
// rest of the exchange (OFFER, REQUEST, ACK, then an ARP probe that nobody
// else holds the address) runs in the net thread as packets and timers
// arrive, so boot never waits for it. A static address for eth0 can be
// given on the kernel command line instead:
//
//   net.ip=10.0.2.15/24,10.0.2.2      address/prefix length, gateway
//   net.ip=192.168.1.5/24             no gateway: no default route
//
// IPv6: a link-local address (fe80:: and the MAC, RFC 4862/4291), always;
// and stateless autoconfiguration (SLAAC): lwIP sends a router
// solicitation and forms an address from each prefix a router advertises.
#include "kernel/boot_args.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "lwip/dhcp.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "net/ethernet_interface.h"

namespace net {
namespace {

constexpr char kOption[] = "net.ip=";
constexpr size_t kOptionLength = sizeof kOption - 1;

struct StaticIpv4 {
  ip4_addr_t address;
  ip4_addr_t netmask;
  ip4_addr_t gateway;  // 0.0.0.0: none
};

// Copies text[0..length) into a NUL-terminated buffer for ip4addr_aton.
bool parse_ipv4(const char* text, size_t length, ip4_addr_t* out) {
  char buffer[16];
  if (length == 0 || length >= sizeof buffer) return false;
  memcpy(buffer, text, length);
  buffer[length] = '\0';
  return ip4addr_aton(buffer, out) != 0;
}

// "ADDR/PREFIX[,GW]" (the value of net.ip=, up to a blank or the end).
bool parse_static_ipv4(const char* value, size_t length, StaticIpv4* out) {
  const char* end = value + length;
  const char* slash = value;
  while (slash < end && *slash != '/') slash++;
  const char* comma = slash;
  while (comma < end && *comma != ',') comma++;
  if (slash == end) return false;
  if (!parse_ipv4(value, size_t(slash - value), &out->address)) return false;

  int prefix = 0;
  const char* digit = slash + 1;
  if (digit == comma) return false;
  for (; digit < comma; digit++) {
    if (*digit < '0' || *digit > '9') return false;
    prefix = prefix * 10 + (*digit - '0');
    if (prefix > 32) return false;
  }
  uint32_t mask = prefix == 0 ? 0 : ~0u << (32 - prefix);
  ip4_addr_set_u32(&out->netmask, lwip_htonl(mask));

  ip4_addr_set_zero(&out->gateway);
  if (comma < end && !parse_ipv4(comma + 1, size_t(end - comma - 1), &out->gateway)) return false;
  return true;
}

// Finds net.ip= among the blank-separated words of the command line.
// Returns false when absent; *malformed says whether it was there but bad.
bool static_ipv4_from_command_line(StaticIpv4* out, bool* malformed) {
  *malformed = false;
  const char* p = boot_args::command_line();
  while (*p) {
    while (*p == ' ') p++;
    const char* word = p;
    while (*p && *p != ' ') p++;
    size_t length = size_t(p - word);
    if (length >= kOptionLength && memcmp(word, kOption, kOptionLength) == 0) {
      if (parse_static_ipv4(word + kOptionLength, length - kOptionLength, out)) return true;
      *malformed = true;
      return false;
    }
  }
  return false;
}

}  // namespace

void configure_addresses(EthernetInterface* interface, int index) {
  struct netif* netif = interface->netif();

  netif_create_ip6_linklocal_address(netif, /*from_mac_48bit=*/1);
  netif_set_ip6_autoconfig_enabled(netif, 1);

  StaticIpv4 fixed;
  bool malformed = false;
  if (index == 0 && static_ipv4_from_command_line(&fixed, &malformed)) {
    netif_set_addr(netif, &fixed.address, &fixed.netmask, &fixed.gateway);
    return;
  }
  if (malformed) printk("net: ignoring net.ip= (expected net.ip=ADDR/PREFIX[,GATEWAY]); using DHCP");
  if (dhcp_start(netif) != ERR_OK) printk("net: %s: cannot start DHCP (out of memory)", interface->name());
}

}  // namespace net
