// The frame bitmap. Frame f is bit f % 64 of word f / 64; 1 means free.
#include "kernel/lib/frame_bitmap.h"

namespace {

constexpr size_t kBitsPerWord = 64;

// Bits set in x. Written out rather than __builtin_popcountll, which without
// the POPCNT instruction becomes a call into libgcc that the kernel may not link.
size_t count_set_bits(uint64_t x) {
  size_t n = 0;
  while (x != 0) {
    x &= x - 1;  // clears the lowest set bit
    n++;
  }
  return n;
}

// `bits` consecutive ones starting at bit `shift` (bits + shift <= 64, bits > 0).
uint64_t mask_of(size_t bits, size_t shift) {
  uint64_t ones = bits == kBitsPerWord ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  return ones << shift;
}

}  // namespace

size_t FrameBitmap::words_needed(size_t frame_count) {
  // Rounded up without computing frame_count + 63, which could overflow.
  return frame_count / kBitsPerWord + (frame_count % kBitsPerWord != 0 ? 1 : 0);
}

void FrameBitmap::init(uint64_t* storage, size_t frame_count) {
  words_ = storage;
  frame_count_ = frame_count;
  free_count_ = 0;
  next_hint_ = 0;
  // Bits past frame_count in the last word stay 0 (used) forever, so no
  // search ever needs to check the upper limit.
  for (size_t i = 0; i < words_needed(frame_count); i++) words_[i] = 0;
}

void FrameBitmap::set_range(uint64_t first, size_t count, bool make_free) {
  while (count > 0) {
    size_t shift = first % kBitsPerWord;
    size_t bits = kBitsPerWord - shift < count ? kBitsPerWord - shift : count;
    uint64_t mask = mask_of(bits, shift);
    uint64_t& word = words_[first / kBitsPerWord];
    if (make_free) {
      free_count_ += count_set_bits(mask & ~word);  // only frames that were used
      word |= mask;
    } else {
      free_count_ -= count_set_bits(mask & word);  // only frames that were free
      word &= ~mask;
    }
    first += bits;
    count -= bits;
  }
}

void FrameBitmap::mark_free(uint64_t first, size_t count) {
  if (first >= frame_count_) return;
  if (count > frame_count_ - first) count = frame_count_ - first;
  set_range(first, count, true);
}

void FrameBitmap::mark_used(uint64_t first, size_t count) {
  if (first >= frame_count_) return;
  if (count > frame_count_ - first) count = frame_count_ - first;
  set_range(first, count, false);
}

int64_t FrameBitmap::alloc() {
  if (free_count_ == 0) return -1;

  size_t nwords = words_needed(frame_count_);
  size_t start_word = next_hint_ / kBitsPerWord;
  // Visit every word once, starting at the hint's word, plus that word a
  // second time at the end: the first visit ignores the frames below the
  // hint, the last one (after wrapping around) looks at them.
  for (size_t i = 0; i <= nwords; i++) {
    size_t index = (start_word + i) % nwords;
    uint64_t candidates = words_[index];
    if (i == 0) candidates &= ~uint64_t{0} << (next_hint_ % kBitsPerWord);
    if (candidates == 0) continue;

    uint64_t frame = index * kBitsPerWord + __builtin_ctzll(candidates);
    words_[index] &= ~(uint64_t{1} << (frame % kBitsPerWord));
    free_count_--;
    next_hint_ = frame + 1 == frame_count_ ? 0 : frame + 1;
    return static_cast<int64_t>(frame);
  }
  return -1;  // unreachable while free_count_ is right
}

// The first free frame at or after `frame`, or frame_count_ if none is.
uint64_t FrameBitmap::first_free_at_or_after(uint64_t frame) const {
  size_t nwords = words_needed(frame_count_);
  for (size_t index = frame / kBitsPerWord; index < nwords; index++) {
    uint64_t candidates = words_[index];
    if (index == frame / kBitsPerWord) candidates &= ~uint64_t{0} << (frame % kBitsPerWord);
    if (candidates != 0) return index * kBitsPerWord + __builtin_ctzll(candidates);
  }
  return frame_count_;  // the bits past frame_count_ are 0 (used), so never found above
}

int64_t FrameBitmap::alloc_contiguous(size_t count, size_t align_frames) {
  if (count == 0 || align_frames == 0 || (align_frames & (align_frames - 1)) != 0) return -1;
  if (count > free_count_) return -1;

  // Invariant: candidate is aligned and candidate <= frame_count_.
  uint64_t candidate = 0;
  while (count <= frame_count_ - candidate) {
    // Skip used frames a word at a time: below the free memory lie the
    // kernel, the initrd and everything allocated since boot, thousands of
    // used frames that a bit-by-bit walk took ~60 us to cross under TCG
    // (docs/performance.md). Then round up to the alignment again.
    uint64_t free_frame = first_free_at_or_after(candidate);
    if (free_frame != candidate) {
      uint64_t misalignment = free_frame & (align_frames - 1);
      if (misalignment != 0) free_frame += align_frames - misalignment;
      if (free_frame >= frame_count_) return -1;
      candidate = free_frame;
      continue;
    }
    uint64_t end = candidate + count;
    uint64_t frame = candidate;
    while (frame < end && is_free(frame)) frame++;
    if (frame == end) {
      set_range(candidate, count, false);
      return static_cast<int64_t>(candidate);
    }
    // Frame `frame` is used, so no run containing it works: retry at the
    // first aligned frame after it, if there is one.
    uint64_t next = frame + 1;
    uint64_t misalignment = next & (align_frames - 1);
    if (misalignment != 0) {
      if (align_frames - misalignment > frame_count_ - next) return -1;
      next += align_frames - misalignment;
    }
    candidate = next;
  }
  return -1;
}

bool FrameBitmap::free(uint64_t frame) {
  if (frame >= frame_count_ || is_free(frame)) return false;
  words_[frame / kBitsPerWord] |= uint64_t{1} << (frame % kBitsPerWord);
  free_count_++;
  return true;
}

bool FrameBitmap::is_free(uint64_t frame) const {
  if (frame >= frame_count_) return false;
  return ((words_[frame / kBitsPerWord] >> (frame % kBitsPerWord)) & 1) != 0;
}

size_t FrameBitmap::free_count() const { return free_count_; }

size_t FrameBitmap::frame_count() const { return frame_count_; }
