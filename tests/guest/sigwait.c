/* sigwait: taking signals synchronously (rt_sigtimedwait: sigwaitinfo,
 * sigtimedwait, sigwait), sending one with data (rt_sigqueueinfo: sigqueue)
 * and to one thread (tkill, tgkill, rt_tgsigqueueinfo).
 *
 * Sources: sigwaitinfo(2): the signal number, siginfo filled, EAGAIN when
 * the timeout passes, EINTR "the wait was interrupted by a signal handler",
 * EINVAL for a bad timeout; sigwait(3) returns an error number;
 * sigqueue(3)/rt_sigqueueinfo(2): si_code SI_QUEUE and si_value arrive,
 * "EPERM ... the caller ... attempted to send a signal with si_code >= 0
 * or SI_TKILL to a process other than itself"; tkill(2): EINVAL for a tid
 * <= 0 or an invalid signal, ESRCH "no process with the specified thread
 * ID (and thread group ID)", EPERM as kill(2). From Linux's kernel/signal.c:
 * the target is looked up before the signal is checked (ESRCH first), and
 * the lowest pending standard signal is taken first.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static volatile int info_code, info_value, info_pid, info_hits;

static void info_handler(int sig, siginfo_t *si, void *context) {
  (void)sig;
  (void)context;
  info_code = si->si_code;
  info_value = si->si_value.sival_int;
  info_pid = si->si_pid;
  info_hits++;
}

static void install_info_handler(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = info_handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(sig, &sa, NULL);
}

static void block(int sig) {
  sigset_t set = tt_sigset_of(sig);
  sigprocmask(SIG_BLOCK, &set, NULL);
}

static void unblock(int sig) {
  sigset_t set = tt_sigset_of(sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* A pid nobody has: a child's, once reaped. */
static void thread_kill(void) {
  install_info_handler(SIGUSR1);
  info_hits = 0;
  int r = (int)syscall(SYS_tkill, getpid(), SIGUSR1);
  TT_CHECK("tkill_self_si_tkill", r == 0 && info_hits == 1 && info_code == SI_TKILL && info_pid == getpid(),
           "returned %d, handler ran %d times, si_code %d, si_pid %d", r, info_hits, info_code, info_pid);
  info_hits = 0;
  r = tgkill(getpid(), getpid(), SIGUSR1);
  TT_CHECK("tgkill_self", r == 0 && info_hits == 1 && info_code == SI_TKILL, "returned %d, ran %d times, si_code %d",
           r, info_hits, info_code);
  TT_CHECK("tgkill_gettid_is_tid", tgkill(getpid(), (pid_t)syscall(SYS_gettid), 0) == 0, "%s", strerror(errno));

  pid_t child = tt_fork_pausing();
  tt_expect_errno("tgkill_wrong_tgid_esrch", tgkill(child, getpid(), SIGUSR1), ESRCH);
  tt_expect_errno("tkill_tid_0_einval", syscall(SYS_tkill, 0, SIGUSR1), EINVAL);
  tt_expect_errno("tkill_tid_negative_einval", syscall(SYS_tkill, -1, SIGUSR1), EINVAL);
  tt_expect_errno("tgkill_tgid_0_einval", tgkill(0, getpid(), SIGUSR1), EINVAL);
  tt_expect_errno("tgkill_tid_0_einval", tgkill(getpid(), 0, SIGUSR1), EINVAL);
  tt_expect_errno("tkill_bad_signal_einval", syscall(SYS_tkill, getpid(), 65), EINVAL);
  pid_t nobody = tt_unused_pid();
  tt_expect_errno("tkill_nobody_esrch", syscall(SYS_tkill, nobody, SIGUSR1), ESRCH);
  tt_expect_errno("tkill_nobody_bad_signal_esrch_first", syscall(SYS_tkill, nobody, 65), ESRCH);
  TT_CHECK("tkill_signal_0_probe", syscall(SYS_tkill, child, 0) == 0, "%s", strerror(errno));
  TT_CHECK("tkill_other_process", syscall(SYS_tkill, child, SIGTERM) == 0, "%s", strerror(errno));
  int status = tt_wait_timeout(child, 10);
  TT_CHECK("tkill_other_process_killed", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "child %s",
           tt_status_str(status));
  signal(SIGUSR1, SIG_DFL);
}

