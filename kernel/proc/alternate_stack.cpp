#include "kernel/proc/alternate_stack.h"

namespace signal {

bool AlternateStack::in_use_at(uint64_t sp) const {
  // Linux: with SS_AUTODISARM "we can't be on the signal stack unless user
  // code deliberately set SS_AUTODISARM when we were already on it".
  if (flags_ & kSsAutodisarm) return false;
  return holds(sp);
}

UserStack AlternateStack::describe(uint64_t sp) const {
  UserStack s = {};
  s.sp = base_;
  s.size = size_;
  s.flags = (!size_ ? kSsDisable : in_use_at(sp) ? kSsOnstack : 0) | (flags_ & kSsAutodisarm);
  return s;
}

KStatus AlternateStack::change(const UserStack& next, uint64_t sp) {
  if (in_use_at(sp)) return KError{EPERM};
  int32_t mode = next.flags & ~kSsAutodisarm;
  // sigaltstack(2): SS_ONSTACK is accepted in ss_flags and means the same as 0.
  if (mode != kSsDisable && mode != kSsOnstack && mode != 0) return KError{EINVAL};
  if (mode == kSsDisable) {
    base_ = size_ = 0;
    flags_ = next.flags;
    return ok();
  }
  if (next.size < kMinSigStackSize) return KError{ENOMEM};
  base_ = next.sp;
  size_ = next.size;
  flags_ = next.flags;
  return ok();
}

uint64_t AlternateStack::top_for_handler(uint64_t sp) const {
  if (!size_ || in_use_at(sp)) return 0;
  return base_ + size_;
}

void AlternateStack::handler_entered() {
  if (flags_ & kSsAutodisarm) base_ = size_ = flags_ = 0;  // Linux's sas_ss_reset
}
}  // namespace signal
