// The file system calls: descriptors, reading and writing, paths, pipes.
//
// Each handler does three things and no more: copy its arguments in from
// user space (every pointer through uaccess, so a bad one is EFAULT), call
// the VFS (kernel/fs/vfs.h) or the open file (kernel/fs/file.h), and copy
// the result out. What a call means, and which errno it gives when, is
// decided in kernel/fs/; the comments here cite the man pages only where
// the syscall layer itself decides (argument checks, fd checks).
#include "arch/x86_64/layout.h"
#include "kernel/fs/fd_table.h"
#include "kernel/fs/pipe.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/path.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/user_vector.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"
#include "libc/include/bits/syscall.h"

namespace {

using fs::File;
using fs::FileRef;
using fs::InodeRef;

fs::FdTable& descriptors() { return *proc::current()->files; }

KResult<FileRef> file_for(uint64_t fd) { return descriptors().get(int(fd)); }

// A path argument, copied in. A path of 1024 bytes or more (without its NUL)
// is ENAMETOOLONG; kernel stacks are 32 KiB, so two of these fit easily.
struct UserPath {
  char bytes[path::kPathMax + 1];
  size_t length;
};

KStatus copy_path(UserPath* out, uint64_t address) {
  out->length = TRY(uaccess::copy_string_from_user(out->bytes, address, sizeof out->bytes));
  return ok();
}

// Linux checks a read or write buffer's range before the file sees it
// (access_ok): a kernel address is EFAULT even at end of file.
bool is_user_buffer(uint64_t address, size_t n) { return layout::is_user_range(address, n); }

size_t clamp_transfer(uint64_t n) { return n > fs::kMaxTransfer ? fs::kMaxTransfer : size_t(n); }

// The inode an fd-based call (fchmod, fstat...) acts on; AT_FDCWD is the cwd.
KResult<InodeRef> inode_for_fd(int fd) {
  if (fd == fs::kAtCurrentDirectory) return fs::directory_for_fd(fd);
  FileRef file = TRY(file_for(uint64_t(fd)));
  if (!file->inode()) return KError{EBADF};
  return InodeRef(file->inode());
}

// The inode a (dirfd, path, flags) triple names for the *at() calls that
// accept AT_EMPTY_PATH ("operate on dirfd itself") and AT_SYMLINK_NOFOLLOW.
KResult<InodeRef> inode_at(int dirfd, uint64_t path_address, int flags) {
  UserPath path;
  TRY(copy_path(&path, path_address));
  if (path.length == 0 && (flags & fs::kAtEmptyPath)) return inode_for_fd(dirfd);
  int walk_flags = (flags & fs::kAtSymlinkNoFollow) ? 0 : fs::kFollowFinalSymlink;
  return fs::resolve_at(dirfd, path.bytes, path.length, walk_flags);
}

// --- Reading and writing ---

long sys_read(const SyscallArgs& a) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  if (!file->can_read()) return -EBADF;  // read(2): "fd is not ... open for reading"
  size_t n = clamp_transfer(a.a2);
  if (!is_user_buffer(a.a1, n)) return -EFAULT;
  return syscall_result(file->read(IoBuffer::user(a.a1), n));
}

long sys_write(const SyscallArgs& a) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  if (!file->can_write()) return -EBADF;
  size_t n = clamp_transfer(a.a2);
  if (!is_user_buffer(a.a1, n)) return -EFAULT;
  return syscall_result(file->write(IoBuffer::user(a.a1), n));
}

long sys_pread64(const SyscallArgs& a) {
  if (int64_t(a.a3) < 0) return -EINVAL;  // pread(2): "EINVAL ... offset is negative"
  FileRef file = TRY_ERRNO(file_for(a.a0));
  if (!file->supports_positioned_io()) return -ESPIPE;
  if (!file->can_read()) return -EBADF;
  size_t n = clamp_transfer(a.a2);
  if (!is_user_buffer(a.a1, n)) return -EFAULT;
  return syscall_result(file->pread(IoBuffer::user(a.a1), n, a.a3));
}

long sys_pwrite64(const SyscallArgs& a) {
  if (int64_t(a.a3) < 0) return -EINVAL;
  FileRef file = TRY_ERRNO(file_for(a.a0));
  if (!file->supports_positioned_io()) return -ESPIPE;
  if (!file->can_write()) return -EBADF;
  size_t n = clamp_transfer(a.a2);
  if (!is_user_buffer(a.a1, n)) return -EFAULT;
  return syscall_result(file->pwrite(IoBuffer::user(a.a1), n, a.a3));
}

