// Process syscalls: fork, execve, exit, wait4, waitid, identities, kill, process groups.
#include "arch/x86_64/layout.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc/child_wait.h"
#include "kernel/proc/process.h"
#include "kernel/proc/scheduler.h"
#include "kernel/syscalls/syscall.h"

namespace {
using proc::Process;

long sys_getpid(const SyscallArgs&) { return proc::current()->pid; }
long sys_gettid(const SyscallArgs&) { return proc::current()->pid; }  // one thread per process
long sys_getppid(const SyscallArgs&) {
  Process* parent = proc::current()->parent;
  return parent && !parent->is_kernel_thread ? parent->pid : 0;
}
long sys_getuid(const SyscallArgs&) { return proc::current()->cred.uid; }
long sys_geteuid(const SyscallArgs&) { return proc::current()->cred.euid; }
long sys_getgid(const SyscallArgs&) { return proc::current()->cred.gid; }
long sys_getegid(const SyscallArgs&) { return proc::current()->cred.egid; }

long sys_fork(const SyscallArgs& a) { return syscall_result(proc::fork(a.frame)); }

long sys_clone(const SyscallArgs& a) {
  // clone(2) with only SIGCHLD in flags is fork; sharing memory, files or
  // signal handlers (threads) is not implemented yet.
  constexpr uint64_t kExitSignalMask = 0xff;
  if ((a.a0 & ~kExitSignalMask) != 0 || (a.a0 & kExitSignalMask) != SIGCHLD) return -ENOSYS;
  return syscall_result(proc::fork(a.frame));
}

long sys_exit(const SyscallArgs& a) { proc::exit(proc::exited_status(int(a.a0))); }

// wait4(2): the pid argument names the children (see child_wait.h); an
// exit is always asked for, and WUNTRACED is waitid's WSTOPPED.
long sys_wait4(const SyscallArgs& a) {
  int pid = int(a.a0);
  int options = int(a.a2);
  constexpr int kKnownOptions = proc::kWaitNohang | proc::kWaitStopped | proc::kWaitContinued |
                                proc::kWaitNothread | proc::kWaitAll | proc::kWaitClone;
  if (options & ~kKnownOptions) return -EINVAL;
  if (pid == -2147483647 - 1) return -ESRCH;  // Linux: -INT_MIN cannot name a process group
  // wait(2): __WCLONE alone waits for "clone" children only, those that
  // report with a signal other than SIGCHLD; clone() here only makes the
  // SIGCHLD kind, so there is none to wait for. (__WNOTHREAD: one thread.)
  if ((options & proc::kWaitClone) && !(options & proc::kWaitAll)) return -ECHILD;
  proc::WaitWhich which = pid > 0 ? proc::WaitWhich::Pid : pid == -1 ? proc::WaitWhich::Any : proc::WaitWhich::ProcessGroup;
  int id = pid > 0 ? pid : pid == 0 ? proc::current()->pgid : -pid;
  proc::ChildReport report;
  int found = TRY_ERRNO(proc::wait_for_child(which, id, options | proc::kWaitExited, &report));
  if (found > 0 && a.a1 && uaccess::put(a.a1, report.wait_status).is_error()) return -EFAULT;
  if (found > 0 && a.a3 && uaccess::put(a.a3, report.usage).is_error()) return -EFAULT;
  return found;
}

// waitid(2), in Linux's order (kernel/exit.c kernel_waitid): the options,
// then the idtype and id, then the wait.
long waitid_search(int idtype, int id, int options, proc::ChildReport* report) {
  constexpr int kPAll = 0, kPPid = 1, kPPgid = 2, kPPidfd = 3;
  constexpr int kKnownOptions = proc::kWaitNohang | proc::kWaitNowait | proc::kWaitExited | proc::kWaitStopped |
                                proc::kWaitContinued | proc::kWaitNothread | proc::kWaitClone | proc::kWaitAll;
  constexpr int kStates = proc::kWaitExited | proc::kWaitStopped | proc::kWaitContinued;
  if (options & ~kKnownOptions) return -EINVAL;
  if (!(options & kStates)) return -EINVAL;  // waitid(2): one of WEXITED, WSTOPPED, WCONTINUED is required
  proc::WaitWhich which = proc::WaitWhich::Any;
  switch (idtype) {
    case kPAll:
      break;
    case kPPid:
      if (id <= 0) return -EINVAL;
      which = proc::WaitWhich::Pid;
      break;
    case kPPgid:
      if (id < 0) return -EINVAL;
      which = proc::WaitWhich::ProcessGroup;
      if (id == 0) id = proc::current()->pgid;  // Linux 5.4+: the caller's own group
      break;
    case kPPidfd:
      // Linux: a negative fd is EINVAL, any fd that is not a pidfd EBADF.
      // Tether has no pidfds (pidfd_open answers ENOSYS), so no fd is one.
      return id < 0 ? -EINVAL : -EBADF;
    default:
      return -EINVAL;
  }
  if ((options & proc::kWaitClone) && !(options & proc::kWaitAll)) return -ECHILD;  // as wait4 above
  return syscall_result(proc::wait_for_child(which, id, options, report));
}

// Then, as Linux's sys_waitid: the rusage (Linux's fifth argument) if a
// child was found; and, whatever the outcome (an error too), si_signo,
// si_errno, si_code, si_pid, si_uid and si_status, nothing else of the
// caller's siginfo_t. With WNOHANG and no child ready they are zeros
// (si_pid 0) and the call returns 0.
long sys_waitid(const SyscallArgs& a) {
  proc::ChildReport report;
  long found = waitid_search(int(a.a0), int(a.a1), int(a.a3), &report);
  if (found > 0 && a.a4 && uaccess::put(a.a4, report.usage).is_error()) return -EFAULT;
  if (a.a2) {
    if (!layout::is_user_range(a.a2, sizeof(signal::UserSigInfo))) return -EFAULT;
    int32_t head[3] = {found > 0 ? SIGCHLD : 0, 0, found > 0 ? report.code : 0};
    int32_t child[3] = {found > 0 ? int32_t(found) : 0, int32_t(report.uid), report.status};
    if (uaccess::put(a.a2, head).is_error() || uaccess::put(a.a2 + 16, child).is_error()) return -EFAULT;
  }
  return found > 0 ? 0 : found;
}

// execve: copy the path, argv and envp into kernel memory before anything
// else, since a successful exec destroys the memory they live in.
constexpr size_t kArgBytesMax = 256 * 1024;  // all strings together; E2BIG past it (Linux: a quarter of the stack limit)
constexpr size_t kArgStringMax = 32 * 4096;  // one string with its NUL: Linux's MAX_ARG_STRLEN, E2BIG past it
constexpr size_t kArgCountMax = 8192;

struct ArgVector {
  char** items = nullptr;
  size_t count = 0;
};

KStatus copy_string_array(uint64_t user_array, ArgVector* out, char* arena, size_t* used) {
  out->items = static_cast<char**>(kmalloc(sizeof(char*) * (kArgCountMax + 1)));
  if (!out->items) return KError{ENOMEM};
  if (!user_array) return ok();  // Linux accepts NULL as an empty list
  for (;;) {
    uint64_t ptr;
    TRY(uaccess::get(&ptr, user_array + out->count * 8));
    if (!ptr) return ok();
    if (out->count == kArgCountMax) return KError{E2BIG};
    size_t room = kArgBytesMax - *used;
    if (room > kArgStringMax) room = kArgStringMax;
    size_t len = TRY(uaccess::copy_string_from_user(arena + *used, ptr, room, E2BIG));
    out->items[out->count++] = arena + *used;
    *used += len + 1;
  }
}

long sys_execve(const SyscallArgs& a) {
  char path[1024 + 1];
  KResult<size_t> path_len = uaccess::copy_string_from_user(path, a.a0, sizeof path);
  if (path_len.is_error()) return -path_len.error();
  char* arena = static_cast<char*>(kmalloc(kArgBytesMax));
  if (!arena) return -ENOMEM;
  size_t used = 0;
  ArgVector argv, envp;
  KStatus r = copy_string_array(a.a1, &argv, arena, &used);
  if (!r.is_error()) r = copy_string_array(a.a2, &envp, arena, &used);
  if (!r.is_error()) r = proc::execve(path, argv.items, argv.count, envp.items, envp.count);
  kfree(argv.items);
  kfree(envp.items);
  kfree(arena);
  return r.is_error() ? -r.error() : 0;
}

long sys_kill(const SyscallArgs& a) {
  int pid = int(a.a0);
  int sig = int(a.a1);
  // As Linux, the targets are found first and the signal number checked
  // for each (check_kill_permission): a bad number to nobody is ESRCH.
  bool valid = sig >= 0 && sig < _NSIG;
  if (pid == -2147483647 - 1) return -ESRCH;  // as Linux: -INT_MIN names no group
  Process* self = proc::current();
  int found = 0, permitted = 0;
  for (Process* p = proc::first(); p; p = p->next_in_all) {
    // A zombie still exists until it is reaped: kill(zombie, 0) succeeds.
    if (p->is_kernel_thread) continue;
    // kill(2): "on Linux the call kill(-1,sig) does not signal the calling process".
    bool selected = pid > 0    ? p->pid == pid
                    : pid == 0 ? p->pgid == self->pgid
                    : pid == -1 ? (p->pid != 1 && p != self)
                                : p->pgid == -pid;
    if (!selected) continue;
    found++;
    if (!valid) continue;
    if (!signal::may_send(self, p, sig)) continue;
    permitted++;
    if (sig) signal::send(p, sig, signal::from_current_user());
  }
  if (!found) return -ESRCH;
  if (!valid) return -EINVAL;
  // Linux counts kill(-1) a success when it found anyone, even if it was
  // allowed to signal none of them (kill_something_info ignores EPERM).
  return permitted || pid == -1 ? 0 : -EPERM;
}

long sys_getpgid(const SyscallArgs& a) {
  Process* p = a.a0 ? proc::find(int(a.a0)) : proc::current();
  return p ? p->pgid : -ESRCH;
}
long sys_getpgrp(const SyscallArgs&) { return proc::current()->pgid; }
long sys_getsid(const SyscallArgs& a) {
  Process* p = a.a0 ? proc::find(int(a.a0)) : proc::current();
  return p ? p->sid : -ESRCH;
}

long sys_setpgid(const SyscallArgs& a) {
  Process* self = proc::current();
  int pid = a.a0 ? int(a.a0) : self->pid;
  int pgid = a.a1 ? int(a.a1) : pid;
  if (pgid < 0) return -EINVAL;
  Process* target = proc::find(pid);
  if (!target || (target != self && target->parent != self)) return -ESRCH;
  // setpgid(2): "the child process has successfully executed one of the exec functions" → EACCES.
  if (target != self && target->has_exec) return -EACCES;
  if (target->sid != self->sid) return -EPERM;
  if (target->pid == target->sid) return -EPERM;  // a session leader cannot move
  if (pgid != pid) {
    bool group_in_session = false;
    for (Process* p = proc::first(); p; p = p->next_in_all)
      if (p->pgid == pgid && p->sid == self->sid) group_in_session = true;
    if (!group_in_session) return -EPERM;
  }
  target->pgid = pgid;
  return 0;
}

long sys_setsid(const SyscallArgs&) {
  Process* self = proc::current();
  for (Process* p = proc::first(); p; p = p->next_in_all)
    if (p->pgid == self->pid) return -EPERM;  // already a group leader
  self->sid = self->pgid = self->pid;
  return self->sid;
}

long sys_sched_yield(const SyscallArgs&) {
  scheduler::yield();
  return 0;
}
}  // namespace

