// The transmit queue (virtio 1.x 5.1.6.2).
//
// Each frame lwIP sends is copied, behind a virtio_net_hdr, into one of a
// fixed set of page buffers, and that single buffer is offered to the
// device. (VERSION_1 lets header and frame share a descriptor.) Copying a
// frame of at most 1518 bytes costs little, and it means lwIP's pbufs are
// free again as soon as transmit() returns, whatever memory they live in.
//
// Buffers the device has sent are reclaimed here, before each new frame,
// and by service(). The transmit queue raises no interrupts, except when it
// is full: a sender then waits for room (net::wait_for_transmit_room), and
// the device interrupts once it has sent half the queue, so that the net
// thread reclaims the buffers and wakes the sender. (Before, the sender
// slept a fixed moment, a whole 10 ms timer tick, and how often the queue
// filled decided udp_host_pps more than anything: docs/performance.md.)
#include "arch/x86_64/layout.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/mm/heap.h"
#include "lwip/pbuf.h"
#include "net/log.h"
#include "net/lwip/net_thread.h"
#include "net/virtio_net/checksum_offload.h"
#include "net/virtio_net/protocol.h"
#include "net/virtio_net/virtio_net_device.h"

namespace virtio_net {

KStatus VirtioNetDevice::allocate_transmit_buffers() {
  uint16_t count = transmit_queue_->size();
  transmit_buffers_ = static_cast<Buffer*>(kzalloc(count * sizeof(Buffer)));
  transmit_free_ = static_cast<Buffer**>(kzalloc(count * sizeof(Buffer*)));
  if (!transmit_buffers_ || !transmit_free_) return KError{ENOMEM};
  for (uint16_t i = 0; i < count; i++) {
    uint64_t phys = frames::alloc();
    if (!phys) return KError{ENOMEM};
    transmit_buffers_[i] = {phys, static_cast<uint8_t*>(layout::phys_to_virt(phys))};
    transmit_buffer_count_++;
    transmit_free_[transmit_free_count_++] = &transmit_buffers_[i];
  }
  return ok();
}

void VirtioNetDevice::reclaim_transmitted() {
  void* token;
  uint32_t length;
  while (transmit_queue_->get_used(&token, &length)) {
    // Only our own buffers come back (the virtqueue drops ids it did not
    // hand out), and each at most once: the stack cannot overflow.
    transmit_free_[transmit_free_count_++] = static_cast<Buffer*>(token);
  }
  if (transmit_full_ && transmit_free_count_ > 0) {
    transmit_full_ = false;
    transmit_queue_->disable_interrupts();
    net::transmit_room_available();
  }
}

err_t VirtioNetDevice::transmit(struct pbuf* frame) {
  reclaim_transmitted();
  uint32_t length = frame->tot_len;
  if (length < kHeaderBytes || length > kMaxFrameBytes) {
    NET_DEBUG("virtio-net: %s: not sending a frame of %u bytes", name(), length);
    return ERR_VAL;
  }
  if (transmit_free_count_ == 0 && transmit_queue_->enable_interrupts_after(kTransmitQueueSize / 2)) {
    // Buffers came back since the reclaim above: no interrupt announces them.
    transmit_queue_->disable_interrupts();
    reclaim_transmitted();
  }
  if (transmit_free_count_ == 0) {
    transmit_full_ = true;  // interrupts stay on until reclaim_transmitted finds room
    NET_DEBUG("virtio-net: %s: transmit queue full, frame dropped", name());
    return ERR_MEM;
  }
  Buffer* buffer = transmit_free_[--transmit_free_count_];

  auto* header = reinterpret_cast<NetHeader*>(buffer->data);
  memset(header, 0, sizeof *header);  // no offload, no segmentation; num_buffers 0 (5.1.6.2)
  uint8_t* data = buffer->data + sizeof(NetHeader);
  pbuf_copy_partial(frame, data, uint16_t(length), 0);
  if (tx_tcp_checksum_) request_tcp_checksum(data, length, header);

  virtio::BufferPart part = {buffer->phys, uint32_t(sizeof(NetHeader) + length), /*device_writable=*/false};
  if (transmit_queue_->add(&part, 1, buffer).is_error()) {
    transmit_free_[transmit_free_count_++] = buffer;
    return ERR_MEM;
  }
  transmit_queue_->kick();
  return ERR_OK;
}

}  // namespace virtio_net