// readv/writev: the iovec array is copied in and checked whole first (as
// Linux does), then the file moves all its pieces in one call, as if they
// were one buffer (a pipe's atomic write and a datagram stay whole).
long vectored_io(const SyscallArgs& a, bool writing) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  if (writing ? !file->can_write() : !file->can_read()) return -EBADF;
  int count = int(a.a2);
  // readv(2): "EINVAL ... iovcnt is less than zero or greater than the
  // permitted maximum" (UIO_MAXIOV, 1024).
  if (count < 0 || count > fs::kMaxIovecs) return -EINVAL;
  UserVector pieces;
  TRY_ERRNO(pieces.copy_in(a.a1, count, fs::kMaxTransfer));
  if (pieces.total() == 0) return 0;
  return syscall_result(writing ? file->write(pieces.buffer(), pieces.total())
                                : file->read(pieces.buffer(), pieces.total()));
}

long sys_readv(const SyscallArgs& a) { return vectored_io(a, false); }
long sys_writev(const SyscallArgs& a) { return vectored_io(a, true); }

long sys_lseek(const SyscallArgs& a) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  // lseek(2): "EINVAL whence is not valid", checked before the file type
  // answers (Linux's ksys_lseek): a pipe says EINVAL, not ESPIPE, and
  // /dev/null, which accepts any seek, still refuses it.
  if (uint32_t(a.a2) > uint32_t(fs::kSeekHole)) return -EINVAL;
  return syscall_result(file->seek(int64_t(a.a1), int(a.a2)));
}

long sys_getdents64(const SyscallArgs& a) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  size_t size = clamp_transfer(a.a2);
  if (!is_user_buffer(a.a1, size)) return -EFAULT;
  return syscall_result(file->getdents64(IoBuffer::user(a.a1), size));
}

// --- Opening and closing ---

long open_common(int dirfd, uint64_t path_address, int flags, uint32_t mode) {
  UserPath path;
  TRY_ERRNO(copy_path(&path, path_address));
  // Linux takes the descriptor before it opens (EMFILE beats ENOENT, and an
  // O_CREAT that fails with EMFILE creates nothing). Nothing can take the
  // slot meanwhile: only this process uses its table.
  if (!descriptors().has_free_slot()) return -EMFILE;
  File* file = TRY_ERRNO(fs::open_at(dirfd, path.bytes, path.length, flags, mode));
  KResult<int> fd = descriptors().install(file, flags & fs::kOpenCloseOnExec);
  if (fd.is_error()) fs::release(file);
  return syscall_result(fd);
}

long sys_open(const SyscallArgs& a) { return open_common(fs::kAtCurrentDirectory, a.a0, int(a.a1), uint32_t(a.a2)); }
long sys_openat(const SyscallArgs& a) { return open_common(int(a.a0), a.a1, int(a.a2), uint32_t(a.a3)); }
long sys_creat(const SyscallArgs& a) {
  // creat(2): "equivalent to open() with flags equal to O_CREAT|O_WRONLY|O_TRUNC".
  return open_common(fs::kAtCurrentDirectory, a.a0, fs::kOpenCreate | fs::kOpenWriteOnly | fs::kOpenTruncate,
                     uint32_t(a.a1));
}

long sys_close(const SyscallArgs& a) { return syscall_result(descriptors().close(int(a.a0))); }

long sys_dup(const SyscallArgs& a) { return syscall_result(descriptors().dup(int(a.a0), 0, false)); }
long sys_dup2(const SyscallArgs& a) { return syscall_result(descriptors().dup2(int(a.a0), int(a.a1))); }
long sys_dup3(const SyscallArgs& a) {
  return syscall_result(descriptors().dup3(int(a.a0), int(a.a1), int(a.a2)));
}

