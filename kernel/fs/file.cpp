// The File base class: reference counting, status flags, and the answers of
// a file that cannot do something.
#include "kernel/fs/file.h"

#include "kernel/panic.h"

namespace fs {

File::File(int status_flags, Inode* inode) : flags_(status_flags), inode_(inode) {}

void File::unref() {
  KASSERT(refcount_ > 0);
  if (--refcount_ == 0) delete this;
  else reference_dropped();
}

void File::set_status_flags(int flags) {
  flags_ = (flags_ & ~kOpenSettableFlags) | (flags & kOpenSettableFlags);
}

bool File::can_read() const {
  int access = flags_ & kOpenAccessMode;
  return access == kOpenReadOnly || access == kOpenReadWrite;
}

bool File::can_write() const {
  int access = flags_ & kOpenAccessMode;
  return access == kOpenWriteOnly || access == kOpenReadWrite;
}

// A file type that does not override read/write cannot do them. The
// syscall layer has already answered EBADF for a file not open for it, so
// reaching here means the type itself has no such operation.
KResult<size_t> File::read(const IoBuffer&, size_t) { return KError{EINVAL}; }
KResult<size_t> File::write(const IoBuffer&, size_t) { return KError{EINVAL}; }

// pread(2): "ESPIPE fd is associated with a pipe or FIFO" (also ttys, sockets).
KResult<size_t> File::pread(const IoBuffer&, size_t, uint64_t) { return KError{ESPIPE}; }
KResult<size_t> File::pwrite(const IoBuffer&, size_t, uint64_t) { return KError{ESPIPE}; }
// lseek(2): "ESPIPE fd is associated with a pipe, socket, or FIFO."
KResult<uint64_t> File::seek(int64_t, int) { return KError{ESPIPE}; }
// ioctl(2): "ENOTTY The specified request does not apply to the kind of object".
KResult<long> File::ioctl(unsigned long, uint64_t) { return KError{ENOTTY}; }
KResult<size_t> File::getdents64(const IoBuffer&, size_t) { return KError{ENOTDIR}; }
// ftruncate(2): "EINVAL fd does not reference a regular file".
KStatus File::truncate(uint64_t) { return KError{EINVAL}; }

KStatus File::stat(LinuxStat* st) {
  if (!inode_) return KError{EBADF};
  inode_->fill_stat(st);
  return ok();
}

// Linux's DEFAULT_POLLMASK: a file without a poll method never blocks.
uint32_t File::poll_events() { return kPollIn | kPollOut | kPollReadNormal | kPollWriteNormal; }

}  // namespace fs
