// The network stack's entry point for the rest of the kernel.
//
// kernel_main calls net::init() once, after the scheduler and syscalls are
// up: it starts lwIP (net/lwip/), checks the loopback interface, finds the
// NICs (net/virtio_net/) and starts the "net" kernel thread. It does not
// wait for the network: DHCP and IPv6 autoconfiguration finish in the
// background, and their results appear in the kernel log.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace net {
void init();

// An interface's counters, for /proc/net/dev (the columns of Linux's
// struct rtnl_link_stats64 that Tether has). Bytes are whole Ethernet
// frames, without the FCS (for lo: IP packets).
struct InterfaceCounters {
  uint64_t rx_bytes = 0;
  uint64_t rx_packets = 0;  // handed to lwIP
  uint64_t rx_errors = 0;   // malformed: too short, too long, a bad header from the device
  uint64_t rx_dropped = 0;  // well-formed, but no memory to keep them
  uint64_t tx_bytes = 0;
  uint64_t tx_packets = 0;  // given to the device
  uint64_t tx_errors = 0;   // refused: too long, or the device is gone
  uint64_t tx_dropped = 0;  // no room in the device's queue
};

struct InterfaceStats {
  char name[16];  // "lo", "eth0"
  InterfaceCounters counters;
};

// Copies the name and counters of up to max interfaces, in index order (lo
// first, then eth0, eth1...), taken at one instant. Returns how many it
// copied. lo's bytes are whole IP packets (it has no link header).
size_t snapshot_interfaces(InterfaceStats* out, size_t max);

// One route lwIP would take, for /proc/net/route. Addresses are in network
// byte order, as Linux prints them.
struct RouteEntry {
  char interface[16];
  uint32_t destination;
  uint32_t gateway;  // 0: on the link
  uint32_t netmask;
};

// lwIP's IPv4 routing decision as a table, at one instant (interfaces.cpp
// explains it): the default route first, then each interface's own subnet.
size_t snapshot_routes(RouteEntry* out, size_t max);

// One IPv6 address of an interface, for /proc/net/if_inet6 (Linux's
// columns: include/net/if_inet6.h IFA_F_*, include/net/ipv6.h scopes).
struct Inet6AddressEntry {
  uint8_t address[16];
  int index;
  int prefix_length;
  int scope;  // 0x00 global, 0x10 host, 0x20 link, 0x40 site
  int flags;  // IFA_F_PERMANENT 0x80, TENTATIVE 0x40, DEPRECATED 0x20, DADFAILED 0x08
  char interface[16];
};

// Every IPv6 address of every interface (tentative ones included), in
// index order, at one instant.
size_t snapshot_inet6_addresses(Inet6AddressEntry* out, size_t max);
// The sockets at one instant, for /proc/net/sockstat (Linux's columns:
// net/ipv4/proc.c sockstat_seq_show).
struct SocketStats {
  size_t sockets;           // every open socket, of every family
  size_t tcp_sockets;       // TCP sockets (Linux's "alloc")
  size_t tcp_ports;         // local TCP ports held by sockets ("inuse")
  size_t tcp_orphans;       // connections whose socket is closed, still closing
  size_t tcp_time_wait;     // connections in TIME_WAIT ("tw")
  size_t udp_ports;         // local UDP ports held by sockets ("inuse")
  size_t icmp_sockets;      // ping sockets (Linux counts them under RAW)
};
void snapshot_socket_stats(SocketStats* out);

}  // namespace net
