/* efault_process: the EFAULT cases of the process, signal and time calls
 * that efault_paths (every pointer argument against a list of bad
 * addresses) does not reach: pointers read or written only in some
 * circumstance, what a refused call leaves behind, and where Linux checks
 * the pointer before the other arguments.
 *
 * Raw syscall() throughout: libc wrappers may copy a struct in user space
 * first (sigaction does), which would fault in the test, not in the kernel.
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

#define LOW_PAGE ((void *)(uintptr_t)0x1000UL) /* never mapped */
#define SIGSET_SIZE 8                         /* the kernel's sigset_t */

static pid_t exiting_child(int code) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(code);
  return pid;
}

static void check_wait4(void) {
  pid_t pid = exiting_child(4);
  tt_expect_errno("wait4.status_efault", syscall(SYS_wait4, pid, LOW_PAGE, 0, NULL), EFAULT);
  /* As on Linux, the child was collected before its status could not be
   * stored: it is gone. */
  tt_expect_errno("wait4.status_efault_child_reaped", syscall(SYS_wait4, pid, NULL, WNOHANG, NULL), ECHILD);
  pid = exiting_child(4);
  tt_expect_errno("wait4.rusage_efault", syscall(SYS_wait4, pid, NULL, 0, LOW_PAGE), EFAULT);
}

static void check_signals(void) {
  /* Linux reads the new action before it checks the signal number. */
  tt_expect_errno("rt_sigaction.sigkill_bad_act_efault",
                  syscall(SYS_rt_sigaction, SIGKILL, LOW_PAGE, NULL, SIGSET_SIZE), EFAULT);
  tt_expect_errno("rt_sigaction.signal_0_bad_act_efault", syscall(SYS_rt_sigaction, 0, LOW_PAGE, NULL, SIGSET_SIZE),
                  EFAULT);
  sigset_t before, after;
  sigprocmask(SIG_SETMASK, NULL, &before);
  tt_expect_errno("rt_sigprocmask.set_efault", syscall(SYS_rt_sigprocmask, SIG_BLOCK, LOW_PAGE, NULL, SIGSET_SIZE),
                  EFAULT);
  sigprocmask(SIG_SETMASK, NULL, &after);
  TT_CHECK("rt_sigprocmask.set_efault_mask_unchanged", memcmp(&before, &after, sizeof before) == 0, "the mask changed");
  /* Linux reads the set before it looks at how. */
  tt_expect_errno("rt_sigprocmask.bad_how_bad_set_efault", syscall(SYS_rt_sigprocmask, 99, LOW_PAGE, NULL, SIGSET_SIZE),
                  EFAULT);
}

static void check_time(void) {
  /* The remaining time is stored only when a handler interrupts the sleep. */
  tt_handle(SIGALRM, tt_counting_handler, 0, tt_sigset_of(SIGALRM));
  struct tt_itimerval soon = {{0, 0}, {0, 200000}};
  tt_setitimer(TT_ITIMER_REAL, &soon, NULL);
  struct timespec two_s = {2, 0};
  tt_expect_errno("nanosleep.rem_efault_when_interrupted", syscall(SYS_nanosleep, &two_s, LOW_PAGE), EFAULT);
  tt_expect_errno("gettimeofday.tz_efault", syscall(SYS_gettimeofday, NULL, LOW_PAGE), EFAULT);
  /* setitimer sets the new timer, then fails to store the old one. */
  struct tt_itimerval in_a_minute = {{0, 0}, {60, 0}}, off = {{0, 0}, {0, 0}}, now;
  tt_expect_errno("setitimer.old_efault", syscall(SYS_setitimer, TT_ITIMER_REAL, &in_a_minute, LOW_PAGE), EFAULT);
  tt_getitimer(TT_ITIMER_REAL, &now);
  TT_CHECK("setitimer.old_efault_new_timer_set", now.it_value.tv_sec > 50, "%ld s left on the timer",
           (long)now.it_value.tv_sec);
  tt_setitimer(TT_ITIMER_REAL, &off, NULL);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  check_wait4();
  check_signals();
  check_time();
  return tt_done();
}
