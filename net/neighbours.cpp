// Whether a next hop is resolved (neighbours.h), read from lwIP's ARP table
// and ND caches the way lwIP's own output path reads them.
#include "net/neighbours.h"

#include "lwip/etharp.h"
#include "lwip/priv/nd6_priv.h"
#include "net/interfaces.h"

namespace net {
namespace {

// etharp_output's choice of next hop: the destination if it is in the
// interface's subnet (or 169.254/16), else the interface's gateway.
NextHopLink ipv4_next_hop(struct netif* netif, const ip4_addr_t* destination) {
  if (!(netif->flags & NETIF_FLAG_ETHARP)) return NextHopLink::NotApplicable;  // lo
  if (ip4_addr_isbroadcast(destination, netif) || ip4_addr_ismulticast(destination))
    return NextHopLink::NotApplicable;
  const ip4_addr_t* hop = destination;
  if (!ip4_addr_netcmp(destination, netif_ip4_addr(netif), netif_ip4_netmask(netif)) &&
      !ip4_addr_islinklocal(destination)) {
    if (ip4_addr_isany_val(*netif_ip4_gw(netif))) return NextHopLink::NotApplicable;  // lwIP: ERR_RTE
    hop = netif_ip4_gw(netif);
  }
  // etharp_find_addr answers only for a stable entry (a MAC address known);
  // a pending one, still being asked, and none at all look the same.
  struct eth_addr* mac;
  const ip4_addr_t* found;
  return etharp_find_addr(netif, hop, &mac, &found) >= 0 ? NextHopLink::Resolved : NextHopLink::Unresolved;
}

// nd6_get_next_hop_entry's choice, which lwIP records in its destination
// cache (destination → next hop) at the first packet; the neighbour cache
// then holds the next hop's state. lwIP has no call that reads either, so
// this reads the tables nd6_priv.h exports.
NextHopLink ipv6_next_hop(struct netif* netif, const ip6_addr_t* destination) {
  if (!(netif->flags & NETIF_FLAG_ETHERNET)) return NextHopLink::NotApplicable;  // lo
  if (ip6_addr_ismulticast(destination)) return NextHopLink::NotApplicable;
  const ip6_addr_t* hop = nullptr;
  for (int i = 0; i < LWIP_ND6_NUM_DESTINATIONS; i++) {
    if (ip6_addr_cmp(destination, &destination_cache[i].destination_addr)) {
      hop = &destination_cache[i].next_hop_addr;
      break;
    }
  }
  // No entry: nothing was sent yet, or lwIP recycled it for another
  // destination. Either way, nothing to tell.
  if (!hop) return NextHopLink::NotApplicable;
  for (int i = 0; i < LWIP_ND6_NUM_NEIGHBORS; i++) {
    const nd6_neighbor_cache_entry& n = neighbor_cache[i];
    if (n.state == ND6_NO_ENTRY || n.netif != netif || !ip6_addr_cmp(hop, &n.next_hop_address)) continue;
    // REACHABLE, STALE, DELAY and PROBE all have an address packets use
    // (RFC 4861 7.3.2); INCOMPLETE is still asking.
    return n.state == ND6_INCOMPLETE ? NextHopLink::Unresolved : NextHopLink::Resolved;
  }
  // nd6_tmr freed the entry after LWIP_ND6_MAX_MULTICAST_SOLICIT unanswered
  // solicitations.
  return NextHopLink::Unresolved;
}

}  // namespace

NextHopLink next_hop_link(struct netif* netif, const ip_addr_t& destination) {
  // A packet to one of our own addresses is looped back (ip4_output_if,
  // ip6_output_if with LWIP_NETIF_LOOPBACK), never resolved.
  if (!netif || is_local_address(destination)) return NextHopLink::NotApplicable;
  if (IP_IS_V4_VAL(destination)) return ipv4_next_hop(netif, ip_2_ip4(&destination));
  return ipv6_next_hop(netif, ip_2_ip6(&destination));
}

}  // namespace net
