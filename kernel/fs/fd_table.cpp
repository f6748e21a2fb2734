// File descriptor tables.
#include "kernel/fs/fd_table.h"

#include "kernel/fs/event_port.h"
#include "kernel/fs/file_locks.h"

#include "kernel/lib/new.h"

namespace fs {

FdTable* FdTable::create() { return new FdTable; }

FdTable* FdTable::clone() const {
  FdTable* copy = new FdTable;
  if (!copy) return nullptr;
  for (int fd = 0; fd < kMaxFds; fd++) {
    if (!files_[fd]) continue;
    files_[fd]->ref();
    copy->files_[fd] = files_[fd];
  }
  for (int i = 0; i < kMaxFds / 64; i++) copy->close_on_exec_bits_[i] = close_on_exec_bits_[i];
  copy->open_limit_ = open_limit_;
  return copy;
}

FdTable::~FdTable() { close_all(); }

int FdTable::lowest_free(int lowest) const {
  for (int fd = lowest < 0 ? 0 : lowest; fd < open_limit_; fd++)
    if (!files_[fd]) return fd;
  return -1;
}

// The one place a slot changes: whatever was there is closed afterwards,
// once the table is consistent again (closing a pipe end wakes processes).
void FdTable::set_slot(int fd, File* file, bool close_on_exec) {
  File* old = files_[fd];
  files_[fd] = file;
  uint64_t bit = 1ull << (fd % 64);
  if (close_on_exec) close_on_exec_bits_[fd / 64] |= bit;
  else close_on_exec_bits_[fd / 64] &= ~bit;
  if (old) {
    EventPort::fd_closed(this, fd, old);  // port_associate(3C): close dissociates
    descriptor_closed(old, this);         // fcntl(2): the process's record locks on the file go
    old->unref();
  }
}

KResult<FileRef> FdTable::get(int fd) const {
  if (!is_open(fd)) return KError{EBADF};
  return FileRef(files_[fd]);
}

KResult<int> FdTable::install(File* file, bool close_on_exec, int lowest) {
  int fd = lowest_free(lowest);
  if (fd < 0) return KError{EMFILE};
  set_slot(fd, file, close_on_exec);
  return fd;
}

KStatus FdTable::close(int fd) {
  if (!is_open(fd)) return KError{EBADF};
  set_slot(fd, nullptr, false);
  return ok();
}

KResult<int> FdTable::dup(int fd, int lowest, bool close_on_exec) {
  if (!is_open(fd)) return KError{EBADF};
  // fcntl(2) F_DUPFD: "EINVAL arg is negative or is greater than the
  // maximum allowable value".
  if (lowest < 0 || lowest >= open_limit_) return KError{EINVAL};
  File* file = files_[fd];
  file->ref();
  KResult<int> r = install(file, close_on_exec, lowest);
  if (r.is_error()) file->unref();
  return r;
}

KResult<int> FdTable::dup2(int oldfd, int newfd) {
  if (!is_open(oldfd)) return KError{EBADF};
  if (newfd < 0 || newfd >= open_limit_) return KError{EBADF};  // dup2(2): "newfd is out of the allowed range"
  // dup2(2): "If oldfd is a valid file descriptor, and newfd has the same
  // value as oldfd, then dup2() does nothing, and returns newfd."
  if (oldfd == newfd) return newfd;
  return dup3(oldfd, newfd, 0);
}

KResult<int> FdTable::dup3(int oldfd, int newfd, int flags) {
  if (flags & ~kOpenCloseOnExec) return KError{EINVAL};
  if (oldfd == newfd) return KError{EINVAL};  // dup3(2): "EINVAL oldfd was equal to newfd"
  if (!is_open(oldfd)) return KError{EBADF};
  if (newfd < 0 || newfd >= open_limit_) return KError{EBADF};
  files_[oldfd]->ref();
  set_slot(newfd, files_[oldfd], flags & kOpenCloseOnExec);  // closes what newfd was
  return newfd;
}

KResult<bool> FdTable::is_close_on_exec(int fd) const {
  if (!is_open(fd)) return KError{EBADF};
  return bool(close_on_exec_bits_[fd / 64] & (1ull << (fd % 64)));
}

KStatus FdTable::set_close_on_exec(int fd, bool on) {
  if (!is_open(fd)) return KError{EBADF};
  uint64_t bit = 1ull << (fd % 64);
  if (on) close_on_exec_bits_[fd / 64] |= bit;
  else close_on_exec_bits_[fd / 64] &= ~bit;
  return ok();
}

void FdTable::close_on_exec() {
  for (int fd = 0; fd < kMaxFds; fd++)
    if (files_[fd] && (close_on_exec_bits_[fd / 64] & (1ull << (fd % 64)))) set_slot(fd, nullptr, false);
}

void FdTable::close_all() {
  for (int fd = 0; fd < kMaxFds; fd++)
    if (files_[fd]) set_slot(fd, nullptr, false);
}

}  // namespace fs
