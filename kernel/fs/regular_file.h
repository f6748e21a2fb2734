// An open regular file or directory of the ramfs.
#pragma once
#include "kernel/fs/file.h"

namespace fs {

// A regular file: bytes at an offset, any offset (lseek past the end and
// write leaves a gap of zeros).
class RegularFile final : public File {
 public:
  RegularFile(int status_flags, Inode* inode) : File(status_flags, inode) {}

  KResult<size_t> read(const IoBuffer& buffer, size_t n) override;
  KResult<size_t> write(const IoBuffer& buffer, size_t n) override;
  KResult<size_t> pread(const IoBuffer& buffer, size_t n, uint64_t offset) override;
  KResult<size_t> pwrite(const IoBuffer& buffer, size_t n, uint64_t offset) override;
  bool supports_positioned_io() const override { return true; }
  KResult<uint64_t> seek(int64_t offset, int whence) override;
  KResult<long> ioctl(unsigned long request, uint64_t arg) override;
  KStatus truncate(uint64_t length) override;

 private:
  KResult<size_t> pwrite_at(const IoBuffer& buffer, size_t n, uint64_t offset);
};

// A directory, open for reading its entries. Its offset is a getdents64
// position: 0 is ".", 1 is "..", then the cookies of directory.h.
class DirectoryFile final : public File {
 public:
  DirectoryFile(int status_flags, Inode* inode) : File(status_flags, inode) {}

  // read(2): "EISDIR fd refers to a directory".
  KResult<size_t> read(const IoBuffer&, size_t) override { return KError{EISDIR}; }
  KResult<size_t> pread(const IoBuffer&, size_t, uint64_t) override { return KError{EISDIR}; }
  bool supports_positioned_io() const override { return true; }
  KResult<size_t> getdents64(const IoBuffer& buffer, size_t size) override;
  KResult<uint64_t> seek(int64_t offset, int whence) override;
};

}  // namespace fs
