// One bit per 4 KiB physical frame: the bookkeeping of the frame allocator.
//
// Contract: the caller provides the storage (words_needed(frame_count)
// uint64_t words, e.g. carved out of the first usable region at boot) and
// locking. A set bit means the frame is free, so a non-zero word has a free
// frame in it and the allocator can skip 64 used frames at a time. Every
// frame starts used; boot code then frees the usable regions. Frame numbers
// at or past frame_count are never free. Not thread-safe.
#pragma once

#include <stddef.h>
#include <stdint.h>

class FrameBitmap {
 public:
  static size_t words_needed(size_t frame_count);  // uint64_t words of storage

  void init(uint64_t* storage, size_t frame_count);  // all frames start used
  void mark_free(uint64_t first, size_t count);      // ranges clipped to frame_count
  void mark_used(uint64_t first, size_t count);

  // A free frame, now used; -1 if none. Next-fit: the search starts after the
  // frame handed out last and wraps around, so allocations spread over the
  // map instead of rescanning the same full words at its start every time.
  int64_t alloc();

  // The first of `count` consecutive free frames, the first one a multiple of
  // align_frames (a power of 2), now all used; -1 if there is no such run or
  // the arguments are invalid (count 0, align not a power of 2). First-fit
  // from frame 0, skipping used frames a word at a time: for DMA buffers and
  // kmalloc's blocks of more than a page.
  int64_t alloc_contiguous(size_t count, size_t align_frames);

  bool free(uint64_t frame);  // false if out of range or already free (the kernel panics on a double free)
  bool is_free(uint64_t frame) const;
  size_t free_count() const;  // a counter, O(1)
  size_t frame_count() const;

 private:
  // Sets (make_free = true) or clears the bits of frames [first, first + count),
  // already clipped, adjusting free_count_ by the bits that changed.
  void set_range(uint64_t first, size_t count, bool make_free);
  uint64_t first_free_at_or_after(uint64_t frame) const;

  uint64_t* words_ = nullptr;
  size_t frame_count_ = 0;
  size_t free_count_ = 0;
  uint64_t next_hint_ = 0;  // where alloc() starts looking
};
