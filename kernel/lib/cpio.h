// A reader for "newc" cpio archives, the format of the initrd.
//
// Contract: the archive is untrusted. The reader never reads outside
// [archive, archive + size), and every size in a header is checked against
// what is left of the buffer before it is used. It copies nothing: an Entry
// points into the archive, which must outlive it.
//
// Layout of one entry (all offsets counted from the start of the buffer):
//   110-byte header: "070701" (or "070702"), then 13 fields of 8 hex digits
//   name: namesize bytes, the last one NUL, then zero padding to a multiple of 4
//   data: filesize bytes, then zero padding to a multiple of 4
// An archive ends with an entry named "TRAILER!!!". Several archives may be
// concatenated (as Linux allows for its initramfs), with zero bytes between them.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace cpio {

struct Entry {
  const char* name;  // with any leading "./" or "/" removed; NUL-terminated (name[name_len] == 0)
  size_t name_len;   // "." itself (the archive's root) gives 0
  uint32_t mode;     // full st_mode: file type bits + permission bits
  uint32_t uid, gid, nlink, mtime;
  const uint8_t* data;  // file contents, or a symlink's target (not NUL-terminated)
  size_t size;
};

class Reader {
 public:
  Reader(const uint8_t* archive, size_t size);

  // 1: *out is the next entry; 0: end (every archive was closed by its
  // trailer, or the buffer holds nothing but zero bytes); -EINVAL: malformed
  // (bad magic, bad hex, truncated header/name/data, name not NUL-terminated,
  // sizes overflowing, an archive without its trailer). The trailer is not
  // returned. After 0 or -EINVAL, every later call returns the same.
  // The "070702" check field is not verified (neither does Linux).
  int next(Entry* out);

 private:
  int fail();
  int skip_zeros_between_archives();

  const uint8_t* archive_;
  size_t size_;
  size_t offset_ = 0;             // where the next header (or zero padding) starts
  bool inside_archive_ = false;   // a header was read and no trailer yet
  int sticky_result_ = 1;         // 1 while reading; 0 or -EINVAL once finished
};

}  // namespace cpio