long sys_pipe2(const SyscallArgs& a) {
  int flags = int(a.a1);
  // pipe(2): "EINVAL Invalid value in flags" (O_DIRECT, packet mode, is not
  // supported either).
  if (flags & ~(fs::kOpenCloseOnExec | fs::kOpenNonBlock)) return -EINVAL;
  bool cloexec = flags & fs::kOpenCloseOnExec;
  File* read_end;
  File* write_end;
  TRY_ERRNO(fs::create_pipe(flags, &read_end, &write_end));
  KResult<int> read_fd = descriptors().install(read_end, cloexec);
  if (read_fd.is_error()) {
    fs::release(read_end);
    fs::release(write_end);
    return -read_fd.error();
  }
  KResult<int> write_fd = descriptors().install(write_end, cloexec);
  if (write_fd.is_error()) {
    (void)descriptors().close(read_fd.value());
    fs::release(write_end);
    return -write_fd.error();
  }
  int pair[2] = {read_fd.value(), write_fd.value()};
  if (uaccess::put(a.a0, pair).is_error()) {
    // Undo: the caller never learns the numbers, so it could not close them.
    (void)descriptors().close(pair[0]);
    (void)descriptors().close(pair[1]);
    return -EFAULT;
  }
  return 0;
}

long sys_pipe(const SyscallArgs& a) {
  SyscallArgs with_no_flags = a;
  with_no_flags.a1 = 0;
  return sys_pipe2(with_no_flags);
}

// --- Descriptor control ---

long sys_fcntl(const SyscallArgs& a) {
  int fd = int(a.a0);
  FileRef file = TRY_ERRNO(file_for(a.a0));
  switch (int(a.a1)) {
    case fs::kFcntlDupFd:
    case fs::kFcntlDupFdCloseOnExec: {
      // fcntl(2): "EINVAL ... arg is negative or is greater than the maximum
      // allowable value" (arg is an unsigned long in Linux).
      if (a.a2 >= uint64_t(descriptors().open_limit())) return -EINVAL;  // RLIMIT_NOFILE
      bool cloexec = int(a.a1) == fs::kFcntlDupFdCloseOnExec;
      return syscall_result(descriptors().dup(fd, int(a.a2), cloexec));
    }
    case fs::kFcntlGetFd: {
      bool cloexec = TRY_ERRNO(descriptors().is_close_on_exec(fd));
      return cloexec ? fs::kFdCloseOnExec : 0;
    }
    case fs::kFcntlSetFd:
      return syscall_result(descriptors().set_close_on_exec(fd, a.a2 & fs::kFdCloseOnExec));
    case fs::kFcntlGetFl:
      return file->status_flags();
    case fs::kFcntlSetFl:
      file->set_status_flags(int(a.a2));
      return 0;
    // Record locks, POSIX and open file description ones: sys_file_locks.cpp.
    case fs::kFcntlGetLock: case fs::kFcntlSetLock: case fs::kFcntlSetLockWait:
    case fs::kFcntlOfdGetLock: case fs::kFcntlOfdSetLock: case fs::kFcntlOfdSetLockWait:
      return fcntl_record_lock(fd, int(a.a1), a.a2);
    // Commands Linux has and Tether does not (yet): signal-driven I/O
    // (F_SETOWN/F_GETOWN, F_SETSIG/F_GETSIG, F_SETOWN_EX/F_GETOWN_EX),
    // leases, notify, pipe sizes, seals. ENOSYS says "not built", where
    // EINVAL would claim the command does not exist.
    case 8: case 9: case 10: case 11: case 15: case 16:  // F_SETOWN, F_GETOWN, F_SETSIG, F_GETSIG, F_*OWN_EX
    case 1024: case 1025: case 1026:                   // F_SETLEASE, F_GETLEASE, F_NOTIFY
    case 1031: case 1032: case 1033: case 1034:        // F_SETPIPE_SZ, F_GETPIPE_SZ, F_ADD_SEALS, F_GET_SEALS
      return -ENOSYS;
    default:
      // fcntl(2): "EINVAL The value specified in cmd is not recognized by
      // this kernel."
      return -EINVAL;
  }
}

long sys_ioctl(const SyscallArgs& a) {
  int fd = int(a.a0);
  FileRef file = TRY_ERRNO(file_for(a.a0));
  unsigned long request = uint32_t(a.a1);  // Linux's cmd is an unsigned int
  switch (request) {
    case fs::kIoctlSetNonBlocking: {
      // FIONBIO works on every descriptor (Linux's fs/ioctl.c), not only ttys.
      int on;
      TRY_ERRNO(uaccess::get(&on, a.a2));
      int flags = file->status_flags();
      file->set_status_flags(on ? flags | fs::kOpenNonBlock : flags & ~fs::kOpenNonBlock);
      return 0;
    }
    case fs::kIoctlSetCloseOnExec: return syscall_result(descriptors().set_close_on_exec(fd, true));
    case fs::kIoctlClearCloseOnExec: return syscall_result(descriptors().set_close_on_exec(fd, false));
    default: return syscall_result(file->ioctl(request, a.a2));
  }
}

