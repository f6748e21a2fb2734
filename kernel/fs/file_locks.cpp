// File locks: conflicts, waiting, deadlock detection, release (file_locks.h).
//
// Only processes touch lock lists (no interrupt handler does), and the
// kernel is not preemptible: between two sleeps a process has them to
// itself. A waiter sleeps on the inode's `changed` queue; every change that
// can end a conflict (a lock removed, shrunk or turned into a read lock)
// wakes them all, and each looks again.
#include "kernel/fs/file_locks.h"

#include "kernel/fs/fd_table.h"
#include "kernel/fs/file.h"
#include "kernel/lib/new.h"
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"

namespace fs {

namespace {

// flock(2) locks are record locks over the whole file.
constexpr LockRange kWholeFile{0, kLockOffsetMax};

// The POSIX requests asleep now, for deadlock detection: each names its
// owner and the owner of the lock it waits for. They live on the sleepers'
// kernel stacks and leave the list before their call returns, however it
// ends (woken, signal, SIGKILL). A woken request waits for nobody until it
// has looked again (waits_for nullptr), so an owner that has gone, and
// whose address a new process may reuse, is never followed.
struct BlockedRequest {
  const void* owner;
  const void* waits_for;
  const FileLocks* sleeps_on;
  BlockedRequest* next;
};
BlockedRequest* blocked_requests = nullptr;

void add_blocked(BlockedRequest* request) {
  request->next = blocked_requests;
  blocked_requests = request;
}

void remove_blocked(BlockedRequest* request) {
  for (BlockedRequest** at = &blocked_requests; *at; at = &(*at)->next) {
    if (*at == request) {
      *at = request->next;
      return;
    }
  }
}

// Linux's posix_locks_deadlock: follow "holder is itself waiting for ..."
// from the holder of the conflicting lock; reaching the requester is a
// cycle. MAX_DEADLK_ITERATIONS is 10 there.
constexpr int kMaxDeadlockSteps = 10;
bool would_deadlock(const void* requester, const void* holder) {
  for (int step = 0; step <= kMaxDeadlockSteps; step++) {
    const BlockedRequest* waiting = nullptr;
    for (const BlockedRequest* r = blocked_requests; r; r = r->next)
      if (r->owner == holder) waiting = r;
    if (!waiting || !waiting->waits_for) return false;
    holder = waiting->waits_for;
    if (holder == requester) return true;
  }
  return false;
}

// The inode's locks, made at its first lock. ENOLCK without memory.
KResult<FileLocks*> locks_of(Inode* inode) {
  if (!inode->locks) {
    inode->locks = new FileLocks;
    if (!inode->locks) return KError{ENOLCK};
  }
  return inode->locks;
}

// Sleeps until a lock of the inode changes; a signal ends it (Linux's
// wait_event_interruptible in do_lock_file_wait: -ERESTARTSYS).
KStatus sleep_until_changed(FileLocks* locks) {
  cpu::InterruptGuard guard;
  if (locks->changed.wait(0, /*interruptible=*/true)) return KError{signal::kRestartSyscall};
  return ok();
}

void wake_waiters(FileLocks* locks) {
  if (locks->changed.empty()) return;
  for (BlockedRequest* r = blocked_requests; r; r = r->next)
    if (r->sleeps_on == locks) r->waits_for = nullptr;
  locks->changed.wake_all();
}

int32_t current_pid() { return proc::current()->pid; }

}  // namespace

LockOwner posix_owner(const FdTable* files, int32_t pid) { return LockOwner{files, pid, false}; }
// fcntl(2): for OFD locks, F_OFD_GETLK (and F_GETLK) report l_pid -1.
LockOwner ofd_owner(const File* file) { return LockOwner{file, -1, true}; }

bool find_conflicting_lock(File* file, const LockOwner& owner, LockType type, LockRange range, RecordLock* holder) {
  FileLocks* locks = file->inode()->locks;
  if (!locks) return false;
  const RecordLock* conflict = locks->posix.find_conflict(owner.id, type, range);
  if (!conflict) return false;
  *holder = *conflict;
  holder->next = nullptr;
  return true;
}

KStatus set_record_lock(File* file, const LockOwner& owner, LockType type, LockRange range, bool wait) {
  Inode* inode = file->inode();
  if (type == LockType::Unlock && !inode->locks) return ok();  // nothing was ever locked
  FileLocks* locks = TRY(locks_of(inode));
  BlockedRequest self{owner.id, nullptr, locks, nullptr};
  bool blocked = false;
  KStatus result = ok();
  for (;;) {
    const RecordLock* conflict = locks->posix.find_conflict(owner.id, type, range);
    if (!conflict) {
      result = locks->posix.set(owner.id, owner.pid, type, range);
      // An unlock, a split or a write lock turned read may let a waiter in.
      if (!result.is_error()) wake_waiters(locks);
      break;
    }
    // fcntl(2) F_SETLK: "If a conflicting lock is held by another process,
    // this call returns -1 and sets errno to EACCES or EAGAIN" (Linux: EAGAIN).
    if (!wait) {
      result = KError{EAGAIN};
      break;
    }
    // fcntl(2): "EDEADLK It was detected that the specified F_SETLKW
    // command would cause a deadlock."
    if (!owner.open_file_description && would_deadlock(owner.id, conflict->owner)) {
      result = KError{EDEADLK};
      break;
    }
    self.waits_for = conflict->owner;
    if (!owner.open_file_description && !blocked) {
      add_blocked(&self);
      blocked = true;
    }
    result = sleep_until_changed(locks);
    if (result.is_error()) break;
  }
  if (blocked) remove_blocked(&self);
  return result;
}

KStatus set_flock(File* file, LockType type, bool wait) {
  Inode* inode = file->inode();
  if (type == LockType::Unlock && !inode->locks) return ok();
  FileLocks* locks = TRY(locks_of(inode));
  // Linux's flock_lock_inode: holding this type already is success; another
  // type is removed first, so waiters may take it meanwhile.
  const RecordLock* held = locks->flock.first_of(file);
  if (held && held->type == type) return ok();
  if (held) {
    locks->flock.remove_owner(file);
    wake_waiters(locks);
  }
  if (type == LockType::Unlock) return ok();
  for (;;) {
    if (!locks->flock.find_conflict(file, type, kWholeFile))
      return locks->flock.set(file, current_pid(), type, kWholeFile);
    if (!wait) return KError{EWOULDBLOCK};  // flock(2), LOCK_NB
    TRY(sleep_until_changed(locks));
  }
}

void descriptor_closed(File* file, const FdTable* files) {
  Inode* inode = file->inode();
  if (!inode || !inode->locks) return;
  if (inode->locks->posix.remove_owner(files)) wake_waiters(inode->locks);
}

void file_released(File* file) {
  Inode* inode = file->inode();
  if (!inode || !inode->locks) return;
  bool removed = inode->locks->posix.remove_owner(file);  // its OFD locks
  removed |= inode->locks->flock.remove_owner(file);
  if (removed) wake_waiters(inode->locks);
}

}  // namespace fs
