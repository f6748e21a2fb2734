// The bookkeeping of a split virtqueue (virtio 1.x section 2.7): which
// descriptors are free, what the driver has offered in the available ring,
// what the device has returned in the used ring, and whether either side
// must be notified. Pure logic: it is handed the ring memory as plain
// pointers and touches no hardware, so the same file is compiled into the
// kernel and into the host unit tests (tests/unit/virtqueue_test.cpp), where
// a simulated device plays the other side.
//
// The ring memory is shared with the device, which may be buggy or hostile:
// nothing read from the used ring is trusted. The chain of descriptors behind
// each buffer is remembered on the driver's side (DescriptorState), so a
// device that scribbles on the descriptor table or returns a wrong id cannot
// corrupt the free list.
//
// Not re-entrant: the caller serializes (in the kernel, by running with
// interrupts off, since the interrupt handler also calls get_used()).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace virtio {

// The three parts of a split virtqueue, as the spec lays them out (2.7.5,
// 2.7.6, 2.7.8). All fields are little-endian, which x86-64 is natively.
struct VirtqDescriptor {
  uint64_t addr;   // guest-physical address of the buffer
  uint32_t len;
  uint16_t flags;  // kDescriptorNext | kDescriptorWrite
  uint16_t next;   // the next descriptor of the chain, if kDescriptorNext
};
struct VirtqAvailable {
  uint16_t flags;   // kAvailableNoInterrupt
  uint16_t idx;     // where the driver puts the next entry (free-running, wraps at 2^16)
  uint16_t ring[];  // heads of offered chains; after ring[size]: used_event (EVENT_IDX)
};
struct VirtqUsedElement {
  uint32_t id;   // head of the chain the device is done with
  uint32_t len;  // bytes the device wrote into the chain's writable part
};
struct VirtqUsed {
  uint16_t flags;  // kUsedNoNotify
  uint16_t idx;    // where the device puts the next entry (free-running)
  VirtqUsedElement ring[];  // after ring[size]: avail_event (EVENT_IDX)
};
static_assert(sizeof(VirtqDescriptor) == 16);
static_assert(sizeof(VirtqUsedElement) == 8);

constexpr uint16_t kDescriptorNext = 1;        // VIRTQ_DESC_F_NEXT
constexpr uint16_t kDescriptorWrite = 2;       // VIRTQ_DESC_F_WRITE: device writes, driver reads
constexpr uint16_t kAvailableNoInterrupt = 1;  // VIRTQ_AVAIL_F_NO_INTERRUPT
constexpr uint16_t kUsedNoNotify = 1;          // VIRTQ_USED_F_NO_NOTIFY
constexpr uint16_t kMaxQueueSize = 32768;      // 2.7: split queue sizes are powers of two up to 2^15

// One piece of a buffer: a physically contiguous range. A buffer is a chain
// of parts; the device reads the readable parts and writes the writable ones.
struct BufferPart {
  uint64_t phys;
  uint32_t length;
  bool device_writable;
};

// Where each part lives inside one block of ring memory, for a queue of
// `size` entries. Alignments from the table in 2.7: descriptors 16, available
// ring 2, used ring 4.
struct RingLayout {
  size_t descriptors_offset;
  size_t available_offset;
  size_t used_offset;
  size_t total_bytes;
  static RingLayout for_size(uint16_t size);
};

// What the driver remembers about each descriptor, out of the device's reach.
struct DescriptorState {
  void* token;              // the caller's cookie; set on the head of an in-flight chain
  uint64_t writable_bytes;  // head only: total length of the device-writable parts
  uint16_t next;            // the next descriptor (in the chain, or in the free list)
  uint16_t chain_length;    // head only: descriptors in the chain; 0 when not an in-flight head
};

class SplitRing {
 public:
  // memory: RingLayout::for_size(size).total_bytes, zeroed, 16-byte aligned.
  // state: `size` entries. size: a power of two, 1..kMaxQueueSize.
  // event_idx: VIRTIO_F_EVENT_IDX was negotiated (2.7.7, 2.7.10).
  SplitRing(void* memory, DescriptorState* state, uint16_t size, bool event_idx);

  uint16_t size() const { return size_; }
  uint16_t free_descriptors() const { return free_count_; }

  // Offers one buffer (a chain of `count` parts) to the device and makes it
  // visible in the available ring. EINVAL: no parts, a null token, or a
  // readable part after a writable one (2.7.4.2). ENOSPC: fewer than `count`
  // free descriptors.
  KStatus add(const BufferPart* parts, int count, void* token);

  // After one or more add()s: does the device want to be told? Reads
  // VIRTQ_USED_F_NO_NOTIFY, or avail_event with EVENT_IDX (2.7.13.4).
  // Assumes the caller notifies whenever it returns true.
  bool needs_notification();

  // The next buffer the device has finished with: its token and the number
  // of bytes the device wrote. false when there is none. Entries with an id
  // that is not an in-flight head are counted (bad_ids) and skipped. An entry
  // whose length exceeds the writable part of its chain is counted
  // (bad_lengths) and returned with length 0: its data cannot be trusted, but
  // the caller gets its buffer back.
  bool get_used(void** token, uint32_t* length);
  // True if the device has returned buffers get_used() has not taken yet.
  bool has_used() const;

  // Asks the device not to interrupt (a hint: with EVENT_IDX the device may
  // still interrupt once more). enable_interrupts() asks for interrupts again
  // and returns true if buffers came back meanwhile: the caller must then
  // poll get_used() itself, since no interrupt will announce those.
  void disable_interrupts();
  bool enable_interrupts() { return enable_interrupts_after(1); }
  // The same, but with EVENT_IDX the interrupt waits until `count` more
  // buffers have come back (2.7.7.2 used_event), one interrupt for a batch
  // (without EVENT_IDX: at the first one).
  bool enable_interrupts_after(uint16_t count);

  uint32_t bad_ids() const { return bad_ids_; }
  uint32_t bad_lengths() const { return bad_lengths_; }

  VirtqDescriptor* descriptors() const { return descriptors_; }
  VirtqAvailable* available() const { return available_; }
  VirtqUsed* used() const { return used_; }

 private:
  uint16_t* used_event() const { return &available_->ring[size_]; }
  // avail_event follows the used ring's last element: computed from bytes, so
  // no uint16_t is read through a VirtqUsedElement (strict aliasing).
  uint16_t* avail_event() const {
    return reinterpret_cast<uint16_t*>(reinterpret_cast<uint8_t*>(used_) + sizeof(VirtqUsed) +
                                       sizeof(VirtqUsedElement) * size_);
  }
  void free_chain(uint16_t head);

  VirtqDescriptor* descriptors_;
  VirtqAvailable* available_;
  VirtqUsed* used_;
  DescriptorState* state_;
  uint16_t size_;
  bool event_idx_;
  bool interrupts_enabled_ = true;
  uint16_t free_head_ = 0;
  uint16_t free_count_;
  uint16_t avail_idx_ = 0;             // our copy of available_->idx
  uint16_t avail_idx_notified_ = 0;    // available_->idx when we last decided about notifying
  uint16_t last_used_idx_ = 0;         // the next used entry we have not consumed
  uint32_t bad_ids_ = 0;
  uint32_t bad_lengths_ = 0;
};

}  // namespace virtio