static pid_t eperm_target;
static int tkill_as_user(void *arg) {
  (void)arg;
  if (!tt_become_user(1000, 1000)) return 10;
  if (syscall(SYS_tkill, eperm_target, SIGUSR1) != -1 || errno != EPERM) return 1;
  if (tgkill(eperm_target, eperm_target, SIGUSR1) != -1 || errno != EPERM) return 2;
  return 0;
}

static void thread_kill_permission(void) {
  eperm_target = tt_fork_pausing();
  int status = tt_fork_status(tkill_as_user, NULL, 30);
  TT_CHECK("tkill_tgkill_other_user_eperm", WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "uid 1000 child %s (1: tkill, 2: tgkill not EPERM)", tt_status_str(status));
  kill(eperm_target, SIGKILL);
  waitpid(eperm_target, NULL, 0);
}

static void timed_waits(void) {
  block(SIGUSR1);
  sigset_t set = tt_sigset_of(SIGUSR1);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  kill(getpid(), SIGUSR1);
  int r = sigwaitinfo(&set, &si);
  TT_CHECK("sigwaitinfo_takes_pending",
           r == SIGUSR1 && si.si_signo == SIGUSR1 && si.si_code == SI_USER && si.si_pid == getpid() &&
               si.si_uid == getuid(),
           "returned %d, si_signo %d si_code %d si_pid %d", r, si.si_signo, si.si_code, (int)si.si_pid);
  sigset_t pending;
  sigpending(&pending);
  TT_CHECK("sigwaitinfo_consumes_signal", !sigismember(&pending, SIGUSR1), "SIGUSR1 still pending");

  struct timespec start, timeout = {0, 50 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &start);
  r = sigtimedwait(&set, &si, &timeout);
  long waited = tt_ms_since(&start);
  TT_CHECK("sigtimedwait_timeout_eagain", r == -1 && errno == EAGAIN && waited >= 45,
           "returned %d (%s) after %ld ms", r, tt_errno_name(errno), waited);
  struct timespec zero = {0, 0};
  tt_expect_errno("sigtimedwait_zero_timeout_polls_eagain", sigtimedwait(&set, &si, &zero), EAGAIN);
  struct timespec bad = {0, 1000000000};
  tt_expect_errno("sigtimedwait_nsec_1e9_einval", sigtimedwait(&set, &si, &bad), EINVAL);
  struct timespec negative = {-1, 0};
  tt_expect_errno("sigtimedwait_negative_einval", sigtimedwait(&set, &si, &negative), EINVAL);
  tt_expect_errno("rt_sigtimedwait_sigsetsize_4_einval", syscall(SYS_rt_sigtimedwait, &set, &si, &zero, 4), EINVAL);
  tt_expect_errno("sigtimedwait_set_efault", sigtimedwait((sigset_t *)TT_KERNEL_ADDR, &si, &zero), EFAULT);
  tt_expect_errno("sigtimedwait_timeout_efault", sigtimedwait(&set, &si, (struct timespec *)TT_KERNEL_ADDR), EFAULT);
  kill(getpid(), SIGUSR1);
  tt_expect_errno("sigtimedwait_info_efault", sigtimedwait(&set, (siginfo_t *)TT_KERNEL_ADDR, &zero), EFAULT);
  sigtimedwait(&set, NULL, &zero); /* whatever is left */

  /* The lowest pending signal first. */
  block(SIGUSR2);
  sigaddset(&set, SIGUSR2);
  kill(getpid(), SIGUSR2);
  kill(getpid(), SIGUSR1);
  int first = sigwaitinfo(&set, NULL);
  int second = sigwaitinfo(&set, NULL);
  TT_CHECK("sigwaitinfo_lowest_first", first == SIGUSR1 && second == SIGUSR2, "took %d then %d", first, second);
  int sig = 0;
  kill(getpid(), SIGUSR2);
  r = sigwait(&set, &sig);
  TT_CHECK("sigwait_returns_0_and_signal", r == 0 && sig == SIGUSR2, "returned %d, sig %d", r, sig);
  unblock(SIGUSR2);
}