// --- File status ---

long sys_newfstatat(const SyscallArgs& a) {
  int flags = int(a.a3);
  if (flags & ~(fs::kAtSymlinkNoFollow | fs::kAtEmptyPath | fs::kAtNoAutomount)) return -EINVAL;
  fs::LinuxStat st;
  UserPath path;
  TRY_ERRNO(copy_path(&path, a.a1));
  int dirfd = int(a.a0);
  if (path.length == 0 && (flags & fs::kAtEmptyPath) && dirfd != fs::kAtCurrentDirectory) {
    // fstatat(2), AT_EMPTY_PATH: "operate on the file referred to by dirfd",
    // which may be any file, a pipe included.
    FileRef file = TRY_ERRNO(file_for(a.a0));
    TRY_ERRNO(file->stat(&st));
  } else if (path.length == 0 && (flags & fs::kAtEmptyPath)) {
    InodeRef cwd = TRY_ERRNO(fs::directory_for_fd(dirfd));
    cwd->fill_stat(&st);
  } else {
    int walk_flags = (flags & fs::kAtSymlinkNoFollow) ? 0 : fs::kFollowFinalSymlink;
    InodeRef inode = TRY_ERRNO(fs::resolve_at(dirfd, path.bytes, path.length, walk_flags));
    inode->fill_stat(&st);
  }
  TRY_ERRNO(uaccess::put(a.a2, st));
  return 0;
}

long stat_path(uint64_t path, uint64_t buffer, int flags) {
  SyscallArgs args{uint64_t(int64_t(fs::kAtCurrentDirectory)), path, buffer, uint64_t(flags), 0, 0, nullptr};
  return sys_newfstatat(args);
}
long sys_stat(const SyscallArgs& a) { return stat_path(a.a0, a.a1, 0); }
long sys_lstat(const SyscallArgs& a) { return stat_path(a.a0, a.a1, fs::kAtSymlinkNoFollow); }

long sys_fstat(const SyscallArgs& a) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  fs::LinuxStat st;
  TRY_ERRNO(file->stat(&st));
  TRY_ERRNO(uaccess::put(a.a1, st));
  return 0;
}

long access_common(int dirfd, uint64_t path_address, int mode, int flags) {
  // Linux's do_faccessat: mode and flags first (EINVAL), then the path
  // (EFAULT) and dirfd (EBADF).
  if (mode & ~(fs::kAccessRead | fs::kAccessWrite | fs::kAccessExecute)) return -EINVAL;
  if (flags & ~(fs::kAtEffectiveIds | fs::kAtSymlinkNoFollow | fs::kAtEmptyPath)) return -EINVAL;
  UserPath path;
  TRY_ERRNO(copy_path(&path, path_address));
  // faccessat2 with AT_EMPTY_PATH and "": the file open as dirfd itself.
  InodeRef itself;
  if (path.length == 0 && (flags & fs::kAtEmptyPath)) itself = TRY_ERRNO(inode_for_fd(dirfd));
  return syscall_result(fs::check_access(dirfd, path.bytes, path.length, mode, flags, itself.get()));
}
long sys_access(const SyscallArgs& a) { return access_common(fs::kAtCurrentDirectory, a.a0, int(a.a1), 0); }
// faccessat(2) has no flags argument in the kernel (glibc emulates them);
// faccessat2 added one.
long sys_faccessat(const SyscallArgs& a) { return access_common(int(a.a0), a.a1, int(a.a2), 0); }
long sys_faccessat2(const SyscallArgs& a) { return access_common(int(a.a0), a.a1, int(a.a2), int(a.a3)); }

long readlink_common(int dirfd, uint64_t path_address, uint64_t buffer, uint64_t size) {
  // readlink(2): "EINVAL bufsiz is not positive" (it is an int in Linux).
  if (int(size) <= 0) return -EINVAL;
  UserPath path;
  TRY_ERRNO(copy_path(&path, path_address));
  if (!is_user_buffer(buffer, size_t(int(size)))) return -EFAULT;
  return syscall_result(fs::read_link(dirfd, path.bytes, path.length, IoBuffer::user(buffer), size_t(int(size))));
}
long sys_readlink(const SyscallArgs& a) { return readlink_common(fs::kAtCurrentDirectory, a.a0, a.a1, a.a2); }
long sys_readlinkat(const SyscallArgs& a) { return readlink_common(int(a.a0), a.a1, a.a2, a.a3); }

