// A process's file descriptors: small integers naming open files.
//
// Slot fd holds a counted reference to a File (or nothing) and the
// descriptor's one flag, close-on-exec. Several slots, in this table or in
// another process's after fork, may point at the same File; the File lives
// until the last of them closes.
//
// POSIX rules kept here: a new descriptor is always the lowest free number
// (open(2): "the lowest-numbered file descriptor not currently open");
// there are at most 1024 slots, and a new descriptor must lie below the
// process's RLIMIT_NOFILE soft limit (open_limit(), at most 1024), past
// which EMFILE; dup2/dup3 close the target first, silently.
#pragma once
#include <stdint.h>

#include "kernel/fs/file.h"
#include "kernel/lib/kresult.h"

namespace fs {

class FdTable {
 public:
  static constexpr int kMaxFds = 1024;

  // An empty table, or nullptr when memory is exhausted.
  static FdTable* create();
  // fork(2): a new table with the same descriptors, sharing every File
  // (and so its offset); nullptr when memory is exhausted.
  FdTable* clone() const;
  // Closes whatever is still open.
  ~FdTable();

  // RLIMIT_NOFILE's soft limit (kernel/proc/resource_limits.h keeps it in
  // step): no new descriptor at or above it. Descriptors already open above
  // a lowered limit stay usable, as on Linux.
  int open_limit() const { return open_limit_; }
  void set_open_limit(int limit) { open_limit_ = limit < kMaxFds ? limit : kMaxFds; }

  // The file open as fd, with a reference for the caller. EBADF.
  KResult<FileRef> get(int fd) const;
  // Puts the file in the lowest free slot at or above `lowest`; on success
  // the table takes over the caller's reference. EMFILE.
  KResult<int> install(File* file, bool close_on_exec, int lowest = 0);
  // open(2) takes a slot before it creates anything, so that EMFILE leaves
  // no file behind: it asks first.
  bool has_free_slot() const { return lowest_free(0) >= 0; }
  // close(2). EBADF.
  KStatus close(int fd);

  // dup(2)/fcntl(F_DUPFD): the lowest free slot at or above `lowest`.
  KResult<int> dup(int fd, int lowest, bool close_on_exec);
  // dup2(2): newfd becomes a copy of oldfd (closing it first); the same fd
  // twice is a successful no-op.
  KResult<int> dup2(int oldfd, int newfd);
  // dup3(2): dup2 with O_CLOEXEC allowed in flags; the same fd twice is EINVAL.
  KResult<int> dup3(int oldfd, int newfd, int flags);

  // F_GETFD / F_SETFD. EBADF.
  KResult<bool> is_close_on_exec(int fd) const;
  KStatus set_close_on_exec(int fd, bool on);

  // execve(2): closes every descriptor marked close-on-exec.
  void close_on_exec();
  // exit(2): closes everything.
  void close_all();

 private:
  FdTable() = default;
  bool is_open(int fd) const { return fd >= 0 && fd < kMaxFds && files_[fd]; }
  int lowest_free(int lowest) const;
  void set_slot(int fd, File* file, bool close_on_exec);

  int open_limit_ = kMaxFds;
  File* files_[kMaxFds] = {};
  uint64_t close_on_exec_bits_[kMaxFds / 64] = {};
};

}  // namespace fs
