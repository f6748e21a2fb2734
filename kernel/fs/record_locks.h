// Record locks: the locks on one file, as byte ranges held by owners.
//
// This is the pure part of file locking, the range arithmetic, with no
// sleeping and no processes in it (file_locks.h does that), so the host
// unit tests can check it (tests/unit/record_locks_test.cpp).
//
// fcntl(2), "Advisory record locking": a lock covers bytes [start, end] of
// a file and is a read (shared) or a write (exclusive) lock. Two locks
// conflict when they overlap, at least one is a write lock, and they have
// different owners. An owner's own locks never conflict with each other: a
// new lock of an owner replaces whatever that owner held in its range, so
// a read lock in the middle of a write lock splits it in three, and locks
// of one type that overlap or touch are merged into one (as Linux's
// posix_lock_inode). Unlocking a range works the same way.
//
// What an owner is, the list does not care: a process's descriptor table
// for POSIX locks, an open file description for OFD locks and flock(2)
// locks (file_locks.h). Each list holds one kind of lock: POSIX and OFD
// locks share one list (they conflict with each other), flock(2) locks
// have their own (Linux keeps the two independent).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace fs {

enum class LockType : uint8_t { Read, Write, Unlock };  // F_RDLCK, F_WRLCK, F_UNLCK

// The largest offset (Linux's OFFSET_MAX): a lock of length 0 reaches it,
// "to the end of the file, however large it grows".
constexpr int64_t kLockOffsetMax = INT64_MAX;

struct LockRange {
  int64_t start = 0;
  int64_t end = 0;  // inclusive
};

// The range that struct flock's l_start and l_len name, counted from base
// (0, the file offset or the file size, as l_whence says). As Linux's
// flock64_to_posix_lock: EOVERFLOW when the range does not fit in an
// off_t, EINVAL when it would start before offset 0. l_len > 0 is
// [start, start + len - 1]; l_len < 0 is [start + len, start - 1]
// (POSIX.1-2001); l_len == 0 is [start, kLockOffsetMax].
KResult<LockRange> lock_range(int64_t base, int64_t start, int64_t length);

struct RecordLock {
  const void* owner;
  int32_t pid;    // who took it (fcntl F_GETLK's l_pid)
  LockType type;  // Read or Write
  int64_t start;
  int64_t end;  // inclusive
  RecordLock* next;
};

class RecordLockList {
 public:
  RecordLockList() = default;
  RecordLockList(const RecordLockList&) = delete;
  RecordLockList& operator=(const RecordLockList&) = delete;
  ~RecordLockList();

  // The first lock (lowest start) that a request of this type by owner
  // over range would conflict with; nullptr if none.
  const RecordLock* find_conflict(const void* owner, LockType type, LockRange range) const;
  // The first lock owner holds; nullptr if none.
  const RecordLock* first_of(const void* owner) const;
  // Makes owner's locks over range be exactly `type` (Unlock: none),
  // splitting, trimming and merging owner's other locks. Conflicts are the
  // caller's business (find_conflict first). ENOLCK when no memory is left
  // for the records it needs, or when a Read or Write request would take the
  // system past its record limit (kMaxRecords); then nothing changed.
  KStatus set(const void* owner, int32_t pid, LockType type, LockRange range);
  // Drops every lock of owner; whether there was one.
  bool remove_owner(const void* owner);

  bool empty() const { return head_ == nullptr; }
  // The locks in order of their start (owner's locks never overlap; two
  // owners' read locks may).
  const RecordLock* first() const { return head_; }

  // Records in all lists: each lock is one. A program that locks every
  // other byte of a file makes one per byte, so the kernel bounds them
  // (Linux charges them to the memory cgroup instead).
  static constexpr size_t kMaxRecords = 1 << 16;
  static size_t records_in_use();
  // The bound, kMaxRecords unless changed (the unit tests lower it).
  static void set_record_limit(size_t limit);

 private:
  void insert_sorted(RecordLock* lock);
  RecordLock* head_ = nullptr;
};

}  // namespace fs
