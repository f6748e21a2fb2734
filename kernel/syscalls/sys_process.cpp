// Process syscalls: fork, execve, exit, wait4, identities, kill, process groups.
#include "arch/x86_64/layout.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/uaccess.h"
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

long sys_wait4(const SyscallArgs& a) {
  int pid = int(a.a0);
  int options = int(a.a2);
  constexpr int kWnothread = 0x20000000, kWall = 0x40000000, kWclone = int(0x80000000);
  constexpr int kKnownOptions = 1 /*WNOHANG*/ | 2 /*WUNTRACED*/ | 8 /*WCONTINUED*/ | kWnothread | kWall | kWclone;
  if (options & ~kKnownOptions) return -EINVAL;
  if (pid == -2147483647 - 1) return -ESRCH;  // Linux: -INT_MIN cannot name a process group
  // wait(2): __WCLONE alone waits for "clone" children only, those that
  // report with a signal other than SIGCHLD; clone() here only makes the
  // SIGCHLD kind, so there is none to wait for. (__WNOTHREAD: one thread.)
  if ((options & kWclone) && !(options & kWall)) return -ECHILD;
  int status = 0;
  uint64_t ticks = 0;
  KResult<int> r = proc::wait(pid, options, &status, &ticks);
  if (r.is_error()) return -r.error();
  if (r.value() > 0 && a.a1) {
    KStatus put = uaccess::put(a.a1, status);
    if (put.is_error()) return -EFAULT;
  }
  if (r.value() > 0 && a.a3) {
    // struct rusage: ru_utime then ru_stime (timevals), then 14 longs.
    uint64_t rusage[18] = {};
    uint64_t usec = ticks * (1000000 / 100);
    rusage[0] = usec / 1000000;
    rusage[1] = usec % 1000000;
    if (uaccess::copy_to_user(a.a3, rusage, sizeof rusage).is_error()) return -EFAULT;
  }
  return r.value();
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

bool may_signal(const Process* sender, const Process* target, int sig) {
  // kill(2): root, or a real/effective uid matching the target's real or
  // saved uid; for SIGCONT, being in the same session is enough.
  const Credentials& s = sender->cred;
  const Credentials& t = target->cred;
  if (sig == SIGCONT && sender->sid == target->sid) return true;
  return s.euid == 0 || s.uid == t.uid || s.uid == t.suid || s.euid == t.uid || s.euid == t.suid;
}

long sys_kill(const SyscallArgs& a) {
  int pid = int(a.a0);
  int sig = int(a.a1);
  if (sig < 0 || sig >= _NSIG) return -EINVAL;
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
    if (!may_signal(self, p, sig)) continue;
    permitted++;
    if (sig) signal::send(p, sig, signal::from_current_user());
  }
  if (!found) return -ESRCH;
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
  register_syscall(SYS_execve, sys_execve);
  register_syscall(SYS_kill, sys_kill);
  register_syscall(SYS_getpgid, sys_getpgid);
  register_syscall(SYS_getpgrp, sys_getpgrp);
  register_syscall(SYS_getsid, sys_getsid);
  register_syscall(SYS_setpgid, sys_setpgid);
  register_syscall(SYS_setsid, sys_setsid);
  register_syscall(SYS_sched_yield, sys_sched_yield);
}
