// Tests for kernel/fs/record_locks: the range arithmetic behind fcntl(2)'s
// record locks (split, trim, merge, conflicts) and struct flock's
// l_whence/l_start/l_len rules (Linux's flock64_to_posix_lock).
#include "kernel/fs/record_locks.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace {

using fs::kLockOffsetMax;
using fs::LockRange;
using fs::LockType;
using fs::RecordLock;
using fs::RecordLockList;

// Two owners; any distinct addresses do.
const int owner_a_object = 0, owner_b_object = 0;
const void* const A = &owner_a_object;
const void* const B = &owner_b_object;

LockRange range(int64_t start, int64_t end) {
  LockRange r;
  r.start = start;
  r.end = end;
  return r;
}

// The list as text, in its order: "A:W0-9 B:R20-29".
std::string dump(const RecordLockList& list) {
  std::string out;
  for (const RecordLock* l = list.first(); l; l = l->next) {
    if (!out.empty()) out += ' ';
    out += l->owner == A ? "A:" : "B:";
    out += l->type == LockType::Read ? "R" : "W";
    out += std::to_string(l->start) + "-" + (l->end == kLockOffsetMax ? std::string("max") : std::to_string(l->end));
  }
  return out;
}

void set(RecordLockList& list, const void* owner, LockType type, int64_t start, int64_t end) {
  ASSERT_FALSE(list.set(owner, owner == A ? 1 : 2, type, range(start, end)).is_error());
}

TEST(RecordLocks, ReadInsideWriteSplitsItInThree) {
  RecordLockList list;
  set(list, A, LockType::Write, 0, 99);
  set(list, A, LockType::Read, 40, 59);
  EXPECT_EQ(dump(list), "A:W0-39 A:R40-59 A:W60-99");
  EXPECT_EQ(RecordLockList::records_in_use(), 3u);
}

TEST(RecordLocks, UnlockInTheMiddleLeavesTwo) {
  RecordLockList list;
  set(list, A, LockType::Read, 10, 19);
  set(list, A, LockType::Unlock, 12, 14);
  EXPECT_EQ(dump(list), "A:R10-11 A:R15-19");
}

TEST(RecordLocks, UnlockTrimsEitherEndAndRemovesWhatItCovers) {
  RecordLockList list;
  set(list, A, LockType::Write, 0, 9);
  set(list, A, LockType::Write, 20, 29);
  set(list, A, LockType::Write, 40, 49);
  set(list, A, LockType::Unlock, 5, 44);
  EXPECT_EQ(dump(list), "A:W0-4 A:W45-49");
  set(list, A, LockType::Unlock, 0, kLockOffsetMax);
  EXPECT_TRUE(list.empty());
  EXPECT_EQ(RecordLockList::records_in_use(), 0u);
}

TEST(RecordLocks, SameTypeOverlappingOrTouchingMerges) {
  RecordLockList list;
  set(list, A, LockType::Write, 0, 9);
  set(list, A, LockType::Write, 10, 19);  // touching
  EXPECT_EQ(dump(list), "A:W0-19");
  set(list, A, LockType::Write, 30, 39);
  EXPECT_EQ(dump(list), "A:W0-19 A:W30-39");
  set(list, A, LockType::Write, 15, 35);  // bridges both
  EXPECT_EQ(dump(list), "A:W0-39");
}

TEST(RecordLocks, OtherTypeTouchingDoesNotMerge) {
  RecordLockList list;
  set(list, A, LockType::Read, 0, 9);
  set(list, A, LockType::Write, 10, 19);
  EXPECT_EQ(dump(list), "A:R0-9 A:W10-19");
}

TEST(RecordLocks, ConversionOfAWholeLock) {
  RecordLockList list;
  set(list, A, LockType::Read, 0, 9);
  set(list, A, LockType::Write, 0, 9);
  EXPECT_EQ(dump(list), "A:W0-9");
  set(list, A, LockType::Read, 0, 4);
  EXPECT_EQ(dump(list), "A:R0-4 A:W5-9");
  set(list, A, LockType::Read, 5, 9);  // merges with the read part
  EXPECT_EQ(dump(list), "A:R0-9");
}

TEST(RecordLocks, ReadThenWriteOverItMergesWithNeighbours) {
  RecordLockList list;
  set(list, A, LockType::Write, 0, 9);
  set(list, A, LockType::Read, 10, 19);
  set(list, A, LockType::Write, 20, 29);
  set(list, A, LockType::Write, 10, 19);
  EXPECT_EQ(dump(list), "A:W0-29");
}

TEST(RecordLocks, ToTheEndOfTheFileAndBeyond) {
  RecordLockList list;
  set(list, A, LockType::Write, 100, kLockOffsetMax);
  set(list, A, LockType::Unlock, 200, 299);
  EXPECT_EQ(dump(list), "A:W100-199 A:W300-max");
  set(list, A, LockType::Write, 0, kLockOffsetMax);
  EXPECT_EQ(dump(list), "A:W0-max");
}

