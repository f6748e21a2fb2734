// Signal syscalls: rt_sigaction, rt_sigprocmask, rt_sigreturn, rt_sigpending,
// rt_sigsuspend, pause, sigaltstack, rt_sigtimedwait, and sending to one
// process: tkill, tgkill, rt_sigqueueinfo (kill is in sys_process.cpp).
// Delivery itself is in kernel/proc/signal.cpp.
#include "arch/x86_64/trap_frame.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/time.h"

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

// sigaltstack(2), as Linux's: the new stack is read first (EFAULT), the old
// one is described as it was before the change, and written only if the
// change succeeded.
long sys_sigaltstack(const SyscallArgs& a) {
  signal::UserStack next;
  if (a.a0 && uaccess::get(&next, a.a0).is_error()) return -EFAULT;
  signal::AlternateStack& stack = proc::current()->signals.alternate_stack;
  uint64_t sp = a.frame->rsp;
  signal::UserStack old = stack.describe(sp);
  if (a.a0) {
    KStatus r = stack.change(next, sp);
    if (r.is_error()) return -r.error();
  }
  if (a.a1 && uaccess::put(a.a1, old).is_error()) return -EFAULT;
  return 0;
}

// rt_sigtimedwait(2) (sigwaitinfo, sigtimedwait): takes a pending signal of
// the set instead of delivering it. Linux's order: sigsetsize, the set, the
// timeout (EFAULT, then EINVAL); EAGAIN when the timeout passes (a zero
// timeout only polls), EINTR when a signal outside the set is delivered.
long sys_rt_sigtimedwait(const SyscallArgs& a) {
  if (a.a3 != kSigsetSize) return -EINVAL;
  uint64_t set;
  if (uaccess::get(&set, a.a0).is_error()) return -EFAULT;
  struct { int64_t sec, nsec; } timeout = {};
  if (a.a2 && uaccess::get(&timeout, a.a2).is_error()) return -EFAULT;
  if (a.a2 && (timeout.sec < 0 || timeout.nsec < 0 || timeout.nsec >= 1000000000)) return -EINVAL;
  set &= ~kUnblockable;  // SIGKILL and SIGSTOP are never waited for
  uint64_t deadline = 0;
  if (a.a2) {
    constexpr int64_t kMaxSeconds = int64_t(1) << 33;  // 272 years: "forever" without overflow
    int64_t sec = timeout.sec < kMaxSeconds ? timeout.sec : kMaxSeconds;
    deadline = time::monotonic_ns() + uint64_t(sec) * 1000000000 + uint64_t(timeout.nsec);
  }
  proc::Process* self = proc::current();
  signal::Info info;
  int sig = 0;
  {
    cpu::InterruptGuard guard;
    WaitQueue nobody_wakes_this;  // a signal does, or the deadline
    for (;;) {
      sig = signal::take_pending(self, set, &info);
      if (sig) break;
      if (a.a2 && !timeout.sec && !timeout.nsec) return -EAGAIN;
      self->signals.waiting_for = set;
      int err = nobody_wakes_this.wait(deadline, true);
      self->signals.waiting_for = 0;
      if (!err) continue;
      sig = signal::take_pending(self, set, &info);
      if (sig) break;
      return err == ETIMEDOUT ? -EAGAIN : -EINTR;
    }
  }
  if (a.a1 && uaccess::put(a.a1, signal::to_user(sig, info)).is_error()) return -EFAULT;
  return sig;
}

// Sends sig to the one process tid (its thread group tgid, if tgid > 0):
// Linux's do_send_specific. The target is looked up before the signal
// number is checked, so an invalid signal to nobody is ESRCH.
long send_specific(int tgid, int tid, int sig, const signal::Info& info) {
  proc::Process* p = proc::find(tid);
  if (!p || p->is_kernel_thread || (tgid > 0 && p->pid != tgid)) return -ESRCH;
  if (sig < 0 || sig >= _NSIG) return -EINVAL;
  if (!signal::may_send(proc::current(), p, sig)) return -EPERM;
  if (!sig) return 0;  // 0 only checks existence and permission
  KStatus sent = signal::try_send(p, sig, info);
  return sent.is_error() ? -sent.error() : 0;
}

