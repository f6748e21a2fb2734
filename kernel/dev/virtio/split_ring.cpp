// The split virtqueue's bookkeeping (virtio 1.x 2.7). See split_ring.h.
//
// The picture to keep in mind: the driver owns the descriptor table and the
// available ring and only ever writes them; the device owns the used ring.
// Both rings have a free-running 16-bit idx that counts entries ever added;
// the slot an entry goes into is idx modulo the queue size. Because the size
// is a power of two that divides 2^16, the modulo stays right when idx wraps
// from 65535 to 0, and "how many new entries" is the 16-bit difference
// (uint16_t(new - old)), also right across the wrap.
#include "kernel/dev/virtio/split_ring.h"

namespace virtio {
namespace {

// Memory ordering between the driver and the device (2.7.13). The device
// is another agent reading and writing this memory, like another CPU, so the
// order in which our stores become visible matters. The three kinds the spec
// asks for, as C++ atomics (on x86-64 the first two cost nothing but keep the
// compiler from reordering; the full barrier is an MFENCE):
//
// A release store: everything written before it (descriptors, ring slots)
// is visible to the device before the store itself (the idx it publishes).
void store_release(uint16_t* p, uint16_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
// An acquire load: nothing read after it (used ring entries) is read before
// it (the used idx that says those entries are complete).
uint16_t load_acquire(const uint16_t* p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
// A full barrier: our earlier stores are visible before our later loads.
// Needed where we publish something and then read the device's answer to
// the same question (the device does the mirror image), or one of the two
// sides misses the other's update and a notification is lost.
void full_barrier() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

// Device-written fields are read exactly once into a local (a relaxed
// atomic load cannot be repeated by the compiler): a hostile device must not
// be able to change a value between our check and our use of it.
template <typename T>
T load_once(const T* p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
template <typename T>
void store_once(T* p, T v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }

size_t align_up(size_t value, size_t alignment) { return (value + alignment - 1) & ~(alignment - 1); }

// The EVENT_IDX test (2.7.10 and 2.7.13.4.1): the other side asked to be
// notified once the index passes `event`; moving the index from `old_idx` to
// `new_idx` passed it if event lies in [old_idx, new_idx), all modulo 2^16.
bool passed_event(uint16_t event, uint16_t new_idx, uint16_t old_idx) {
  return uint16_t(new_idx - event - 1) < uint16_t(new_idx - old_idx);
}
}  // namespace

RingLayout RingLayout::for_size(uint16_t size) {
  RingLayout layout;
  layout.descriptors_offset = 0;
  layout.available_offset = sizeof(VirtqDescriptor) * size;
  size_t available_bytes = sizeof(uint16_t) * (3 + size);  // flags, idx, ring[size], used_event
  layout.used_offset = align_up(layout.available_offset + available_bytes, 4);
  size_t used_bytes = sizeof(uint16_t) * 3 + sizeof(VirtqUsedElement) * size;  // flags, idx, ring, avail_event
  layout.total_bytes = layout.used_offset + used_bytes;
  return layout;
}

SplitRing::SplitRing(void* memory, DescriptorState* state, uint16_t size, bool event_idx)
    : state_(state), size_(size), event_idx_(event_idx), free_count_(size) {
  RingLayout layout = RingLayout::for_size(size);
  auto* base = static_cast<uint8_t*>(memory);
  descriptors_ = reinterpret_cast<VirtqDescriptor*>(base + layout.descriptors_offset);
  available_ = reinterpret_cast<VirtqAvailable*>(base + layout.available_offset);
  used_ = reinterpret_cast<VirtqUsed*>(base + layout.used_offset);
  // Every descriptor starts on the free list, in order: 0 -> 1 -> ... The
  // last one's link is never followed, because free_count_ says when to stop.
  for (uint16_t i = 0; i < size; i++) state_[i] = DescriptorState{nullptr, 0, uint16_t(i + 1), 0};
}

KStatus SplitRing::add(const BufferPart* parts, int count, void* token) {
  if (count <= 0 || !token) return KError{EINVAL};
  // 2.7.4.2: device-writable descriptors come after all device-readable ones.
  bool seen_writable = false;
  for (int k = 0; k < count; k++) {
    if (seen_writable && !parts[k].device_writable) return KError{EINVAL};
    seen_writable |= parts[k].device_writable;
  }
  if (count > free_count_) return KError{ENOSPC};

  // Take `count` descriptors off the head of the free list. They stay linked
  // through state_[].next in the same order, which is also the chain order:
  // freeing the chain later follows the same links.
  uint16_t head = free_head_;
  uint16_t i = head;
  uint64_t writable_bytes = 0;
  for (int k = 0; k < count; k++) {
    bool last = k == count - 1;
    uint16_t next = state_[i].next;
    VirtqDescriptor& d = descriptors_[i];
    d.addr = parts[k].phys;
    d.len = parts[k].length;
    d.flags = uint16_t((parts[k].device_writable ? kDescriptorWrite : 0) | (last ? 0 : kDescriptorNext));
    d.next = last ? 0 : next;
    if (parts[k].device_writable) writable_bytes += parts[k].length;
    i = next;
  }
  free_head_ = i;
  free_count_ = uint16_t(free_count_ - count);
  state_[head].token = token;
  state_[head].writable_bytes = writable_bytes;
  state_[head].chain_length = uint16_t(count);

  // Put the head in the next slot of the available ring, then publish it by
  // moving idx. 2.7.13.3: the descriptors and the slot must be visible to the
  // device before the new idx is, hence the release store.
  available_->ring[avail_idx_ & (size_ - 1)] = head;
  avail_idx_++;
  store_release(&available_->idx, avail_idx_);
  return ok();
}

bool SplitRing::needs_notification() {
  uint16_t old_idx = avail_idx_notified_;
  uint16_t new_idx = avail_idx_;
  avail_idx_notified_ = new_idx;
  if (old_idx == new_idx) return false;  // nothing new since we last asked
  // 2.7.13.4: "the driver MUST perform a suitable memory barrier before
  // reading flags or avail_event, to avoid missing a notification". The
  // device, about to go idle, sets its flag and then re-reads our idx; we
  // store idx and then read its flag. Without the barrier our load could
  // pass our store, both sides would see the old value, and the new buffers
  // would sit unnoticed.
  full_barrier();
  if (event_idx_) return passed_event(load_once(avail_event()), new_idx, old_idx);
  return !(load_once(&used_->flags) & kUsedNoNotify);
}

bool SplitRing::has_used() const { return load_acquire(&used_->idx) != last_used_idx_; }

bool SplitRing::get_used(void** token, uint32_t* length) {
  for (;;) {
    // Acquire: the entries below idx must be read after idx itself (2.7.13,
    // the device wrote them before it moved idx).
    uint16_t used_idx = load_acquire(&used_->idx);
    if (used_idx == last_used_idx_) return false;
    const VirtqUsedElement& element = used_->ring[last_used_idx_ & (size_ - 1)];
    uint32_t id = load_once(&element.id);
    uint32_t written = load_once(&element.len);
    last_used_idx_++;
    if (event_idx_ && interrupts_enabled_) {
      // Ask for an interrupt when the device goes past what we have seen.
      // The barrier orders this store before the next loop's load of idx,
      // for the same lost-wakeup reason as in needs_notification().
      store_once(used_event(), last_used_idx_);
      full_barrier();
    }

    // Trust nothing: the id must name the head of a chain we gave the device
    // and have not had back yet.
    if (id >= size_ || state_[id].chain_length == 0) {
      bad_ids_++;
      continue;
    }
    void* cookie = state_[id].token;
    uint64_t writable_bytes = state_[id].writable_bytes;
    free_chain(uint16_t(id));
    // 2.7.8.1: len is the number of bytes written into the buffer; more than
    // the chain can hold is a lie. The buffer comes back (the caller owns
    // it), but with length 0: none of its contents is to be believed.
    if (written > writable_bytes) {
      bad_lengths_++;
      written = 0;
    }
    *token = cookie;
    *length = written;
    return true;
  }
}

void SplitRing::free_chain(uint16_t head) {
  uint16_t count = state_[head].chain_length;
  uint16_t last = head;
  for (uint16_t k = 1; k < count; k++) last = state_[last].next;
  state_[last].next = free_head_;
  free_head_ = head;
  free_count_ = uint16_t(free_count_ + count);
  state_[head].token = nullptr;
  state_[head].writable_bytes = 0;
  state_[head].chain_length = 0;
}

void SplitRing::disable_interrupts() {
  interrupts_enabled_ = false;
  if (event_idx_) {
    // 2.7.7.1: with EVENT_IDX, flags must stay 0; instead, put used_event
    // just behind us, the point the device will not reach again until the
    // index has gone all the way around.
    store_once(used_event(), uint16_t(last_used_idx_ - 1));
  } else {
    store_once(&available_->flags, kAvailableNoInterrupt);
  }
}

bool SplitRing::enable_interrupts_after(uint16_t count) {
  interrupts_enabled_ = true;
  if (event_idx_) {
    // The device interrupts when the used index passes used_event, i.e.
    // when it reaches used_event + 1.
    store_once(used_event(), uint16_t(last_used_idx_ + (count ? count : 1) - 1));
  } else {
    store_once(&available_->flags, uint16_t(0));
  }
  // Between the device's last interrupt and this store, it may have added
  // entries without interrupting (we had asked it not to). Make our request
  // visible before we look, so each such entry is either seen here or
  // announced by an interrupt: the same pattern as needs_notification().
  full_barrier();
  return has_used();
}

}  // namespace virtio
