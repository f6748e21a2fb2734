// Signal syscalls: rt_sigaction, rt_sigprocmask, rt_sigreturn, rt_sigpending,
// rt_sigsuspend, pause. Delivery itself is in kernel/proc/signal.cpp.
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"

namespace {
constexpr uint64_t kSigsetSize = 8;  // the kernel's sigset_t: 64 signals
constexpr uint64_t kUnblockable = signal::bit(SIGKILL) | signal::bit(SIGSTOP);

long sys_rt_sigaction(const SyscallArgs& a) {
  int sig = int(a.a0);
  if (a.a3 != kSigsetSize) return -EINVAL;
  // As Linux: the new action is read (EFAULT) before the number is checked.
  signal::Action next;
  if (a.a1 && uaccess::get(&next, a.a1).is_error()) return -EFAULT;
  if (sig < 1 || sig >= _NSIG) return -EINVAL;
  proc::Process* self = proc::current();
  signal::Action& action = self->signals.actions[sig];
  signal::Action old = action;
  if (a.a1) {
    if (sig == SIGKILL || sig == SIGSTOP) return -EINVAL;  // sigaction(2): cannot be caught or ignored
    next.mask &= ~kUnblockable;
    action = next;
    signal::discard_if_ignored(self, sig);
  }
  if (a.a2 && uaccess::put(a.a2, old).is_error()) return -EFAULT;
  return 0;
}

long sys_rt_sigprocmask(const SyscallArgs& a) {
  constexpr int kBlock = 0, kUnblock = 1, kSetMask = 2;
  if (a.a3 != kSigsetSize) return -EINVAL;
  proc::Process* self = proc::current();
  uint64_t old = self->signals.blocked;
  if (a.a1) {
    uint64_t set;
    if (uaccess::get(&set, a.a1).is_error()) return -EFAULT;
    switch (int(a.a0)) {
      case kBlock: self->signals.blocked |= set; break;
      case kUnblock: self->signals.blocked &= ~set; break;
      case kSetMask: self->signals.blocked = set; break;
      default: return -EINVAL;
    }
    self->signals.blocked &= ~kUnblockable;
  }
  if (a.a2 && uaccess::put(a.a2, old).is_error()) return -EFAULT;
  return 0;
}

long sys_rt_sigpending(const SyscallArgs& a) {
  if (a.a1 > kSigsetSize) return -EINVAL;
  proc::Process* self = proc::current();
  uint64_t pending = self->signals.pending & self->signals.blocked;
  return uaccess::copy_to_user(a.a0, &pending, a.a1).is_error() ? -EFAULT : 0;
}

long sys_rt_sigreturn(const SyscallArgs& a) {
  KStatus r = signal::sigreturn(a.frame);
  // rax must be what the interrupted code had, not a syscall result.
  return r.is_error() ? -EFAULT : long(a.frame->rax);
}

long wait_for_signal() {
  WaitQueue nobody_wakes_this;
  wait_until(nobody_wakes_this, [] { return false; });
  return -EINTR;  // only a signal ends the wait
}

long sys_pause(const SyscallArgs&) { return wait_for_signal(); }

long sys_rt_sigsuspend(const SyscallArgs& a) {
  if (a.a1 != kSigsetSize) return -EINVAL;
  uint64_t mask;
  if (uaccess::get(&mask, a.a0).is_error()) return -EFAULT;
  proc::Process* self = proc::current();
  // The old mask comes back when the handler returns (signal.cpp saves it
  // in the handler's frame), so the handler runs under the temporary mask.
  self->signals.saved_mask = self->signals.blocked;
  self->signals.has_saved_mask = true;
  self->signals.blocked = mask & ~kUnblockable;
  return wait_for_signal();
}
}  // namespace

void register_signal_syscalls() {
  register_syscall(SYS_rt_sigaction, sys_rt_sigaction);
  register_syscall(SYS_rt_sigprocmask, sys_rt_sigprocmask);
  register_syscall(SYS_rt_sigpending, sys_rt_sigpending);
  register_syscall(SYS_rt_sigreturn, sys_rt_sigreturn);
  register_syscall(SYS_pause, sys_pause);
  register_syscall(SYS_rt_sigsuspend, sys_rt_sigsuspend);
}
