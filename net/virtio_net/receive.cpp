// The receive queue (virtio 1.x 5.1.6.3, 5.1.6.4).
//
// The queue is kept full of page-sized buffers the device may write. When
// the device has written a frame, it returns the buffer (or, with
// VIRTIO_NET_F_MRG_RXBUF, several buffers: num_buffers in the header says
// how many) through the used ring, with the number of bytes it wrote. The
// driver copies the frame into a pbuf chain for lwIP and puts the same
// pages straight back into the queue: the queue never runs dry, and lwIP
// may keep its pbufs as long as it likes (a TCP receive queue) without
// holding on to the device's buffers.
//
// Everything the device wrote is checked before use: the lengths against
// the buffers, num_buffers against what is there, the frame's length
// against what Ethernet allows. What fails is dropped and counted in
// rx_errors; frames that are fine but find no memory count in rx_dropped.
#include "arch/x86_64/layout.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/mm/heap.h"
#include "kernel/printk.h"
#include "lwip/pbuf.h"
#include "net/log.h"
#include "net/virtio_net/protocol.h"
#include "net/virtio_net/virtio_net_device.h"

namespace virtio_net {

KStatus VirtioNetDevice::allocate_receive_buffers() {
  uint16_t count = receive_queue_->size();
  receive_buffers_ = static_cast<Buffer*>(kzalloc(count * sizeof(Buffer)));
  if (!receive_buffers_) return KError{ENOMEM};
  for (uint16_t i = 0; i < count; i++) {
    uint64_t phys = frames::alloc();
    if (!phys) return KError{ENOMEM};
    receive_buffers_[i] = {phys, static_cast<uint8_t*>(layout::phys_to_virt(phys))};
    receive_buffer_count_++;
    post_receive_buffer(&receive_buffers_[i]);
  }
  return ok();
}

// Gives a buffer (back) to the device. The queue has room: each buffer
// was taken from it, and only buffers taken from it come back.
void VirtioNetDevice::post_receive_buffer(Buffer* buffer) {
  virtio::BufferPart part = {buffer->phys, kBufferBytes, /*device_writable=*/true};
  KStatus added = receive_queue_->add(&part, 1, buffer);
  if (added.is_error()) printk("virtio-net: %s: cannot requeue a receive buffer (errno %d)", name(), added.error());
}

// Takes up to *budget frames from the used ring, then lets the device know
// about the buffers put back. Returns false when the budget ran out first.
bool VirtioNetDevice::drain_receive_queue(int* budget) {
  bool emptied = true;
  void* token;
  uint32_t length;
  while (true) {
    if (*budget == 0) {
      emptied = false;
      break;
    }
    if (!receive_queue_->get_used(&token, &length)) break;
    (*budget)--;
    take_frame(static_cast<Buffer*>(token), length);
  }
  receive_queue_->kick();
  return emptied;
}

// One received frame: its first buffer holds the header and the frame's
// beginning; with mergeable buffers, num_buffers - 1 more buffers follow
// in the used ring.
void VirtioNetDevice::take_frame(Buffer* first, uint32_t first_length) {
  Buffer* parts[kMaxBuffersPerFrame] = {first};
  uint32_t lengths[kMaxBuffersPerFrame] = {first_length};
  int count = 1;
  auto give_back = [&]() {
    for (int i = 0; i < count; i++) post_receive_buffer(parts[i]);
  };
  auto reject = [&](const char* why) {
    counters.rx_errors++;
    NET_DEBUG("virtio-net: %s: dropped a received frame: %s", name(), why);
    give_back();
  };

  // The used ring's length has been checked against the buffer's size by
  // the virtqueue (a longer one arrives as 0); the header must fit in it.
  if (first_length < sizeof(NetHeader)) return reject("shorter than its header");
  NetHeader header;
  memcpy(&header, first->data, sizeof header);
  int buffers = negotiated(kFeatureMrgRxbuf) ? header.num_buffers : 1;
  // A count this large is a frame longer than any we take (QEMU passes on
  // frames of up to 64 KiB), or a confused device (also 0). The frame's
  // other buffers are in the used ring already: give them back unread, or
  // the last one, short, would be taken for a frame of its own.
  if (buffers < 1 || buffers > kMaxBuffersPerFrame) {
    void* token;
    uint32_t length;
    for (int rest = 1; rest < buffers && rest < receive_queue_->size(); rest++) {
      if (!receive_queue_->get_used(&token, &length)) break;
      post_receive_buffer(static_cast<Buffer*>(token));
    }
    return reject("bad num_buffers");
  }
  for (; count < buffers; count++) {
    void* token;
    if (!receive_queue_->get_used(&token, &lengths[count])) return reject("num_buffers names missing buffers");
    parts[count] = static_cast<Buffer*>(token);
  }
  if (header.gso_type != kGsoNone) return reject("a segmentation offload frame (not negotiated)");

  uint32_t frame_length = first_length - sizeof(NetHeader);
  for (int i = 1; i < count; i++) frame_length += lengths[i];
  if (frame_length < kHeaderBytes) return reject("shorter than an Ethernet header");
  if (frame_length > kMaxFrameBytes) return reject("longer than the MTU allows");

  // PBUF_POOL: lwIP's pool for received data, in pieces of one full-size
  // frame; a longer frame becomes a chain.
  struct pbuf* frame = pbuf_alloc(PBUF_RAW, uint16_t(frame_length), PBUF_POOL);
  if (!frame) {
    counters.rx_dropped++;
    NET_DEBUG("virtio-net: %s: dropped a received frame: out of memory", name());
    give_back();
    return;
  }
  uint16_t offset = 0;
  for (int i = 0; i < count; i++) {
    uint32_t skip = i == 0 ? sizeof(NetHeader) : 0;
    uint16_t n = uint16_t(lengths[i] - skip);
    pbuf_take_at(frame, parts[i]->data + skip, n, offset);
    offset = uint16_t(offset + n);
  }
  give_back();

  // With VIRTIO_NET_F_GUEST_CSUM the device marks what needs no checking:
  // DATA_VALID, it checked the checksum; NEEDS_CSUM, the frame comes from
  // the host itself and was never checksummed (only partially, as on the
  // way out; see checksum_offload.cpp). Anything else, lwIP checks.
  bool verified = rx_checksum_ && (header.flags & (kFlagDataValid | kFlagNeedsCsum)) != 0;
  receive(frame, verified);
}

}  // namespace virtio_net
