// A boot-time check of the virtio transport, run once per virtio device by
// pci::init(): probe the device, print what it is, go through the
// initialization sequence of 3.1.1 far enough to prove the transport works
// on this machine, and reset the device again so that its real driver (for
// a NIC: net/virtio_net/) starts from a clean device.
//
// For a network device it reads the MAC address from the device
// configuration (5.1.4), which is the one net-specific line here: it is what
// makes the log show that feature negotiation and configuration access work.
//
// What a driver sees afterwards: the device is reset (status 0) and
// unclaimed; its MSI-X entries are masked, and the CPU vectors they were
// given stay reserved for those entries, so the driver's setup_queue() reuses
// them instead of taking new ones.
#include "kernel/dev/pci/pci.h"
#include "kernel/dev/virtio/transport.h"
#include "kernel/printk.h"

namespace virtio {
namespace {

constexpr uint64_t kNetFeatureMac = 1ull << 5;  // VIRTIO_NET_F_MAC (5.1.3)
constexpr uint32_t kNetConfigMac = 0;           // struct virtio_net_config.mac (5.1.4)
// Queue 0 is the first receive queue, 1 the first transmit queue (5.1.2).
constexpr uint16_t kCheckQueues = 2;

void ignore_interrupt(void*) {}

void check(pci::Device* dev) {
  if (dev->driver()) return;  // a real driver already owns it
  auto probed = Transport::probe(dev);
  if (probed.is_error()) return;  // not a modern virtio device; probe said why
  Transport* transport = probed.value();

  uint64_t wanted = transport->device_type() == kDeviceNet ? kNetFeatureMac : 0;
  auto features = transport->negotiate(wanted);
  if (features.is_error()) {
    printk("virtio: feature negotiation failed (errno %d)", features.error());
    delete transport;
    return;
  }
  if (transport->device_type() == kDeviceNet) {
    if (features.value() & kNetFeatureMac) {
      uint8_t mac[6];
      transport->config_read_bytes(kNetConfigMac, mac, sizeof mac);
      printk("virtio: net device, MAC %02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
    } else {
      printk("virtio: net device without a MAC address of its own");
    }
  }

  // Queue setup and MSI-X routing, without ever setting DRIVER_OK: the
  // device sees the queues but may not use them, so nothing is sent or
  // received before the real driver is there.
  uint16_t queues = transport->num_queues() < kCheckQueues ? transport->num_queues() : kCheckQueues;
  for (uint16_t i = 0; i < queues; i++) {
    auto queue = transport->setup_queue(i, 256, ignore_interrupt, nullptr);
    if (queue.is_error()) {
      printk("virtio: queue %u setup failed (errno %d)", i, queue.error());
      break;
    }
  }

  delete transport;  // resets the device and frees the queues
  printk("virtio: %02x:%02x.%x reset, ready for its driver", dev->bus, dev->slot, dev->function);
}

pci::Driver boot_check("virtio boot check", kVendorId, 0, check);

}  // namespace
}  // namespace virtio
