// Text snapshots: printing into a page, and reading it back as a file.
#include "kernel/fs/procfs/text_file.h"

#include "kernel/lib/format.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"

namespace procfs {

void Text::add(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  // vformat keeps the last byte for a NUL, which the file does not show.
  size_t wanted = vformat(buffer_ + length_, room(), fmt, args);
  va_end(args);
  size_t fitted = room() > 0 ? room() - 1 : 0;
  length_ += wanted < fitted ? wanted : fitted;
}

void Text::add_bytes(const char* bytes, size_t n) {
  if (n > room()) n = room();
  memcpy(buffer_ + length_, bytes, n);
  length_ += n;
}

TextFile::~TextFile() { kfree(text_); }

KResult<size_t> TextFile::read(const IoBuffer& buffer, size_t n) {
  size_t got = TRY(pread(buffer, n, offset_));
  offset_ += got;
  return got;
}

KResult<size_t> TextFile::pread(const IoBuffer& buffer, size_t n, uint64_t offset) {
  if (offset >= length_) return size_t(0);
  if (n > length_ - offset) n = length_ - size_t(offset);
  TRY(buffer.write_from(0, text_ + offset, n));
  return n;
}

KResult<uint64_t> TextFile::seek(int64_t offset, int whence) {
  int64_t base;
  switch (whence) {
    case fs::kSeekSet: base = 0; break;
    case fs::kSeekCurrent: base = int64_t(offset_); break;
    case fs::kSeekEnd: base = int64_t(length_); break;
    default: return KError{EINVAL};
  }
  int64_t result;
  if (__builtin_add_overflow(base, offset, &result) || result < 0) return KError{EINVAL};
  offset_ = uint64_t(result);
  return offset_;
}

KResult<fs::File*> open_text(fs::Inode* inode, int status_flags, TextWriter writer, int key) {
  auto* page = static_cast<char*>(kmalloc(Text::kCapacity));
  if (!page) return KError{ENOMEM};
  Text text(page);
  KStatus written = writer(key, text);
  if (written.is_error()) {
    kfree(page);
    return KError{written.error()};
  }
  auto* file = new TextFile(status_flags, inode, page, text.length());
  if (!file) {
    kfree(page);
    return KError{ENOMEM};
  }
  return static_cast<fs::File*>(file);
}

}  // namespace procfs