void register_process_syscalls() {
  register_syscall(SYS_getpid, sys_getpid);
  register_syscall(SYS_gettid, sys_gettid);
  register_syscall(SYS_getppid, sys_getppid);
  register_syscall(SYS_getuid, sys_getuid);
  register_syscall(SYS_geteuid, sys_geteuid);
  register_syscall(SYS_getgid, sys_getgid);
  register_syscall(SYS_getegid, sys_getegid);
  register_syscall(SYS_fork, sys_fork);
  register_syscall(SYS_vfork, sys_fork);  // vfork as fork: allowed by POSIX, what xv6 does
  register_syscall(SYS_clone, sys_clone);
  register_syscall(SYS_exit, sys_exit);
  register_syscall(SYS_exit_group, sys_exit);
  register_syscall(SYS_wait4, sys_wait4);
  register_syscall(SYS_waitid, sys_waitid);
  register_syscall(SYS_execve, sys_execve);
  register_syscall(SYS_kill, sys_kill);
  register_syscall(SYS_getpgid, sys_getpgid);
  register_syscall(SYS_getpgrp, sys_getpgrp);
  register_syscall(SYS_getsid, sys_getsid);
  register_syscall(SYS_setpgid, sys_setpgid);
  register_syscall(SYS_setsid, sys_setsid);
  register_syscall(SYS_sched_yield, sys_sched_yield);
}
