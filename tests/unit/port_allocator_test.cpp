// Tests for net/socket/port_allocator: the ephemeral port allocator behind
// condition E1 (ephemeral ports exhausted) and N7 (connect binds an unbound
// socket to a port from the ephemeral range).
#include "net/socket/port_allocator.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <vector>

namespace {

using net::EphemeralPortAllocator;
using net::PortAllocation;
using net::PortStatus;

// 8 KiB of bitmap: on the heap, so tests can make several.
std::unique_ptr<EphemeralPortAllocator> make(uint64_t seed = 1) {
  return std::make_unique<EphemeralPortAllocator>(seed);
}

// Allocates until exhausted; every port must be new and inside the range.
std::set<uint16_t> drain(EphemeralPortAllocator& a, uint16_t first, uint16_t last) {
  std::set<uint16_t> got;
  for (;;) {
    PortAllocation r = a.allocate(first, last);
    if (!r.ok()) {
      EXPECT_EQ(r.status, PortStatus::Exhausted);
      EXPECT_EQ(r.port, 0);
      break;
    }
    EXPECT_GE(r.port, first);
    EXPECT_LE(r.port, last);
    EXPECT_TRUE(got.insert(r.port).second) << "port " << r.port << " handed out twice";
    EXPECT_TRUE(a.in_use(r.port));
    if (got.size() > size_t(last) - first + 1) break;  // cannot happen; don't loop forever
  }
  return got;
}

TEST(PortAllocator, StartsEmpty) {
  auto a = make();
  EXPECT_EQ(a->in_use_count(), 0u);
  for (uint32_t p = 0; p < 65536; p++) ASSERT_FALSE(a->in_use(uint16_t(p)));
}

TEST(PortAllocator, AllocatesInsideTheRangeOnly) {
  auto a = make(42);
  for (int i = 0; i < 2000; i++) {
    PortAllocation r = a->allocate(40000, 40999);
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r.port, 40000);
    EXPECT_LE(r.port, 40999);
    a->release(r.port);
  }
  EXPECT_EQ(a->in_use_count(), 0u);
}

TEST(PortAllocator, NoPortOutsideTheRangeEvenWhenTheRangeIsFull) {
  auto a = make(7);
  // Ports around the range are free, the range itself becomes full.
  std::set<uint16_t> got = drain(*a, 1000, 1063);
  EXPECT_EQ(got.size(), 64u);
  EXPECT_FALSE(a->in_use(999));
  EXPECT_FALSE(a->in_use(1064));
  EXPECT_EQ(a->in_use_count(), 64u);
}

TEST(PortAllocator, RangeOfOnePort) {
  auto a = make();
  PortAllocation r = a->allocate(5000, 5000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.port, 5000);
  EXPECT_EQ(a->allocate(5000, 5000).status, PortStatus::Exhausted);
  a->release(5000);
  r = a->allocate(5000, 5000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.port, 5000);  // the only port: it comes back even right after release
}

TEST(PortAllocator, RangeOfTenExhaustsAfterExactlyTen) {
  auto a = make(3);
  std::set<uint16_t> got = drain(*a, 32768, 32777);
  EXPECT_EQ(got.size(), 10u);
  EXPECT_EQ(*got.begin(), 32768);
  EXPECT_EQ(*got.rbegin(), 32777);
  EXPECT_EQ(a->in_use_count(), 10u);
  EXPECT_EQ(a->allocate(32768, 32777).status, PortStatus::Exhausted);
}

TEST(PortAllocator, FullRangeExhaustsAfterEveryPort) {
  auto a = make(99);
  std::set<uint16_t> got = drain(*a, 1, 65535);
  EXPECT_EQ(got.size(), 65535u);
  EXPECT_EQ(a->in_use_count(), 65535u);
  EXPECT_FALSE(a->in_use(0));  // port 0 is never handed out
  EXPECT_EQ(a->allocate(1, 65535).status, PortStatus::Exhausted);
  // One port freed anywhere is found.
  a->release(12345);
  PortAllocation r = a->allocate(1, 65535);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.port, 12345);
}

TEST(PortAllocator, ExhaustedOnlyWhenEveryPortIsHeld) {
  // Held by explicit binds, all but one in the range: the one is found
  // wherever the search starts.
  for (uint16_t hole = 2000; hole < 2010; hole++) {
    for (uint64_t seed = 1; seed <= 20; seed++) {
      auto a = make(seed);
      for (uint16_t p = 2000; p < 2010; p++)
        if (p != hole) {
          ASSERT_TRUE(a->reserve(p));
        }
      PortAllocation r = a->allocate(2000, 2009);
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(r.port, hole);
      EXPECT_EQ(a->allocate(2000, 2009).status, PortStatus::Exhausted);
    }
  }
}

TEST(PortAllocator, ReleaseMakesAPortAvailableAgain) {
  auto a = make(5);
  drain(*a, 100, 199);
  EXPECT_EQ(a->allocate(100, 199).status, PortStatus::Exhausted);
  a->release(150);
  EXPECT_FALSE(a->in_use(150));
  EXPECT_EQ(a->in_use_count(), 99u);
  PortAllocation r = a->allocate(100, 199);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.port, 150);
  // Releasing a free port, or port 0, changes nothing.
  a->release(150);
  a->release(150);
  a->release(0);
  a->release(300);
  EXPECT_EQ(a->in_use_count(), 99u);
}