static void woken_waits(void) {
  sigset_t set = tt_sigset_of(SIGUSR1);
  siginfo_t si;
  /* Woken by a signal sent while asleep. */
  pid_t parent = getpid();
  pid_t child = fork();
  if (child == 0) {
    tt_sleep_ms(100);
    kill(parent, SIGUSR1);
    _exit(0);
  }
  memset(&si, 0, sizeof si);
  int r = sigwaitinfo(&set, &si);
  TT_CHECK("sigwaitinfo_woken_by_sender", r == SIGUSR1 && si.si_pid == child, "returned %d (%s), si_pid %d", r,
           r < 0 ? tt_errno_name(errno) : "-", (int)si.si_pid);
  waitpid(child, NULL, 0);

  /* The classic SIGCHLD loop: blocked, then taken with its siginfo. */
  block(SIGCHLD);
  child = fork();
  if (child == 0) _exit(9);
  sigset_t chld = tt_sigset_of(SIGCHLD);
  memset(&si, 0, sizeof si);
  r = sigwaitinfo(&chld, &si);
  TT_CHECK("sigwaitinfo_sigchld_exited",
           r == SIGCHLD && si.si_code == CLD_EXITED && si.si_pid == child && si.si_status == 9,
           "returned %d, si_code %d si_pid %d si_status %d", r, si.si_code, (int)si.si_pid, si.si_status);
  waitpid(child, NULL, 0);
  unblock(SIGCHLD);

  /* A handled signal outside the set interrupts the wait: EINTR, never
   * restarted, even with SA_RESTART. */
  tt_handle(SIGALRM, tt_counting_handler, SA_RESTART, 0);
  tt_signal_hits = 0;
  struct tt_itimerval timer = {{0, 0}, {0, 100 * 1000}};
  tt_setitimer(TT_ITIMER_REAL, &timer, NULL);
  struct timespec timeout = {5, 0};
  r = sigtimedwait(&set, &si, &timeout);
  TT_CHECK("sigtimedwait_handled_signal_eintr", r == -1 && errno == EINTR && tt_signal_hits == 1,
           "returned %d (%s), handler ran %d times", r, tt_errno_name(errno), (int)tt_signal_hits);
  tt_handle(SIGALRM, SIG_DFL, 0, 0);
}

