// The interfaces by Linux's names and indexes (interfaces.h), and what
// /proc/net shows of them (net.h): counters, routes, IPv6 addresses.
#include "net/interfaces.h"

#include "kernel/lib/string.h"
#include "lwip/ip4_addr.h"
#include "lwip/ip6_addr.h"
#include "lwip/stats.h"
#include "net/ethernet_interface.h"
#include "net/lwip/net_lock.h"
#include "net/net.h"

namespace net {

namespace {

// lo's totals, 64-bit, and what lwIP's 32-bit counters said when they were
// last folded in (account_loopback).
InterfaceCounters loopback_totals;
struct stats_mib2_netif_ctrs loopback_seen = {};

void fold(uint64_t* total, uint32_t* seen, uint32_t now) {
  *total += uint32_t(now - *seen);  // modulo 2^32: right across a wrap
  *seen = now;
}

}  // namespace

struct netif* loopback_netif() {
  // lwIP keeps its loopback netif to itself (netif.c's loop_netif); it is
  // the only one named "lo" (an EthernetInterface is "et").
  struct netif* netif;
  NETIF_FOREACH(netif) {
    if (is_loopback(netif)) return netif;
  }
  return nullptr;
}

bool is_loopback(const struct netif* netif) { return netif->name[0] == 'l' && netif->name[1] == 'o'; }

void interface_name(const struct netif* netif, char out[kInterfaceNameSize]) {
  if (is_loopback(netif)) {
    strlcpy(out, "lo", kInterfaceNameSize);
    return;
  }
  for (EthernetInterface* i = EthernetInterface::first(); i; i = i->next_interface()) {
    if (i->netif() == netif) {
      strlcpy(out, i->name(), kInterfaceNameSize);
      return;
    }
  }
  // A netif nobody here added: lwIP's own name, so it is never nameless.
  out[0] = netif->name[0];
  out[1] = netif->name[1];
  out[2] = char('0' + netif->num % 10);
  out[3] = '\0';
}

struct netif* interface_by_index(int index) {
  if (index < 1 || index > 255) return nullptr;  // lwIP's indexes are one byte, 0 meaning none
  return netif_get_by_index(uint8_t(index));
}

struct netif* interface_by_name(const char* name) {
  struct netif* netif;
  char candidate[kInterfaceNameSize];
  NETIF_FOREACH(netif) {
    interface_name(netif, candidate);
    if (strcmp(candidate, name) == 0) return netif;
  }
  return nullptr;
}

struct netif* next_interface(int after) {
  // lwIP's list is newest first; Linux lists by index.
  struct netif* best = nullptr;
  struct netif* netif;
  NETIF_FOREACH(netif) {
    int index = index_of(netif);
    if (index > after && (!best || index < index_of(best))) best = netif;
  }
  return best;
}

void account_loopback() {
  struct netif* lo = loopback_netif();
  if (!lo) return;
  const struct stats_mib2_netif_ctrs& now = lo->mib2_counters;
  fold(&loopback_totals.rx_bytes, &loopback_seen.ifinoctets, now.ifinoctets);
  fold(&loopback_totals.rx_packets, &loopback_seen.ifinucastpkts, now.ifinucastpkts);
  fold(&loopback_totals.tx_bytes, &loopback_seen.ifoutoctets, now.ifoutoctets);
  fold(&loopback_totals.tx_packets, &loopback_seen.ifoutucastpkts, now.ifoutucastpkts);
  // A packet lwIP could not queue (no memory, or LWIP_LOOPBACK_MAX_PBUFS
  // already waiting) was dropped on the way out.
  fold(&loopback_totals.tx_dropped, &loopback_seen.ifoutdiscards, now.ifoutdiscards);
}

size_t snapshot_interfaces(InterfaceStats* out, size_t max) {
  Lock lock;  // the counters of every interface at one instant
  account_loopback();
  size_t n = 0;
  for (struct netif* netif = next_interface(0); netif && n < max; netif = next_interface(index_of(netif))) {
    interface_name(netif, out[n].name);
    out[n].counters = is_loopback(netif) ? loopback_totals : InterfaceCounters{};
    for (EthernetInterface* i = EthernetInterface::first(); i; i = i->next_interface()) {
      if (i->netif() == netif) out[n].counters = i->counters;
    }
    n++;
  }
  return n;
}

// lwIP's ip4_route() decides in this order, and the table says the same:
//   1. an interface that is up, has its link up and an address, and whose
//      subnet holds the destination (lo's 127.0.0.0/8 included: lwIP has
//      no separate "local" table, unlike Linux, whose /proc/net/route
//      leaves lo out);
//   2. else the default interface (netif_default, eth0), if up with its link
//      up and an address; etharp_output() then sends to its gateway, and
//      with no gateway refuses (ERR_RTE): so no gateway, no default route.
// The table lists the default route first, as Linux's does.
size_t snapshot_routes(RouteEntry* out, size_t max) {
  Lock lock;
  size_t n = 0;
  auto usable = [](struct netif* netif) {
    return netif_is_up(netif) && netif_is_link_up(netif) && !ip4_addr_isany_val(*netif_ip4_addr(netif));
  };
  struct netif* fallback = netif_default;
  if (fallback && usable(fallback) && !ip4_addr_isany_val(*netif_ip4_gw(fallback)) && n < max) {
    interface_name(fallback, out[n].interface);
    out[n].destination = 0;
    out[n].netmask = 0;
    out[n].gateway = ip4_addr_get_u32(netif_ip4_gw(fallback));
    n++;
  }
  for (struct netif* netif = next_interface(0); netif && n < max; netif = next_interface(index_of(netif))) {
    if (!usable(netif)) continue;
    interface_name(netif, out[n].interface);
    out[n].netmask = ip4_addr_get_u32(netif_ip4_netmask(netif));
    out[n].destination = ip4_addr_get_u32(netif_ip4_addr(netif)) & out[n].netmask;
    out[n].gateway = 0;
    n++;
  }
  return n;
}

size_t snapshot_inet6_addresses(Inet6AddressEntry* out, size_t max) {
  Lock lock;
  size_t n = 0;
  for (struct netif* netif = next_interface(0); netif; netif = next_interface(index_of(netif))) {
    for (int slot = 0; slot < LWIP_IPV6_NUM_ADDRESSES && n < max; slot++) {
      uint8_t state = netif_ip6_addr_state(netif, slot);
      if (ip6_addr_isinvalid(state)) continue;
      const ip6_addr_t* address = netif_ip6_addr(netif, slot);
      Inet6AddressEntry& e = out[n++];
      memcpy(e.address, address->addr, sizeof e.address);
      e.index = index_of(netif);
      interface_name(netif, e.interface);
      // lwIP forms addresses of /64 prefixes only (link-local from the MAC,
      // and SLAAC, which nd6.c accepts for 64-bit prefixes alone); ::1 is
      // the one host address.
      bool host = ip6_addr_isloopback(address);
      e.prefix_length = host ? 128 : 64;
      e.scope = host ? 0x10 : ip6_addr_islinklocal(address) ? 0x20 : ip6_addr_issitelocal(address) ? 0x40 : 0x00;
      e.flags = 0;
      // An address with no lifetime (link-local, ::1) stays: "permanent"
      // in Linux's words. SLAAC addresses expire, as on Linux, and are
      // deprecated once their preferred lifetime is over (lwIP's VALID
      // without PREFERRED; lwIP also leaves ::1 merely VALID, which is not
      // that).
      bool permanent = ip6_addr_life_isstatic(netif_ip6_addr_valid_life(netif, slot));
      if (permanent) e.flags |= 0x80;
      if (ip6_addr_istentative(state)) e.flags |= 0x40;
      if (!permanent && ip6_addr_isdeprecated(state)) e.flags |= 0x20;
      if (ip6_addr_isduplicated(state)) e.flags |= 0x08;
    }
  }
  return n;
}

bool is_local_address(const ip_addr_t& address) {
  bool v4 = IP_IS_V4_VAL(address);
  if (v4 && ip4_addr_isloopback(ip_2_ip4(&address))) return true;
  struct netif* netif;
  NETIF_FOREACH(netif) {
    if (v4) {
      if (ip4_addr_cmp(netif_ip4_addr(netif), ip_2_ip4(&address))) return true;
    } else if (netif_get_ip6_addr_match(netif, ip_2_ip6(&address)) >= 0) {
      return true;
    }
  }
  return false;
}

bool destination_behind_down_interface(const ip_addr_t* destination) {
  struct netif* netif;
  NETIF_FOREACH(netif) {
    if (netif_is_up(netif)) continue;
    if (IP_IS_V4(destination)) {
      const ip4_addr_t* to = ip_2_ip4(destination);
      if (is_loopback(netif) && ip4_addr_isloopback(to)) return true;
      const ip4_addr_t* own = netif_ip4_addr(netif);
      if (!ip4_addr_isany(own) && ip4_addr_netcmp(to, own, netif_ip4_netmask(netif))) return true;
    } else {
      const ip6_addr_t* to = ip_2_ip6(destination);
      if (is_loopback(netif) && ip6_addr_isloopback(to)) return true;
      for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
        if (ip6_addr_isvalid(netif_ip6_addr_state(netif, i)) && ip6_addr_netcmp(to, netif_ip6_addr(netif, i)))
          return true;
      }
    }
    if (netif == netif_default) return true;  // the default route leads through it
  }
  return false;
}

}  // namespace net
