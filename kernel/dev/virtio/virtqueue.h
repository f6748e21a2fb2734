// One virtqueue of a virtio device: the split ring (split_ring.h) in
// physically contiguous memory the device reads by DMA, plus the two ways the
// driver and the device poke each other: the notify register (driver to
// device, kick()) and an MSI-X interrupt (device to driver).
//
// A Transport creates its queues (Transport::setup_queue); a driver uses them:
//
//   BufferPart parts[] = {{header_phys, 12, false}, {data_phys, n, false}};
//   TRY(vq->add(parts, 2, packet));   // ENOSPC: ring full, try after get_used()
//   vq->kick();
//   ...in the interrupt callback, with interrupts off...
//   void* token; uint32_t length;
//   while (vq->get_used(&token, &length)) { ... }
//
// Not re-entrant: the driver calls add/kick/get_used with interrupts off (an
// InterruptGuard), because its interrupt callback calls get_used too.
#pragma once
#include <stdint.h>

#include "kernel/dev/virtio/split_ring.h"
#include "kernel/lib/kresult.h"

struct TrapFrame;

namespace virtio {

class Transport;

class Virtqueue {
 public:
  uint16_t index() const { return index_; }
  uint16_t size() const { return ring_.size(); }
  uint16_t free_descriptors() const { return ring_.free_descriptors(); }

  // Offers a buffer of `count` parts; `token` (not null) comes back from
  // get_used(). Readable parts first, then writable ones. ENOSPC when full.
  KStatus add(const BufferPart* parts, int count, void* token);
  // Tells the device there are new buffers, unless it said it does not
  // need to hear it (VIRTQ_USED_F_NO_NOTIFY or EVENT_IDX).
  void kick();
  // The next finished buffer; false when nothing new. See SplitRing::get_used
  // for what happens to entries a misbehaving device returns.
  bool get_used(void** token, uint32_t* length);

  // Interrupt suppression (virtio 1.x 2.7.7). enable_interrupts() returns
  // true if used entries arrived meanwhile (poll them: no interrupt will come).
  void disable_interrupts() { ring_.disable_interrupts(); }
  bool enable_interrupts() { return ring_.enable_interrupts(); }
  bool enable_interrupts_after(uint16_t count) { return ring_.enable_interrupts_after(count); }

  // The CPU vector of this queue's MSI-X interrupt, 0 if it has none.
  uint8_t cpu_vector() const { return cpu_vector_; }
  // Entries a misbehaving device returned (see SplitRing).
  uint32_t bad_ids() const { return ring_.bad_ids(); }
  uint32_t bad_lengths() const { return ring_.bad_lengths(); }

  // Guest-physical addresses of the three parts, for the device (queue_desc,
  // queue_driver, queue_device in the common configuration).
  uint64_t descriptors_phys() const;
  uint64_t available_phys() const;
  uint64_t used_phys() const;

 private:
  friend class Transport;
  // ENOMEM if the memory cannot be had. size: a power of two.
  static KResult<Virtqueue*> create(uint16_t index, uint16_t size, bool event_idx);
  Virtqueue(uint16_t index, uint64_t memory_phys, size_t memory_pages, DescriptorState* state, uint16_t size,
            bool event_idx);
  ~Virtqueue();
  // The MSI-X handler (pci::InterruptHandler), ctx is the Virtqueue.
  static void interrupt(TrapFrame* frame, void* ctx);
  void report_misbehaviour();

  uint16_t index_;
  uint64_t memory_phys_;
  size_t memory_pages_;
  DescriptorState* state_;
  SplitRing ring_;
  volatile uint16_t* notify_register_ = nullptr;  // set by the Transport
  uint8_t cpu_vector_ = 0;
  void (*on_interrupt_)(void* ctx) = nullptr;
  void* on_interrupt_ctx_ = nullptr;
  uint32_t reported_bad_ = 0;
};

}  // namespace virtio
