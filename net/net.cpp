// net::init: the order in which the network comes up.
#include "net/net.h"

#include "kernel/printk.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "net/ethernet_interface.h"
#include "net/lwip/loopback_check.h"
#include "net/lwip/net_lock.h"
#include "net/lwip/net_thread.h"
#include "net/virtio_net/virtio_net_device.h"

namespace net {

void init() {
  {
    Lock lock;
    // lwIP's state, its timers and the loopback interface "lo" (127.0.0.1, ::1).
    lwip_init();
    // Nothing sent on "lo" leaves memory, so nothing can damage it: no
    // checksums computed or checked there, as Linux's loopback device
    // (NETIF_F_HW_CSUM, and CHECKSUM_UNNECESSARY on what it receives). Two
    // passes over every byte less (docs/performance.md).
    if (struct netif* lo = netif_find("lo0")) NETIF_SET_CHECKSUM_CTRL(lo, NETIF_CHECKSUM_DISABLE_ALL);
    printk("net: lwIP %s (IPv4, IPv6, TCP, UDP, DHCP, SLAAC), lo 127.0.0.1 ::1", LWIP_VERSION_STRING);
    bool loopback_ok = loopback_self_check();
    printk("net: loopback self-check %s (UDP to 127.0.0.1 and ::1)", loopback_ok ? "OK" : "FAILED");

    // The NICs. Each becomes an interface and starts DHCP, which goes on
    // in the net thread; nothing here waits for the network.
    start_interface_log();
    virtio_net::VirtioNetDevice::probe_all();
  }
  // From here on lwIP's timers run, and received frames are taken in.
  start_thread();
}

}  // namespace net
