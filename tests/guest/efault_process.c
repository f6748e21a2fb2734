/* efault_process: the process, signal, credential and time calls refuse a
 * bad user pointer with EFAULT, every pointer argument of each, and a
 * refused input changes nothing. (Paths and buffers: efault, efault_paths.)
 *
 * Raw syscall() throughout: libc wrappers may copy a struct in user space
 * first (sigaction does), which would fault in the test, not in the kernel.
 * Where Linux orders its checks so that EFAULT comes first, the case says so.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

#define KERNEL_TEXT ((void *)(uintptr_t)0xffffffff80000000UL) /* where kernels live */
#define LOW_PAGE ((void *)(uintptr_t)0x1000UL)                /* never mapped */
#define SIGSET_SIZE 8                                         /* the kernel's sigset_t */

/* What rt_sigaction reads and writes (Linux's struct kernel_sigaction). */
struct k_sigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)(void);
  uint64_t mask;
};

static pid_t exiting_child(int code) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(code);
  return pid;
}

static void check_wait4(void) {
  pid_t pid = exiting_child(4);
  tt_expect_errno("wait4.status_efault", syscall(SYS_wait4, pid, LOW_PAGE, 0, NULL), EFAULT);
  /* As on Linux, the child was collected before the status could not be
   * stored: it is gone. */
  tt_expect_errno("wait4.status_efault_child_reaped", syscall(SYS_wait4, pid, NULL, WNOHANG, NULL), ECHILD);
  pid = exiting_child(4);
  tt_expect_errno("wait4.status_kernel_efault", syscall(SYS_wait4, pid, KERNEL_TEXT, 0, NULL), EFAULT);
  pid = exiting_child(4);
  tt_expect_errno("wait4.rusage_efault", syscall(SYS_wait4, pid, NULL, 0, LOW_PAGE), EFAULT);
}

static void check_signals(void) {
  struct k_sigaction now;
  tt_expect_errno("rt_sigaction.act_efault", syscall(SYS_rt_sigaction, SIGUSR1, LOW_PAGE, NULL, SIGSET_SIZE), EFAULT);
  tt_expect_errno("rt_sigaction.act_kernel_efault", syscall(SYS_rt_sigaction, SIGUSR1, KERNEL_TEXT, NULL, SIGSET_SIZE),
                  EFAULT);
  memset(&now, 0xff, sizeof now);
  syscall(SYS_rt_sigaction, SIGUSR1, NULL, &now, SIGSET_SIZE);
  TT_CHECK("rt_sigaction.act_efault_action_unchanged", now.handler == SIG_DFL, "SIGUSR1's handler is now %p",
           (void *)(uintptr_t)now.handler);
  tt_expect_errno("rt_sigaction.oldact_efault", syscall(SYS_rt_sigaction, SIGUSR1, NULL, LOW_PAGE, SIGSET_SIZE), EFAULT);
  /* Linux reads the new action before it checks the number. */
  tt_expect_errno("rt_sigaction.sigkill_bad_act_efault",
                  syscall(SYS_rt_sigaction, SIGKILL, LOW_PAGE, NULL, SIGSET_SIZE), EFAULT);

  sigset_t before, after;
  sigprocmask(SIG_SETMASK, NULL, &before);
  tt_expect_errno("rt_sigprocmask.set_efault", syscall(SYS_rt_sigprocmask, SIG_BLOCK, LOW_PAGE, NULL, SIGSET_SIZE),
                  EFAULT);
  sigprocmask(SIG_SETMASK, NULL, &after);
  TT_CHECK("rt_sigprocmask.set_efault_mask_unchanged", memcmp(&before, &after, sizeof before) == 0,
           "the mask changed");
  tt_expect_errno("rt_sigprocmask.oldset_efault", syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, LOW_PAGE, SIGSET_SIZE),
                  EFAULT);
  tt_expect_errno("rt_sigprocmask.oldset_kernel_efault",
                  syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, KERNEL_TEXT, SIGSET_SIZE), EFAULT);
  tt_expect_errno("rt_sigpending.efault", syscall(SYS_rt_sigpending, LOW_PAGE, SIGSET_SIZE), EFAULT);
  tt_expect_errno("rt_sigsuspend.efault", syscall(SYS_rt_sigsuspend, LOW_PAGE, SIGSET_SIZE), EFAULT);
}

