// The newc cpio reader. Every step follows one pattern: compare a size with
// what is left of the buffer (size_ - position, which cannot underflow since
// position <= size_ always holds), and only then move forward. Never
// "position + size <= size_", which a hostile size could overflow.
#include "kernel/lib/cpio.h"

#include "libc/include/bits/errno.h"

namespace cpio {
namespace {

constexpr size_t kHeaderSize = 110;  // 6 bytes of magic + 13 fields of 8 hex digits
constexpr size_t kFieldCount = 13;

// The fields in header order (after the magic).
enum Field {
  kIno, kMode, kUid, kGid, kNlink, kMtime, kFileSize,
  kDevMajor, kDevMinor, kRdevMajor, kRdevMinor, kNameSize, kCheck,
};

constexpr char kTrailerName[] = "TRAILER!!!";

bool parse_hex_digit(uint8_t c, uint32_t* value) {
  if (c >= '0' && c <= '9') {
    *value = c - '0';
  } else if (c >= 'a' && c <= 'f') {
    *value = c - 'a' + 10;
  } else if (c >= 'A' && c <= 'F') {
    *value = c - 'A' + 10;
  } else {
    return false;
  }
  return true;
}

// Eight hex digits, exactly: no sign, no spaces, no "0x".
bool parse_hex_field(const uint8_t* text, uint32_t* out) {
  uint32_t value = 0;
  for (int i = 0; i < 8; i++) {
    uint32_t digit;
    if (!parse_hex_digit(text[i], &digit)) return false;
    value = (value << 4) | digit;
  }
  *out = value;
  return true;
}

bool has_newc_magic(const uint8_t* header) {
  // 070701 is plain newc; 070702 is newc with a checksum in the check field.
  return __builtin_memcmp(header, "070701", 6) == 0 || __builtin_memcmp(header, "070702", 6) == 0;
}

// Moves *position past the zero padding that brings it to a multiple of 4.
// Offsets are counted from the start of the buffer, as Linux does.
bool skip_padding(size_t* position, size_t buffer_size) {
  size_t padding = (4 - (*position % 4)) % 4;
  if (padding > buffer_size - *position) return false;
  *position += padding;
  return true;
}

// "./bin/sh", "/bin/sh" and "bin/sh" all name the same file in the root
// filesystem; the VFS wants the last form. "." (the root itself) becomes "".
void strip_leading_dots_and_slashes(const char** name, size_t* len) {
  for (;;) {
    if (*len >= 1 && (*name)[0] == '/') {
      *name += 1;
      *len -= 1;
    } else if (*len >= 2 && (*name)[0] == '.' && (*name)[1] == '/') {
      *name += 2;
      *len -= 2;
    } else if (*len == 1 && (*name)[0] == '.') {
      *name += 1;
      *len -= 1;
    } else {
      return;
    }
  }
}

}  // namespace

Reader::Reader(const uint8_t* archive, size_t size) : archive_(archive), size_(size) {}

int Reader::fail() {
  sticky_result_ = -EINVAL;
  return sticky_result_;
}

// Between archives (and before the first) there may be any number of zero
// bytes: tools pad an archive to 512 bytes, and boot loaders pad the files
// they concatenate. The next archive must start 4-aligned, like every header.
// 1: a header follows; 0: only zeros were left; -EINVAL: misaligned data.
int Reader::skip_zeros_between_archives() {
  while (offset_ < size_ && archive_[offset_] == 0) offset_++;
  if (offset_ == size_) return 0;
  if (offset_ % 4 != 0) return -EINVAL;
  return 1;
}

int Reader::next(Entry* out) {
  for (;;) {
    if (sticky_result_ != 1) return sticky_result_;

    if (!inside_archive_) {
      int found = skip_zeros_between_archives();
      if (found == 0) {
        sticky_result_ = 0;
        return 0;
      }
      if (found < 0) return fail();
      inside_archive_ = true;
    }

    // The header. Running out of buffer here means the trailer is missing.
    if (size_ - offset_ < kHeaderSize) return fail();
    const uint8_t* header = archive_ + offset_;
    if (!has_newc_magic(header)) return fail();
    uint32_t fields[kFieldCount];
    for (size_t i = 0; i < kFieldCount; i++) {
      if (!parse_hex_field(header + 6 + 8 * i, &fields[i])) return fail();
    }
    size_t position = offset_ + kHeaderSize;

    // The name: namesize counts the terminating NUL, which must be its last
    // byte and its only NUL (an embedded NUL would hide part of the name).
    size_t name_size = fields[kNameSize];
    if (name_size == 0 || name_size > size_ - position) return fail();
    const char* name = reinterpret_cast<const char*>(archive_ + position);
    size_t name_len = name_size - 1;
    if (name[name_len] != '\0') return fail();
    for (size_t i = 0; i < name_len; i++) {
      if (name[i] == '\0') return fail();
    }
    position += name_size;
    if (!skip_padding(&position, size_)) return fail();

    // The data.
    size_t data_size = fields[kFileSize];
    if (data_size > size_ - position) return fail();
    const uint8_t* data = archive_ + position;
    position += data_size;
    if (!skip_padding(&position, size_)) return fail();

    offset_ = position;

    if (name_len == sizeof(kTrailerName) - 1 && __builtin_memcmp(name, kTrailerName, name_len) == 0) {
      // End of this archive; another may follow after zero padding.
      inside_archive_ = false;
      continue;
    }

    strip_leading_dots_and_slashes(&name, &name_len);
    out->name = name;
    out->name_len = name_len;
    out->mode = fields[kMode];
    out->uid = fields[kUid];
    out->gid = fields[kGid];
    out->nlink = fields[kNlink];
    out->mtime = fields[kMtime];
    out->data = data;
    out->size = data_size;
    return 1;
  }
}

}  // namespace cpio
