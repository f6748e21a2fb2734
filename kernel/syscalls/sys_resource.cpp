// Resource syscalls: getrusage, times, getrlimit, setrlimit, prlimit64.
// The accounting is kernel/proc/resource_usage.*, the limits
// kernel/proc/resource_limits.*.
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/time.h"

namespace {
using proc::Rlimit;

// getrusage(2): RUSAGE_SELF, RUSAGE_CHILDREN (waited-for descendants), and
// RUSAGE_THREAD (Linux's; the one thread is the process); EINVAL otherwise.
long sys_getrusage(const SyscallArgs& a) {
  constexpr int kSelf = 0, kChildren = -1, kThread = 1;
  int who = int(a.a0);
  if (who != kSelf && who != kChildren && who != kThread) return -EINVAL;
  proc::Process* self = proc::current();
  proc::Rusage usage = proc::rusage(self, who == kChildren ? proc::UsageOf::Children : proc::UsageOf::Self);
  return uaccess::put(a.a1, usage).is_error() ? -EFAULT : 0;
}

// times(2): the four times in clock ticks (USER_HZ), and the ticks since
// boot as the result (Linux counts from an arbitrary point; Tether from
// boot). A null buffer is allowed.
long sys_times(const SyscallArgs& a) {
  if (a.a0) {
    proc::Process* self = proc::current();
    int64_t tms[4] = {int64_t(proc::ticks_to_clock_t(self->cpu.user_ticks)),
                      int64_t(proc::ticks_to_clock_t(self->cpu.system_ticks)),
                      int64_t(proc::ticks_to_clock_t(self->children_cpu.user_ticks)),
                      int64_t(proc::ticks_to_clock_t(self->children_cpu.system_ticks))};
    if (uaccess::put(a.a0, tms).is_error()) return -EFAULT;
  }
  return long(proc::ticks_to_clock_t(time::ticks()));
}

// getrlimit/setrlimit on the caller: struct rlimit has prlimit64's layout
// on x86-64. The resource is an unsigned int, as in Linux.
long sys_getrlimit(const SyscallArgs& a) {
  Rlimit old;
  KStatus r = proc::change_limit(proc::current(), int(uint32_t(a.a0)), nullptr, &old);
  if (r.is_error()) return -r.error();
  return uaccess::put(a.a1, old).is_error() ? -EFAULT : 0;
}

long sys_setrlimit(const SyscallArgs& a) {
  Rlimit next;
  if (uaccess::get(&next, a.a1).is_error()) return -EFAULT;
  KStatus r = proc::change_limit(proc::current(), int(uint32_t(a.a0)), &next, nullptr);
  return r.is_error() ? -r.error() : 0;
}

// prlimit64(2), in Linux's order: the new limit is read (EFAULT), the
// target found (ESRCH; pid 0 is the caller) and the caller's permission
// checked (EPERM), then do_prlimit's checks; the old limit is written last.
long sys_prlimit64(const SyscallArgs& a) {
  int pid = int(a.a0);
  Rlimit next;
  if (a.a2 && uaccess::get(&next, a.a2).is_error()) return -EFAULT;
  proc::Process* target = pid ? proc::find(pid) : proc::current();
  if (!target || target->is_kernel_thread) return -ESRCH;
  if (!proc::may_access_limits(target)) return -EPERM;
  Rlimit old;
  KStatus r = proc::change_limit(target, int(uint32_t(a.a1)), a.a2 ? &next : nullptr, a.a3 ? &old : nullptr);
  if (r.is_error()) return -r.error();
  if (a.a3 && uaccess::put(a.a3, old).is_error()) return -EFAULT;
  return 0;
}
}  // namespace

void register_resource_syscalls() {
  register_syscall(SYS_getrusage, sys_getrusage);
  register_syscall(SYS_times, sys_times);
  register_syscall(SYS_getrlimit, sys_getrlimit);
  register_syscall(SYS_setrlimit, sys_setrlimit);
  register_syscall(SYS_prlimit64, sys_prlimit64);
}
