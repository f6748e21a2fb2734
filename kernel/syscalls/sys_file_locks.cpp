// File locks from user space: fcntl's lock commands (F_GETLK, F_SETLK,
// F_SETLKW and the OFD ones) and flock(2). The arguments are checked here,
// in Linux's order (fs/locks.c: fcntl_getlk, fcntl_setlk,
// flock64_to_posix_lock, SYSCALL_DEFINE2(flock)); what a lock means, and
// the waiting, is kernel/fs/file_locks.h.
#include "kernel/fs/fd_table.h"
#include "kernel/fs/file_locks.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"
#include "libc/include/bits/syscall.h"

namespace {

using fs::FileRef;
using fs::LockType;

constexpr int kSeekSet = 0, kSeekCurrent = 1, kSeekEnd = 2;

// l_type: F_RDLCK, F_WRLCK, F_UNLCK (Linux's assign_type: else EINVAL).
KResult<LockType> lock_type(int16_t l_type) {
  switch (l_type) {
    case fs::kLockRead:
      return LockType::Read;
    case fs::kLockWrite:
      return LockType::Write;
    case fs::kLockUnlock:
      return LockType::Unlock;
    default:
      return KError{EINVAL};
  }
}

// struct flock's l_whence, l_start and l_len as a byte range, then l_type:
// Linux's flock64_to_posix_lock.
KResult<fs::LockRange> requested_range(fs::File* file, const fs::LinuxFlock& request) {
  int64_t base;
  switch (request.l_whence) {
    case kSeekSet:
      base = 0;
      break;
    case kSeekCurrent:
      base = int64_t(file->position());
      break;
    case kSeekEnd:
      base = int64_t(file->size());
      break;
    default:
      return KError{EINVAL};  // fcntl(2) does not list it; Linux's answer
  }
  fs::LockRange range = TRY(fs::lock_range(base, request.l_start, request.l_len));
  TRY(lock_type(request.l_type));
  return range;
}

fs::LockOwner owner_for(fs::File* file, bool ofd) {
  proc::Process* self = proc::current();
  return ofd ? fs::ofd_owner(file) : fs::posix_owner(self->files, self->pid);
}

long get_lock(fs::File* file, bool ofd, fs::LinuxFlock request, uint64_t address) {
  // fcntl(2) F_GETLK: l_type must be F_RDLCK or F_WRLCK (Linux: EINVAL
  // first, then the range).
  if (request.l_type != fs::kLockRead && request.l_type != fs::kLockWrite) return -EINVAL;
  fs::LockRange range = TRY_ERRNO(requested_range(file, request));
  // fcntl(2), OFD locks: "l_pid must be set to zero" (EINVAL).
  if (ofd && request.l_pid != 0) return -EINVAL;
  fs::RecordLock holder;
  LockType type = request.l_type == fs::kLockRead ? LockType::Read : LockType::Write;
  if (fs::find_conflicting_lock(file, owner_for(file, ofd), type, range, &holder)) {
    // "returns details about one of these locks in the l_type, l_whence,
    // l_start, and l_len fields of lock" (l_whence SEEK_SET), l_pid the
    // holder's (-1 for an OFD lock); l_len 0 when it reaches OFFSET_MAX.
    request.l_type = int16_t(holder.type == LockType::Read ? fs::kLockRead : fs::kLockWrite);
    request.l_whence = kSeekSet;
    request.l_start = holder.start;
    request.l_len = holder.end == fs::kLockOffsetMax ? 0 : holder.end - holder.start + 1;
    request.l_pid = holder.pid;
  } else {
    // "If the lock could be placed, fcntl() does not actually place it, but
    // returns F_UNLCK in the l_type field of lock and leaves the other
    // fields of the structure unchanged."
    request.l_type = fs::kLockUnlock;
  }
  TRY_ERRNO(uaccess::put(address, request));
  return 0;
}

long set_lock(fs::File* file, bool ofd, bool wait, const fs::LinuxFlock& request) {
  fs::LockRange range = TRY_ERRNO(requested_range(file, request));
  LockType type = TRY_ERRNO(lock_type(request.l_type));
  // fcntl(2): "EBADF ... the command was F_SETLK or F_SETLKW and the file
  // descriptor open mode doesn't match with the type of lock requested"
  // (Linux's check_fmode_for_setlk, before the OFD l_pid check).
  if (type == LockType::Read && !file->can_read()) return -EBADF;
  if (type == LockType::Write && !file->can_write()) return -EBADF;
  if (ofd && request.l_pid != 0) return -EINVAL;
  return syscall_result(fs::set_record_lock(file, owner_for(file, ofd), type, range, wait));
}

// flock(2). Linux 6.x's order: LOCK_MAND (ignored, 0), the operation
// (EINVAL), the descriptor (EBADF), then a lock needs the file open for
// reading or writing (EBADF).
long sys_flock(const SyscallArgs& a) {
  unsigned operation = uint32_t(a.a1);
  if (operation & fs::kFlockMandatory) return 0;  // Linux: "support has been removed and the request ignored"
  LockType type;
  switch (operation & ~fs::kFlockNonBlock) {
    case fs::kFlockShared:
      type = LockType::Read;
      break;
    case fs::kFlockExclusive:
      type = LockType::Write;
      break;
    case fs::kFlockUnlock:
      type = LockType::Unlock;
      break;
    default:
      return -EINVAL;  // flock(2): "operation is invalid"
  }
  FileRef file = TRY_ERRNO(proc::current()->files->get(int(a.a0)));
  if (type != LockType::Unlock && !file->can_read() && !file->can_write()) return -EBADF;
  if (!file->inode()) return -EINVAL;  // an event port: nothing to lock
  return syscall_result(fs::set_flock(file.get(), type, !(operation & fs::kFlockNonBlock)));
}

}  // namespace

long fcntl_record_lock(int fd, int command, uint64_t address) {
  FileRef file = TRY_ERRNO(proc::current()->files->get(fd));
  fs::LinuxFlock request;
  TRY_ERRNO(uaccess::get(&request, address));  // EFAULT
  // Every Linux file can be locked; a Tether event port has no inode.
  if (!file->inode()) return -EINVAL;
  switch (command) {
    case fs::kFcntlGetLock:
      return get_lock(file.get(), false, request, address);
    case fs::kFcntlOfdGetLock:
      return get_lock(file.get(), true, request, address);
    case fs::kFcntlSetLock:
      return set_lock(file.get(), false, false, request);
    case fs::kFcntlSetLockWait:
      return set_lock(file.get(), false, true, request);
    case fs::kFcntlOfdSetLock:
      return set_lock(file.get(), true, false, request);
    case fs::kFcntlOfdSetLockWait:
      return set_lock(file.get(), true, true, request);
    default:
      return -EINVAL;
  }
}

void register_file_lock_syscalls() { register_syscall(SYS_flock, sys_flock); }