// tkill(2), tgkill(2): each Tether process has one thread, whose tid is
// its pid (gettid), so the thread group id is the pid too. si_code SI_TKILL.
long sys_tkill(const SyscallArgs& a) {
  int tid = int(a.a0);
  if (tid <= 0) return -EINVAL;
  return send_specific(0, tid, int(a.a1), signal::from_current_user(signal::kSiTkill));
}

long sys_tgkill(const SyscallArgs& a) {
  int tgid = int(a.a0), tid = int(a.a1);
  if (tid <= 0 || tgid <= 0) return -EINVAL;
  return send_specific(tgid, tid, int(a.a2), signal::from_current_user(signal::kSiTkill));
}

// rt_sigqueueinfo(2), rt_tgsigqueueinfo(2): the caller supplies the
// siginfo_t (Tether keeps si_code, si_pid, si_uid and si_value of it). "Not
// even root can pretend to send signals from the kernel" (Linux): to another
// process si_code must be negative and not SI_TKILL (EPERM). A real-time
// signal is queued: each call is one instance with its own record, and
// EAGAIN past the target's RLIMIT_SIGPENDING (kernel/proc/signal_queue.h).
// Linux's order: EFAULT reading the siginfo, then the ids, then EPERM.
KResult<signal::Info> read_queued_info(uint64_t user_address) {
  signal::UserSigInfo user;
  if (uaccess::get(&user, user_address).is_error()) return KError{EFAULT};
  signal::Info info;
  info.code = user.code;
  info.pid = int(uint32_t(user.fields[0]));
  info.uid = uint32_t(user.fields[0] >> 32);
  info.value = user.fields[1];
  return info;
}

bool pretends_to_be_kernel(const signal::Info& info, int target) {
  return (info.code >= 0 || info.code == signal::kSiTkill) && target != proc::current()->pid;
}

long sys_rt_sigqueueinfo(const SyscallArgs& a) {
  int pid = int(a.a0), sig = int(a.a1);
  KResult<signal::Info> info = read_queued_info(a.a2);
  if (info.is_error()) return -info.error();
  if (pretends_to_be_kernel(info.value(), pid)) return -EPERM;
  if (pid <= 0) return -ESRCH;  // POSIX.1b names no process groups here
  return send_specific(0, pid, sig, info.value());
}

// The same to one thread of a thread group: each Tether process is one
// thread, so tid is a pid and tgid must be that same pid (ESRCH otherwise).
long sys_rt_tgsigqueueinfo(const SyscallArgs& a) {
  int tgid = int(a.a0), tid = int(a.a1), sig = int(a.a2);
  KResult<signal::Info> info = read_queued_info(a.a3);
  if (info.is_error()) return -info.error();
  if (tgid <= 0 || tid <= 0) return -EINVAL;
  if (pretends_to_be_kernel(info.value(), tid)) return -EPERM;
  return send_specific(tgid, tid, sig, info.value());
}
}  // namespace

void register_signal_syscalls() {
  register_syscall(SYS_rt_sigaction, sys_rt_sigaction);
  register_syscall(SYS_rt_sigprocmask, sys_rt_sigprocmask);
  register_syscall(SYS_rt_sigpending, sys_rt_sigpending);
  register_syscall(SYS_rt_sigreturn, sys_rt_sigreturn);
  register_syscall(SYS_pause, sys_pause);
  register_syscall(SYS_rt_sigsuspend, sys_rt_sigsuspend);
  register_syscall(SYS_sigaltstack, sys_sigaltstack);
  register_syscall(SYS_rt_sigtimedwait, sys_rt_sigtimedwait);
  register_syscall(SYS_tkill, sys_tkill);
  register_syscall(SYS_tgkill, sys_tgkill);
  register_syscall(SYS_rt_sigqueueinfo, sys_rt_sigqueueinfo);
  register_syscall(SYS_rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo);
}
