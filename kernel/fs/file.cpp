// The File base class: reference counting, status flags, and the answers of
// a file that cannot do something.
#include "kernel/fs/file.h"

#include "arch/x86_64/cpu.h"
#include "kernel/fs/file_locks.h"
#include "kernel/lib/format.h"
#include "kernel/panic.h"
#include "kernel/sysctl/sysctl.h"

namespace fs {

namespace {

// Every File alive, counted with interrupts off (File objects come and go
// only in process context, but the count is read from a sysctl).
uint64_t files_open = 0;

// fs.file-nr, in Linux's three columns (proc_sys_fs(5)): the file handles
// allocated, those allocated but unused (always 0 here: a File is freed
// with its last reference), and the maximum (none here: Linux's largest).
size_t read_file_nr(const sysctl::Setting&, char* buffer, size_t size) {
  return format(buffer, size, "%lu\t0\t%lu\n", File::open_count(), uint64_t(INT64_MAX));
}

sysctl::Setting file_nr{"fs.file-nr", nullptr, "open files: allocated, unused, maximum (Linux's columns)",
                        /*writable=*/false, read_file_nr, nullptr, nullptr};
struct RegisterFileNr {
  RegisterFileNr() { sysctl::add(&file_nr); }
} register_file_nr;

}  // namespace

File::File(int status_flags, Inode* inode) : File(status_flags, InodeRef(inode)) {}

File::File(int status_flags, InodeRef inode) : flags_(status_flags), inode_(static_cast<InodeRef&&>(inode)) {
  cpu::InterruptGuard guard;
  files_open++;
}

File::~File() {
  file_released(this);  // its OFD and flock(2) locks (file_locks.h)
  cpu::InterruptGuard guard;
  files_open--;
}

uint64_t File::open_count() {
  cpu::InterruptGuard guard;
  return files_open;
}

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