static void queued(void) {
  sigset_t set = tt_sigset_of(SIGUSR1);
  siginfo_t si;
  union sigval value = {.sival_int = 1234};
  TT_CHECK("sigqueue_self", sigqueue(getpid(), SIGUSR1, value) == 0, "%s", strerror(errno));
  memset(&si, 0, sizeof si);
  int r = sigwaitinfo(&set, &si);
  TT_CHECK("sigqueue_si_queue_and_value",
           r == SIGUSR1 && si.si_code == SI_QUEUE && si.si_value.sival_int == 1234 && si.si_pid == getpid() &&
               si.si_uid == getuid(),
           "returned %d, si_code %d, si_value %d, si_pid %d", r, si.si_code, si.si_value.sival_int, (int)si.si_pid);
  unblock(SIGUSR1);
  install_info_handler(SIGUSR1);
  info_hits = 0;
  value.sival_int = 77;
  sigqueue(getpid(), SIGUSR1, value);
  TT_CHECK("sigqueue_handler_gets_value", info_hits == 1 && info_code == SI_QUEUE && info_value == 77,
           "ran %d times, si_code %d, value %d", info_hits, info_code, info_value);

  siginfo_t forged;
  memset(&forged, 0, sizeof forged);
  forged.si_code = SI_USER;
  forged.si_pid = getpid();
  info_hits = 0;
  r = (int)syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &forged);
  TT_CHECK("rt_sigqueueinfo_si_user_to_self_ok", r == 0 && info_hits == 1, "returned %d (%s), ran %d times", r,
           tt_errno_name(errno), info_hits);
  pid_t child = tt_fork_pausing();
  tt_expect_errno("rt_sigqueueinfo_si_user_to_other_eperm", syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, &forged),
                  EPERM);
  forged.si_code = SI_KERNEL;
  tt_expect_errno("rt_sigqueueinfo_si_kernel_to_other_eperm",
                  syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, &forged), EPERM);
  forged.si_code = SI_TKILL;
  tt_expect_errno("rt_sigqueueinfo_si_tkill_to_other_eperm", syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, &forged),
                  EPERM);
  tt_expect_errno("rt_sigqueueinfo_efault", syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, TT_KERNEL_ADDR), EFAULT);

  /* rt_tgsigqueueinfo(2): the same, to one thread of a thread group. */
  forged.si_code = SI_QUEUE;
  forged.si_value.sival_int = 4321;
  info_hits = 0;
  r = (int)syscall(SYS_rt_tgsigqueueinfo, getpid(), (pid_t)syscall(SYS_gettid), SIGUSR1, &forged);
  TT_CHECK("rt_tgsigqueueinfo_self", r == 0 && info_hits == 1 && info_code == SI_QUEUE && info_value == 4321,
           "returned %d (%s), ran %d times, si_code %d, value %d", r, tt_errno_name(errno), info_hits, info_code,
           info_value);
  TT_CHECK("rt_tgsigqueueinfo_other_signal_0",
           syscall(SYS_rt_tgsigqueueinfo, child, child, 0, &forged) == 0, "signal 0 to the child: %s",
           strerror(errno));
  tt_expect_errno("rt_tgsigqueueinfo_wrong_tgid_esrch",
                  syscall(SYS_rt_tgsigqueueinfo, getpid(), child, SIGUSR1, &forged), ESRCH);
  tt_expect_errno("rt_tgsigqueueinfo_tgid_0_einval", syscall(SYS_rt_tgsigqueueinfo, 0, child, SIGUSR1, &forged),
                  EINVAL);
  tt_expect_errno("rt_tgsigqueueinfo_tid_0_einval", syscall(SYS_rt_tgsigqueueinfo, child, 0, SIGUSR1, &forged),
                  EINVAL);
  forged.si_code = SI_USER;
  tt_expect_errno("rt_tgsigqueueinfo_si_user_to_other_eperm",
                  syscall(SYS_rt_tgsigqueueinfo, child, child, SIGUSR1, &forged), EPERM);
  tt_expect_errno("rt_tgsigqueueinfo_efault_before_einval",
                  syscall(SYS_rt_tgsigqueueinfo, 0, 0, SIGUSR1, TT_KERNEL_ADDR), EFAULT);
  tt_expect_errno("sigqueue_bad_signal_einval", sigqueue(child, 65, value), EINVAL);
  tt_expect_errno("sigqueue_nobody_esrch", sigqueue(tt_unused_pid(), SIGUSR1, value), ESRCH);
  TT_CHECK("sigqueue_other_process", sigqueue(child, SIGTERM, value) == 0, "%s", strerror(errno));
  int status = tt_wait_timeout(child, 10);
  TT_CHECK("sigqueue_other_process_killed", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "child %s",
           tt_status_str(status));
  signal(SIGUSR1, SIG_DFL);
}

int main(void) {
  thread_kill();
  thread_kill_permission();
  timed_waits();
  woken_waits();
  queued();
  return tt_done();
}
