// Reading, writing and seeking regular files; listing directories.
//
// Nothing here sleeps: the ramfs is memory, and the kernel is not
// preemptible, so a write (and an O_APPEND write's "seek to the end, then
// write") is atomic with respect to every other process without a lock.
#include "kernel/fs/regular_file.h"

#include "kernel/fs/file_size_limit.h"
#include "kernel/fs/generated.h"
#include "kernel/fs/path_walk.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/string.h"
#include "kernel/sysctl/fail_point.h"

namespace fs {
namespace {
// While armed with N, the next N reads or writes of a regular file's data
// by a program (read, write, pread, pwrite, readv, writev) fail with EIO, as
// a disk error would. Only ramfs files count: not terminals, pipes or /proc,
// so a test can arm it through /proc/sys/debug/fail/vfs_io and see its very
// next file I/O fail. The kernel's own reads into kernel memory (exec
// loading a program) do not count either: `echo 1 > .../vfs_io; cat f`
// in the shell fails in cat's read of f, not in loading cat.
sysctl::FailPoint vfs_io("vfs_io", "the next N regular-file reads/writes fail with EIO");

bool io_fails(const IoBuffer& buffer) { return buffer.is_user() && vfs_io.should_fail(); }
}  // namespace

KResult<size_t> RegularFile::read(const IoBuffer& buffer, size_t n) {
  size_t got = TRY(pread(buffer, n, offset_));
  offset_ += got;
  return got;
}

KResult<size_t> RegularFile::pread(const IoBuffer& buffer, size_t n, uint64_t offset) {
  if (n == 0) return size_t(0);
  if (io_fails(buffer)) return KError{EIO};
  // A read that faults part way returns the bytes before the fault, as
  // Linux does for regular files (FileData::read); the offset moves by that.
  size_t got = TRY(inode()->data.read(offset, buffer, n));
  inode()->touch_accessed();
  return got;
}

KResult<size_t> RegularFile::write(const IoBuffer& buffer, size_t n) {
  // open(2), O_APPEND: "the file offset is positioned at the end of the file,
  // as if with lseek(2)" before each write.
  if (is_append()) offset_ = inode()->size();
  size_t put = TRY(pwrite_at(buffer, n, offset_));
  offset_ += put;
  return put;
}

KResult<size_t> RegularFile::pwrite(const IoBuffer& buffer, size_t n, uint64_t offset) {
  // pwrite(2), BUGS: "on Linux, if a file is opened with O_APPEND, pwrite()
  // appends data to the end of the file, regardless of the value of offset."
  // Tether keeps Linux's behaviour, so tests agree on both.
  if (is_append()) offset = inode()->size();
  return pwrite_at(buffer, n, offset);
}

KResult<size_t> RegularFile::pwrite_at(const IoBuffer& buffer, size_t n, uint64_t offset) {
  if (n == 0) return size_t(0);
  n = TRY(limit_write(offset, n));  // RLIMIT_FSIZE: SIGXFSZ and EFBIG, or fewer bytes
  if (io_fails(buffer)) return KError{EIO};
  remove_privileges(inode(), current_credentials());  // write(2) by non-root clears set-ID bits
  size_t put = TRY(inode()->data.write(offset, buffer, n));
  inode()->touch_modified();
  return put;
}

KResult<uint64_t> RegularFile::seek(int64_t offset, int whence) {
  int64_t base;
  uint64_t size = inode()->size();
  switch (whence) {
    case kSeekSet: base = 0; break;
    case kSeekCurrent: base = int64_t(offset_); break;
    case kSeekEnd: base = int64_t(size); break;
    case kSeekData:
    case kSeekHole:
      // lseek(2): a file without holes support has one data region, the
      // whole file, and an implicit hole at its end; ENXIO past the end.
      if (offset < 0 || uint64_t(offset) >= size) return KError{ENXIO};
      offset_ = whence == kSeekData ? uint64_t(offset) : size;
      return offset_;
    default: return KError{EINVAL};
  }
  int64_t result;
  if (__builtin_add_overflow(base, offset, &result)) return KError{EOVERFLOW};
  // lseek(2): "EINVAL ... the resulting file offset would be negative".
  if (result < 0) return KError{EINVAL};
  offset_ = uint64_t(result);
  return offset_;
}

KResult<long> RegularFile::ioctl(unsigned long request, uint64_t arg) {
  if (request == kIoctlBytesReadable) {
    // Linux answers FIONREAD on a regular file with the bytes left to read.
    uint64_t size = inode()->size();
    int left = offset_ < size ? int(size - offset_ > 0x7fffffff ? 0x7fffffff : size - offset_) : 0;
    TRY(uaccess::put(arg, left));
    return 0;
  }
  return KError{ENOTTY};
}

KStatus RegularFile::truncate(uint64_t length) {
  TRY(check_new_size(inode(), length));  // RLIMIT_FSIZE
  remove_privileges(inode(), current_credentials());
  TRY(inode()->data.truncate(length));
  inode()->touch_modified();
  return ok();
}

// --- Directories ---

namespace {
uint8_t dirent_type(InodeType type) {
  switch (type) {
    case InodeType::Regular: return kDirentRegular;
    case InodeType::Directory: return kDirentDirectory;
    case InodeType::Symlink: return kDirentSymlink;
    case InodeType::CharDevice: return kDirentCharDevice;
    case InodeType::Fifo: return kDirentFifo;
    case InodeType::Socket: return kDirentSocket;
  }
  return 0;
}
}  // namespace

KResult<size_t> DirectoryFile::getdents64(const IoBuffer& buffer, size_t size) {
  Inode* dir = inode();
  // Linux: listing a directory that was removed answers ENOENT.
  if (dir->is_dead_directory()) return KError{ENOENT};

  size_t used = 0;
  for (;;) {
    // The entry at the current position: ".", "..", or the next real one,
    // which a generated directory (/proc) makes up when asked.
    const char* name;
    size_t name_length;
    uint64_t ino;
    InodeType type;
    uint64_t next_position;
    GeneratedEntry generated;
    if (offset_ == 0) {
      name = ".", name_length = 1, ino = dir->ino, type = dir->type, next_position = 1;
    } else if (offset_ == 1) {
      const Inode* parent = dir->parent ? dir->parent : dir;
      name = "..", name_length = 2, ino = parent->ino, type = parent->type;
      next_position = Directory::kFirstEntryCookie;
    } else if (dir->generated) {
      if (!dir->generated->entry_at_or_after(dir, offset_, &generated)) break;
      name = generated.name, name_length = generated.name_length, ino = generated.ino, type = generated.type;
      next_position = generated.position + 1;
    } else {
      const DirEntry* e = dir->entries.first_at_or_after(offset_);
      if (!e) break;  // the end: getdents64 returns what it has (0 at the end)
      name = e->name, name_length = e->name_length, ino = e->inode->ino, type = e->inode->type;
      next_position = e->cookie + 1;
    }

    // One record: the header, the name and its NUL, padded to 8 bytes.
    size_t record_length = (sizeof(LinuxDirent64Header) + name_length + 1 + 7) & ~size_t(7);
    if (used + record_length > size) {
      // getdents(2): "EINVAL Result buffer is too small" (for even one entry).
      if (used == 0) return KError{EINVAL};
      break;
    }
    char record[(sizeof(LinuxDirent64Header) + path::kNameMax + 1 + 7) & ~size_t(7)] = {};
    LinuxDirent64Header header{ino, int64_t(next_position), uint16_t(record_length), dirent_type(type)};
    memcpy(record, &header, sizeof header);
    memcpy(record + sizeof header, name, name_length);
    // Like Linux: a fault after some records returns those records.
    if (buffer.write_from(used, record, record_length).is_error()) {
      if (used == 0) return KError{EFAULT};
      break;
    }
    used += record_length;
    offset_ = next_position;
  }
  dir->touch_accessed();
  return used;
}

KResult<uint64_t> DirectoryFile::seek(int64_t offset, int whence) {
  // A position is only meaningful as something getdents64 or lseek handed
  // out (or 0, rewinddir), so SEEK_SET and SEEK_CUR are all Linux's ramfs
  // supports (dcache_dir_lseek).
  int64_t result;
  if (whence == kSeekSet) result = offset;
  else if (whence == kSeekCurrent) {
    if (__builtin_add_overflow(int64_t(offset_), offset, &result)) return KError{EINVAL};
  } else return KError{EINVAL};
  if (result < 0) return KError{EINVAL};
  offset_ = uint64_t(result);
  return offset_;
}

}  // namespace fs
