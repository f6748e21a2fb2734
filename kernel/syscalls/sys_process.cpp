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
constexpr size_t kArgStringMax = 32 * 4096;  // one string with its NUL: Linux's MAX_ARG_STRLEN, E2BIG past it

// How many bytes the strings of argv and envp may take, with the pathname's
// and 8 for each argv and envp pointer: Linux's prepare_arg_pages (fs/exec.c,
// 6.1): a quarter of the RLIMIT_STACK soft limit, at most 3/4 of _STK_LIM
// (8 MiB), and at least ARG_MAX (32 pages) "even with small stacks".
uint64_t argument_bytes_limit(const Process* p) {
  constexpr uint64_t kStkLim = 8 * 1024 * 1024, kArgMax = 32 * 4096;
  uint64_t limit = p->limits.soft(proc::kRlimitStack) / 4;
  if (limit > kStkLim / 4 * 3) limit = kStkLim / 4 * 3;
  return limit < kArgMax ? kArgMax : limit;
}

// Counts a NULL-terminated array of user pointers (NULL itself: empty, as
// Linux accepts). Stops with E2BIG once the pointers alone pass `limit`,
// which Linux would find after counting them all.
KResult<size_t> count_strings(uint64_t user_array, uint64_t limit) {
  size_t count = 0;
  if (!user_array) return count;
  for (;; count++) {
    uint64_t ptr;
    TRY(uaccess::get(&ptr, user_array + count * 8));
    if (!ptr) return count;
    if ((count + 1) * 8 >= limit) return KError{E2BIG};
  }
}

// The strings of argv and envp, back to back in one heap block that grows
// as they are copied (at most the limit); items hold offsets into it until
// finish() turns them into pointers.
class ArgumentCopy {
 public:
  ~ArgumentCopy() {
    kfree(arena_);
    kfree(argv);
    kfree(envp);
  }
  KStatus start(size_t argc, size_t envc, size_t string_room) {
    room_ = string_room;
    argv = static_cast<char**>(kmalloc(sizeof(char*) * (argc + 1)));
    envp = static_cast<char**>(kmalloc(sizeof(char*) * (envc + 1)));
    if (!argv || !envp) return KError{ENOMEM};
    argv[argc] = envp[envc] = nullptr;
    return ok();
  }
  // Copies the count strings of user_array into items: E2BIG past the room
  // left or MAX_ARG_STRLEN, EFAULT for a bad pointer. The array is read
  // again: if user memory changed since it was counted, a NULL ends it early.
  KStatus copy(uint64_t user_array, char** items, size_t count) {
    for (size_t i = 0; i < count; i++) {
      uint64_t ptr;
      TRY(uaccess::get(&ptr, user_array + i * 8));
      if (!ptr) return KError{EFAULT};
      size_t max = room_ - used_ < kArgStringMax ? room_ - used_ : kArgStringMax;
      TRY(reserve(used_ + max));
      size_t len = TRY(uaccess::copy_string_from_user(arena_ + used_, ptr, max, E2BIG));
      items[i] = reinterpret_cast<char*>(used_);
      used_ += len + 1;
    }
    return ok();
  }
  void finish(size_t argc, size_t envc) {
    for (size_t i = 0; i < argc; i++) argv[i] = arena_ + reinterpret_cast<size_t>(argv[i]);
    for (size_t i = 0; i < envc; i++) envp[i] = arena_ + reinterpret_cast<size_t>(envp[i]);
  }
  char** argv = nullptr;
  char** envp = nullptr;

 private:
  KStatus reserve(size_t need) {
    if (need <= capacity_) return ok();
    size_t grown = capacity_ ? capacity_ * 2 : 64 * 1024;
    while (grown < need) grown *= 2;
    if (grown > room_) grown = room_ ? room_ : 1;
    char* bigger = static_cast<char*>(kmalloc(grown));
    if (!bigger) return KError{ENOMEM};
    if (used_) memcpy(bigger, arena_, used_);
    kfree(arena_);
    arena_ = bigger;
    capacity_ = grown;
    return ok();
  }
  char* arena_ = nullptr;
  size_t capacity_ = 0, used_ = 0, room_ = 0;
};

KStatus copy_and_exec(const char* path, size_t path_len, uint64_t user_argv, uint64_t user_envp) {
  // Linux's order: count argv, then envp (EFAULT), then the limit (E2BIG),
  // then copy the pathname, envp and argv.
  uint64_t limit = argument_bytes_limit(proc::current());
  size_t argc = TRY(count_strings(user_argv, limit));
  size_t envc = TRY(count_strings(user_envp, limit));
  uint64_t pointers = (argc + envc) * 8;
  if (limit <= pointers) return KError{E2BIG};
  limit -= pointers;
  if (path_len + 1 > limit) return KError{E2BIG};
  ArgumentCopy args;
  TRY(args.start(argc, envc, limit - (path_len + 1)));
  TRY(args.copy(user_envp, args.envp, envc));
  TRY(args.copy(user_argv, args.argv, argc));
  args.finish(argc, envc);
  return proc::execve(path, args.argv, argc, args.envp, envc);
}

long sys_execve(const SyscallArgs& a) {
  char path[1024 + 1];
  KResult<size_t> path_len = uaccess::copy_string_from_user(path, a.a0, sizeof path);
  if (path_len.is_error()) return -path_len.error();
  KStatus r = copy_and_exec(path, path_len.value(), a.a1, a.a2);
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
