// Text snapshots: printing into a page, and reading it back as a file.
#include "kernel/fs/procfs/text_file.h"

#include "kernel/lib/format.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"

namespace procfs {

Text::~Text() { kfree(buffer_); }

bool Text::reserve(size_t more) {
  if (capacity_ - length_ >= more) return true;
  if (more > kMaxSize - length_) return false;
  size_t capacity = capacity_ ? capacity_ : kPageSize;
  while (capacity - length_ < more) capacity *= 2;
  if (capacity > kMaxSize) capacity = kMaxSize;
  auto* bigger = static_cast<char*>(kmalloc(capacity));
  if (!bigger) return false;
  if (buffer_) memcpy(bigger, buffer_, length_);
  kfree(buffer_);
  buffer_ = bigger;
  capacity_ = capacity;
  return true;
}

char* Text::take() {
  char* taken = buffer_;
  buffer_ = nullptr;
  length_ = capacity_ = 0;
  return taken;
}

void Text::add(const char* fmt, ...) {
  va_list args, again;
  va_start(args, fmt);
  va_copy(again, args);
  // vformat keeps the last byte for a NUL, which the file does not show;
  // it returns the length the whole text wanted.
  size_t room = capacity_ - length_;
  size_t wanted = vformat(buffer_ + length_, room, fmt, args);
  if (wanted >= room && reserve(wanted + 1)) {  // it did not fit: grow, print again
    room = capacity_ - length_;
    wanted = vformat(buffer_ + length_, room, fmt, again);
  }
  va_end(again);
  va_end(args);
  size_t fitted = room > 0 ? room - 1 : 0;
  length_ += wanted < fitted ? wanted : fitted;
}

void Text::add_bytes(const char* bytes, size_t n) {
  reserve(n);
  size_t room = capacity_ - length_;
  if (n > room) n = room;
  if (n) memcpy(buffer_ + length_, bytes, n);
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
  Text text;
  if (!text.reserve(Text::kPageSize)) return KError{ENOMEM};
  TRY(writer(key, text));
  size_t length = text.length();
  char* bytes = text.take();
  auto* file = new TextFile(status_flags, inode, bytes, length);
  if (!file) {
    kfree(bytes);
    return KError{ENOMEM};
  }
  return static_cast<fs::File*>(file);
}

}  // namespace procfs
