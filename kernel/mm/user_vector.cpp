#include "kernel/mm/user_vector.h"

#include "arch/x86_64/layout.h"
#include "kernel/mm/heap.h"

UserVector::~UserVector() { kfree(segments_); }

KStatus UserVector::copy_in(uint64_t user_array, int count, size_t limit) {
  if (count <= 0) return ok();
  size_t bytes = sizeof(UserSegment) * size_t(count);
  segments_ = static_cast<UserSegment*>(kmalloc(bytes));
  if (!segments_) return KError{ENOMEM};
  count_ = count;
  TRY(uaccess::copy_from_user(segments_, user_array, bytes));
  // Checked whole before any byte moves, as Linux does (import_iovec).
  uint64_t sum = 0;
  for (int i = 0; i < count; i++) {
    if (segments_[i].length > uint64_t(INT64_MAX) - sum) return KError{EINVAL};
    if (!layout::is_user_range(segments_[i].base, segments_[i].length)) return KError{EFAULT};
    sum += segments_[i].length;
  }
  for (int i = 0; i < count; i++) {
    if (segments_[i].length > limit - total_) segments_[i].length = limit - total_;
    total_ += segments_[i].length;
  }
  return ok();
}