TEST(PortAllocator, ReserveConflicts) {
  auto a = make();
  EXPECT_TRUE(a->reserve(8080));
  EXPECT_TRUE(a->in_use(8080));
  EXPECT_FALSE(a->reserve(8080));  // taken: the caller decides EADDRINUSE / SO_REUSEADDR
  EXPECT_EQ(a->in_use_count(), 1u);
  EXPECT_FALSE(a->reserve(0));  // port 0 means "choose one", never held
  EXPECT_FALSE(a->in_use(0));
  EXPECT_TRUE(a->reserve(65535));
  EXPECT_EQ(a->in_use_count(), 2u);

  // An allocated port cannot be reserved, a reserved one is not allocated.
  PortAllocation r = a->allocate(8080, 8081);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.port, 8081);
  EXPECT_FALSE(a->reserve(8081));
  a->release(8080);
  EXPECT_TRUE(a->reserve(8080));
}

TEST(PortAllocator, ConsecutiveAllocationsDiffer) {
  // Even when each port is released at once (its connection in TIME_WAIT),
  // the next connect gets a different one.
  for (uint64_t seed = 1; seed <= 50; seed++) {
    auto a = make(seed);
    uint16_t previous = 0;
    for (int i = 0; i < 200; i++) {
      PortAllocation r = a->allocate(50000, 50001 + uint16_t(seed % 7));  // ranges of 2..8 ports
      ASSERT_TRUE(r.ok());
      EXPECT_NE(r.port, previous);
      previous = r.port;
      a->release(r.port);
    }
  }
}

TEST(PortAllocator, CyclesThroughTheRangeBeforeReuse) {
  // Random increments walk round the range: released ports do not come back
  // before the walk has passed them, so a short sequence has no repeats.
  auto a = make(11);
  std::set<uint16_t> seen;
  for (int i = 0; i < 50; i++) {
    PortAllocation r = a->allocate(32768, 60999);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(seen.insert(r.port).second);
    a->release(r.port);
  }
}

TEST(PortAllocator, SpreadsOverTheRange) {
  auto a = make(2024);
  std::set<uint16_t> seen;
  for (int i = 0; i < 1000; i++) {
    PortAllocation r = a->allocate(32768, 60999);
    ASSERT_TRUE(r.ok());
    seen.insert(r.port);
    a->release(r.port);
  }
  EXPECT_GT(seen.size(), 900u);
  EXPECT_GT(*seen.rbegin() - *seen.begin(), 20000);
}

TEST(PortAllocator, DeterministicUnderASeed) {
  auto a = make(1234), b = make(1234), c = make(4321);
  std::vector<uint16_t> pa, pb, pc;
  for (int i = 0; i < 100; i++) {
    pa.push_back(a->allocate(32768, 60999).port);
    pb.push_back(b->allocate(32768, 60999).port);
    pc.push_back(c->allocate(32768, 60999).port);
  }
  EXPECT_EQ(pa, pb);
  EXPECT_NE(pa, pc);
  // reseed restarts the sequence (with the bitmap as it is).
  auto d = make(77), e = make(1);
  e->reseed(77);
  EXPECT_EQ(d->allocate(1024, 65535).port, e->allocate(1024, 65535).port);
  // Seed 0 is usable too.
  auto z = make(0);
  EXPECT_TRUE(z->allocate(1024, 2047).ok());
}

TEST(PortAllocator, BadRangesRefused) {
  auto a = make();
  PortAllocation r = a->allocate(0, 100);
  EXPECT_EQ(r.status, PortStatus::BadRange);
  EXPECT_EQ(r.port, 0);
  EXPECT_EQ(a->allocate(0, 0).status, PortStatus::BadRange);
  EXPECT_EQ(a->allocate(2000, 1999).status, PortStatus::BadRange);
  EXPECT_EQ(a->allocate(65535, 1).status, PortStatus::BadRange);
  EXPECT_EQ(a->in_use_count(), 0u);
  // The top of the port space is fine.
  r = a->allocate(65535, 65535);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.port, 65535);
}

TEST(PortAllocator, RangeChangesBetweenCalls) {
  // The sysctl range may change between connects; the last port chosen may
  // then be outside the new range.
  auto a = make(8);
  PortAllocation r = a->allocate(60000, 60999);
  ASSERT_TRUE(r.ok());
  for (int i = 0; i < 20; i++) {
    r = a->allocate(40000, 40010);
    if (i < 11) {
      ASSERT_TRUE(r.ok());
      EXPECT_GE(r.port, 40000);
      EXPECT_LE(r.port, 40010);
    } else {
      EXPECT_EQ(r.status, PortStatus::Exhausted);
    }
  }
  EXPECT_EQ(a->in_use_count(), 12u);
}

TEST(PortAllocator, WordBoundaries) {
  // Ranges starting and ending inside and at the edges of 64-bit words.
  const uint16_t edges[][2] = {{63, 64}, {64, 127}, {1, 63}, {65472, 65535}, {127, 129}, {200, 455}};
  for (auto& e : edges) {
    auto a = make(e[0]);
    // The neighbours are free: a scan running past the range would hand them out.
    std::set<uint16_t> got = drain(*a, e[0], e[1]);
    EXPECT_EQ(got.size(), size_t(e[1]) - e[0] + 1) << e[0] << ".." << e[1];
    EXPECT_EQ(a->in_use_count(), got.size());
  }
}

}  // namespace
