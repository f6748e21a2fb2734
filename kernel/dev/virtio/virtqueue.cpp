// A virtqueue in the kernel: the SplitRing's bookkeeping on real memory,
// plus the notify register and the interrupt. See virtqueue.h.
#include "kernel/dev/virtio/virtqueue.h"

#include "arch/x86_64/layout.h"
#include "kernel/dev/pci/mmio.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/mm/heap.h"
#include "kernel/printk.h"

namespace virtio {

KResult<Virtqueue*> Virtqueue::create(uint16_t index, uint16_t size, bool event_idx) {
  if (size == 0 || size > kMaxQueueSize || (size & (size - 1))) return KError{EINVAL};
  // The three parts in one physically contiguous, zeroed block: the device
  // reads it by DMA with physical addresses, so it cannot be scattered
  // pages. A zeroed ring is an empty one (both idx at 0, no flags set).
  RingLayout layout = RingLayout::for_size(size);
  size_t pages = (layout.total_bytes + layout::kPageSize - 1) / layout::kPageSize;
  uint64_t phys = frames::alloc_contiguous(pages);
  if (!phys) return KError{ENOMEM};
  memset(layout::phys_to_virt(phys), 0, pages * layout::kPageSize);
  auto* state = static_cast<DescriptorState*>(kzalloc(sizeof(DescriptorState) * size));
  if (!state) {
    frames::free_contiguous(phys, pages);
    return KError{ENOMEM};
  }
  auto* queue = new Virtqueue(index, phys, pages, state, size, event_idx);
  if (!queue) {
    kfree(state);
    frames::free_contiguous(phys, pages);
    return KError{ENOMEM};
  }
  return queue;
}

Virtqueue::Virtqueue(uint16_t index, uint64_t memory_phys, size_t memory_pages, DescriptorState* state,
                     uint16_t size, bool event_idx)
    : index_(index),
      memory_phys_(memory_phys),
      memory_pages_(memory_pages),
      state_(state),
      ring_(layout::phys_to_virt(memory_phys), state, size, event_idx) {}

// Only the Transport destroys a queue, after the device has been reset and
// so can no longer read or write this memory (2.4.1).
Virtqueue::~Virtqueue() {
  kfree(state_);
  frames::free_contiguous(memory_phys_, memory_pages_);
}

uint64_t Virtqueue::descriptors_phys() const { return layout::virt_to_phys(ring_.descriptors()); }
uint64_t Virtqueue::available_phys() const { return layout::virt_to_phys(ring_.available()); }
uint64_t Virtqueue::used_phys() const { return layout::virt_to_phys(ring_.used()); }

KStatus Virtqueue::add(const BufferPart* parts, int count, void* token) { return ring_.add(parts, count, token); }

void Virtqueue::kick() {
  // 4.1.5.2: the driver notifies by writing the queue's index to its notify
  // address (the 16-bit form, without VIRTIO_F_NOTIFICATION_DATA). The MMIO
  // write is ordered after the ring updates: see kernel/dev/pci/mmio.h.
  if (ring_.needs_notification() && notify_register_) mmio::write16(notify_register_, index_);
}

bool Virtqueue::get_used(void** token, uint32_t* length) {
  bool got = ring_.get_used(token, length);
  report_misbehaviour();
  return got;
}

// A device that returns nonsense gets a line in the log at the 1st, 2nd,
// 4th, 8th... bad entry: visible, but a broken device cannot flood the log.
void Virtqueue::report_misbehaviour() {
  uint32_t bad = ring_.bad_ids() + ring_.bad_lengths();
  if (bad == reported_bad_) return;
  reported_bad_ = bad;
  if (bad & (bad - 1)) return;
  printk("virtio: queue %u: device returned %u bad ids and %u bad lengths so far (ignored)", index_,
         ring_.bad_ids(), ring_.bad_lengths());
}

void Virtqueue::interrupt(TrapFrame*, void* ctx) {
  auto* queue = static_cast<Virtqueue*>(ctx);
  if (queue->on_interrupt_) queue->on_interrupt_(queue->on_interrupt_ctx_);
}

}  // namespace virtio
