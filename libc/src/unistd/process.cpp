// Processes: creating, identifying and waiting for them.
#include <sys/resource.h>
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

// getrlimit/setrlimit are both prlimit64 on "this process" (pid 0).
int getrlimit(int resource, struct rlimit *limit) {
  return sys(SYS_prlimit64, 0, resource, nullptr, limit);
}

int setrlimit(int resource, const struct rlimit *limit) {
  return sys(SYS_prlimit64, 0, resource, limit, nullptr);
}

}  // extern "C"
