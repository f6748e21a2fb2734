// The virtio-net driver: one VirtioNetDevice per virtio network device on
// the PCI bus, each an Ethernet interface for lwIP (eth0, eth1, ...).
//
//   virtio_net_device.cpp   finding devices, the initialization sequence,
//                           interrupts, link status
//   receive.cpp             the receive queue: page buffers in, frames out to lwIP
//   transmit.cpp            the transmit queue: frames from lwIP out to the device
//   checksum_offload.cpp    asking the device to fill in TCP checksums
//
// Who runs what (net/lwip/net_lock.h has the rule):
//   - The queue and configuration interrupts run in interrupt context. They
//     only mask the queue's interrupts or set a flag, and wake the net
//     thread.
//   - service() runs in the net thread with the network lock held: it drains
//     the used rings, refills the receive queue, reclaims sent buffers and
//     follows the link status.
//   - transmit() runs wherever lwIP sends from (the net thread, or a syscall),
//     also with the lock held.
// The lock keeps interrupts off, and the interrupts never touch the rings,
// so the queues need no other protection.
#pragma once
#include <stdint.h>

#include "kernel/dev/pci/pci.h"
#include "kernel/dev/virtio/transport.h"
#include "kernel/dev/virtio/virtqueue.h"
#include "net/ethernet_interface.h"

namespace virtio_net {

class VirtioNetDevice final : public net::EthernetInterface {
 public:
  // Finds every virtio network device and starts a driver for each: one
  // log line per device, and an interface once it works. Under the lock,
  // after lwIP is up.
  static void probe_all();

  bool service() override;

 protected:
  err_t transmit(struct pbuf* frame) override;

 private:
  // A page of memory the device reads or writes by DMA: a receive buffer,
  // or a transmit buffer holding one header and one frame. Its address is
  // the token the virtqueue gives back when the device is done with it.
  struct Buffer {
    uint64_t phys;
    uint8_t* data;  // the same page through the direct map
  };
  static constexpr uint32_t kBufferBytes = 4096;
  static constexpr uint16_t kReceiveQueueSize = 256;
  static constexpr uint16_t kTransmitQueueSize = 128;
  // Frames taken from the receive queue per service() call before the net
  // thread lets the rest of the system run.
  static constexpr int kReceiveBudget = 64;
  // A frame no longer than kMaxFrameBytes fits in one page; a device may
  // still spread it over a few, but never over more than this.
  static constexpr int kMaxBuffersPerFrame = 4;

  VirtioNetDevice() = default;
  ~VirtioNetDevice() = default;  // only when start() fails: a NIC, once up, stays
  KStatus start(pci::Device* pci);
  void stop_after_failure();
  bool negotiated(uint64_t feature) const { return (features_ & feature) != 0; }
  void read_mac(uint8_t mac[6]);
  bool link_is_up();

  static void on_receive_interrupt(void* self);
  static void on_transmit_interrupt(void* self);
  static void on_config_change(void* self);

  // receive.cpp
  KStatus allocate_receive_buffers();
  void post_receive_buffer(Buffer* buffer);
  bool drain_receive_queue(int* budget);
  void take_frame(Buffer* first, uint32_t first_length);

  // transmit.cpp
  KStatus allocate_transmit_buffers();
  void reclaim_transmitted();

  virtio::Transport* transport_ = nullptr;
  virtio::Virtqueue* receive_queue_ = nullptr;
  virtio::Virtqueue* transmit_queue_ = nullptr;
  uint64_t features_ = 0;
  bool tx_tcp_checksum_ = false;  // the device fills in TCP checksums we leave out
  bool rx_checksum_ = false;      // the device tells which frames it checked

  Buffer* receive_buffers_ = nullptr;  // kReceiveQueueSize of them, each always in the queue or being read
  uint16_t receive_buffer_count_ = 0;
  Buffer* transmit_buffers_ = nullptr;
  uint16_t transmit_buffer_count_ = 0;
  Buffer** transmit_free_ = nullptr;  // a stack of the transmit buffers not in the queue
  uint16_t transmit_free_count_ = 0;
  bool transmit_full_ = false;  // a frame found no room; interrupts on until there is

  // Set by the configuration interrupt, read by service(). Only touched
  // with interrupts off (the handler runs with them off; service() holds
  // the lock).
  bool config_changed_ = false;
};

}  // namespace virtio_net