// --- Changing attributes ---

long sys_chmod(const SyscallArgs& a) {
  InodeRef inode = TRY_ERRNO(inode_at(fs::kAtCurrentDirectory, a.a0, 0));
  return syscall_result(fs::change_mode(inode.get(), uint32_t(a.a1)));
}
long sys_fchmod(const SyscallArgs& a) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  if (!file->inode()) return -EBADF;
  return syscall_result(fs::change_mode(file->inode(), uint32_t(a.a1)));
}
// fchmodat(2) has no flags argument in the kernel; AT_SYMLINK_NOFOLLOW is
// glibc's (and a link's mode cannot be changed on Linux anyway).
long sys_fchmodat(const SyscallArgs& a) {
  InodeRef inode = TRY_ERRNO(inode_at(int(a.a0), a.a1, 0));
  return syscall_result(fs::change_mode(inode.get(), uint32_t(a.a2)));
}

long sys_fchownat(const SyscallArgs& a) {
  int flags = int(a.a4);
  if (flags & ~(fs::kAtSymlinkNoFollow | fs::kAtEmptyPath)) return -EINVAL;
  InodeRef inode = TRY_ERRNO(inode_at(int(a.a0), a.a1, flags));
  return syscall_result(fs::change_owner(inode.get(), uint32_t(a.a2), uint32_t(a.a3)));
}
long sys_chown(const SyscallArgs& a) {
  InodeRef inode = TRY_ERRNO(inode_at(fs::kAtCurrentDirectory, a.a0, 0));
  return syscall_result(fs::change_owner(inode.get(), uint32_t(a.a1), uint32_t(a.a2)));
}
long sys_lchown(const SyscallArgs& a) {
  InodeRef inode = TRY_ERRNO(inode_at(fs::kAtCurrentDirectory, a.a0, fs::kAtSymlinkNoFollow));
  return syscall_result(fs::change_owner(inode.get(), uint32_t(a.a1), uint32_t(a.a2)));
}
long sys_fchown(const SyscallArgs& a) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  if (!file->inode()) return -EBADF;
  return syscall_result(fs::change_owner(file->inode(), uint32_t(a.a1), uint32_t(a.a2)));
}

long sys_umask(const SyscallArgs& a) {
  proc::Process* self = proc::current();
  uint32_t old = self->umask;
  self->umask = uint32_t(a.a0) & 0777;  // umask(2): "mask & 0777"
  return old;
}

long sys_truncate(const SyscallArgs& a) {
  InodeRef inode = TRY_ERRNO(inode_at(fs::kAtCurrentDirectory, a.a0, 0));
  return syscall_result(fs::truncate_inode(inode.get(), int64_t(a.a1)));
}

long sys_ftruncate(const SyscallArgs& a) {
  if (int64_t(a.a1) < 0) return -EINVAL;  // ftruncate(2): "EINVAL The argument length is negative"
  FileRef file = TRY_ERRNO(file_for(a.a0));
  // "EBADF or EINVAL fd is not open for writing": Linux answers EINVAL,
  // as it does for a descriptor that is not a regular file.
  if (!file->can_write()) return -EINVAL;
  return syscall_result(file->truncate(a.a1));
}

long sys_utimensat(const SyscallArgs& a) {
  int flags = int(a.a3);
  if (flags & ~(fs::kAtSymlinkNoFollow | fs::kAtEmptyPath)) return -EINVAL;
  fs::LinuxTimespec times[2];
  if (a.a2) TRY_ERRNO(uaccess::copy_from_user(times, a.a2, sizeof times));
  InodeRef inode;
  if (a.a1 == 0) {
    // utimensat(2): a null pathname means the file open as dirfd (futimens).
    if (int(a.a0) == fs::kAtCurrentDirectory) return -EFAULT;
    inode = TRY_ERRNO(inode_for_fd(int(a.a0)));
  } else {
    inode = TRY_ERRNO(inode_at(int(a.a0), a.a1, flags));
  }
  return syscall_result(fs::set_times(inode.get(), a.a2 ? times : nullptr));
}

