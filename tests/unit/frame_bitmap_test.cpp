// Tests for kernel/lib/frame_bitmap: the physical frame allocator's bitmap.
#include "kernel/lib/frame_bitmap.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <set>
#include <vector>

namespace {

// A bitmap with its storage, sized exactly (ASan catches a word too far).
class Bitmap {
 public:
  explicit Bitmap(size_t frames) : storage_(new uint64_t[FrameBitmap::words_needed(frames)]) {
    // Garbage in the storage must not matter: init clears it.
    for (size_t i = 0; i < FrameBitmap::words_needed(frames); i++) storage_[i] = 0xa5a5a5a5a5a5a5a5;
    map.init(storage_.get(), frames);
  }
  FrameBitmap map;

 private:
  std::unique_ptr<uint64_t[]> storage_;
};

TEST(FrameBitmap, WordsNeeded) {
  EXPECT_EQ(FrameBitmap::words_needed(0), 0u);
  EXPECT_EQ(FrameBitmap::words_needed(1), 1u);
  EXPECT_EQ(FrameBitmap::words_needed(64), 1u);
  EXPECT_EQ(FrameBitmap::words_needed(65), 2u);
  EXPECT_EQ(FrameBitmap::words_needed(SIZE_MAX), SIZE_MAX / 64 + 1);  // no overflow
}

TEST(FrameBitmap, EveryFrameStartsUsed) {
  Bitmap b(200);
  EXPECT_EQ(b.map.frame_count(), 200u);
  EXPECT_EQ(b.map.free_count(), 0u);
  for (uint64_t f = 0; f < 200; f++) EXPECT_FALSE(b.map.is_free(f));
  EXPECT_EQ(b.map.alloc(), -1);
  EXPECT_EQ(b.map.alloc_contiguous(1, 1), -1);
}

TEST(FrameBitmap, ZeroFrames) {
  FrameBitmap map;
  map.init(nullptr, 0);
  EXPECT_EQ(map.alloc(), -1);
  EXPECT_EQ(map.alloc_contiguous(1, 1), -1);
  EXPECT_FALSE(map.free(0));
  EXPECT_FALSE(map.is_free(0));
  map.mark_free(0, 10);
  EXPECT_EQ(map.free_count(), 0u);
}

TEST(FrameBitmap, MarkFreeAndUsedKeepTheCount) {
  Bitmap b(300);
  b.map.mark_free(10, 100);  // across word boundaries
  EXPECT_EQ(b.map.free_count(), 100u);
  EXPECT_FALSE(b.map.is_free(9));
  EXPECT_TRUE(b.map.is_free(10));
  EXPECT_TRUE(b.map.is_free(109));
  EXPECT_FALSE(b.map.is_free(110));
  b.map.mark_free(50, 100);  // half already free: counted once
  EXPECT_EQ(b.map.free_count(), 140u);
  b.map.mark_used(0, 20);  // half already used
  EXPECT_EQ(b.map.free_count(), 130u);
  b.map.mark_used(0, 20);
  EXPECT_EQ(b.map.free_count(), 130u);
  b.map.mark_free(64, 64);  // exactly one word
  EXPECT_EQ(b.map.free_count(), 130u);
  b.map.mark_used(64, 64);
  EXPECT_EQ(b.map.free_count(), 66u);
  b.map.mark_free(0, 0);  // empty range
  EXPECT_EQ(b.map.free_count(), 66u);
}

TEST(FrameBitmap, RangesAreClippedToTheFrameCount) {
  Bitmap b(70);
  b.map.mark_free(60, 1000);
  EXPECT_EQ(b.map.free_count(), 10u);
  EXPECT_FALSE(b.map.is_free(70));
  b.map.mark_free(70, 5);     // starts at the end
  b.map.mark_free(1000, 5);   // starts past it
  b.map.mark_free(0, SIZE_MAX);  // first + count would overflow
  EXPECT_EQ(b.map.free_count(), 70u);
  b.map.mark_free(UINT64_MAX, SIZE_MAX);
  EXPECT_EQ(b.map.free_count(), 70u);
  b.map.mark_used(65, SIZE_MAX);
  EXPECT_EQ(b.map.free_count(), 65u);
}

TEST(FrameBitmap, FramesPastTheCountAreNeverHandedOut) {
  Bitmap b(70);  // the second word has 6 real frames and 58 phantom bits
  b.map.mark_free(0, 70);
  std::set<int64_t> seen;
  for (int i = 0; i < 70; i++) {
    int64_t f = b.map.alloc();
    ASSERT_GE(f, 0);
    ASSERT_LT(f, 70);
    EXPECT_TRUE(seen.insert(f).second) << "frame " << f << " handed out twice";
  }
  EXPECT_EQ(b.map.alloc(), -1);
  EXPECT_EQ(b.map.free_count(), 0u);
}

TEST(FrameBitmap, AllocTakesTheLowestFreeFrameFirst) {
  Bitmap b(256);
  b.map.mark_free(130, 10);
  EXPECT_EQ(b.map.alloc(), 130);
  EXPECT_FALSE(b.map.is_free(130));
  EXPECT_EQ(b.map.free_count(), 9u);
}

TEST(FrameBitmap, AllocIsNextFitFromTheLastFrameHandedOut) {
  Bitmap b(256);
  b.map.mark_free(0, 256);
  EXPECT_EQ(b.map.alloc(), 0);
  EXPECT_EQ(b.map.alloc(), 1);
  EXPECT_EQ(b.map.alloc(), 2);
  EXPECT_TRUE(b.map.free(0));
  // Frame 0 is free again, but the search continues after frame 2.
  EXPECT_EQ(b.map.alloc(), 3);
}

TEST(FrameBitmap, NextFitWrapsAroundToTheStart) {
  Bitmap b(200);
  b.map.mark_free(195, 5);  // the last five frames
  b.map.mark_free(3, 1);
  // The hint starts at 0, so 3 comes first; then the tail, then the wrap.
  EXPECT_EQ(b.map.alloc(), 3);
  EXPECT_TRUE(b.map.free(3));
  for (int64_t f = 195; f < 200; f++) EXPECT_EQ(b.map.alloc(), f);
  // The hint wrapped past the last frame back to 0.
  EXPECT_EQ(b.map.alloc(), 3);
  EXPECT_EQ(b.map.alloc(), -1);
}

TEST(FrameBitmap, WrapFindsFreeFramesBelowTheHintInItsOwnWord) {
  Bitmap b(128);
  b.map.mark_free(64, 64);
  for (int64_t f = 64; f <= 70; f++) EXPECT_EQ(b.map.alloc(), f);  // hint now 71, in word 1
  for (int i = 71; i < 128; i++) EXPECT_EQ(b.map.alloc(), i);     // hint wraps to 0
  EXPECT_TRUE(b.map.free(65));
  EXPECT_TRUE(b.map.free(80));
  // Allocate 66 so the hint sits at 67: 80 is ahead of it, 65 behind it in the same word.
  b.map.mark_free(66, 1);
  EXPECT_EQ(b.map.alloc(), 65);
  EXPECT_EQ(b.map.alloc(), 66);
  EXPECT_TRUE(b.map.free(65));
  EXPECT_EQ(b.map.alloc(), 80);
  EXPECT_EQ(b.map.alloc(), 65);  // only found after going all the way round
  EXPECT_EQ(b.map.alloc(), -1);
}

TEST(FrameBitmap, ExhaustionThenFreeingOneMakesItAvailable) {
  Bitmap b(1000);
  b.map.mark_free(100, 500);
  int count = 0;
  while (b.map.alloc() >= 0) count++;
  EXPECT_EQ(count, 500);
  EXPECT_EQ(b.map.free_count(), 0u);
  EXPECT_EQ(b.map.alloc(), -1);
  EXPECT_EQ(b.map.alloc_contiguous(1, 1), -1);
  EXPECT_TRUE(b.map.free(321));
  EXPECT_EQ(b.map.free_count(), 1u);
  EXPECT_EQ(b.map.alloc(), 321);
  EXPECT_EQ(b.map.alloc(), -1);
}

TEST(FrameBitmap, DoubleFreeAndOutOfRangeFreeAreRefused) {
  Bitmap b(100);
  b.map.mark_free(10, 1);
  EXPECT_FALSE(b.map.free(10));  // already free
  EXPECT_EQ(b.map.free_count(), 1u);
  EXPECT_EQ(b.map.alloc(), 10);
  EXPECT_TRUE(b.map.free(10));
  EXPECT_FALSE(b.map.free(10));
  EXPECT_EQ(b.map.free_count(), 1u);
  EXPECT_FALSE(b.map.free(100));
  EXPECT_FALSE(b.map.free(UINT64_MAX));
  EXPECT_FALSE(b.map.is_free(100));
  EXPECT_EQ(b.map.free_count(), 1u);
}

TEST(FrameBitmap, ContiguousRunsHonourAlignment) {
  Bitmap b(256);
  b.map.mark_free(3, 37);  // frames 3..39
  EXPECT_EQ(b.map.alloc_contiguous(4, 8), 8);
  for (uint64_t f = 8; f < 12; f++) EXPECT_FALSE(b.map.is_free(f));
  EXPECT_EQ(b.map.free_count(), 33u);
  EXPECT_EQ(b.map.alloc_contiguous(4, 1), 3);  // unaligned: the first fit
  EXPECT_EQ(b.map.alloc_contiguous(1, 16), 16);
  EXPECT_EQ(b.map.alloc_contiguous(16, 16), -1);  // 16..31 is broken at 16
  EXPECT_EQ(b.map.alloc_contiguous(8, 8), 24);
  EXPECT_EQ(b.map.alloc_contiguous(8, 32), 32);    // 0 is used, 32..39 is free
  EXPECT_EQ(b.map.alloc_contiguous(1, 32), -1);    // 0, 32, 64, ... are all used now
  EXPECT_EQ(b.map.free_count(), 12u);              // 7, 12..15, 17..23 remain
}

TEST(FrameBitmap, ContiguousRunAtTheVeryEnd) {
  Bitmap b(100);
  b.map.mark_free(96, 4);
  EXPECT_EQ(b.map.alloc_contiguous(5, 1), -1);
  EXPECT_EQ(b.map.alloc_contiguous(4, 4), 96);
  EXPECT_EQ(b.map.free_count(), 0u);
}

TEST(FrameBitmap, ContiguousRunThatExistsOnlyUnaligned) {
  Bitmap b(64);
  b.map.mark_free(1, 30);  // 1..30: no aligned run of 16 fits
  EXPECT_EQ(b.map.alloc_contiguous(16, 16), -1);
  EXPECT_EQ(b.map.alloc_contiguous(16, 2), 2);
  EXPECT_EQ(b.map.free_count(), 14u);
}

TEST(FrameBitmap, ContiguousArgumentsAreChecked) {
  Bitmap b(64);
  b.map.mark_free(0, 64);
  EXPECT_EQ(b.map.alloc_contiguous(0, 1), -1);   // nothing asked
  EXPECT_EQ(b.map.alloc_contiguous(1, 0), -1);   // alignment 0
  EXPECT_EQ(b.map.alloc_contiguous(1, 3), -1);   // not a power of 2
  EXPECT_EQ(b.map.alloc_contiguous(1, 12), -1);
  EXPECT_EQ(b.map.alloc_contiguous(65, 1), -1);  // more than there are
  EXPECT_EQ(b.map.alloc_contiguous(SIZE_MAX, 1), -1);
  EXPECT_EQ(b.map.free_count(), 64u);
  // A huge alignment leaves only frame 0 as a candidate, without overflowing.
  EXPECT_EQ(b.map.alloc_contiguous(2, size_t{1} << 63), 0);
  EXPECT_EQ(b.map.alloc_contiguous(1, size_t{1} << 63), -1);
  EXPECT_EQ(b.map.alloc_contiguous(64, 1), -1);
  EXPECT_EQ(b.map.alloc_contiguous(62, 2), 2);
}

// Random operations against a plain vector<bool>: the counter, the bits and
// every answer must agree with the obvious model.
TEST(FrameBitmap, RandomOperationsMatchAModel) {
  std::mt19937_64 random(42);
  for (size_t frames : {1, 63, 64, 65, 200, 1000}) {
    Bitmap b(frames);
    std::vector<bool> model(frames, false);
    auto model_free_count = [&] {
      size_t n = 0;
      for (bool f : model) n += f;
      return n;
    };
    for (int step = 0; step < 3000; step++) {
      uint64_t first = random() % (frames + 10);
      size_t count = random() % 80;
      switch (random() % 5) {
        case 0:
          b.map.mark_free(first, count);
          for (uint64_t f = first; f < first + count && f < frames; f++) model[f] = true;
          break;
        case 1:
          b.map.mark_used(first, count);
          for (uint64_t f = first; f < first + count && f < frames; f++) model[f] = false;
          break;
        case 2: {
          int64_t f = b.map.alloc();
          if (f < 0) {
            ASSERT_EQ(model_free_count(), 0u);
          } else {
            ASSERT_LT(static_cast<uint64_t>(f), frames);
            ASSERT_TRUE(model[f]) << "allocated a used frame " << f;
            model[f] = false;
          }
          break;
        }
        case 3: {
          bool expected = first < frames && !model[first];
          ASSERT_EQ(b.map.free(first), expected);
          if (expected) model[first] = true;
          break;
        }
        case 4: {
          size_t n = 1 + random() % 8;
          size_t align = size_t{1} << (random() % 5);
          int64_t f = b.map.alloc_contiguous(n, align);
          // The model's answer: the first aligned fully free run.
          int64_t want = -1;
          for (uint64_t start = 0; start + n <= frames && want < 0; start += align) {
            bool all = true;
            for (uint64_t i = start; i < start + n; i++) all = all && model[i];
            if (all) want = static_cast<int64_t>(start);
          }
          ASSERT_EQ(f, want);
          if (f >= 0)
            for (uint64_t i = f; i < f + n; i++) model[i] = false;
          break;
        }
      }
      ASSERT_EQ(b.map.free_count(), model_free_count());
      ASSERT_EQ(b.map.is_free(first), first < frames && model[first]);
    }
    for (uint64_t f = 0; f < frames; f++) ASSERT_EQ(b.map.is_free(f), model[f]);
  }
}

}  // namespace
