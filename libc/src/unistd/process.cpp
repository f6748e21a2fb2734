// Processes: creating, identifying and waiting for them.
#include <errno.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

pid_t fork(void) { return sys(SYS_fork); }

// A real vfork shares the parent's memory until exec, which a C function
// cannot do safely (its own return would clobber the parent's stack).
// Copying is always correct, so vfork is fork.
pid_t vfork(void) { return fork(); }

int execve(const char *path, char *const argv[], char *const envp[]) {
  return sys(SYS_execve, path, argv, envp);
}

pid_t getpid(void) { return sys(SYS_getpid); }
pid_t getppid(void) { return sys(SYS_getppid); }
pid_t getpgrp(void) { return sys(SYS_getpgrp); }
pid_t getpgid(pid_t pid) { return sys(SYS_getpgid, pid); }
int setpgid(pid_t pid, pid_t pgid) { return sys(SYS_setpgid, pid, pgid); }
pid_t setsid(void) { return sys(SYS_setsid); }
pid_t getsid(pid_t pid) { return sys(SYS_getsid, pid); }

pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage) {
  return sys(SYS_wait4, pid, status, options, usage);
}

pid_t waitpid(pid_t pid, int *status, int options) { return wait4(pid, status, options, nullptr); }

pid_t wait(int *status) { return wait4(-1, status, 0, nullptr); }

// The kernel's waitid has a fifth argument, a struct rusage (NULL here).
int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options) {
  return sys(SYS_waitid, idtype, id, info, options, nullptr);
}

int getrusage(int who, struct rusage *usage) { return sys(SYS_getrusage, who, usage); }

// times(2) returns a tick count, which may be any value (even one that
// looks like an error on Linux, whose count starts near 2^32): only -EFAULT
// is a failure.
clock_t times(struct tms *buf) {
  long r = tether::syscall1(SYS_times, tether::arg(buf));
  if (r == -EFAULT) {
    errno = EFAULT;
    return (clock_t)-1;
  }
  return r;
}

// getrlimit/setrlimit are both prlimit64 on "this process" (pid 0).
int getrlimit(int resource, struct rlimit *limit) {
  return sys(SYS_prlimit64, 0, resource, nullptr, limit);
}

int setrlimit(int resource, const struct rlimit *limit) {
  return sys(SYS_prlimit64, 0, resource, limit, nullptr);
}

int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit) {
  return sys(SYS_prlimit64, pid, resource, new_limit, old_limit);
}

}  // extern "C"
