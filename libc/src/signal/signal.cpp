// Signals: installing handlers, masking, sending.
//
// A handler returns into __restore_rt (restore_rt.S), which asks the kernel
// to undo the signal frame (rt_sigreturn). Linux on x86-64 requires the
// caller to supply that trampoline with SA_RESTORER, so sigaction adds it.
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" void __restore_rt(void);

namespace {

bool valid_signal(int sig) { return sig >= 1 && sig < NSIG; }

sigset_t bit_for(int sig) { return 1UL << (sig - 1); }

}  // namespace

extern "C" {

int sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  struct sigaction with_restorer;
  if (act) {
    with_restorer = *act;
    if (!(with_restorer.sa_flags & SA_RESTORER)) {
      with_restorer.sa_flags |= SA_RESTORER;
      with_restorer.sa_restorer = __restore_rt;
    }
    act = &with_restorer;
  }
  // Our struct sigaction has the kernel's layout, so it goes through as is.
  return sys(SYS_rt_sigaction, sig, act, old, sizeof(sigset_t));
}

// signal(3) with BSD semantics, as glibc: the handler stays installed and
// interrupted system calls restart.
sighandler_t signal(int sig, sighandler_t handler) {
  struct sigaction act = {};
  act.sa_handler = handler;
  act.sa_flags = SA_RESTART;
  struct sigaction old;
  if (sigaction(sig, &act, &old) < 0) return SIG_ERR;
  return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
  return sys(SYS_rt_sigprocmask, how, set, old, sizeof(sigset_t));
}

int sigpending(sigset_t *set) { return sys(SYS_rt_sigpending, set, sizeof(sigset_t)); }

int sigsuspend(const sigset_t *mask) { return sys(SYS_rt_sigsuspend, mask, sizeof(sigset_t)); }

int kill(pid_t pid, int sig) { return sys(SYS_kill, pid, sig); }

// A process group is named by its leader's pid; kill(2) takes it negated.
int killpg(pid_t pgrp, int sig) {
  if (pgrp <= 1) {  // 0 would mean "my group", 1 "everyone": not what was asked
    errno = EINVAL;
    return -1;
  }
  return kill(-pgrp, sig);
}

// One thread per process, so "this thread" is "this process".
int raise(int sig) { return kill(getpid(), sig); }

int sigemptyset(sigset_t *set) {
  *set = 0;
  return 0;
}

int sigfillset(sigset_t *set) {
  *set = ~0UL;
  return 0;
}

int sigaddset(sigset_t *set, int sig) {
  if (!valid_signal(sig)) {
    errno = EINVAL;
    return -1;
  }
  *set |= bit_for(sig);
  return 0;
}

int sigdelset(sigset_t *set, int sig) {
  if (!valid_signal(sig)) {
    errno = EINVAL;
    return -1;
  }
  *set &= ~bit_for(sig);
  return 0;
}

int sigismember(const sigset_t *set, int sig) {
  if (!valid_signal(sig)) {
    errno = EINVAL;
    return -1;
  }
  return (*set & bit_for(sig)) != 0;
}

int sigaltstack(const stack_t *ss, stack_t *old_ss) { return sys(SYS_sigaltstack, ss, old_ss); }

int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout) {
  return sys(SYS_rt_sigtimedwait, set, info, timeout, sizeof(sigset_t));
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info) { return sigtimedwait(set, info, nullptr); }

// sigwait(3): "returns 0 on success, a positive error number on failure";
// an interruption by a handled signal is not one of them, so wait again
// (as glibc does).
int sigwait(const sigset_t *set, int *sig) {
  int saved = errno;
  int r;
  do r = sigtimedwait(set, nullptr, nullptr);
  while (r < 0 && errno == EINTR);
  int err = r < 0 ? errno : 0;
  errno = saved;
  if (r < 0) return err;
  *sig = r;
  return 0;
}

// sigqueue(3): rt_sigqueueinfo with si_code SI_QUEUE and the sender's ids.
int sigqueue(pid_t pid, int sig, const union sigval value) {
  siginfo_t info = {};
  info.si_signo = sig;
  info.si_code = SI_QUEUE;
  info.si_pid = getpid();
  info.si_uid = getuid();
  info.si_value = value;
  return sys(SYS_rt_sigqueueinfo, pid, sig, &info);
}

int tgkill(pid_t tgid, pid_t tid, int sig) { return sys(SYS_tgkill, tgid, tid, sig); }

}  // extern "C"
