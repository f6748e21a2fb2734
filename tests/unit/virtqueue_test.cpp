// Tests for kernel/dev/virtio/split_ring: the split virtqueue's bookkeeping,
// against a simulated device that plays the other side of the rings exactly
// as virtio 1.x 2.7 describes it (and, in some tests, breaks the rules).
#include "kernel/dev/virtio/split_ring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <new>
#include <random>
#include <set>
#include <vector>

namespace {
using virtio::BufferPart;
using virtio::DescriptorState;
using virtio::RingLayout;
using virtio::SplitRing;

// A ring with its memory: exactly RingLayout's size, zeroed, 16-byte aligned,
// so ASan catches any access past the used ring's last field.
class Ring {
 public:
  Ring(uint16_t size, bool event_idx)
      : layout_(RingLayout::for_size(size)),
        memory_(static_cast<uint8_t*>(::operator new[](layout_.total_bytes, std::align_val_t(16)))),
        state_(new DescriptorState[size]) {
    std::fill(memory_, memory_ + layout_.total_bytes, 0);
    ring = new SplitRing(memory_, state_, size, event_idx);
  }
  ~Ring() {
    delete ring;
    delete[] state_;
    ::operator delete[](memory_, std::align_val_t(16));
  }
  SplitRing* ring;

 private:
  RingLayout layout_;
  uint8_t* memory_;
  DescriptorState* state_;
};

struct Part {
  uint64_t addr;
  uint32_t len;
  bool writable;
};
struct Chain {
  uint16_t head;
  std::vector<Part> parts;
  std::vector<uint16_t> descriptors;
};

// The device's side: consumes the available ring, writes the used ring.
// It checks the driver's side of the contract as it goes: every chain is
// well formed and no descriptor is in two chains the device holds at once.
class SimulatedDevice {
 public:
  explicit SimulatedDevice(SplitRing* ring) : ring_(ring), size_(ring->size()) {}

  // Every chain the driver has made available since the last call.
  std::vector<Chain> take_available() {
    std::vector<Chain> chains;
    uint16_t avail_idx = __atomic_load_n(&ring_->available()->idx, __ATOMIC_ACQUIRE);
    for (; last_avail_ != avail_idx; last_avail_++) {
      Chain chain;
      chain.head = ring_->available()->ring[last_avail_ % size_];
      uint16_t i = chain.head;
      for (;;) {
        EXPECT_LT(i, size_);
        EXPECT_TRUE(held_.insert(i).second) << "descriptor " << i << " offered twice";
        EXPECT_LE(chain.descriptors.size(), size_t(size_)) << "chain loops";
        if (i >= size_ || chain.descriptors.size() > size_) break;
        const virtio::VirtqDescriptor& d = ring_->descriptors()[i];
        chain.descriptors.push_back(i);
        chain.parts.push_back(Part{d.addr, d.len, (d.flags & virtio::kDescriptorWrite) != 0});
        if (!(d.flags & virtio::kDescriptorNext)) break;
        i = d.next;
      }
      chains.push_back(chain);
    }
    return chains;
  }

  // Returns a chain the way a correct device does.
  void complete(const Chain& chain, uint32_t written) {
    for (uint16_t d : chain.descriptors) held_.erase(d);
    complete_raw(chain.head, written);
  }
  // Writes any used entry at all: for the misbehaving-device tests.
  void complete_raw(uint32_t id, uint32_t written) {
    virtio::VirtqUsed* used = ring_->used();
    used->ring[used_idx_ % size_] = virtio::VirtqUsedElement{id, written};
    used_idx_++;
    __atomic_store_n(&used->idx, used_idx_, __ATOMIC_RELEASE);
  }
  void skip_used_idx(uint16_t count) {
    used_idx_ = uint16_t(used_idx_ + count);
    __atomic_store_n(&ring_->used()->idx, used_idx_, __ATOMIC_RELEASE);
  }
  void set_no_notify(bool on) { ring_->used()->flags = on ? virtio::kUsedNoNotify : 0; }
  void set_avail_event(uint16_t v) {
    std::memcpy(reinterpret_cast<uint8_t*>(ring_->used()) + 4 + 8 * size_, &v, sizeof v);
  }
  uint16_t used_event() const { return ring_->available()->ring[size_]; }
  uint16_t last_avail() const { return last_avail_; }

