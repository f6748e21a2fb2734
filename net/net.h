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
// frames, without the FCS.
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
  char name[8];  // "eth0"
  InterfaceCounters counters;
};

// Copies the name and counters of up to max interfaces, in the order they
// were found, taken at one instant. Returns how many it copied.
size_t snapshot_interfaces(InterfaceStats* out, size_t max);
}  // namespace net