TEST(RecordLocks, OwnersDoNotTouchEachOthersLocks) {
  RecordLockList list;
  set(list, A, LockType::Read, 0, 9);
  set(list, B, LockType::Read, 5, 14);
  set(list, A, LockType::Read, 10, 19);
  EXPECT_EQ(dump(list), "A:R0-19 B:R5-14");
  set(list, B, LockType::Unlock, 0, kLockOffsetMax);
  EXPECT_EQ(dump(list), "A:R0-19");
}

TEST(RecordLocks, Conflicts) {
  RecordLockList list;
  set(list, A, LockType::Read, 0, 9);
  set(list, A, LockType::Write, 20, 29);
  // Another owner: read and read share, anything with a write conflicts.
  EXPECT_EQ(list.find_conflict(B, LockType::Read, range(0, 9)), nullptr);
  const RecordLock* c = list.find_conflict(B, LockType::Write, range(5, 5));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->owner, A);
  EXPECT_EQ(c->start, 0);
  EXPECT_EQ(c->end, 9);
  EXPECT_EQ(c->pid, 1);
  c = list.find_conflict(B, LockType::Read, range(25, 100));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->start, 20);
  // The first conflict in offset order.
  c = list.find_conflict(B, LockType::Write, range(0, kLockOffsetMax));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->start, 0);
  // Not overlapping: no conflict, touching included.
  EXPECT_EQ(list.find_conflict(B, LockType::Write, range(10, 19)), nullptr);
  EXPECT_EQ(list.find_conflict(B, LockType::Write, range(30, kLockOffsetMax)), nullptr);
  // One's own locks never conflict; an unlock never does.
  EXPECT_EQ(list.find_conflict(A, LockType::Write, range(0, kLockOffsetMax)), nullptr);
  EXPECT_EQ(list.find_conflict(B, LockType::Unlock, range(0, kLockOffsetMax)), nullptr);
}

TEST(RecordLocks, RemoveOwner) {
  RecordLockList list;
  set(list, A, LockType::Read, 0, 9);
  set(list, B, LockType::Read, 0, 9);
  set(list, A, LockType::Write, 50, 59);
  EXPECT_TRUE(list.remove_owner(A));
  EXPECT_EQ(dump(list), "B:R0-9");
  EXPECT_FALSE(list.remove_owner(A));
  EXPECT_EQ(list.first_of(A), nullptr);
  ASSERT_NE(list.first_of(B), nullptr);
}

TEST(RecordLocks, RecordsFreedWithTheList) {
  {
    RecordLockList list;
    for (int i = 0; i < 100; i++) set(list, A, LockType::Write, 2 * i, 2 * i);
    EXPECT_EQ(RecordLockList::records_in_use(), 100u);
  }
  EXPECT_EQ(RecordLockList::records_in_use(), 0u);
}

TEST(RecordLocks, PastTheRecordLimitENOLCKAndNothingChanges) {
  RecordLockList::set_record_limit(10);
  RecordLockList list;
  for (int i = 0; i < 10; i++) set(list, A, LockType::Write, 2 * i, 2 * i);
  std::string before = dump(list);
  KStatus r = list.set(A, 1, LockType::Read, range(100, 100));
  ASSERT_TRUE(r.is_error());
  EXPECT_EQ(r.error(), ENOLCK);
  EXPECT_EQ(dump(list), before);
  set(list, A, LockType::Unlock, 0, 2);  // two records free
  // A read lock inside a write lock needs two: refused, unchanged.
  set(list, A, LockType::Write, 30, 39);
  before = dump(list);
  r = list.set(A, 1, LockType::Read, range(35, 35));
  ASSERT_TRUE(r.is_error());
  EXPECT_EQ(r.error(), ENOLCK);
  EXPECT_EQ(dump(list), before);
  // An unlock is never refused for the limit, even one that splits.
  set(list, A, LockType::Unlock, 35, 35);
  EXPECT_EQ(RecordLockList::records_in_use(), 10u);
  RecordLockList::set_record_limit(RecordLockList::kMaxRecords);
}

