// An open file description: what open(), pipe() and (later) socket() create
// and a descriptor points at. Several descriptors, in one process (dup) or
// several (fork), may share one File, and with it the offset and the status
// flags (O_APPEND, O_NONBLOCK): that is why it is refcounted and why
// F_SETFL on one descriptor shows through its duplicates.
//
// File is the base class; each kind of file overrides what it can do:
//
//   RegularFile     regular_file.h   bytes in the ramfs, seekable
//   DirectoryFile   directory_file.h getdents64
//   CharDeviceFile  char_device.h    the tty, /dev/null, /dev/zero
//   PipeFile        pipe.h           one end of a pipe or FIFO
//   (sockets)       net/             later
//
// The defaults answer what POSIX says a file that cannot do something
// answers: ESPIPE for seeking a pipe, ENOTTY for an ioctl it does not know,
// ENOTDIR for getdents64 on a non-directory.
//
// Reads and writes take an IoBuffer, so the same code fills a user buffer
// (read(2)) or a kernel one (exec loading a program).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/abi.h"
#include "kernel/fs/inode.h"
#include "kernel/fs/readiness.h"
#include "kernel/fs/ref_ptr.h"
#include "kernel/lib/kresult.h"
#include "kernel/mm/uaccess.h"

namespace fs {

class File {
 public:
  virtual ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  // How many open files (File objects) exist, system-wide: what Linux's
  // /proc/sys/fs/file-nr shows first (the sysctl fs.file-nr, file.cpp).
  static uint64_t open_count();

  void ref() { refcount_++; }
  void unref();  // the last one destroys the File (closing a pipe end, ...)
  // The references held now: descriptors, calls in progress, and (for a
  // socket passed with SCM_RIGHTS) messages in flight. The UNIX sockets'
  // garbage collector compares it with the references in flight.
  uint32_t reference_count() const { return refcount_; }

  // F_GETFL: the access mode plus the status flags.
  int status_flags() const { return flags_; }
  // F_SETFL: changes O_APPEND and O_NONBLOCK; other bits are ignored.
  void set_status_flags(int flags);
  bool can_read() const;
  bool can_write() const;
  bool is_nonblocking() const { return flags_ & kOpenNonBlock; }
  bool is_append() const { return flags_ & kOpenAppend; }

  // The inode behind the file (an anonymous one for a pipe or a socket), or
  // nullptr (an event port).
  Inode* inode() const { return inode_.get(); }
  // The inode's size (exec reads a whole program with it); 0 without one.
  uint64_t size() const { return inode_ ? inode_->size() : 0; }
  // The file offset (fcntl's SEEK_CUR for record locks).
  uint64_t position() const { return offset_; }

  // read(2)/write(2): at the file offset, which they advance.
  virtual KResult<size_t> read(const IoBuffer& buffer, size_t n);
  virtual KResult<size_t> write(const IoBuffer& buffer, size_t n);
  // pread(2)/pwrite(2): at an explicit offset, leaving the file offset alone.
  virtual KResult<size_t> pread(const IoBuffer& buffer, size_t n, uint64_t offset);
  virtual KResult<size_t> pwrite(const IoBuffer& buffer, size_t n, uint64_t offset);
  // Whether pread/pwrite make sense (Linux's FMODE_PREAD): not for pipes
  // and terminals, where they fail with ESPIPE before anything else is checked.
  virtual bool supports_positioned_io() const { return false; }
  // lseek(2): the new offset.
  virtual KResult<uint64_t> seek(int64_t offset, int whence);
  // ioctl(2) requests of this kind of file; arg is a user address or a value.
  virtual KResult<long> ioctl(unsigned long request, uint64_t arg);
  // fstat(2). The default describes the inode.
  virtual KStatus stat(LinuxStat* st);
  // getdents64(2): whole records into the buffer, the number of bytes used.
  virtual KResult<size_t> getdents64(const IoBuffer& buffer, size_t size);
  // ftruncate(2).
  virtual KStatus truncate(uint64_t length);

  // Readiness (readiness.h): what would not block now, and where to hear
  // about changes (nullptr: the answer never changes).
  virtual uint32_t poll_events();
  virtual Readiness* readiness() { return nullptr; }

 protected:
  // The new File holds one reference, its creator's. It takes its own
  // reference to the inode (or, with an InodeRef, takes that one over).
  File(int status_flags, Inode* inode);
  File(int status_flags, InodeRef inode);
  // A reference went and others remain (a close(2) that did not close the
  // File): a UNIX socket whose remaining references are all in flight may
  // have just become unreachable (net/unix/unix_rights.cpp).
  virtual void reference_dropped() {}
  uint64_t offset_ = 0;

 private:
  int flags_;
  InodeRef inode_;
  uint32_t refcount_ = 1;
};

using FileRef = RefPtr<File>;

// Drops a reference taken by one of the open functions below.
inline void release(File* file) { if (file) file->unref(); }

// Opening files from inside the kernel (open.cpp). Each resolves the path as
// the current process would (its cwd, its credentials) and returns a File
// holding one reference for the caller: hand it to FdTable::install, or
// call release() when done.
//
// open(2) semantics, flags and mode as there (O_CLOEXEC is the caller's
// business: it belongs to the descriptor, not the File).
KResult<File*> open(const char* path, int flags, uint32_t mode);
// execve(2)'s checks: the path must name a regular file (else EACCES) that
// the caller may execute (EACCES); returns it open for reading.
KResult<File*> open_executable(const char* path);
// /dev/console for reading and writing: PID 1's stdin, stdout and stderr.
KResult<File*> open_console();
// Reads n bytes at offset into kernel memory (exec): the bytes read.
inline KResult<size_t> read_file(File* file, uint64_t offset, void* buffer, size_t n) {
  return file->pread(IoBuffer::kernel(buffer), n, offset);
}

}  // namespace fs
