// The files of /proc hold text that the kernel writes out when the file is
// opened: the whole text is made at open() and kept in the open File, so a
// program that reads it in small pieces sees one consistent snapshot, not
// the first half of one state and the second half of another.
//
//   Text       a growing buffer the generators print into
//   TextFile   the open file: read, pread and lseek over the snapshot
//   TextNode   a /proc regular file whose text a function writes
#pragma once
#include <stdarg.h>
#include <stddef.h>

#include "kernel/fs/file.h"
#include "kernel/fs/generated.h"

namespace procfs {

// The text a generator prints: a page to begin with (most /proc files fit
// in one), grown as needed up to kMaxSize (a /proc/<pid>/status listing
// 65536 groups is about 700 KiB). Text beyond kMaxSize, or beyond what
// memory allows, is cut at the end.
class Text {
 public:
  static constexpr size_t kPageSize = 4096;
  static constexpr size_t kMaxSize = 1 << 20;

  Text() = default;
  ~Text();
  Text(const Text&) = delete;
  Text& operator=(const Text&) = delete;

  // printf-style, as the kernel's format() (kernel/lib/format.h).
  void add(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  // Raw bytes, NULs included (cmdline).
  void add_bytes(const char* bytes, size_t n);

  size_t length() const { return length_; }
  // Makes room for `more` bytes, growing the buffer (doubling) within
  // kMaxSize; false when it cannot.
  bool reserve(size_t more);
  // Hands the buffer (from kmalloc) to the caller; the Text is empty after.
  char* take();

 private:
  char* buffer_ = nullptr;
  size_t length_ = 0;
  size_t capacity_ = 0;
};

class TextFile : public fs::File {
 public:
  // Takes over text (from kmalloc), length bytes of it.
  TextFile(int status_flags, fs::Inode* inode, char* text, size_t length)
      : File(status_flags, inode), text_(text), length_(length) {}
  ~TextFile() override;

  KResult<size_t> read(const IoBuffer& buffer, size_t n) override;
  KResult<size_t> pread(const IoBuffer& buffer, size_t n, uint64_t offset) override;
  bool supports_positioned_io() const override { return true; }
  KResult<uint64_t> seek(int64_t offset, int whence) override;

 private:
  char* text_;
  size_t length_;
};

// Writes a file's text; key says about what (a pid, or 0). An error fails
// the open (ENOENT: the process is gone).
using TextWriter = KStatus (*)(int key, Text& out);

// Opens the snapshot: a fresh Text, the writer, a TextFile. ENOMEM.
KResult<fs::File*> open_text(fs::Inode* inode, int status_flags, TextWriter writer, int key);

// A read-only /proc file whose text one function writes.
class TextNode final : public fs::GeneratedNode {
 public:
  TextNode(TextWriter writer, int key) : writer_(writer), key_(key) {}
  KResult<fs::File*> open(fs::Inode* inode, int status_flags) override {
    return open_text(inode, status_flags, writer_, key_);
  }

 private:
  TextWriter writer_;
  int key_;
};

}  // namespace procfs