// A model: per owner, per byte, a lock type or none. After each operation
// the list must be exactly the model's maximal runs (Linux merges touching
// locks of one type, so there is only one right answer), and find_conflict
// must agree with the model byte by byte.
TEST(RecordLocks, AgreesWithAByteModel) {
  constexpr int kBytes = 48;
  enum Cell { kNone, kRead, kWrite };
  std::mt19937 random(12345);
  for (int round = 0; round < 200; round++) {
    RecordLockList list;
    std::vector<std::vector<Cell>> model(2, std::vector<Cell>(kBytes, kNone));
    for (int step = 0; step < 60; step++) {
      int who = int(random() % 2);
      const void* owner = who == 0 ? A : B;
      int64_t start = random() % kBytes;
      int64_t end = start + int64_t(random() % (kBytes - start));
      LockType type = LockType(random() % 3);
      bool conflict = false;
      for (int64_t i = start; i <= end; i++) {
        Cell other = model[1 - who][i];
        if (type != LockType::Unlock && other != kNone && (type == LockType::Write || other == kWrite)) conflict = true;
      }
      const RecordLock* c = list.find_conflict(owner, type, range(start, end));
      ASSERT_EQ(c != nullptr, conflict) << "round " << round << " step " << step;
      if (conflict) {
        EXPECT_NE(c->owner, owner);
        continue;  // a caller would not set it
      }
      ASSERT_FALSE(list.set(owner, who + 1, type, range(start, end)).is_error());
      Cell cell = type == LockType::Unlock ? kNone : type == LockType::Read ? kRead : kWrite;
      for (int64_t i = start; i <= end; i++) model[who][i] = cell;

      std::vector<std::string> expected[2];
      for (int o = 0; o < 2; o++) {
        for (int i = 0; i < kBytes;) {
          if (model[o][i] == kNone) {
            i++;
            continue;
          }
          int j = i;
          while (j + 1 < kBytes && model[o][j + 1] == model[o][i]) j++;
          expected[o].push_back(std::string(model[o][i] == kRead ? "R" : "W") + std::to_string(i) + "-" +
                                std::to_string(j));
          i = j + 1;
        }
      }
      std::vector<std::string> actual[2];
      int64_t last_start = -1;
      for (const RecordLock* l = list.first(); l; l = l->next) {
        ASSERT_GE(l->start, last_start) << "not sorted: " << dump(list);
        last_start = l->start;
        int o = l->owner == A ? 0 : 1;
        actual[o].push_back(std::string(l->type == LockType::Read ? "R" : "W") + std::to_string(l->start) + "-" +
                            std::to_string(l->end));
      }
      ASSERT_EQ(actual[0], expected[0]) << dump(list);
      ASSERT_EQ(actual[1], expected[1]) << dump(list);
    }
  }
  EXPECT_EQ(RecordLockList::records_in_use(), 0u);
}

TEST(LockRange, FromStartAndLength) {
  auto r = fs::lock_range(0, 10, 5);
  ASSERT_FALSE(r.is_error());
  EXPECT_EQ(r.value().start, 10);
  EXPECT_EQ(r.value().end, 14);
  r = fs::lock_range(100, -10, 5);  // SEEK_CUR or SEEK_END base 100
  ASSERT_FALSE(r.is_error());
  EXPECT_EQ(r.value().start, 90);
  EXPECT_EQ(r.value().end, 94);
  r = fs::lock_range(0, 7, 0);  // to the end, and beyond
  ASSERT_FALSE(r.is_error());
  EXPECT_EQ(r.value().start, 7);
  EXPECT_EQ(r.value().end, kLockOffsetMax);
}

TEST(LockRange, NegativeLengthCoversTheBytesBefore) {
  auto r = fs::lock_range(0, 10, -4);
  ASSERT_FALSE(r.is_error());
  EXPECT_EQ(r.value().start, 6);
  EXPECT_EQ(r.value().end, 9);
  r = fs::lock_range(0, 10, -10);
  ASSERT_FALSE(r.is_error());
  EXPECT_EQ(r.value().start, 0);
  EXPECT_EQ(r.value().end, 9);
  r = fs::lock_range(0, 10, -11);
  ASSERT_TRUE(r.is_error());
  EXPECT_EQ(r.error(), EINVAL);
}

TEST(LockRange, BeforeTheStartEINVAL) {
  auto r = fs::lock_range(0, -1, 1);
  ASSERT_TRUE(r.is_error());
  EXPECT_EQ(r.error(), EINVAL);
  r = fs::lock_range(5, -6, 0);
  ASSERT_TRUE(r.is_error());
  EXPECT_EQ(r.error(), EINVAL);
  r = fs::lock_range(5, -5, 1);
  ASSERT_FALSE(r.is_error());
  EXPECT_EQ(r.value().start, 0);
}

TEST(LockRange, PastOffsetMaxEOVERFLOW) {
  auto r = fs::lock_range(10, kLockOffsetMax - 9, 1);
  ASSERT_TRUE(r.is_error());
  EXPECT_EQ(r.error(), EOVERFLOW);
  r = fs::lock_range(10, kLockOffsetMax - 10, 1);  // exactly the last byte
  ASSERT_FALSE(r.is_error());
  EXPECT_EQ(r.value().start, kLockOffsetMax);
  EXPECT_EQ(r.value().end, kLockOffsetMax);
  r = fs::lock_range(0, kLockOffsetMax, 2);
  ASSERT_TRUE(r.is_error());
  EXPECT_EQ(r.error(), EOVERFLOW);
  r = fs::lock_range(0, 1, kLockOffsetMax);  // [1, OFFSET_MAX]: fits
  ASSERT_FALSE(r.is_error());
  EXPECT_EQ(r.value().end, kLockOffsetMax);
  r = fs::lock_range(0, 2, kLockOffsetMax);
  ASSERT_TRUE(r.is_error());
  EXPECT_EQ(r.error(), EOVERFLOW);
}

}  // namespace
