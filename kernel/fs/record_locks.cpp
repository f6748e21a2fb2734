// Record locks: the range arithmetic (record_locks.h).
//
// Compiled twice: into the kernel and into the host unit tests. So nothing
// here sleeps, logs or includes kernel headers beyond kresult.h; `new` is
// the kernel heap's in one and the host's in the other.
#include "kernel/fs/record_locks.h"

namespace fs {

namespace {

size_t records = 0;  // every RecordLock alive, in all lists
size_t record_limit = RecordLockList::kMaxRecords;

RecordLock* new_record() {
  RecordLock* r = new RecordLock{};
  if (r) records++;
  return r;
}

void free_record(RecordLock* r) {
  records--;
  delete r;
}

bool overlaps(const RecordLock* lock, LockRange range) { return lock->start <= range.end && lock->end >= range.start; }

// Touching without overlapping: lock ends just before range or starts just after.
bool adjacent(const RecordLock* lock, LockRange range) {
  return (lock->end < kLockOffsetMax && lock->end + 1 == range.start) ||
         (range.end < kLockOffsetMax && range.end + 1 == lock->start);
}

// Whether setting owner's lock of `type` over range takes (removes from the
// list to reshape) this lock of owner's: it overlaps, or it has the same
// type and touches the range, so they merge.
bool is_reshaped(const RecordLock* lock, LockType type, LockRange range) {
  return overlaps(lock, range) || (lock->type == type && adjacent(lock, range));
}

}  // namespace

KResult<LockRange> lock_range(int64_t base, int64_t start, int64_t length) {
  // Linux's flock64_to_posix_lock, check by check; base is never negative.
  if (start > kLockOffsetMax - base) return KError{EOVERFLOW};
  LockRange r;
  r.start = base + start;
  if (r.start < 0) return KError{EINVAL};  // fcntl(2): "before the start of the file"
  if (length > 0) {
    if (length - 1 > kLockOffsetMax - r.start) return KError{EOVERFLOW};
    r.end = r.start + (length - 1);
  } else if (length < 0) {
    // fcntl(2): "If l_len is negative, the interval described by lock
    // covers bytes l_start+l_len up to and including l_start-1."
    if (r.start + length < 0) return KError{EINVAL};
    r.end = r.start - 1;
    r.start += length;
  } else {
    r.end = kLockOffsetMax;
  }
  return r;
}

RecordLockList::~RecordLockList() {
  while (head_) {
    RecordLock* next = head_->next;
    free_record(head_);
    head_ = next;
  }
}

size_t RecordLockList::records_in_use() { return records; }
void RecordLockList::set_record_limit(size_t limit) { record_limit = limit; }

const RecordLock* RecordLockList::find_conflict(const void* owner, LockType type, LockRange range) const {
  if (type == LockType::Unlock) return nullptr;
  for (const RecordLock* lock = head_; lock; lock = lock->next) {
    if (lock->owner == owner || !overlaps(lock, range)) continue;
    if (type == LockType::Write || lock->type == LockType::Write) return lock;
  }
  return nullptr;
}

const RecordLock* RecordLockList::first_of(const void* owner) const {
  for (const RecordLock* lock = head_; lock; lock = lock->next)
    if (lock->owner == owner) return lock;
  return nullptr;
}

void RecordLockList::insert_sorted(RecordLock* lock) {
  RecordLock** at = &head_;
  while (*at && (*at)->start <= lock->start) at = &(*at)->next;
  lock->next = *at;
  *at = lock;
}

KStatus RecordLockList::set(const void* owner, int32_t pid, LockType type, LockRange range) {
  // First count the records this needs, so that running out of memory
  // changes nothing: one for the new lock, and one more when a lock of
  // another type strictly contains the range (its right part is new).
  size_t needed = type == LockType::Unlock ? 0 : 1;
  for (const RecordLock* lock = head_; lock; lock = lock->next)
    if (lock->owner == owner && lock->type != type && lock->start < range.start && lock->end > range.end) needed++;
  if (type != LockType::Unlock && records + needed > record_limit) return KError{ENOLCK};
  RecordLock* spare[2] = {nullptr, nullptr};
  for (size_t i = 0; i < needed; i++) {
    spare[i] = new_record();
    if (!spare[i]) {
      if (i == 1) free_record(spare[0]);
      return KError{ENOLCK};
    }
  }
  size_t spares_used = 0;

  // Take out the owner's locks that the request reshapes.
  RecordLock* taken = nullptr;
  for (RecordLock** at = &head_; *at;) {
    RecordLock* lock = *at;
    if (lock->owner == owner && is_reshaped(lock, type, range)) {
      *at = lock->next;
      lock->next = taken;
      taken = lock;
    } else {
      at = &lock->next;
    }
  }

  // Same type: merged into the new lock. Another type: what lies outside
  // the range stays, as a left part, a right part, or both.
  LockRange merged = range;
  while (taken) {
    RecordLock* lock = taken;
    taken = lock->next;
    if (lock->type == type) {
      if (lock->start < merged.start) merged.start = lock->start;
      if (lock->end > merged.end) merged.end = lock->end;
      free_record(lock);
      continue;
    }
    bool has_left = lock->start < range.start;
    bool has_right = lock->end > range.end;
    if (has_right) {
      RecordLock* right = has_left ? spare[spares_used++] : lock;
      *right = *lock;
      right->start = range.end + 1;
      insert_sorted(right);
    }
    if (has_left) {
      lock->end = range.start - 1;
      insert_sorted(lock);
    }
    if (!has_left && !has_right) free_record(lock);
  }

  if (type != LockType::Unlock) {
    RecordLock* lock = spare[spares_used++];
    *lock = RecordLock{owner, pid, type, merged.start, merged.end, nullptr};
    insert_sorted(lock);
  }
  // A split was counted but the range merged instead? Cannot happen: a lock
  // strictly containing the range excludes every other lock of the owner
  // from it. Free what is left anyway, to keep the count exact.
  for (size_t i = spares_used; i < needed; i++) free_record(spare[i]);
  return ok();
}

bool RecordLockList::remove_owner(const void* owner) {
  bool removed = false;
  for (RecordLock** at = &head_; *at;) {
    RecordLock* lock = *at;
    if (lock->owner == owner) {
      *at = lock->next;
      free_record(lock);
      removed = true;
    } else {
      at = &lock->next;
    }
  }
  return removed;
}

}  // namespace fs
