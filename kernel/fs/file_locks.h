// File locks: the advisory locks of one inode, and waiting for them.
//
// Three kinds, as Linux has them (fcntl(2) "Advisory record locking" and
// "Open file description locks", flock(2)):
//
//   kind        taken by                 owner                      released
//   POSIX       fcntl F_SETLK(W)         the process (its FdTable)  at close(2) of ANY of its
//                                                                   descriptors for the inode,
//                                                                   at exit; not inherited by fork
//   OFD         fcntl F_OFD_SETLK(W)     the open file description  at the last close of it
//                                        (the File: dup and fork share it)
//   flock       flock(2)                 the open file description  likewise
//
// POSIX and OFD locks are byte ranges in one list (RecordLockList, the
// range arithmetic) and conflict with each other even within one process;
// flock locks are whole-file locks in a second list, independent of the
// first. A request that conflicts either fails (EAGAIN) or, for
// F_SETLKW/F_OFD_SETLKW/flock without LOCK_NB, sleeps on the inode's wait
// queue until some lock of the inode goes or changes, then looks again.
// A signal ends the sleep with kRestartSyscall (Linux's ERESTARTSYS:
// restarted under SA_RESTART, else EINTR; signal(7) lists these calls).
//
// Deadlock (fcntl(2) EDEADLK): before a POSIX request sleeps, the chain
// "the owner I would wait for is itself asleep waiting for an owner who..."
// is followed, as Linux's posix_locks_deadlock (at most 10 steps); if it
// comes back to the requester, EDEADLK. OFD and flock requests are not
// checked (Linux: "can't reasonably detect deadlocks with FL_OFDLCK locks,
// since they aren't owned by a process").
//
// Lifetime: an inode gets its FileLocks at its first lock and frees them
// with itself (~Inode). No lock outlives its owner's references to the
// inode: POSIX locks go when the owner closes its descriptors, OFD and
// flock locks with the File, and a File holds its inode.
#pragma once
#include <stdint.h>

#include "kernel/fs/record_locks.h"
#include "kernel/lib/kresult.h"
#include "kernel/proc/wait_queue.h"

namespace fs {

class File;
class FdTable;
class Inode;

// What Inode::locks points at.
struct FileLocks {
  RecordLockList posix;  // POSIX and OFD locks
  RecordLockList flock;  // flock(2) locks, each over the whole file
  WaitQueue changed;     // requests waiting for a lock to go
};

// Who asks, for the POSIX/OFD family.
struct LockOwner {
  const void* id;  // the FdTable (POSIX) or the File (OFD)
  int32_t pid;     // reported by F_GETLK: the process's, -1 for an OFD lock
  bool open_file_description;
};
LockOwner posix_owner(const FdTable* files, int32_t pid);
LockOwner ofd_owner(const File* file);

// F_GETLK/F_OFD_GETLK: the first lock (in offset order) that a request of
// `type` over range would conflict with, copied into *holder; false if none.
bool find_conflicting_lock(File* file, const LockOwner& owner, LockType type, LockRange range, RecordLock* holder);
// F_SETLK/F_SETLKW/F_OFD_SETLK/F_OFD_SETLKW: sets (or, Unlock, removes)
// owner's lock over range. EAGAIN on a conflict when not waiting; EDEADLK;
// ENOLCK; kRestartSyscall when a signal ended the wait.
KStatus set_record_lock(File* file, const LockOwner& owner, LockType type, LockRange range, bool wait);
// flock(2): Read is LOCK_SH, Write LOCK_EX, Unlock LOCK_UN. A conversion
// first drops the old lock (flock(2): "not guaranteed to be atomic"), as
// Linux does, so a refused LOCK_NB conversion leaves no lock. EAGAIN
// (EWOULDBLOCK), ENOLCK, kRestartSyscall.
KStatus set_flock(File* file, LockType type, bool wait);

// Called by FdTable whenever a descriptor for file closes (close, dup2
// over it, close-on-exec, exit): the POSIX rule, all of the process's
// locks on that inode go, whichever descriptor took them.
void descriptor_closed(File* file, const FdTable* files);
// Called by ~File: the open file description's OFD and flock locks go.
void file_released(File* file);

}  // namespace fs
