#include "kernel/mm/uaccess.h"

#include "arch/x86_64/layout.h"
#include "kernel/lib/string.h"

// In arch/x86_64/user_copy.S: the instructions allowed to fault on user memory.
extern "C" long user_copy(void* dst, const void* src, size_t n);
extern "C" long user_strncpy(char* dst, const char* src, size_t max);

namespace uaccess {

KStatus copy_from_user(void* dst, uint64_t user_src, size_t n) {
  if (n == 0) return ok();
  if (!layout::is_user_range(user_src, n)) return KError{EFAULT};
  if (user_copy(dst, reinterpret_cast<const void*>(user_src), n) != 0) return KError{EFAULT};
  return ok();
}

KStatus copy_to_user(uint64_t user_dst, const void* src, size_t n) {
  if (n == 0) return ok();
  if (!layout::is_user_range(user_dst, n)) return KError{EFAULT};
  if (user_copy(reinterpret_cast<void*>(user_dst), src, n) != 0) return KError{EFAULT};
  return ok();
}

KStatus clear_user(uint64_t user_dst, size_t n) {
  static const char zeros[256] = {};
  while (n) {
    size_t chunk = n < sizeof zeros ? n : sizeof zeros;
    TRY(copy_to_user(user_dst, zeros, chunk));
    user_dst += chunk;
    n -= chunk;
  }
  return ok();
}

KResult<size_t> copy_string_from_user(char* dst, uint64_t user_src, size_t max, int too_long_error) {
  if (max == 0) return KError{too_long_error};
  if (user_src >= layout::kUserTop) return KError{EFAULT};
  // Never read past the end of user space, even looking for the NUL.
  size_t limit = max;
  if (limit > layout::kUserTop - user_src) limit = layout::kUserTop - user_src;
  long n = user_strncpy(dst, reinterpret_cast<const char*>(user_src), limit);
  if (n < 0) return KError{EFAULT};
  if (size_t(n) == limit) return KError{limit == max ? too_long_error : EFAULT};
  return size_t(n);
}
}  // namespace uaccess

template <typename Copy>
KStatus IoBuffer::for_each_piece(size_t at, size_t n, Copy copy) const {
  size_t done = 0;
  for (int i = 0; i < segment_count_ && done < n; i++) {
    const UserSegment& piece = segments_[i];
    if (at >= piece.length) {  // wholly before the offset
      at -= piece.length;
      continue;
    }
    size_t chunk = piece.length - at;
    if (chunk > n - done) chunk = n - done;
    TRY(copy(piece.base + at, done, chunk));
    done += chunk;
    at = 0;
  }
  // Past the end of the vector: the caller asked for more than it holds.
  return done == n ? ok() : KStatus(KError{EFAULT});
}

KStatus IoBuffer::write_from(size_t at, const void* src, size_t n) const {
  if (kernel_) {
    memcpy(kernel_ + at, src, n);
    return ok();
  }
  if (segments_) {
    const char* from = static_cast<const char*>(src);
    return for_each_piece(at, n, [from](uint64_t user, size_t offset, size_t chunk) {
      return uaccess::copy_to_user(user, from + offset, chunk);
    });
  }
  return uaccess::copy_to_user(user_ + at, src, n);
}

KStatus IoBuffer::read_into(void* dst, size_t at, size_t n) const {
  if (kernel_) {
    memcpy(dst, kernel_ + at, n);
    return ok();
  }
  if (segments_) {
    char* to = static_cast<char*>(dst);
    return for_each_piece(at, n, [to](uint64_t user, size_t offset, size_t chunk) {
      return uaccess::copy_from_user(to + offset, user, chunk);
    });
  }
  return uaccess::copy_from_user(dst, user_ + at, n);
}
