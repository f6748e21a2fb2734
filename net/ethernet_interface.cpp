#include "net/ethernet_interface.h"

#include "kernel/lib/format.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "net/log.h"
#include "net/lwip/net_lock.h"
#include "net/lwip/net_thread.h"
#include "netif/ethernet.h"

namespace net {

EthernetInterface* EthernetInterface::interfaces_ = nullptr;

namespace {
constexpr uint16_t kTcpUdpChecks = NETIF_CHECKSUM_CHECK_TCP | NETIF_CHECKSUM_CHECK_UDP;
}  // namespace

KStatus EthernetInterface::attach(const uint8_t mac[6], const Offloads& offloads, bool link_up) {
  KASSERT(lock_held());
  int index = 0;
  EthernetInterface** link = &interfaces_;
  for (; *link; link = &(*link)->next_interface_) index++;
  format(name_, sizeof name_, "eth%d", index);
  offloads_ = offloads;

  memcpy(netif_.hwaddr, mac, ETH_HWADDR_LEN);
  // ethernet_input: lwIP's Ethernet layer takes every received frame
  // (ARP, IPv4, IPv6) from receive() below.
  if (!netif_add(&netif_, nullptr, nullptr, nullptr, this, init_netif, ethernet_input)) return KError{ENOMEM};

  // Checksums. By default lwIP computes and checks all of them. What the
  // NIC offloads, lwIP leaves alone:
  //  - The NIC fills in TCP checksums on the way out: lwIP stops computing
  //    them. (Only TCP: a UDP datagram may be split into IP fragments,
  //    and no NIC can checksum a datagram it sees in pieces.)
  //  - The NIC checks TCP and UDP checksums on the way in, for the frames
  //    it marks: lwIP's checks are off for this netif, and receive() turns
  //    them back on for each frame the NIC did not vouch for. Off is the
  //    resting state because a packet this netif sends to its own address
  //    comes back through lwIP's loopback queue, not through the NIC: its
  //    TCP checksum was never computed, and must not be checked.
  checksum_flags_ = NETIF_CHECKSUM_ENABLE_ALL;
  if (offloads.tx_tcp_checksum) checksum_flags_ &= ~NETIF_CHECKSUM_GEN_TCP;
  if (offloads.rx_checksum) checksum_flags_ &= ~kTcpUdpChecks;
  NETIF_SET_CHECKSUM_CTRL(&netif_, checksum_flags_);

  *link = this;
  add_device(this);
  if (index == 0) netif_set_default(&netif_);
  netif_set_up(&netif_);
  set_link(link_up);
  configure_addresses(this);
  return ok();
}

// lwIP calls this from netif_add() to fill in what the netif can do.
err_t EthernetInterface::init_netif(struct netif* netif) {
  // lwIP names a netif with two letters and a number it assigns itself
  // ("et0"); the kernel's name for it is name_ ("eth0").
  netif->name[0] = 'e';
  netif->name[1] = 't';
  netif->hwaddr_len = ETH_HWADDR_LEN;
  netif->mtu = kEthernetMtu;
  netif->mtu6 = kEthernetMtu;
  netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
  netif->output = etharp_output;        // IPv4: resolve the next hop with ARP, then linkoutput
  netif->output_ip6 = ethip6_output;    // IPv6: resolve it with neighbour discovery
  netif->linkoutput = linkoutput;       // a whole Ethernet frame: to the driver
  netif_set_hostname(netif, "tether");  // DHCP sends it (option 12)
  return ERR_OK;
}

err_t EthernetInterface::linkoutput(struct netif* netif, struct pbuf* frame) {
  auto* self = static_cast<EthernetInterface*>(netif->state);
  err_t err = self->transmit(frame);
  if (err == ERR_OK) {
    self->counters.tx_packets++;
    self->counters.tx_bytes += frame->tot_len;
  } else if (err == ERR_MEM) {
    self->counters.tx_dropped++;
  } else {
    self->counters.tx_errors++;
  }
  return err;
}

void EthernetInterface::set_link(bool up) {
  bool was_up = netif_is_link_up(&netif_);
  if (up && !was_up) netif_set_link_up(&netif_);
  if (!up && was_up) netif_set_link_down(&netif_);
}

void EthernetInterface::receive(struct pbuf* frame, bool checksum_verified) {
  counters.rx_packets++;
  counters.rx_bytes += frame->tot_len;
  // See attach(): with receive offload, lwIP checks TCP and UDP checksums
  // only for the frames the NIC did not vouch for. netif->input runs the
  // frame through the whole stack before it returns (ARP, IP, reassembly,
  // TCP), so switching the flags around the call applies them to this
  // frame alone.
  bool check_here = offloads_.rx_checksum && !checksum_verified;
  if (check_here) NETIF_SET_CHECKSUM_CTRL(&netif_, checksum_flags_ | kTcpUdpChecks);
  if (netif_.input(frame, &netif_) != ERR_OK) {
    // lwIP refused the frame without taking it.
    counters.rx_dropped++;
    pbuf_free(frame);
  }
  if (check_here) NETIF_SET_CHECKSUM_CTRL(&netif_, checksum_flags_);
}

}  // namespace net