// sync(2)/fsync(2): the ramfs is memory; there is no slower copy to bring up
// to date, so "done" is the truthful answer once the descriptor is checked.
long sys_sync(const SyscallArgs&) { return 0; }
long sys_fsync(const SyscallArgs& a) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  return 0;
}

// --- The current directory ---

long sys_getcwd(const SyscallArgs& a) {
  size_t size = size_t(a.a1);
  if (!is_user_buffer(a.a0, size)) return -EFAULT;
  return syscall_result(fs::current_directory_path(IoBuffer::user(a.a0), size));
}

long sys_chdir(const SyscallArgs& a) {
  InodeRef inode = TRY_ERRNO(inode_at(fs::kAtCurrentDirectory, a.a0, 0));
  return syscall_result(fs::change_directory(inode.get()));
}

long sys_fchdir(const SyscallArgs& a) {
  FileRef file = TRY_ERRNO(file_for(a.a0));
  if (!file->inode()) return -ENOTDIR;
  return syscall_result(fs::change_directory(file->inode()));
}

// --- Names ---

long sys_mkdirat(const SyscallArgs& a) {
  UserPath path;
  TRY_ERRNO(copy_path(&path, a.a1));
  return syscall_result(fs::make_directory(int(a.a0), path.bytes, path.length, uint32_t(a.a2)));
}
long sys_mkdir(const SyscallArgs& a) {
  SyscallArgs at{uint64_t(int64_t(fs::kAtCurrentDirectory)), a.a0, a.a1, 0, 0, 0, nullptr};
  return sys_mkdirat(at);
}

long sys_mknodat(const SyscallArgs& a) {
  UserPath path;
  TRY_ERRNO(copy_path(&path, a.a1));
  return syscall_result(fs::make_node(int(a.a0), path.bytes, path.length, uint32_t(a.a2), uint32_t(a.a3)));
}
long sys_mknod(const SyscallArgs& a) {
  SyscallArgs at{uint64_t(int64_t(fs::kAtCurrentDirectory)), a.a0, a.a1, a.a2, 0, 0, nullptr};
  return sys_mknodat(at);
}

long sys_unlinkat(const SyscallArgs& a) {
  int flags = int(a.a2);
  if (flags & ~fs::kAtRemoveDirectory) return -EINVAL;  // unlinkat(2): "EINVAL An invalid flag value"
  UserPath path;
  TRY_ERRNO(copy_path(&path, a.a1));
  if (flags & fs::kAtRemoveDirectory)
    return syscall_result(fs::remove_directory(int(a.a0), path.bytes, path.length));
  return syscall_result(fs::remove_file(int(a.a0), path.bytes, path.length));
}
long sys_unlink(const SyscallArgs& a) {
  SyscallArgs at{uint64_t(int64_t(fs::kAtCurrentDirectory)), a.a0, 0, 0, 0, 0, nullptr};
  return sys_unlinkat(at);
}
long sys_rmdir(const SyscallArgs& a) {
  SyscallArgs at{uint64_t(int64_t(fs::kAtCurrentDirectory)), a.a0, uint64_t(fs::kAtRemoveDirectory), 0, 0, 0, nullptr};
  return sys_unlinkat(at);
}

long sys_renameat(const SyscallArgs& a) {
  UserPath from, to;
  TRY_ERRNO(copy_path(&from, a.a1));
  TRY_ERRNO(copy_path(&to, a.a3));
  return syscall_result(fs::rename(int(a.a0), from.bytes, from.length, int(a.a2), to.bytes, to.length));
}
long sys_rename(const SyscallArgs& a) {
  uint64_t cwd = uint64_t(int64_t(fs::kAtCurrentDirectory));
  SyscallArgs at{cwd, a.a0, cwd, a.a1, 0, 0, nullptr};
  return sys_renameat(at);
}

long sys_linkat(const SyscallArgs& a) {
  int flags = int(a.a4);
  // linkat(2): AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH and an O_PATH-style
  // use Tether does not have; it is accepted, and an empty path is ENOENT.
  if (flags & ~(fs::kAtSymlinkFollow | fs::kAtEmptyPath)) return -EINVAL;
  UserPath from, to;
  TRY_ERRNO(copy_path(&from, a.a1));
  TRY_ERRNO(copy_path(&to, a.a3));
  return syscall_result(fs::make_link(int(a.a0), from.bytes, from.length, int(a.a2), to.bytes, to.length,
                                      flags & fs::kAtSymlinkFollow));
}
long sys_link(const SyscallArgs& a) {
  uint64_t cwd = uint64_t(int64_t(fs::kAtCurrentDirectory));
  SyscallArgs at{cwd, a.a0, cwd, a.a1, 0, 0, nullptr};
  return sys_linkat(at);
}

