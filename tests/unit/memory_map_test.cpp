// Tests for kernel/lib/memory_map: usable RAM from an E820-style map.
#include "kernel/lib/memory_map.h"

#include <gtest/gtest.h>

#include <random>
#include <ostream>
#include <vector>

// For comparing and printing results; found by argument-dependent lookup.
namespace mem {
bool operator==(const Region& a, const Region& b) { return a.base == b.base && a.size == b.size; }
std::ostream& operator<<(std::ostream& os, const Region& r) {
  return os << "[0x" << std::hex << r.base << ", 0x" << r.base + r.size << ")" << std::dec;
}
}  // namespace mem

namespace {

using mem::E820Entry;
using mem::Region;

constexpr uint32_t kRam = 1, kReserved = 2, kAcpi = 3, kNvs = 4, kBad = 5;
constexpr uint64_t kPage = 4096;

std::vector<Region> usable(const std::vector<E820Entry>& map, const std::vector<Region>& reserved = {}) {
  std::vector<Region> out(64);
  bool truncated = true;
  size_t n = mem::usable_regions(map.data(), map.size(), reserved.data(), reserved.size(), out.data(),
                                 out.size(), &truncated);
  EXPECT_FALSE(truncated);
  out.resize(n);
  return out;
}

TEST(MemoryMap, EmptyMapHasNoRegions) {
  EXPECT_TRUE(usable({}).empty());
  size_t n = mem::usable_regions(nullptr, 0, nullptr, 0, nullptr, 0);
  EXPECT_EQ(n, 0u);
}

TEST(MemoryMap, OneAlignedEntry) {
  EXPECT_EQ(usable({{0x100000, 0x400000, kRam, 0}}), (std::vector<Region>{{0x100000, 0x400000}}));
}

TEST(MemoryMap, RamIsRoundedInward) {
  EXPECT_EQ(usable({{0x1001, 0x3000, kRam, 0}}), (std::vector<Region>{{0x2000, 0x2000}}));
  EXPECT_EQ(usable({{0x1000, 0x2fff, kRam, 0}}), (std::vector<Region>{{0x1000, 0x2000}}));  // ends at 0x3fff
}

TEST(MemoryMap, RamSmallerThanAPageDisappears) {
  EXPECT_TRUE(usable({{0x1800, 0x1000, kRam, 0}}).empty());  // straddles two pages, fills neither
  EXPECT_TRUE(usable({{0x2000, 0xfff, kRam, 0}}).empty());
}

TEST(MemoryMap, HalfPagesOfTwoEntriesDoNotMakeAPage) {
  // Each entry is rounded on its own, as the contract says.
  EXPECT_TRUE(usable({{0x1000, 0x800, kRam, 0}, {0x1800, 0x800, kRam, 0}}).empty());
}

TEST(MemoryMap, ResultIsSortedWhateverTheInputOrder) {
  EXPECT_EQ(usable({{0x900000, 0x1000, kRam, 0}, {0x100000, 0x1000, kRam, 0}, {0x500000, 0x1000, kRam, 0}}),
            (std::vector<Region>{{0x100000, 0x1000}, {0x500000, 0x1000}, {0x900000, 0x1000}}));
}

TEST(MemoryMap, AdjacentAndOverlappingRamIsMerged) {
  EXPECT_EQ(usable({{0x3000, 0x2000, kRam, 0}, {0x1000, 0x2000, kRam, 0}}), (std::vector<Region>{{0x1000, 0x4000}}));
  EXPECT_EQ(usable({{0x1000, 0x8000, kRam, 0}, {0x2000, 0x1000, kRam, 0}, {0x6000, 0x5000, kRam, 0}}),
            (std::vector<Region>{{0x1000, 0xa000}}));
  // Duplicated entries.
  EXPECT_EQ(usable({{0x1000, 0x1000, kRam, 0}, {0x1000, 0x1000, kRam, 0}}), (std::vector<Region>{{0x1000, 0x1000}}));
}

TEST(MemoryMap, ReservedEntryInsideRamPunchesAHoleRoundedOutward) {
  std::vector<Region> expected{{0x0, 0x5000}, {0x6000, 0xa000}};
  EXPECT_EQ(usable({{0x0, 0x10000, kRam, 0}, {0x5010, 0x10, kReserved, 0}}), expected);
  // The same, listed the other way round.
  EXPECT_EQ(usable({{0x5010, 0x10, kReserved, 0}, {0x0, 0x10000, kRam, 0}}), expected);
  // A reserved range across a page boundary takes both pages.
  EXPECT_EQ(usable({{0x0, 0x10000, kRam, 0}, {0x5ff0, 0x20, kReserved, 0}}),
            (std::vector<Region>{{0x0, 0x5000}, {0x7000, 0x9000}}));
}

TEST(MemoryMap, EveryNonRamTypeExcludes) {
  for (uint32_t type : {0u, kReserved, kAcpi, kNvs, kBad, 12u, 0xffffffffu}) {
    EXPECT_EQ(usable({{0x0, 0x4000, kRam, 0}, {0x1000, 0x1000, type, 0}}),
              (std::vector<Region>{{0x0, 0x1000}, {0x2000, 0x2000}}))
        << "type " << type;
  }
}

TEST(MemoryMap, RamAlsoListedAsReservedIsNotUsable) {
  EXPECT_TRUE(usable({{0x100000, 0x100000, kRam, 0}, {0x100000, 0x100000, kReserved, 0}}).empty());
  // Reserved overlapping the start and the end of RAM.
  EXPECT_EQ(usable({{0x10000, 0x10000, kRam, 0}, {0x8000, 0x9000, kReserved, 0}, {0x1f000, 0x5000, kBad, 0}}),
            (std::vector<Region>{{0x11000, 0xe000}}));
}

TEST(MemoryMap, ReservedRangesPunchHoles) {
  // The kernel image and the initrd, neither page-aligned.
  std::vector<Region> reserved{{0x100000, 0x12345}, {0x300800, 0x800}};
  EXPECT_EQ(usable({{0x0, 0x9fc00, kRam, 0}, {0x100000, 0x400000, kRam, 0}}, reserved),
            (std::vector<Region>{{0x0, 0x9f000}, {0x113000, 0x1ed000}, {0x301000, 0x1ff000}}));
}

TEST(MemoryMap, ReservedRangeSpanningSeveralRegions) {
  std::vector<Region> reserved{{0x1800, 0x5000}};  // [0x1000, 0x7000) after rounding
  EXPECT_EQ(usable({{0x0, 0x3000, kRam, 0}, {0x4000, 0x1000, kRam, 0}, {0x6000, 0x3000, kRam, 0}}, reserved),
            (std::vector<Region>{{0x0, 0x1000}, {0x7000, 0x2000}}));
}

TEST(MemoryMap, ReservedCoveringEverythingLeavesNothing) {
  std::vector<Region> reserved{{0x0, 0x10000000}};
  EXPECT_TRUE(usable({{0x1000, 0x100000, kRam, 0}, {0x200000, 0x100000, kRam, 0}}, reserved).empty());
}

TEST(MemoryMap, EmptyEntriesCoverNothing) {
  // A size-0 reserved range at an unaligned address must not take a page.
  EXPECT_EQ(usable({{0x0, 0x4000, kRam, 0}, {0x1800, 0, kReserved, 0}, {0x8000, 0, kRam, 0}}, {{0x2800, 0}}),
            (std::vector<Region>{{0x0, 0x4000}}));
}

TEST(MemoryMap, RangesReachingTheTopOfTheAddressSpace) {
  // Ending exactly at 2^64 (not representable): cut at the start of the top page.
  EXPECT_EQ(usable({{0xffffffffffffe000, 0x2000, kRam, 0}}), (std::vector<Region>{{0xffffffffffffe000, 0x1000}}));
  // A size that overflows is cut the same way.
  EXPECT_EQ(usable({{0x100000, UINT64_MAX, kRam, 0}}), (std::vector<Region>{{0x100000, 0xffffffffffeff000}}));
  // RAM starting in the top page has nothing whole.
  EXPECT_TRUE(usable({{0xfffffffffffff001, 0xfff, kRam, 0}}).empty());
  // Reserved ranges that overflow reserve everything above them.
  EXPECT_EQ(usable({{0x0, UINT64_MAX, kRam, 0}, {0x5000, UINT64_MAX, kReserved, 0}}),
            (std::vector<Region>{{0x0, 0x5000}}));
  EXPECT_EQ(usable({{0x0, 0x10000, kRam, 0}}, {{0x8001, UINT64_MAX}}), (std::vector<Region>{{0x0, 0x8000}}));
}

TEST(MemoryMap, QemuQ35LikeMap) {
  // What QEMU reports for 2 GiB on q35 (via PVH), with the kernel loaded at 1 MiB.
  std::vector<E820Entry> map{
      {0x0, 0x9fc00, kRam, 0},         {0x9fc00, 0x400, kReserved, 0},    {0xf0000, 0x10000, kReserved, 0},
      {0x100000, 0x7fee0000, kRam, 0}, {0x7ffe0000, 0x20000, kReserved, 0}, {0xb0000000, 0x10000000, kReserved, 0},
      {0xfed1c000, 0x4000, kReserved, 0}, {0xfeffc000, 0x4000, kReserved, 0}, {0xfffc0000, 0x40000, kReserved, 0},
  };
  EXPECT_EQ(usable(map, {{0x100000, 0x80000}}), (std::vector<Region>{{0x0, 0x9f000}, {0x180000, 0x7fe60000}}));
}

TEST(MemoryMap, OutputFullSetsTruncated) {
  std::vector<E820Entry> map{{0x1000, 0x1000, kRam, 0}, {0x5000, 0x1000, kRam, 0}, {0x9000, 0x1000, kRam, 0}};
  Region out[2];
  bool truncated = false;
  EXPECT_EQ(mem::usable_regions(map.data(), map.size(), nullptr, 0, out, 2, &truncated), 2u);
  EXPECT_TRUE(truncated);
  EXPECT_EQ(out[0], (Region{0x1000, 0x1000}));  // the lowest ones are kept
  EXPECT_EQ(out[1], (Region{0x5000, 0x1000}));
  // Without a flag to set, and with no room at all.
  EXPECT_EQ(mem::usable_regions(map.data(), map.size(), nullptr, 0, out, 2), 2u);
  EXPECT_EQ(mem::usable_regions(map.data(), map.size(), nullptr, 0, nullptr, 0, &truncated), 0u);
  EXPECT_TRUE(truncated);
}

TEST(MemoryMap, TruncatedIsClearedWhenEverythingFits) {
  std::vector<E820Entry> map{{0x1000, 0x1000, kRam, 0}, {0x2000, 0x1000, kRam, 0}};
  Region out[1];
  bool truncated = true;
  EXPECT_EQ(mem::usable_regions(map.data(), map.size(), nullptr, 0, out, 1, &truncated), 1u);  // merged into one
  EXPECT_FALSE(truncated);
  EXPECT_EQ(out[0], (Region{0x1000, 0x2000}));
}

// The same question answered page by page: a page is usable if one RAM
// entry covers it whole and no other entry or reserved range touches it.
std::vector<Region> page_model(const std::vector<E820Entry>& map, const std::vector<Region>& reserved,
                               uint64_t pages) {
  std::vector<Region> result;
  for (uint64_t p = 0; p < pages; p++) {
    uint64_t lo = p * kPage, hi = lo + kPage;
    bool ram = false, excluded = false;
    for (const E820Entry& e : map) {
      if (e.type == kRam && e.addr <= lo && e.addr + e.size >= hi) ram = true;
      if (e.type != kRam && e.size > 0 && e.addr < hi && e.addr + e.size > lo) excluded = true;
    }
    for (const Region& r : reserved)
      if (r.size > 0 && r.base < hi && r.base + r.size > lo) excluded = true;
    if (!ram || excluded) continue;
    if (!result.empty() && result.back().base + result.back().size == lo)
      result.back().size += kPage;
    else
      result.push_back({lo, kPage});
  }
  return result;
}

TEST(MemoryMap, RandomMapsMatchAPageByPageModel) {
  std::mt19937_64 random(1234);
  auto below = [&](uint64_t n) { return random() % n; };
  for (int round = 0; round < 3000; round++) {
    std::vector<E820Entry> map;
    std::vector<Region> reserved;
    int n = static_cast<int>(below(8));
    for (int i = 0; i < n; i++) {
      // Mostly page-aligned, sometimes not; mostly RAM.
      uint64_t addr = below(48) * kPage + (below(3) == 0 ? below(kPage) : 0);
      uint64_t size = below(16) * kPage + (below(3) == 0 ? below(kPage) : 0);
      map.push_back({addr, size, below(3) == 0 ? kReserved : kRam, 0});
    }
    int m = static_cast<int>(below(3));
    for (int i = 0; i < m; i++) reserved.push_back({below(48 * kPage), below(4 * kPage)});

    std::vector<Region> out(64);
    bool truncated = true;
    size_t count = mem::usable_regions(map.data(), map.size(), reserved.data(), reserved.size(), out.data(),
                                       out.size(), &truncated);
    EXPECT_FALSE(truncated);
    out.resize(count);
    ASSERT_EQ(out, page_model(map, reserved, 70)) << "round " << round;
  }
}

}  // namespace