 private:
  SplitRing* ring_;
  uint16_t size_;
  uint16_t last_avail_ = 0;
  uint16_t used_idx_ = 0;
  std::set<uint16_t> held_;
};

void* token(uintptr_t n) { return reinterpret_cast<void*>(n); }

TEST(Virtqueue, LayoutFollowsTheSpecAlignments) {
  for (uint16_t size : {1, 2, 4, 8, 128, 256, 1024, 32768}) {
    RingLayout l = RingLayout::for_size(size);
    EXPECT_EQ(l.descriptors_offset, 0u);
    EXPECT_EQ(l.available_offset, 16u * size);        // right after the descriptors, 2-aligned
    EXPECT_EQ(l.used_offset % 4, 0u);                  // used ring: 4-aligned
    EXPECT_GE(l.used_offset, l.available_offset + 6 + 2u * size);
    EXPECT_LT(l.used_offset, l.available_offset + 6 + 2u * size + 4);
    EXPECT_EQ(l.total_bytes, l.used_offset + 6 + 8u * size);
  }
}

TEST(Virtqueue, OneBufferRoundTrip) {
  Ring r(8, false);
  SimulatedDevice dev(r.ring);
  EXPECT_EQ(r.ring->free_descriptors(), 8);
  BufferPart part{0x1000, 100, false};
  ASSERT_FALSE(r.ring->add(&part, 1, token(7)).is_error());
  EXPECT_EQ(r.ring->free_descriptors(), 7);
  void* t;
  uint32_t len;
  EXPECT_FALSE(r.ring->get_used(&t, &len));  // nothing back yet

  auto chains = dev.take_available();
  ASSERT_EQ(chains.size(), 1u);
  ASSERT_EQ(chains[0].parts.size(), 1u);
  EXPECT_EQ(chains[0].parts[0].addr, 0x1000u);
  EXPECT_EQ(chains[0].parts[0].len, 100u);
  EXPECT_FALSE(chains[0].parts[0].writable);
  dev.complete(chains[0], 0);

  EXPECT_TRUE(r.ring->has_used());
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_EQ(t, token(7));
  EXPECT_EQ(len, 0u);
  EXPECT_FALSE(r.ring->get_used(&t, &len));
  EXPECT_EQ(r.ring->free_descriptors(), 8);
}

TEST(Virtqueue, ChainOfReadableThenWritableParts) {
  Ring r(8, false);
  SimulatedDevice dev(r.ring);
  BufferPart parts[] = {{0x1000, 10, false}, {0x2000, 20, false}, {0x3000, 1500, true}, {0x4000, 500, true}};
  ASSERT_FALSE(r.ring->add(parts, 4, token(1)).is_error());
  EXPECT_EQ(r.ring->free_descriptors(), 4);
  auto chains = dev.take_available();
  ASSERT_EQ(chains.size(), 1u);
  ASSERT_EQ(chains[0].parts.size(), 4u);
  for (int k = 0; k < 4; k++) {
    EXPECT_EQ(chains[0].parts[k].addr, parts[k].phys);
    EXPECT_EQ(chains[0].parts[k].len, parts[k].length);
    EXPECT_EQ(chains[0].parts[k].writable, parts[k].device_writable);
  }
  // The last descriptor ends the chain.
  EXPECT_FALSE(r.ring->descriptors()[chains[0].descriptors.back()].flags & virtio::kDescriptorNext);
  dev.complete(chains[0], 2000);  // exactly the writable total
  void* t;
  uint32_t len;
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_EQ(t, token(1));
  EXPECT_EQ(len, 2000u);
  EXPECT_EQ(r.ring->bad_lengths(), 0u);
  EXPECT_EQ(r.ring->free_descriptors(), 8);
}

TEST(Virtqueue, RejectsMalformedBuffers) {
  Ring r(8, false);
  BufferPart readable{0x1000, 10, false}, writable{0x2000, 10, true};
  BufferPart wrong_order[] = {writable, readable};
  EXPECT_EQ(r.ring->add(&readable, 0, token(1)).error(), EINVAL);
  EXPECT_EQ(r.ring->add(&readable, -1, token(1)).error(), EINVAL);
  EXPECT_EQ(r.ring->add(&readable, 1, nullptr).error(), EINVAL);
  EXPECT_EQ(r.ring->add(wrong_order, 2, token(1)).error(), EINVAL);  // 2.7.4.2
  EXPECT_EQ(r.ring->free_descriptors(), 8);
  EXPECT_EQ(r.ring->available()->idx, 0);
}

TEST(Virtqueue, RunsOutOfDescriptors) {
  Ring r(8, false);
  SimulatedDevice dev(r.ring);
  BufferPart part{0x1000, 64, true};
  for (int i = 0; i < 8; i++) ASSERT_FALSE(r.ring->add(&part, 1, token(i + 1)).is_error());
  EXPECT_EQ(r.ring->free_descriptors(), 0);
  EXPECT_EQ(r.ring->add(&part, 1, token(99)).error(), ENOSPC);

  // Two back: a chain of three still does not fit, and failing changes nothing.
  auto chains = dev.take_available();
  ASSERT_EQ(chains.size(), 8u);
  dev.complete(chains[3], 64);
  dev.complete(chains[5], 64);
  void* t;
  uint32_t len;
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  BufferPart three[] = {part, part, part};
  EXPECT_EQ(r.ring->add(three, 3, token(99)).error(), ENOSPC);
  EXPECT_EQ(r.ring->free_descriptors(), 2);
  EXPECT_EQ(r.ring->available()->idx, 8);
  ASSERT_FALSE(r.ring->add(three, 2, token(100)).is_error());
  EXPECT_EQ(r.ring->free_descriptors(), 0);
  EXPECT_EQ(dev.take_available().size(), 1u);  // and the device checks it reuses only freed descriptors
}

// More than 2^16 buffers through a 4-entry queue: both free-running indexes
// wrap around 65535 -> 0 several times, with chains of changing length.
void run_many_buffers(bool event_idx) {
  Ring r(4, event_idx);
  SimulatedDevice dev(r.ring);
  uint64_t next_token = 1, expected_token = 1;
  bool avail_wrapped = false;
  uint16_t previous_avail = 0;
  const uint64_t total = 3 * 65536 + 123;
  while (expected_token <= total) {
    // Fill the queue with chains of 1 or 2 descriptors.
    for (;;) {
      int count = 1 + int(next_token % 2);
      BufferPart parts[2] = {{next_token * 16, 16, false}, {next_token * 16 + 8, 8, true}};
      if (next_token > total || r.ring->add(parts + (2 - count), count, token(next_token)).is_error()) break;
      next_token++;
    }
    uint16_t avail = r.ring->available()->idx;
    if (avail < previous_avail) avail_wrapped = true;
    previous_avail = avail;
    for (const Chain& c : dev.take_available()) dev.complete(c, 8);
    void* t;
    uint32_t len;
    while (r.ring->get_used(&t, &len)) {
      ASSERT_EQ(t, token(expected_token)) << "in order, none lost or repeated";
      ASSERT_EQ(len, 8u);
      expected_token++;
    }
    ASSERT_EQ(r.ring->free_descriptors(), 4);
  }
  EXPECT_TRUE(avail_wrapped);
  EXPECT_EQ(r.ring->used()->idx, uint16_t(total));
  EXPECT_EQ(r.ring->bad_ids() + r.ring->bad_lengths(), 0u);
}

TEST(Virtqueue, IndexesWrapAroundSixteenBits) { run_many_buffers(false); }
TEST(Virtqueue, IndexesWrapAroundSixteenBitsWithEventIdx) { run_many_buffers(true); }

TEST(Virtqueue, UsedEntriesOutOfOrder) {
  Ring r(8, false);
  SimulatedDevice dev(r.ring);
  BufferPart part{0x1000, 32, true};
  BufferPart pair[] = {{0x1000, 32, false}, {0x2000, 32, true}};
  ASSERT_FALSE(r.ring->add(&part, 1, token(1)).is_error());
  ASSERT_FALSE(r.ring->add(pair, 2, token(2)).is_error());
  ASSERT_FALSE(r.ring->add(&part, 1, token(3)).is_error());
  ASSERT_FALSE(r.ring->add(pair, 2, token(4)).is_error());
  auto chains = dev.take_available();
  ASSERT_EQ(chains.size(), 4u);
  for (int i : {2, 0, 3, 1}) dev.complete(chains[i], 5);
  std::vector<void*> order;
  void* t;
  uint32_t len;
  while (r.ring->get_used(&t, &len)) order.push_back(t);
  EXPECT_EQ(order, (std::vector<void*>{token(3), token(1), token(4), token(2)}));
  EXPECT_EQ(r.ring->free_descriptors(), 8);
  // The free list, now in a scrambled order, still hands out each descriptor once.
  BufferPart four[] = {part, part, part, part};
  ASSERT_FALSE(r.ring->add(four, 4, token(5)).is_error());
  ASSERT_FALSE(r.ring->add(four, 3, token(6)).is_error());
  ASSERT_FALSE(r.ring->add(four, 1, token(7)).is_error());
  EXPECT_EQ(r.ring->free_descriptors(), 0);
  EXPECT_EQ(dev.take_available().size(), 3u);  // SimulatedDevice checks they are disjoint
}

TEST(Virtqueue, MaliciousIdsAreCountedAndSkipped) {
  Ring r(8, false);
  SimulatedDevice dev(r.ring);
  BufferPart pair[] = {{0x1000, 32, false}, {0x2000, 32, true}};
  ASSERT_FALSE(r.ring->add(pair, 2, token(1)).is_error());
  ASSERT_FALSE(r.ring->add(pair, 2, token(2)).is_error());
  auto chains = dev.take_available();
  ASSERT_EQ(chains.size(), 2u);
  dev.complete_raw(8, 0);                            // past the table
  dev.complete_raw(0xffffffff, 0);                   // far past it
  dev.complete_raw(chains[0].descriptors[1], 0);     // inside a chain, not its head
  dev.complete_raw(7, 0);                            // a free descriptor
  dev.complete(chains[0], 32);                       // the one good entry
  dev.complete_raw(chains[0].head, 32);              // the same buffer a second time
  void* t;
  uint32_t len;
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_EQ(t, token(1));
  EXPECT_EQ(len, 32u);
  EXPECT_EQ(r.ring->bad_ids(), 4u);
  EXPECT_FALSE(r.ring->get_used(&t, &len));
  EXPECT_EQ(r.ring->bad_ids(), 5u);
  // Buffer 2 is still the device's: its descriptors were not freed.
  EXPECT_EQ(r.ring->free_descriptors(), 6);
  dev.complete(chains[1], 1);
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_EQ(t, token(2));
  EXPECT_EQ(r.ring->free_descriptors(), 8);
}

TEST(Virtqueue, LengthBeyondTheWritablePartIsNotTrusted) {
  Ring r(8, false);
  SimulatedDevice dev(r.ring);
  BufferPart rx[] = {{0x1000, 12, true}, {0x2000, 1514, true}};
  BufferPart tx{0x3000, 60, false};
  ASSERT_FALSE(r.ring->add(rx, 2, token(1)).is_error());
  ASSERT_FALSE(r.ring->add(&tx, 1, token(2)).is_error());
  auto chains = dev.take_available();
  dev.complete(chains[0], 1527);  // one byte more than fits
  dev.complete(chains[1], 60);    // "wrote" into a buffer it may only read
  void* t;
  uint32_t len;
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_EQ(t, token(1));  // the buffer comes back, so the driver can reuse it...
  EXPECT_EQ(len, 0u);      // ...but none of it is believed
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_EQ(t, token(2));
  EXPECT_EQ(len, 0u);
  EXPECT_EQ(r.ring->bad_lengths(), 2u);
  EXPECT_EQ(r.ring->free_descriptors(), 8);
}

TEST(Virtqueue, DeviceScribblingOnDescriptorsCannotCorruptTheFreeList) {
  Ring r(4, false);
  SimulatedDevice dev(r.ring);
  BufferPart four[] = {{0x1000, 8, true}, {0x2000, 8, true}, {0x3000, 8, true}, {0x4000, 8, true}};
  ASSERT_FALSE(r.ring->add(four, 4, token(1)).is_error());
  auto chains = dev.take_available();
  for (int i = 0; i < 4; i++) r.ring->descriptors()[i].next = 0;  // every link now points at 0
  dev.complete(chains[0], 32);
  void* t;
  uint32_t len;
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_EQ(r.ring->free_descriptors(), 4);
  for (int i = 0; i < 4; i++) ASSERT_FALSE(r.ring->add(four, 1, token(10 + i)).is_error());
  EXPECT_EQ(dev.take_available().size(), 4u);  // four distinct descriptors
}

TEST(Virtqueue, UsedIndexRunningFarAheadIsSurvived) {
  Ring r(8, false);
  SimulatedDevice dev(r.ring);
  BufferPart part{0x1000, 8, true};
  ASSERT_FALSE(r.ring->add(&part, 1, token(1)).is_error());
  dev.take_available();
  dev.skip_used_idx(40000);  // claims 40000 entries, all slots zero: id 0, len 0
  void* t;
  uint32_t len;
  ASSERT_TRUE(r.ring->get_used(&t, &len));  // the first says id 0: the one real buffer
  EXPECT_EQ(t, token(1));
  EXPECT_FALSE(r.ring->get_used(&t, &len));  // the rest are repeats
  EXPECT_EQ(r.ring->bad_ids(), 39999u);
  EXPECT_EQ(r.ring->free_descriptors(), 8);
}

TEST(Virtqueue, NotifiesUnlessTheDeviceSaysNoNotify) {
  Ring r(8, false);
  SimulatedDevice dev(r.ring);
  BufferPart part{0x1000, 8, false};
  EXPECT_FALSE(r.ring->needs_notification());  // nothing added
  ASSERT_FALSE(r.ring->add(&part, 1, token(1)).is_error());
  EXPECT_TRUE(r.ring->needs_notification());
  EXPECT_FALSE(r.ring->needs_notification());  // nothing new since
  dev.set_no_notify(true);
  ASSERT_FALSE(r.ring->add(&part, 1, token(2)).is_error());
  EXPECT_FALSE(r.ring->needs_notification());
  dev.set_no_notify(false);
  ASSERT_FALSE(r.ring->add(&part, 1, token(3)).is_error());
  EXPECT_TRUE(r.ring->needs_notification());
}

TEST(Virtqueue, EventIdxNotifiesWhenAvailEventIsPassed) {
  Ring r(8, true);
  SimulatedDevice dev(r.ring);
  BufferPart part{0x1000, 8, false};
  // avail_event 0: "tell me when entry 0 is added", i.e. idx goes 0 -> 1.
  ASSERT_FALSE(r.ring->add(&part, 1, token(1)).is_error());
  EXPECT_TRUE(r.ring->needs_notification());
  // Still 0: idx 1 -> 3 does not pass it again.
  ASSERT_FALSE(r.ring->add(&part, 1, token(2)).is_error());
  ASSERT_FALSE(r.ring->add(&part, 1, token(3)).is_error());
  EXPECT_FALSE(r.ring->needs_notification());
  // The device has caught up to 3 and asks about entry 4: 3 -> 4 is not enough...
  dev.set_avail_event(4);
  ASSERT_FALSE(r.ring->add(&part, 1, token(4)).is_error());
  EXPECT_FALSE(r.ring->needs_notification());
  // ...4 -> 6 is (entry 4 is among the new ones).
  ASSERT_FALSE(r.ring->add(&part, 1, token(5)).is_error());
  ASSERT_FALSE(r.ring->add(&part, 1, token(6)).is_error());
  EXPECT_TRUE(r.ring->needs_notification());
  EXPECT_EQ(r.ring->available()->flags, 0);  // 2.7.7.1: flags stay 0 with EVENT_IDX
}

TEST(Virtqueue, InterruptSuppressionWithFlags) {
  Ring r(8, false);
  SimulatedDevice dev(r.ring);
  BufferPart part{0x1000, 8, true};
  r.ring->disable_interrupts();
  EXPECT_EQ(r.ring->available()->flags, virtio::kAvailableNoInterrupt);
  EXPECT_FALSE(r.ring->enable_interrupts());
  EXPECT_EQ(r.ring->available()->flags, 0);

  r.ring->disable_interrupts();
  ASSERT_FALSE(r.ring->add(&part, 1, token(1)).is_error());
  for (const Chain& c : dev.take_available()) dev.complete(c, 8);
  EXPECT_TRUE(r.ring->enable_interrupts());  // came back while interrupts were off: poll it
  void* t;
  uint32_t len;
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_FALSE(r.ring->enable_interrupts());
}

TEST(Virtqueue, InterruptSuppressionWithEventIdx) {
  Ring r(8, true);
  SimulatedDevice dev(r.ring);
  BufferPart part{0x1000, 8, true};
  for (int i = 0; i < 3; i++) ASSERT_FALSE(r.ring->add(&part, 1, token(i + 1)).is_error());
  for (const Chain& c : dev.take_available()) dev.complete(c, 8);
  void* t;
  uint32_t len;
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_EQ(dev.used_event(), 1);  // interrupt me after the next entry
  r.ring->disable_interrupts();
  EXPECT_EQ(r.ring->available()->flags, 0);
  EXPECT_EQ(dev.used_event(), 0);  // just behind: not reached for another 2^16 entries
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_EQ(dev.used_event(), 0);  // not moved while disabled
  EXPECT_TRUE(r.ring->enable_interrupts());  // one more waits
  EXPECT_EQ(dev.used_event(), 2);
  ASSERT_TRUE(r.ring->get_used(&t, &len));
  EXPECT_FALSE(r.ring->enable_interrupts());
  EXPECT_EQ(dev.used_event(), 3);
}

// A full transmit queue asks for one interrupt per batch of sent buffers
// (net/virtio_net/transmit.cpp): used_event lies count - 1 ahead.
TEST(Virtqueue, InterruptAfterABatchWithEventIdx) {
  Ring r(8, true);
  SimulatedDevice dev(r.ring);
  BufferPart part{0x1000, 8, false};
  for (int i = 0; i < 4; i++) ASSERT_FALSE(r.ring->add(&part, 1, token(i + 1)).is_error());
  r.ring->disable_interrupts();
  EXPECT_FALSE(r.ring->enable_interrupts_after(4));
  EXPECT_EQ(dev.used_event(), 3);  // the used index reaching 4 interrupts
  r.ring->disable_interrupts();
  std::vector<Chain> chains = dev.take_available();
  dev.complete(chains[0], 0);
  EXPECT_TRUE(r.ring->enable_interrupts_after(4));  // one back already: poll it
}

// Random adds and out-of-order completions against a model of what is in
// flight (fixed seeds: a failure is reproducible).
TEST(Virtqueue, RandomTrafficMatchesAModel) {
  for (unsigned seed = 1; seed <= 20; seed++) {
    std::mt19937 rng(seed);
    uint16_t size = uint16_t(1u << (rng() % 7));  // 1..64
    Ring r(size, seed % 2);
    SimulatedDevice dev(r.ring);
    std::vector<Chain> device_holds;
    std::map<uintptr_t, uint32_t> in_flight;  // token -> writable bytes
    uintptr_t next = 1;
    uint32_t in_flight_descriptors = 0;
    for (int step = 0; step < 3000; step++) {
      if (rng() % 2) {
        int count = 1 + int(rng() % 4);
        BufferPart parts[4];
        uint32_t writable = 0;
        int first_writable = int(rng() % (count + 1));
        for (int k = 0; k < count; k++) {
          parts[k] = BufferPart{rng(), uint32_t(1 + rng() % 2000), k >= first_writable};
          if (parts[k].device_writable) writable += parts[k].length;
        }
        auto result = r.ring->add(parts, count, token(next));
        if (count > size - int(in_flight_descriptors)) {
          ASSERT_EQ(result.error(), ENOSPC);
        } else {
          ASSERT_FALSE(result.is_error());
          in_flight[next] = writable;
          in_flight_descriptors += count;
          next++;
        }
      } else {
        for (Chain& c : dev.take_available()) device_holds.push_back(c);
        if (!device_holds.empty()) {
          size_t pick = rng() % device_holds.size();
          uint32_t writable = 0;
          for (const Part& p : device_holds[pick].parts) writable += p.writable ? p.len : 0;
          dev.complete(device_holds[pick], writable ? uint32_t(rng() % (writable + 1)) : 0);
          device_holds.erase(device_holds.begin() + long(pick));
        }
        void* t;
        uint32_t len;
        while (r.ring->get_used(&t, &len)) {
          auto it = in_flight.find(reinterpret_cast<uintptr_t>(t));
          ASSERT_NE(it, in_flight.end());
          ASSERT_LE(len, it->second);
          in_flight.erase(it);
        }
        // Everything added was taken above, so the device holds all of it.
        in_flight_descriptors = 0;
        for (const Chain& c : device_holds) in_flight_descriptors += uint32_t(c.descriptors.size());
      }
      ASSERT_EQ(r.ring->free_descriptors() + in_flight_descriptors, size) << "seed " << seed;
    }
    EXPECT_EQ(r.ring->bad_ids() + r.ring->bad_lengths(), 0u);
  }
}

}  // namespace