long sys_symlinkat(const SyscallArgs& a) {
  UserPath target, link;
  TRY_ERRNO(copy_path(&target, a.a0));
  TRY_ERRNO(copy_path(&link, a.a2));
  return syscall_result(fs::make_symlink(target.bytes, target.length, int(a.a1), link.bytes, link.length));
}
long sys_symlink(const SyscallArgs& a) {
  SyscallArgs at{a.a0, uint64_t(int64_t(fs::kAtCurrentDirectory)), a.a1, 0, 0, 0, nullptr};
  return sys_symlinkat(at);
}

}  // namespace

void register_fs_syscalls() {
  register_syscall(SYS_read, sys_read);
  register_syscall(SYS_write, sys_write);
  register_syscall(SYS_pread64, sys_pread64);
  register_syscall(SYS_pwrite64, sys_pwrite64);
  register_syscall(SYS_readv, sys_readv);
  register_syscall(SYS_writev, sys_writev);
  register_syscall(SYS_lseek, sys_lseek);
  register_syscall(SYS_getdents64, sys_getdents64);

  register_syscall(SYS_open, sys_open);
  register_syscall(SYS_openat, sys_openat);
  register_syscall(SYS_creat, sys_creat);
  register_syscall(SYS_close, sys_close);
  register_syscall(SYS_dup, sys_dup);
  register_syscall(SYS_dup2, sys_dup2);
  register_syscall(SYS_dup3, sys_dup3);
  register_syscall(SYS_pipe, sys_pipe);
  register_syscall(SYS_pipe2, sys_pipe2);
  register_syscall(SYS_fcntl, sys_fcntl);
  register_syscall(SYS_ioctl, sys_ioctl);

  register_syscall(SYS_stat, sys_stat);
  register_syscall(SYS_lstat, sys_lstat);
  register_syscall(SYS_fstat, sys_fstat);
  register_syscall(SYS_newfstatat, sys_newfstatat);
  register_syscall(SYS_access, sys_access);
  register_syscall(SYS_faccessat, sys_faccessat);
  register_syscall(SYS_faccessat2, sys_faccessat2);
  register_syscall(SYS_readlink, sys_readlink);
  register_syscall(SYS_readlinkat, sys_readlinkat);

  register_syscall(SYS_chmod, sys_chmod);
  register_syscall(SYS_fchmod, sys_fchmod);
  register_syscall(SYS_fchmodat, sys_fchmodat);
  register_syscall(SYS_chown, sys_chown);
  register_syscall(SYS_fchown, sys_fchown);
  register_syscall(SYS_lchown, sys_lchown);
  register_syscall(SYS_fchownat, sys_fchownat);
  register_syscall(SYS_umask, sys_umask);
  register_syscall(SYS_truncate, sys_truncate);
  register_syscall(SYS_ftruncate, sys_ftruncate);
  register_syscall(SYS_utimensat, sys_utimensat);
  register_syscall(SYS_sync, sys_sync);
  register_syscall(SYS_fsync, sys_fsync);
  register_syscall(SYS_fdatasync, sys_fsync);

  register_syscall(SYS_getcwd, sys_getcwd);
  register_syscall(SYS_chdir, sys_chdir);
  register_syscall(SYS_fchdir, sys_fchdir);

  register_syscall(SYS_mkdir, sys_mkdir);
  register_syscall(SYS_mkdirat, sys_mkdirat);
  register_syscall(SYS_mknod, sys_mknod);
  register_syscall(SYS_mknodat, sys_mknodat);
  register_syscall(SYS_unlink, sys_unlink);
  register_syscall(SYS_unlinkat, sys_unlinkat);
  register_syscall(SYS_rmdir, sys_rmdir);
  register_syscall(SYS_rename, sys_rename);
  register_syscall(SYS_renameat, sys_renameat);
  register_syscall(SYS_link, sys_link);
  register_syscall(SYS_linkat, sys_linkat);
  register_syscall(SYS_symlink, sys_symlink);
  register_syscall(SYS_symlinkat, sys_symlinkat);
}
