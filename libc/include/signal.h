/* Signals with Linux x86-64 numbers and structures. sigset_t is one 64-bit
 * word, exactly what rt_sigaction/rt_sigprocmask take (sigsetsize 8), and
 * struct sigaction has the kernel's layout, so libc passes it through. */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <bits/cdefs.h>
#include <bits/types.h>

/* The numbers themselves are shared with the kernel. */
#include <bits/signum.h>
#define SIGRTMIN 32
#define SIGRTMAX 64
#define NSIG _NSIG /* one more than the highest signal number */

typedef unsigned long sigset_t; /* bit (n - 1) stands for signal n */
typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);

#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

/* sa_flags */
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000 /* set by libc: sa_restorer returns from a handler */
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SA_NOMASK SA_NODEFER
#define SA_ONESHOT SA_RESETHAND

/* sigprocmask how */
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

union sigval {
  int sival_int;
  void *sival_ptr;
};

/* What an SA_SIGINFO handler receives: Linux's 128-byte siginfo. */
typedef struct {
  int si_signo;
  int si_errno;
  int si_code;
  int __pad0;
  union {
    int __pad[28];
    struct { /* kill(2), sigqueue, SIGCHLD */
      pid_t pid;
      uid_t uid;
      union { /* SIGCHLD: status; sigqueue: value */
        struct {
          int status;
          long utime;
          long stime;
        } child;
        union sigval value;
      } u;
    } proc;
    struct { /* SIGSEGV, SIGBUS, SIGILL, SIGFPE */
      void *addr;
    } fault;
    struct { /* SIGIO / SIGPOLL */
      long band;
      int fd;
    } poll;
  } __fields;
} siginfo_t;

#define si_pid __fields.proc.pid
#define si_uid __fields.proc.uid
#define si_status __fields.proc.u.child.status
#define si_value __fields.proc.u.value
#define si_addr __fields.fault.addr
#define si_band __fields.poll.band
#define si_fd __fields.poll.fd

/* si_code values */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define ILL_ILLOPC 1
#define FPE_INTDIV 1
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

struct sigaction {
  union {
    void (*sa_handler)(int);
    void (*sa_sigaction)(int, siginfo_t *, void *);
  } __handler;
  unsigned long sa_flags;
  void (*sa_restorer)(void);
  sigset_t sa_mask;
};
#define sa_handler __handler.sa_handler
#define sa_sigaction __handler.sa_sigaction

/* The alternate signal stack (sigaltstack(2)), where SA_ONSTACK handlers run. */
typedef struct {
  void *ss_sp;
  int ss_flags;
  size_t ss_size;
} stack_t;
#define SS_ONSTACK 1            /* ss_flags out: the caller is running on it */
#define SS_DISABLE 2            /* no alternate stack */
#define SS_AUTODISARM (1U << 31) /* disarmed while a handler runs on it */
#define MINSIGSTKSZ 2048        /* smaller is ENOMEM */
#define SIGSTKSZ 8192           /* enough for most handlers */

struct timespec;

__BEGIN_DECLS
int kill(pid_t pid, int sig);
int raise(int sig);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
sighandler_t signal(int sig, sighandler_t handler);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int killpg(pid_t pgrp, int sig);
int sigaltstack(const stack_t *ss, stack_t *old_ss);
/* Waiting for a signal of set (normally blocked) instead of handling it:
 * the signal number, with its siginfo if info is not NULL. */
int sigwaitinfo(const sigset_t *set, siginfo_t *info);
int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout);
/* Returns 0 or an error number (not -1 and errno), as POSIX says. */
int sigwait(const sigset_t *set, int *sig);
/* A signal carrying value: si_code SI_QUEUE (rt_sigqueueinfo(2)). */
int sigqueue(pid_t pid, int sig, const union sigval value);
/* Linux's tgkill(2): Tether processes have one thread, whose tid is the pid. */
int tgkill(pid_t tgid, pid_t tid, int sig);
char *strsignal(int sig);
/* "prefix: Description" on stderr, like perror for a signal. */
void psignal(int sig, const char *prefix);
/* "SEGV" for SIGSEGV; NULL for a number with no name. */
const char *sigabbrev_np(int sig);
__END_DECLS

#endif
