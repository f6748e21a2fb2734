// An Ethernet interface (eth0, eth1, ...): what every NIC driver shares.
//
// lwIP sees a NIC as a `struct netif`. This class owns one and does the parts
// that do not depend on the hardware:
//   - naming (eth0 is the first NIC found), the MAC, the MTU, the default route;
//   - addresses: DHCP, or a static one from the kernel command line
//     (net.ip=10.0.2.15/24,10.0.2.2, net.ip=eth1:...), and IPv6: a link-local
//     address and SLAAC (address_config.cpp);
//   - the log lines when the link or the addresses change (interface_log.cpp);
//   - the counters /proc/net/dev shows (InterfaceCounters, net.h);
//   - which checksums lwIP computes and checks, and which the NIC does.
// A driver (net/virtio_net/) derives from it and supplies the hardware half:
// transmit() sends a frame, service() (net::Device) drains the rings and
// hands each received frame to receive().
//
// Everything here runs under the network lock (net/lwip/net_lock.h).
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"
#include "lwip/err.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "net/lwip/net_thread.h"
#include "net/net.h"

namespace net {

// What the NIC does for lwIP, decided when the driver attaches.
struct Offloads {
  // The NIC fills in TCP checksums of outgoing frames; lwIP leaves them
  // (the driver marks each frame for the device).
  bool tx_tcp_checksum = false;
  // The NIC vouches for the checksums of some received frames (the driver
  // passes checksum_verified=true to receive() for those); lwIP checks the
  // others.
  bool rx_checksum = false;
};

class EthernetInterface : public Device {
 public:
  static constexpr uint16_t kEthernetMtu = 1500;
  static constexpr uint16_t kHeaderBytes = 14;  // destination, source, EtherType
  // The longest frame sent or accepted: the MTU, the header, and room for
  // one 802.1Q VLAN tag.
  static constexpr uint32_t kMaxFrameBytes = kEthernetMtu + kHeaderBytes + 4;

  // Adds the interface to lwIP and to the net thread, brings it up and
  // starts address configuration. With the lock held. ENOMEM.
  KStatus attach(const uint8_t mac[6], const Offloads& offloads, bool link_up);

  // The carrier, as the device reports it.
  void set_link(bool up);

  // A received frame, from service(): counted and given to lwIP, which
  // takes the pbuf. checksum_verified: the device checked (or, for a frame
  // from the host itself, never needed) the TCP/UDP checksum.
  void receive(struct pbuf* frame, bool checksum_verified);

  const char* name() const { return name_; }
  const uint8_t* mac() const { return netif_.hwaddr; }
  struct netif* netif() { return &netif_; }
  InterfaceCounters counters;

  // Every attached interface, in the order they were found.
  static EthernetInterface* first() { return interfaces_; }
  EthernetInterface* next_interface() const { return next_interface_; }

 protected:
  ~EthernetInterface() = default;
  // Queues one frame (a whole Ethernet frame, in a pbuf chain) on the
  // device. The pbuf stays lwIP's: copy what is needed before returning.
  // ERR_OK: queued; ERR_MEM: no room now (counted as dropped); anything
  // else: refused (counted as an error).
  virtual err_t transmit(struct pbuf* frame) = 0;

 private:
  static err_t init_netif(struct netif* netif);
  static err_t linkoutput(struct netif* netif, struct pbuf* frame);

  struct netif netif_ = {};
  char name_[8] = {};
  uint16_t checksum_flags_ = NETIF_CHECKSUM_ENABLE_ALL;  // what lwIP does for this netif
  Offloads offloads_;
  EthernetInterface* next_interface_ = nullptr;
  static EthernetInterface* interfaces_;
};

// Address configuration (address_config.cpp): a static IPv4 address from
// net.ip= if one names this interface (net/static_ipv4.h), else DHCP; IPv6 link-local
// and SLAAC. Called by attach() once the netif is up.
void configure_addresses(EthernetInterface* interface);

// Starts the log lines about interfaces (interface_log.cpp). Once, at boot.
void start_interface_log();

}  // namespace net
