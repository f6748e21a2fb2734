// What the kernel knows of its neighbours: whether the link-layer address
// of the next hop toward a destination has been resolved, by ARP for IPv4
// (lwIP's etharp.c) or Neighbor Discovery for IPv6 (lwIP's nd6.c).
//
// lwIP resolves by itself and tells nobody when it gives up: the packet
// queued on the entry is freed with it (etharp_free_entry,
// nd6_free_neighbor_cache_entry). Linux instead reports the failure to the
// sender (arp_error_report / ndisc_error_report → an ICMP host unreachable
// to itself), which ends a TCP connect with EHOSTUNREACH (conditions.md
// B7). The socket layer asks here, once a second, to do the same
// (inet_stream_connect.cpp, on_poll).
//
// Only reads lwIP's tables (never changes them); under the network lock.
#pragma once

#include "lwip/ip_addr.h"
#include "lwip/netif.h"

namespace net {

enum class NextHopLink {
  Resolved,       // the next hop has a usable link-layer address: packets go out
  Unresolved,     // an Ethernet next hop with no usable entry: being asked, or given up on
  NotApplicable,  // nothing to resolve, or nothing to tell: loopback, this machine's own
                  // address, broadcast or multicast, no gateway, no route known
};

// The state of the next hop that `netif` sends `destination`'s packets to:
// the destination itself when it is on the link (the interface's IPv4
// subnet, an IPv6 link-local or on-link address), else the gateway.
NextHopLink next_hop_link(struct netif* netif, const ip_addr_t& destination);

}  // namespace net
