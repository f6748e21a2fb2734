// UserVector: an iovec array copied in from user space and checked, the
// one place readv/writev and sendmsg/recvmsg turn a `struct iovec *` into
// something a File or Socket can read or write (an IoBuffer over all the
// pieces). The caller checks the count first, since the errno for too many
// pieces differs: EINVAL for readv(2), EMSGSIZE for sendmsg(2).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"
#include "kernel/mm/uaccess.h"

class UserVector {
 public:
  UserVector() = default;
  UserVector(const UserVector&) = delete;
  UserVector& operator=(const UserVector&) = delete;
  ~UserVector();

  // Copies `count` iovecs from user_array: EFAULT if the array or any piece
  // lies outside user space, EINVAL if the lengths add up past SSIZE_MAX
  // (readv(2), sendmsg(2)), ENOMEM. The total is then capped at `limit`
  // (Linux's MAX_RW_COUNT) by shortening the last pieces.
  KStatus copy_in(uint64_t user_array, int count, size_t limit);

  IoBuffer buffer() const { return IoBuffer::user_vector(segments_, count_); }
  size_t total() const { return total_; }

 private:
  UserSegment* segments_ = nullptr;
  int count_ = 0;
  size_t total_ = 0;
};
