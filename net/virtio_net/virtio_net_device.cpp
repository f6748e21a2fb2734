// Finding virtio network devices and bringing each one up (virtio 1.x
// 3.1.1, "Driver Requirements: Device Initialization", and 5.1.5).
#include "net/virtio_net/virtio_net_device.h"

#include "kernel/lib/string.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/mm/heap.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lwip/arch.h"
#include "net/log.h"
#include "net/lwip/net_lock.h"
#include "net/lwip/net_thread.h"
#include "net/virtio_net/protocol.h"

namespace virtio_net {

namespace {
constexpr const char* kDriverName = "virtio-net";

// What the driver asks for. VERSION_1 is the transport's to add; EVENT_IDX
// lets the device and the driver tell each other exactly when a
// notification is worth sending.
constexpr uint64_t kWantedFeatures =
    kFeatureMac | kFeatureStatus | kFeatureCsum | kFeatureGuestCsum | kFeatureMrgRxbuf | virtio::kFeatureRingEventIdx;
}  // namespace

void VirtioNetDevice::probe_all() {
  KASSERT(net::lock_held());
  pci::for_each(virtio::kVendorId, 0, [](pci::Device* pci) {
    if (pci->device_id != kPciDeviceTransitional && pci->device_id != kPciDeviceModern) return;
    if (!pci->claim(kDriverName)) return;  // another driver has it
    auto* device = new VirtioNetDevice;
    if (!device) {
      pci->unclaim();
      return;
    }
    KStatus started = device->start(pci);
    if (started.is_error()) {
      printk("virtio-net: %02x:%02x.%x: not started (errno %d)", pci->bus, pci->slot, pci->function, started.error());
      device->stop_after_failure();
      delete device;
      pci->unclaim();
    }
  });
}

KStatus VirtioNetDevice::start(pci::Device* pci) {
  // Reset, ACKNOWLEDGE, DRIVER (3.1.1 steps 1-3).
  transport_ = TRY(virtio::Transport::probe(pci));
  if (transport_->device_type() != virtio::kDeviceNet) return KError{ENODEV};
  // Features, FEATURES_OK (steps 4-6).
  features_ = TRY(transport_->negotiate(kWantedFeatures));
  // Checksum offload in both directions, or not at all: see
  // EthernetInterface::attach for why lwIP must not check what it did not
  // compute, and QEMU offers both or neither anyway.
  bool offload = negotiated(kFeatureCsum) && negotiated(kFeatureGuestCsum);
  tx_tcp_checksum_ = offload;
  rx_checksum_ = offload;

  // Queues (step 7). The receive queue interrupts when frames arrive; the
  // transmit queue only while it is full (transmit.cpp): sent buffers are
  // reclaimed the next time something is sent, and whenever the net thread
  // runs.
  receive_queue_ = TRY(transport_->setup_queue(kReceiveQueue, kReceiveQueueSize, on_receive_interrupt, this));
  transmit_queue_ = TRY(transport_->setup_queue(kTransmitQueue, kTransmitQueueSize, on_transmit_interrupt, this));
  transmit_queue_->disable_interrupts();
  if (negotiated(kFeatureStatus)) transport_->on_config_change(on_config_change, this);
  TRY(allocate_receive_buffers());
  TRY(allocate_transmit_buffers());

  uint8_t mac[6];
  read_mac(mac);

  // DRIVER_OK (step 8): from here the device may use the queues, and only
  // from here may it be notified (3.1.1: "MUST NOT notify the device before
  // setting DRIVER_OK"), so the full receive queue is announced now.
  transport_->driver_ok();
  receive_queue_->kick();

  net::Offloads offloads;
  offloads.tx_tcp_checksum = tx_tcp_checksum_;
  offloads.rx_checksum = rx_checksum_;
  TRY(attach(mac, offloads, link_is_up()));
  printk("virtio-net: %s at %02x:%02x.%x, %u receive buffers, checksum offload %s, mergeable buffers %s", name(),
         pci->bus, pci->slot, pci->function, receive_buffer_count_, offload ? "on" : "off",
         negotiated(kFeatureMrgRxbuf) ? "on" : "off");
  return ok();
}

void VirtioNetDevice::stop_after_failure() {
  // The reset stops the device's DMA (Transport::reset waits for it), and
  // frees the queues; only then may the pages go back.
  delete transport_;
  transport_ = nullptr;
  for (uint16_t i = 0; i < receive_buffer_count_; i++) frames::free(receive_buffers_[i].phys);
  for (uint16_t i = 0; i < transmit_buffer_count_; i++) frames::free(transmit_buffers_[i].phys);
  kfree(receive_buffers_);
  kfree(transmit_buffers_);
  kfree(transmit_free_);
}

void VirtioNetDevice::read_mac(uint8_t mac[6]) {
  if (negotiated(kFeatureMac)) {
    transport_->config_read_bytes(kConfigMac, mac, 6);
    return;
  }
  // 5.1.5: "If the driver does not negotiate VIRTIO_NET_F_MAC, it SHOULD
  // generate a random MAC address": locally administered (bit 1 of the
  // first byte), unicast (bit 0 clear).
  for (int i = 0; i < 6; i++) mac[i] = uint8_t(LWIP_RAND());
  mac[0] = uint8_t((mac[0] & ~0x01) | 0x02);
}

bool VirtioNetDevice::link_is_up() {
  // Without VIRTIO_NET_F_STATUS, "the link should be assumed active" (5.1.4).
  if (!negotiated(kFeatureStatus)) return true;
  uint16_t status = 0;
  transport_->config_read_bytes(kConfigStatus, &status, sizeof status);
  return (status & kStatusLinkUp) != 0;
}

// Interrupt context: no lwIP, no rings. Masking the queue's interrupts until
// the thread has drained it means one interrupt per burst, not per frame.
void VirtioNetDevice::on_receive_interrupt(void* self) {
  static_cast<VirtioNetDevice*>(self)->receive_queue_->disable_interrupts();
  net::wake_thread();
}

void VirtioNetDevice::on_transmit_interrupt(void* self) {
  static_cast<VirtioNetDevice*>(self)->transmit_queue_->disable_interrupts();
  net::wake_thread();
}

void VirtioNetDevice::on_config_change(void* self) {
  static_cast<VirtioNetDevice*>(self)->config_changed_ = true;
  net::wake_thread();
}

bool VirtioNetDevice::service() {
  if (config_changed_) {
    config_changed_ = false;
    bool up = link_is_up();
    NET_DEBUG("virtio-net: %s: configuration changed, link %s", name(), up ? "up" : "down");
    set_link(up);
  }
  reclaim_transmitted();

  int budget = kReceiveBudget;
  for (;;) {
    if (!drain_receive_queue(&budget)) return true;  // budget spent; interrupts stay masked
    // Idle: ask for interrupts again. Frames that arrived since the last
    // look raise none, so look once more (virtio 1.x 2.7.7.1).
    if (!receive_queue_->enable_interrupts()) return false;
    receive_queue_->disable_interrupts();
  }
}

}  // namespace virtio_net
