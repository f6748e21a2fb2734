// The alternate signal stack: sigaltstack(2). A handler installed with
// SA_ONSTACK runs on this stack instead of the interrupted one, so a
// program can catch the SIGSEGV of a stack overflow: the ordinary stack
// has no room left for the handler's frame.
//
// As Linux (kernel/signal.c do_sigaltstack, arch/x86/kernel/signal.c
// get_sigframe): the stack is "in use" while the user stack pointer lies in
// it; it cannot be changed then (EPERM); a handler frame that would not fit
// on it kills the process with SIGSEGV; each handler frame records the
// settings in uc_stack and rt_sigreturn puts them back (what makes
// SS_AUTODISARM work: the stack is disarmed while its handler runs). fork
// copies it; execve removes it.
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace signal {

// Linux's stack_t on x86-64.
struct UserStack {
  uint64_t sp;
  int32_t flags;
  int32_t pad;
  uint64_t size;
};
static_assert(sizeof(UserStack) == 24, "Linux stack_t");

constexpr int32_t kSsOnstack = 1, kSsDisable = 2;
constexpr int32_t kSsAutodisarm = int32_t(1u << 31);
constexpr uint64_t kMinSigStackSize = 2048;  // MINSIGSTKSZ (x86)

class AlternateStack {
 public:
  // Linux's on_sig_stack: sp lies in the stack (never, with SS_AUTODISARM).
  bool in_use_at(uint64_t sp) const;
  // What sigaltstack's old_ss reports for a user stack pointer sp.
  UserStack describe(uint64_t sp) const;
  // sigaltstack's new_ss: EPERM (in use at sp), EINVAL (flags), ENOMEM (too small).
  KStatus change(const UserStack& next, uint64_t sp);
  // What a handler frame saves in uc_stack, and rt_sigreturn gives back to change().
  UserStack saved() const { return UserStack{base_, flags_, 0, size_}; }

  // Where a handler frame goes for an action with SA_ONSTACK: the top of
  // this stack, if one is set and not already in use at sp (then 0).
  uint64_t top_for_handler(uint64_t sp) const;
  // True if a frame at frame_sp lies inside the stack.
  bool holds(uint64_t frame_sp) const { return frame_sp > base_ && frame_sp - base_ <= size_; }
  // A handler frame went onto the stack: SS_AUTODISARM disarms it.
  void handler_entered();
  void reset() { *this = AlternateStack{}; }

 private:
  uint64_t base_ = 0;
  uint64_t size_ = 0;
  int32_t flags_ = 0;  // as set; SS_AUTODISARM is the one that matters
};
}  // namespace signal
