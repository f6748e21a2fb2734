// The bytes of a regular file in the ramfs, kept as an array of 4 KiB pages.
//
// Why pages and not one growing buffer: a program in the initrd may be a few
// MiB, and one contiguous heap block that size (copied again at every
// doubling) is what a long-running kernel cannot count on finding. Pages also
// make sparse files free: a page never written is a null pointer and reads
// as zeros, so lseek(fd, 1 GiB, SEEK_SET); write(fd, "x", 1) costs one page.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"
#include "kernel/mm/uaccess.h"

namespace fs {

class FileData {
 public:
  static constexpr size_t kPageSize = 4096;
  // The largest file the ramfs holds; a write past it fails with EFBIG
  // (write(2): "an attempt was made to write a file that exceeds the
  // implementation-defined maximum file size").
  static constexpr uint64_t kMaxSize = 1ull << 30;

  FileData() = default;
  FileData(const FileData&) = delete;
  FileData& operator=(const FileData&) = delete;
  ~FileData() { clear(); }

  uint64_t size() const { return size_; }
  // Pages actually allocated, for st_blocks.
  uint64_t allocated_bytes() const { return pages_in_use_ * kPageSize; }

  // Copies up to n bytes from offset into the buffer: 0 at or past the end.
  // If the buffer faults part way, returns the bytes copied before the
  // fault, or EFAULT if there were none: what Linux does for regular files.
  // (Linux counts to the byte; here the count stops at the last whole page
  // chunk copied, since a copy reports only success or failure.)
  KResult<size_t> read(uint64_t offset, const IoBuffer& buffer, size_t n) const;
  // Copies n bytes from the buffer to offset, growing the file (the gap, if
  // any, reads as zeros). Partial on a fault like read; ENOMEM, EFBIG.
  KResult<size_t> write(uint64_t offset, const IoBuffer& buffer, size_t n);
  // Shrinks (dropping whole pages) or grows (with zeros) to new_size.
  KStatus truncate(uint64_t new_size);
  void clear();

 private:
  KStatus ensure_page_slots(size_t count);
  KResult<uint8_t*> page_for_write(size_t index);

  uint8_t** pages_ = nullptr;  // pages_[i] holds bytes [i*4096, (i+1)*4096), or nullptr: zeros
  size_t page_slots_ = 0;      // length of the pages_ array
  size_t pages_in_use_ = 0;
  uint64_t size_ = 0;
};

}  // namespace fs