static void check_time(void) {
  tt_expect_errno("nanosleep.req_efault", syscall(SYS_nanosleep, LOW_PAGE, NULL), EFAULT);
  tt_expect_errno("nanosleep.req_kernel_efault", syscall(SYS_nanosleep, KERNEL_TEXT, NULL), EFAULT);
  /* The remaining time is stored only when a handler interrupts the sleep. */
  tt_handle(SIGALRM, tt_counting_handler, 0, tt_sigset_of(SIGALRM));
  struct tt_itimerval soon = {{0, 0}, {0, 200000}};
  tt_setitimer(TT_ITIMER_REAL, &soon, NULL);
  struct timespec two_s = {2, 0};
  tt_expect_errno("nanosleep.rem_efault_when_interrupted", syscall(SYS_nanosleep, &two_s, LOW_PAGE), EFAULT);
  tt_expect_errno("clock_nanosleep.req_efault", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, LOW_PAGE, NULL),
                  EFAULT);
  tt_expect_errno("clock_gettime.realtime_efault", syscall(SYS_clock_gettime, CLOCK_REALTIME, LOW_PAGE), EFAULT);
  tt_expect_errno("clock_getres.efault", syscall(SYS_clock_getres, CLOCK_MONOTONIC, LOW_PAGE), EFAULT);
  tt_expect_errno("gettimeofday.tv_efault", syscall(SYS_gettimeofday, LOW_PAGE, NULL), EFAULT);
  tt_expect_errno("gettimeofday.tv_kernel_efault", syscall(SYS_gettimeofday, KERNEL_TEXT, NULL), EFAULT);
  tt_expect_errno("gettimeofday.tz_efault", syscall(SYS_gettimeofday, NULL, LOW_PAGE), EFAULT);
  tt_expect_errno("time.efault", syscall(SYS_time, LOW_PAGE), EFAULT);
  tt_expect_errno("time.kernel_efault", syscall(SYS_time, KERNEL_TEXT), EFAULT);
  tt_expect_errno("getitimer.efault", syscall(SYS_getitimer, TT_ITIMER_REAL, LOW_PAGE), EFAULT);
  tt_expect_errno("setitimer.new_efault", syscall(SYS_setitimer, TT_ITIMER_REAL, LOW_PAGE, NULL), EFAULT);
  struct tt_itimerval off = {{0, 0}, {0, 0}};
  tt_expect_errno("setitimer.old_efault", syscall(SYS_setitimer, TT_ITIMER_REAL, &off, LOW_PAGE), EFAULT);
}

static void check_credentials(void) {
  if (geteuid() == 0) {
    /* getgroups stores nothing (and cannot fault) without supplementary
     * groups: give this process two first. */
    gid_t mine[2] = {10, 20};
    tt_setgroups(2, mine);
    tt_expect_errno("getgroups.efault", syscall(SYS_getgroups, 4, LOW_PAGE), EFAULT);
    tt_expect_errno("setgroups.efault", syscall(SYS_setgroups, 1, LOW_PAGE), EFAULT);
    gid_t now[4];
    int has = tt_getgroups(4, now);
    TT_CHECK("setgroups.efault_groups_unchanged", has == 2 && now[0] == 10 && now[1] == 20, "%d groups after", has);
    tt_setgroups(0, NULL);
  } else {
    tt_skip("setgroups.efault", "needs root (EPERM comes first, and getgroups needs groups to store)");
  }
  uid_t r, e, s;
  tt_expect_errno("getresuid.real_efault", syscall(SYS_getresuid, LOW_PAGE, &e, &s), EFAULT);
  tt_expect_errno("getresuid.saved_efault", syscall(SYS_getresuid, &r, &e, LOW_PAGE), EFAULT);
  tt_expect_errno("getresgid.effective_efault", syscall(SYS_getresgid, &r, LOW_PAGE, &s), EFAULT);
}

static void check_execve(void) {
  const char *program = tt_self_path();
  char *bad_arg[] = {(char *)program, LOW_PAGE, NULL};
  char *bad_env[] = {"A=1", KERNEL_TEXT, NULL};
  char *args[] = {(char *)program, "--never-run", NULL};
  char *env[] = {NULL};
  tt_expect_errno("execve.argv_efault", syscall(SYS_execve, program, LOW_PAGE, env), EFAULT);
  tt_expect_errno("execve.argv_element_efault", syscall(SYS_execve, program, bad_arg, env), EFAULT);
  tt_expect_errno("execve.envp_efault", syscall(SYS_execve, program, args, KERNEL_TEXT), EFAULT);
  tt_expect_errno("execve.envp_element_efault", syscall(SYS_execve, program, args, bad_env), EFAULT);
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--never-run") == 0) return 99; /* an execve that should have failed */
  tt_init(argc, argv);
  check_wait4();
  check_signals();
  check_time();
  check_credentials();
  check_execve();
  return tt_done();
}
