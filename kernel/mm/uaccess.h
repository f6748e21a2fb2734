// The only way the kernel reads or writes user memory. Each function checks
// that the whole range lies in user space and turns any fault (unmapped page,
// read-only page, a kernel address) into EFAULT. No syscall dereferences a
// user pointer directly.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace uaccess {
KStatus copy_from_user(void* dst, uint64_t user_src, size_t n);
KStatus copy_to_user(uint64_t user_dst, const void* src, size_t n);
KStatus clear_user(uint64_t user_dst, size_t n);
// Copies a NUL-terminated string of at most max-1 bytes (plus NUL) into dst.
// Returns its length; too_long_error (ENAMETOOLONG by default) if there is no
// NUL within the first max bytes; EFAULT if the string runs into bad memory.
KResult<size_t> copy_string_from_user(char* dst, uint64_t user_src, size_t max, int too_long_error = ENAMETOOLONG);

template <typename T>
KStatus get(T* dst, uint64_t user_src) { return copy_from_user(dst, user_src, sizeof(T)); }
template <typename T>
KStatus put(uint64_t user_dst, const T& value) { return copy_to_user(user_dst, &value, sizeof(T)); }
}  // namespace uaccess

// One piece of user memory: the layout of struct iovec (readv/writev,
// sendmsg/recvmsg), so an array copied in from user space is used as is.
struct UserSegment {
  uint64_t base;
  uint64_t length;
};

// A destination or source for read()/write() style data that may live in user
// space (a syscall's buffer, or the pieces of an iovec array) or in the
// kernel (exec reading a file). Files take one of these, so the same read
// code serves read(2), readv(2), recvmsg(2) and the kernel's own reads.
// Offsets run across the pieces of a vector as if they were one buffer:
// a datagram socket receives one datagram into all of an iovec array.
class IoBuffer {
 public:
  static IoBuffer user(uint64_t address) { return IoBuffer(address, nullptr, nullptr, 0); }
  static IoBuffer kernel(void* p) { return IoBuffer(0, static_cast<char*>(p), nullptr, 0); }
  // The segments stay owned by the caller and must outlive the IoBuffer;
  // the caller has checked that each lies in user space.
  static IoBuffer user_vector(const UserSegment* segments, int count) {
    return IoBuffer(0, nullptr, segments, count);
  }
  // Copy n bytes into the buffer at offset `at` / out of it.
  KStatus write_from(size_t at, const void* src, size_t n) const;
  KStatus read_into(void* dst, size_t at, size_t n) const;
  bool is_user() const { return kernel_ == nullptr; }

 private:
  IoBuffer(uint64_t user, char* kernel, const UserSegment* segments, int count)
      : user_(user), kernel_(kernel), segments_(segments), segment_count_(count) {}
  // Calls copy(user address, offset into the kernel side, length) for each
  // piece of [at, at+n) in a vector.
  template <typename Copy>
  KStatus for_each_piece(size_t at, size_t n, Copy copy) const;
  uint64_t user_;
  char* kernel_;
  const UserSegment* segments_;
  int segment_count_;
};
