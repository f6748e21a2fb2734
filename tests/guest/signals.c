/* signals: handlers, masks, pending signals, default actions, SIGCHLD,
 * kill's rules, and what fork and exec do to signal state.
 *
 * Sources: POSIX XSH 2.4 "Signal Concepts", sigaction(), sigprocmask(),
 * sigpending(), sigsuspend(), kill(), wait() (SIGCHLD set to SIG_IGN),
 * execve() (handled signals reset, ignored stay ignored, mask and pending
 * signals kept), fork() (pending set empty); Linux signal(7),
 * sigaction(2), kill(2) (permission: the sender's real or effective uid is
 * the target's real or saved uid), pipe(7).
 * Interrupted calls, sleeps and timers are in signal_interrupts.
 *
 * Stop and continue in depth (WUNTRACED, WCONTINUED, SIGCHLD codes, orphaned
 * groups, the terminal) are in job_control.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"


static volatile sig_atomic_t nested_seen;
static volatile int usr2_hits_during_usr1;
static siginfo_t last_info;

static void on_signal_info(int sig, siginfo_t *info, void *ctx) {
  (void)ctx;
  tt_signal_hits++;
  tt_last_signal = sig;
  last_info = *info;
}

/* Raises its own signal once: without SA_NODEFER it must wait. */
static volatile int self_raise_seen_inside;
static void on_usr1_raises_itself(int sig) {
  tt_signal_hits++;
  if (tt_signal_hits == 1) {
    raise(sig);
    self_raise_seen_inside = tt_signal_hits;
  }
}

static void on_usr2(int sig) {
  (void)sig;
  usr2_hits_during_usr1++;
}

static void on_usr1_raises_usr2(int sig) {
  (void)sig;
  tt_signal_hits++;
  int before = usr2_hits_during_usr1;
  raise(SIGUSR2);
  /* SIGUSR2 is in sa_mask: it must stay pending until we return. */
  nested_seen = usr2_hits_during_usr1 != before;
}

static void unblock_all(void) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
}

static void check_handlers(void) {
  tt_handle(SIGUSR1, tt_counting_handler, 0, 0);
  tt_signal_hits = 0;
  TT_CHECK("handler.runs_before_kill_returns", kill(getpid(), SIGUSR1) == 0 && tt_signal_hits == 1 && tt_last_signal == SIGUSR1,
           "after kill(self, SIGUSR1): %d handler runs, last signal %d", (int)tt_signal_hits, (int)tt_last_signal);
  TT_CHECK("handler.signal_blocked_while_running", sigismember((sigset_t *)&tt_mask_in_handler, SIGUSR1) == 1,
           "SIGUSR1 not in the mask inside its handler (mask %#lx)", (unsigned long)tt_mask_in_handler);
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  TT_CHECK("handler.mask_restored_after_return", sigismember(&now, SIGUSR1) == 0, "mask %#lx after the handler",
           (unsigned long)now);
  tt_signal_hits = 0;
  raise(SIGUSR1);
  TT_CHECK("handler.stays_installed", tt_signal_hits == 1, "second raise: %d runs", (int)tt_signal_hits);

  tt_handle(SIGUSR1, tt_counting_handler, SA_NODEFER, 0);
  raise(SIGUSR1);
  TT_CHECK("handler.sa_nodefer_not_blocked", sigismember((sigset_t *)&tt_mask_in_handler, SIGUSR1) == 0,
           "SIGUSR1 blocked inside an SA_NODEFER handler (mask %#lx)", (unsigned long)tt_mask_in_handler);
  tt_handle(SIGUSR1, tt_counting_handler, 0, tt_sigset_of(SIGTERM));
  raise(SIGUSR1);
  TT_CHECK("handler.sa_mask_blocked_while_running", sigismember((sigset_t *)&tt_mask_in_handler, SIGTERM) == 1,
           "sa_mask's SIGTERM not blocked inside the handler (mask %#lx)", (unsigned long)tt_mask_in_handler);

  /* A signal in sa_mask raised inside the handler waits for its return. */
  tt_handle(SIGUSR2, on_usr2, 0, 0);
  tt_handle(SIGUSR1, on_usr1_raises_usr2, 0, tt_sigset_of(SIGUSR2));
  usr2_hits_during_usr1 = 0;
  raise(SIGUSR1);
  TT_CHECK("handler.masked_signal_waits_for_return", !nested_seen && usr2_hits_during_usr1 == 1,
           "SIGUSR2 ran inside the SIGUSR1 handler: %d, after: %d", (int)nested_seen, usr2_hits_during_usr1);
  /* The handler's own signal, raised inside it: runs after it returns. */
  tt_handle(SIGUSR1, on_usr1_raises_itself, 0, 0);
  tt_signal_hits = 0;
  raise(SIGUSR1);
  TT_CHECK("handler.own_signal_deferred_until_return", self_raise_seen_inside == 1 && tt_signal_hits == 2,
           "runs seen inside the first: %d, in all: %d", self_raise_seen_inside, (int)tt_signal_hits);

  /* Not in sa_mask: it runs at once, inside the first handler. */
  tt_handle(SIGUSR1, on_usr1_raises_usr2, 0, 0);
  usr2_hits_during_usr1 = 0;
  raise(SIGUSR1);
  TT_CHECK("handler.unmasked_signal_nests", nested_seen && usr2_hits_during_usr1 == 1,
           "SIGUSR2 inside the SIGUSR1 handler: %d, total runs %d", (int)nested_seen, usr2_hits_during_usr1);

  /* SA_RESETHAND: one delivery, then back to SIG_DFL. */
  tt_handle(SIGUSR1, tt_counting_handler, SA_RESETHAND, 0);
  tt_signal_hits = 0;
  raise(SIGUSR1);
  struct sigaction old;
  sigaction(SIGUSR1, NULL, &old);
  TT_CHECK("handler.sa_resethand_once_then_default", tt_signal_hits == 1 && old.sa_handler == SIG_DFL,
           "%d runs, handler now %p", (int)tt_signal_hits, (void *)old.sa_handler);

  /* SA_SIGINFO. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal_info;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR2, &sa, NULL);
  memset(&last_info, 0, sizeof last_info);
  raise(SIGUSR2);
  TT_CHECK("handler.siginfo_from_kill",
           last_info.si_signo == SIGUSR2 && last_info.si_code == SI_USER && last_info.si_pid == getpid() &&
               last_info.si_uid == getuid(),
           "si_signo %d si_code %d si_pid %d si_uid %u", last_info.si_signo, last_info.si_code, last_info.si_pid,
           last_info.si_uid);

  /* Querying returns what was installed. */
  tt_handle(SIGUSR1, tt_counting_handler, SA_RESTART, tt_sigset_of(SIGINT));
  sigaction(SIGUSR1, NULL, &old);
  TT_CHECK("sigaction.query_returns_installed",
           old.sa_handler == tt_counting_handler && (old.sa_flags & SA_RESTART) && sigismember(&old.sa_mask, SIGINT) == 1,
           "handler %p flags %#lx mask %#lx", (void *)old.sa_handler, old.sa_flags, (unsigned long)old.sa_mask);

  memset(&sa, 0, sizeof sa);
  sa.sa_handler = tt_counting_handler;
  tt_expect_errno("sigaction.sigkill_einval", sigaction(SIGKILL, &sa, NULL), EINVAL);
  tt_expect_errno("sigaction.sigstop_einval", sigaction(SIGSTOP, &sa, NULL), EINVAL);
  sa.sa_handler = SIG_IGN;
  tt_expect_errno("sigaction.ignore_sigkill_einval", sigaction(SIGKILL, &sa, NULL), EINVAL);
  tt_expect_errno("sigaction.signal_0_einval", syscall(SYS_rt_sigaction, 0, NULL, &old, sizeof(sigset_t)), EINVAL);
  tt_expect_errno("sigaction.signal_65_einval", syscall(SYS_rt_sigaction, 65, NULL, &old, sizeof(sigset_t)), EINVAL);
  tt_expect_errno("sigaction.bad_sigsetsize_einval", syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4), EINVAL);
  TT_CHECK("sigaction.query_sigkill_ok", sigaction(SIGKILL, NULL, &old) == 0 && old.sa_handler == SIG_DFL,
           "querying SIGKILL: %s", strerror(errno));
  tt_handle(SIGUSR1, SIG_DFL, 0, 0);
  tt_handle(SIGUSR2, SIG_DFL, 0, 0);
}

static void check_masks(void) {
  tt_handle(SIGUSR1, tt_counting_handler, 0, 0);
  sigset_t m = tt_sigset_of(SIGUSR1), old, pend;
  sigprocmask(SIG_BLOCK, &m, &old);
  tt_signal_hits = 0;
  raise(SIGUSR1);
  TT_CHECK("sigprocmask.blocked_not_delivered", tt_signal_hits == 0, "the handler ran %d times while blocked", (int)tt_signal_hits);
  sigpending(&pend);
  TT_CHECK("sigpending.shows_blocked_signal", sigismember(&pend, SIGUSR1) == 1, "pending %#lx", (unsigned long)pend);
  raise(SIGUSR1); /* a second one while pending: standard signals do not queue */
  sigprocmask(SIG_UNBLOCK, &m, NULL);
  TT_CHECK("sigprocmask.delivered_on_unblock", tt_signal_hits >= 1, "the handler did not run when unblocked");
  TT_CHECK("sigprocmask.standard_signals_not_queued", tt_signal_hits == 1, "the handler ran %d times for two raises",
           (int)tt_signal_hits);
  sigpending(&pend);
  TT_CHECK("sigpending.cleared_after_delivery", sigismember(&pend, SIGUSR1) == 0, "pending %#lx",
           (unsigned long)pend);

  /* Ignoring a pending signal discards it. */
  sigprocmask(SIG_BLOCK, &m, NULL);
  raise(SIGUSR1);
  tt_handle(SIGUSR1, SIG_IGN, 0, 0);
  sigpending(&pend);
  TT_CHECK("sigaction.ignore_discards_pending", sigismember(&pend, SIGUSR1) == 0, "still pending: %#lx",
           (unsigned long)pend);
  sigprocmask(SIG_UNBLOCK, &m, NULL);
  TT_CHECK("sigaction.ignored_signal_nothing_happens", raise(SIGUSR1) == 0, "raise of an ignored signal");

  /* SIGKILL and SIGSTOP cannot be blocked: silently left out. */
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, &old);
  sigset_t got;
  sigprocmask(SIG_SETMASK, &old, &got);
  TT_CHECK("sigprocmask.cannot_block_kill_stop", !sigismember(&got, SIGKILL) && !sigismember(&got, SIGSTOP) &&
                                                     sigismember(&got, SIGUSR1),
           "mask after blocking everything: %#lx", (unsigned long)got);
  TT_CHECK("sigprocmask.setmask_returns_old", sigprocmask(SIG_SETMASK, &old, &got) == 0 && got == old,
           "old %#lx, expected %#lx", (unsigned long)got, (unsigned long)old);
  tt_expect_errno("sigprocmask.bad_how_einval", sigprocmask(42, &m, NULL), EINVAL);
  tt_expect_errno("sigprocmask.bad_sigsetsize_einval", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &m, NULL, 4), EINVAL);
  unblock_all();

  /* sigsuspend: atomically unblocks, waits, restores. */
  tt_handle(SIGUSR1, tt_counting_handler, 0, 0);
  sigprocmask(SIG_BLOCK, &m, NULL);
  raise(SIGUSR1);
  tt_signal_hits = 0;
  sigset_t empty;
  sigemptyset(&empty);
  int r = sigsuspend(&empty);
  TT_CHECK("sigsuspend.returns_eintr_after_handler", r == -1 && errno == EINTR && tt_signal_hits == 1,
           "sigsuspend returned %d (%s), %d handler runs", r, strerror(errno), (int)tt_signal_hits);
  sigprocmask(SIG_BLOCK, NULL, &got);
  TT_CHECK("sigsuspend.restores_mask", sigismember(&got, SIGUSR1) == 1, "mask after sigsuspend %#lx",
           (unsigned long)got);
  /* A signal sent by another process while we are suspended. */
  unblock_all();
  sigprocmask(SIG_BLOCK, &m, NULL);
  tt_signal_hits = 0;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(kill(getppid(), SIGUSR1) == 0 ? 0 : 1);
  r = sigsuspend(&empty);
  int e = errno;
  tt_wait_timeout(pid, 10);
  TT_CHECK("sigsuspend.wakes_for_signal_from_other_process", r == -1 && e == EINTR && tt_signal_hits == 1,
           "sigsuspend returned %d (%s), %d handler runs", r, strerror(e), (int)tt_signal_hits);
  unblock_all();
  tt_handle(SIGUSR1, SIG_DFL, 0, 0);
}

static int default_action_child(void *arg) {
  int sig = (int)(long)arg;
  kill(getpid(), sig);
  return 0; /* survived */
}

static sigset_t no_signals(void) {
  sigset_t s;
  sigemptyset(&s);
  return s;
}

static int core_action_child(void *arg) {
  struct { unsigned long cur, max; } no_core = {0, 0};
  syscall(SYS_prlimit64, 0, 4 /* RLIMIT_CORE */, &no_core, NULL); /* ENOSYS on Tether: no cores anyway */
  return default_action_child(arg);
}

static void check_default_actions(void) {
  static const int terminating[] = {SIGTERM, SIGUSR1, SIGHUP, SIGINT, SIGALRM, SIGKILL, SIGPIPE};
  for (size_t i = 0; i < sizeof terminating / sizeof terminating[0]; i++) {
    int sig = terminating[i];
    char id[64];
    snprintf(id, sizeof id, "default.%s_terminates", sigabbrev_np(sig));
    int status = tt_fork_status(default_action_child, (void *)(long)sig, 10);
    TT_CHECK(id, status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == sig, "child %s", tt_status_str(status));
  }
  /* "Core" signals terminate; Tether writes no core file, so WCOREDUMP is
   * false, as on Linux with RLIMIT_CORE 0 (which the child sets there). */
  static const int core[] = {SIGQUIT, SIGABRT, SIGSEGV, SIGILL, SIGFPE, SIGBUS, SIGSYS, SIGTRAP, SIGXCPU, SIGXFSZ};
  for (size_t i = 0; i < sizeof core / sizeof core[0]; i++) {
    int sig = core[i];
    char id[64];
    snprintf(id, sizeof id, "default.%s_core_terminates_no_dump", sigabbrev_np(sig));
    int status = tt_fork_status(core_action_child, (void *)(long)sig, 10);
    TT_CHECK(id, status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == sig && !WCOREDUMP(status), "child %s%s",
             tt_status_str(status), status >= 0 && WCOREDUMP(status) ? " (core dumped)" : "");
  }
  static const int ignored[] = {SIGCHLD, SIGURG, SIGWINCH};
  for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
    int sig = ignored[i];
    char id[64];
    snprintf(id, sizeof id, "default.%s_ignored", sigabbrev_np(sig));
    int status = tt_fork_status(default_action_child, (void *)(long)sig, 10);
    TT_CHECK(id, status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %s", tt_status_str(status));
  }
  {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      raise(SIGSTOP);
      _exit(3);
    }
    int status = 0;
    waitpid(pid, &status, WUNTRACED);
    bool stopped = WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP;
    kill(pid, SIGCONT);
    int end = tt_wait_timeout(pid, 10);
    TT_CHECK("default.SIGSTOP_stops", stopped && WIFEXITED(end) && WEXITSTATUS(end) == 3, "status %#x then %s", status,
             tt_status_str(end));
  }
}

/* Linux never discards a blocked signal when it is generated, even one
 * whose action is to ignore it (POSIX leaves it open): the action may
 * change before the unblock. A shell blocks SIGCHLD around fork and installs
 * its handler later; the exit must not be lost. */
static void check_blocked_ignored(void) {
  sigset_t m = tt_sigset_of(SIGURG), old, pend;
  sigprocmask(SIG_BLOCK, &m, &old);
  raise(SIGURG);
  sigpending(&pend);
  TT_CHECK("sigpending.blocked_default_ignored_stays_pending", sigismember(&pend, SIGURG) == 1,
           "SIGURG (default: ignore) raised while blocked is not pending");
  tt_handle(SIGUSR2, SIG_IGN, 0, no_signals());
  m = tt_sigset_of(SIGUSR2);
  sigprocmask(SIG_BLOCK, &m, NULL);
  raise(SIGUSR2);
  sigpending(&pend);
  TT_CHECK("sigpending.blocked_sig_ign_stays_pending", sigismember(&pend, SIGUSR2) == 1,
           "SIGUSR2 (SIG_IGN) raised while blocked is not pending");
  /* POSIX sigaction: SIG_DFL for a signal whose default is to ignore it
   * discards a pending instance, blocked or not. */
  tt_handle(SIGURG, SIG_DFL, 0, no_signals());
  sigpending(&pend);
  TT_CHECK("sigaction.dfl_default_ignored_discards_pending", !sigismember(&pend, SIGURG),
           "SIGURG still pending after sigaction(SIG_DFL)");
  sigprocmask(SIG_SETMASK, &old, NULL); /* the ignored SIGUSR2 goes without effect */
  tt_handle(SIGUSR2, SIG_DFL, 0, no_signals());
  sigpending(&pend);
  TT_CHECK("sigprocmask.unblocked_ignored_signal_dropped", !sigismember(&pend, SIGUSR2), "SIGUSR2 still pending");

  m = tt_sigset_of(SIGCHLD);
  sigprocmask(SIG_BLOCK, &m, &old);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    sigpending(&pend);
    if (sigismember(&pend, SIGCHLD) || tt_ms_since(&start) >= 5000) break;
    tt_sleep_ms(5);
  }
  TT_CHECK("sigchld.blocked_default_stays_pending", sigismember(&pend, SIGCHLD) == 1,
           "the child's exit left no pending SIGCHLD in 5 s");
  tt_signal_hits = 0;
  tt_handle(SIGCHLD, tt_counting_handler, 0, no_signals());
  sigprocmask(SIG_SETMASK, &old, NULL);
  TT_CHECK("sigchld.blocked_then_handler_runs", tt_signal_hits == 1 && tt_last_signal == SIGCHLD,
           "%d runs after unblocking, last signal %d", (int)tt_signal_hits, (int)tt_last_signal);
  tt_wait_timeout(pid, 10);

  /* SA_NOCLDWAIT: no zombie, but a handler still hears of the exit. */
  tt_signal_hits = 0;
  tt_handle(SIGCHLD, tt_counting_handler, SA_NOCLDWAIT, no_signals());
  fflush(stdout);
  pid = fork();
  if (pid == 0) _exit(0);
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (tt_signal_hits == 0 && tt_ms_since(&start) < 5000) tt_sleep_ms(5);
  TT_CHECK("sigchld.nocldwait_handler_still_runs", tt_signal_hits == 1, "%d runs", (int)tt_signal_hits);
  tt_expect_errno("sigchld.nocldwait_no_zombie_echild", waitpid(pid, NULL, 0), ECHILD);
  tt_handle(SIGCHLD, SIG_DFL, 0, no_signals());
}

static void check_sigchld(void) {
  /* Handler with SA_SIGINFO: SIGCHLD arrives with the child's pid and status. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal_info;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGCHLD, &sa, NULL);
  memset(&last_info, 0, sizeof last_info);
  tt_signal_hits = 0;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(5);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (tt_signal_hits == 0 && tt_ms_since(&start) < 5000) tt_sleep_ms(5);
  TT_CHECK("sigchld.delivered_on_child_exit", tt_signal_hits == 1 && tt_last_signal == SIGCHLD, "%d runs, last signal %d", (int)tt_signal_hits,
           (int)tt_last_signal);
  TT_CHECK("sigchld.siginfo", last_info.si_signo == SIGCHLD && last_info.si_code == CLD_EXITED &&
                                  last_info.si_pid == pid && last_info.si_status == 5,
           "si_code %d si_pid %d (child %d) si_status %d", last_info.si_code, last_info.si_pid, (int)pid,
           last_info.si_status);
  int status = 0;
  TT_CHECK("sigchld.handler_keeps_zombie_for_wait", waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 5,
           "waitpid: %s", strerror(errno));
  /* A child killed by a signal: CLD_KILLED and the signal number. */
  memset(&last_info, 0, sizeof last_info);
  tt_signal_hits = 0;
  pid = tt_fork_pausing();
  kill(pid, SIGKILL);
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (tt_signal_hits == 0 && tt_ms_since(&start) < 5000) tt_sleep_ms(5);
  TT_CHECK("sigchld.siginfo_killed", last_info.si_signo == SIGCHLD && last_info.si_code == CLD_KILLED &&
                                         last_info.si_pid == pid && last_info.si_status == SIGKILL,
           "si_code %d si_pid %d (child %d) si_status %d", last_info.si_code, last_info.si_pid, (int)pid,
           last_info.si_status);
  waitpid(pid, &status, 0);

  /* SIG_DFL: the child stays a zombie until waited for. */
  tt_handle(SIGCHLD, SIG_DFL, 0, 0);
  int gone[2];
  pipe(gone);
  pid = fork();
  if (pid == 0) _exit(6);
  close(gone[1]);
  char byte;
  read(gone[0], &byte, 1); /* EOF: the child has exited */
  close(gone[0]);
  TT_CHECK("sigchld.default_zombie_still_signalable", kill(pid, 0) == 0, "kill(zombie, 0): %s", strerror(errno));
  TT_CHECK("sigchld.default_wait_reaps", waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 6, "waitpid: %s",
           strerror(errno));

  /* SIG_IGN: no zombie; wait blocks until the child ends, then ECHILD. */
  tt_handle(SIGCHLD, SIG_IGN, 0, 0);
  pid = fork();
  if (pid == 0) {
    tt_sleep_ms(100);
    _exit(7);
  }
  long r = waitpid(pid, &status, 0);
  tt_expect_errno("sigchld.ignored_wait_echild", r, ECHILD);
  TT_CHECK("sigchld.ignored_no_zombie", kill(pid, 0) == -1 && errno == ESRCH, "kill(pid, 0) after: %s",
           strerror(errno));
  tt_handle(SIGCHLD, SIG_DFL, 0, 0);
}

static void on_pipe(int sig) {
  (void)sig;
  tt_signal_hits++;
}

static void check_kill(void) {
  /* An exited and reaped child's pid: ESRCH. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  waitpid(pid, NULL, 0);
  tt_expect_errno("kill.no_such_process_esrch", kill(pid, 0), ESRCH);
  TT_CHECK("kill.signal_0_checks_existence", kill(getpid(), 0) == 0, "%s", strerror(errno));
  tt_expect_errno("kill.bad_signal_einval", kill(getpid(), 99), EINVAL);
  tt_expect_errno("kill.negative_signal_einval", kill(getpid(), -1), EINVAL);
  tt_expect_errno("kill.signal_65_einval", kill(getpid(), 65), EINVAL);
  /* Linux finds the targets before it looks at the number: a bad signal to
   * nobody is ESRCH, to a group that exists EINVAL. */
  tt_expect_errno("kill.bad_signal_no_such_process_esrch", kill(pid, 99), ESRCH);
  tt_expect_errno("kill.bad_signal_no_such_group_esrch", kill(-pid, 99), ESRCH);
  tt_expect_errno("kill.bad_signal_own_group_einval", kill(0, 99), EINVAL);
  fflush(stdout);
  pid = tt_fork_pausing();
  int r64 = kill(pid, 64); /* the last real-time signal: terminates by default */
  int status64 = tt_wait_timeout(pid, 10);
  TT_CHECK("kill.signal_64_terminates", r64 == 0 && WIFSIGNALED(status64) && WTERMSIG(status64) == 64,
           "kill(child, 64) = %d, child %s", r64, tt_status_str(status64));
  tt_expect_errno("kill.int_min_pid_esrch", kill(-2147483647 - 1, 0), ESRCH);

  /* kill(-pgid): every process of the group. The leader forks a member
   * (which keeps SIGTERM's default action), then catches SIGTERM itself
   * (SA_RESTART, so its waitpid goes on), tells us it is ready, and waits for
   * the member: exit 40 means both got the signal. */
  int ready[2];
  pipe(ready);
  pid_t leader = fork();
  if (leader == 0) {
    close(ready[0]);
    setpgid(0, 0);
    pid_t member = tt_fork_pausing();
    tt_signal_hits = 0;
    tt_handle(SIGTERM, tt_counting_handler, SA_RESTART, 0);
    write(ready[1], "r", 1);
    int st = 0;
    while (waitpid(member, &st, 0) < 0 && errno == EINTR) {
    }
    _exit(tt_signal_hits == 1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM ? 40 : 41);
  }
  close(ready[1]);
  setpgid(leader, leader);
  char byte;
  read(ready[0], &byte, 1);
  close(ready[0]);
  int r = kill(-leader, SIGTERM);
  int status = tt_wait_timeout(leader, 10);
  TT_CHECK("kill.negative_pid_signals_group", r == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 40,
           "kill(-%d) = %d; leader %s (40: it and its member both got SIGTERM)", (int)leader, r,
           tt_status_str(status));
  tt_expect_errno("kill.empty_group_esrch", kill(-leader, 0), ESRCH);

  /* kill(0, sig): the caller's own group, the caller included. */
  pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    pid_t member = tt_fork_pausing();
    tt_handle(SIGUSR1, tt_counting_handler, 0, 0); /* after the fork: the member keeps SIG_DFL */
    tt_signal_hits = 0;
    kill(0, SIGUSR1);
    int st = 0;
    waitpid(member, &st, 0);
    _exit(tt_signal_hits == 1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1 ? 0 : 1);
  }
  status = tt_wait_timeout(pid, 10);
  TT_CHECK("kill.pid_0_signals_own_group", WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %s",
           tt_status_str(status));

  /* SIGPIPE with a handler: the handler runs and write fails with EPIPE. */
  tt_handle(SIGPIPE, on_pipe, 0, 0);
  int p[2];
  pipe(p);
  close(p[0]);
  tt_signal_hits = 0;
  ssize_t n = write(p[1], "x", 1);
  TT_CHECK("sigpipe.handler_runs_and_epipe", n == -1 && errno == EPIPE && tt_signal_hits == 1, "write = %ld (%s), %d runs",
           (long)n, strerror(errno), (int)tt_signal_hits);
  close(p[1]);
  tt_handle(SIGPIPE, SIG_DFL, 0, 0);

  /* The default action: the writer dies of SIGPIPE; ignored: EPIPE alone. */
  pipe(p);
  close(p[0]);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    write(p[1], "x", 1);
    _exit(0);
  }
  status = tt_wait_timeout(pid, 10);
  TT_CHECK("sigpipe.default_kills_writer", WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE, "writer %s",
           tt_status_str(status));
  tt_handle(SIGPIPE, SIG_IGN, 0, 0);
  n = write(p[1], "x", 1);
  TT_CHECK("sigpipe.ignored_write_epipe", n == -1 && errno == EPIPE, "write = %ld (%s)", (long)n, strerror(errno));
  tt_handle(SIGPIPE, SIG_DFL, 0, 0);
  close(p[1]);
}

/* As uid 1000: may not signal root's process, may signal its own. */
static void kill_as_user(void *arg) {
  pid_t root_pid = (pid_t)(long)arg;
  /* A target whose real uid is 1000 but effective uid 0: the sender's uid
   * matches the target's real uid, so the signal is permitted. */
  int ready[2];
  pipe(ready);
  fflush(stdout);
  pid_t mixed = fork();
  if (mixed == 0) {
    tt_setgroups(0, NULL);
    tt_setresuid(1000, 0, 0);
    write(ready[1], "r", 1);
    for (;;) pause();
  }
  char c;
  read(ready[0], &c, 1);
  if (!tt_become_user(1000, 1000)) {
    tt_fail("kill.unprivileged_other_user_eperm", "could not drop to uid 1000: %s", strerror(errno));
    return;
  }
  tt_expect_errno("kill.unprivileged_other_user_eperm", kill(root_pid, SIGUSR1), EPERM);
  tt_expect_errno("kill.unprivileged_signal_0_eperm", kill(root_pid, 0), EPERM);
  /* kill(2): "In the case of SIGCONT, it suffices when the sending and
   * receiving processes belong to the same session." (root_pid is not
   * stopped, and SIGCONT's default action is to ignore it.) */
  TT_CHECK("kill.unprivileged_sigcont_same_session_ok", kill(root_pid, SIGCONT) == 0, "%s", strerror(errno));
  fflush(stdout);
  pid_t elsewhere = fork();
  if (elsewhere == 0) {
    setsid();
    _exit(kill(root_pid, SIGCONT) == -1 && errno == EPERM ? 0 : 1);
  }
  int other_session = tt_wait_timeout(elsewhere, 10);
  TT_CHECK("kill.unprivileged_sigcont_other_session_eperm", WIFEXITED(other_session) && WEXITSTATUS(other_session) == 0,
           "from a new session, kill(root's pid, SIGCONT) did not fail with EPERM (child %s)",
           tt_status_str(other_session));
  pid_t own = tt_fork_pausing();
  TT_CHECK("kill.unprivileged_same_user_ok", kill(own, SIGTERM) == 0, "%s", strerror(errno));
  int status = tt_wait_timeout(own, 10);
  TT_CHECK("kill.unprivileged_same_user_delivered", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "child %s",
           tt_status_str(status));
  TT_CHECK("kill.unprivileged_matches_target_real_uid", kill(mixed, SIGTERM) == 0,
           "kill of a process with real uid 1000, effective 0: %s", strerror(errno));
  status = tt_wait_timeout(mixed, 10);
  TT_CHECK("kill.unprivileged_matches_target_real_uid_delivered", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
           "target %s", tt_status_str(status));
}

/* kill(-1, sig) as an otherwise unused uid: reaches our own child, never
 * the caller's parent (root) and never init. */
static void kill_minus_one(void *arg) {
  pid_t root_pid = (pid_t)(long)arg;
  (void)root_pid;
  if (!tt_become_user(54321, 54321)) {
    tt_fail("kill.minus_one_reaches_permitted", "could not drop to uid 54321: %s", strerror(errno));
    return;
  }
  /* Linux: kill(-1) succeeds when it found any process, even if it may
   * signal none of them (here: only root's and init are there). */
  TT_CHECK("kill.minus_one_none_permitted_returns_0", kill(-1, 0) == 0, "kill(-1, 0): %s", strerror(errno));
  fflush(stdout);
  pid_t child = tt_fork_pausing();
  tt_signal_hits = 0;
  tt_handle(SIGUSR1, tt_counting_handler, 0, no_signals()); /* after the fork: the child keeps SIG_DFL */
  int r = kill(-1, SIGUSR1);
  int status = tt_wait_timeout(child, 10);
  TT_CHECK("kill.minus_one_reaches_permitted", r == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1,
           "kill(-1) = %d (%s), child %s", r, r < 0 ? strerror(errno) : "", tt_status_str(status));
  /* kill(2): "on Linux the call kill(-1,sig) does not signal the calling process". */
  TT_CHECK("kill.minus_one_skips_caller", tt_signal_hits == 0, "the caller's handler ran %d times", (int)tt_signal_hits);
}

/* Across fork: handlers and mask inherited, pending set empty. */
static void check_fork_exec(void) {
  tt_handle(SIGUSR1, tt_counting_handler, 0, 0);
  tt_handle(SIGUSR2, SIG_IGN, 0, 0);
  sigset_t m = tt_sigset_of(SIGTERM), old;
  sigprocmask(SIG_BLOCK, &m, &old);
  raise(SIGTERM); /* pending in the parent */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int bad = 0;
    sigset_t pend, mask;
    sigpending(&pend);
    if (sigismember(&pend, SIGTERM)) bad |= 1;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    if (!sigismember(&mask, SIGTERM)) bad |= 2;
    tt_signal_hits = 0;
    raise(SIGUSR1);
    if (tt_signal_hits != 1) bad |= 4;
    _exit(bad);
  }
  int status = tt_wait_timeout(pid, 10);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 255;
  TT_CHECK("fork.child_pending_set_empty", code != 255 && !(code & 1), "child %s", tt_status_str(status));
  TT_CHECK("fork.child_inherits_mask", code != 255 && !(code & 2), "child %s", tt_status_str(status));
  TT_CHECK("fork.child_inherits_handler", code != 255 && !(code & 4), "child %s", tt_status_str(status));

  /* Across exec: caught -> default, ignored stays ignored, mask kept. The
   * re-executed program checks and reports through its exit status. */
  pid = fork();
  if (pid == 0) {
    raise(SIGTERM); /* blocked: pending across the exec */
    char *argv[] = {(char *)tt_self_path(), "--exec-signal-child", NULL};
    execve(tt_self_path(), argv, environ);
    _exit(100);
  }
  status = tt_wait_timeout(pid, 10);
  code = WIFEXITED(status) ? WEXITSTATUS(status) : 255;
  TT_CHECK("exec.caught_signal_reset_to_default", code < 16 && !(code & 1), "exec'd child %s", tt_status_str(status));
  TT_CHECK("exec.ignored_signal_stays_ignored", code < 16 && !(code & 2), "exec'd child %s", tt_status_str(status));
  TT_CHECK("exec.mask_kept", code < 16 && !(code & 4), "exec'd child %s", tt_status_str(status));
  TT_CHECK("exec.pending_kept", code < 16 && !(code & 8), "exec'd child %s", tt_status_str(status));
  /* Drop our pending SIGTERM before unblocking. */
  tt_handle(SIGTERM, SIG_IGN, 0, 0);
  sigprocmask(SIG_SETMASK, &old, NULL);
  tt_handle(SIGTERM, SIG_DFL, 0, 0);
  tt_handle(SIGUSR1, SIG_DFL, 0, 0);
  tt_handle(SIGUSR2, SIG_DFL, 0, 0);
}

static int exec_signal_child(void) {
  int bad = 0;
  struct sigaction sa;
  sigaction(SIGUSR1, NULL, &sa);
  if (sa.sa_handler != SIG_DFL) bad |= 1;
  sigaction(SIGUSR2, NULL, &sa);
  if (sa.sa_handler != SIG_IGN) bad |= 2;
  sigset_t mask;
  sigprocmask(SIG_BLOCK, NULL, &mask);
  if (!sigismember(&mask, SIGTERM)) bad |= 4;
  sigset_t pend;
  sigpending(&pend);
  if (!sigismember(&pend, SIGTERM)) bad |= 8;
  /* Leave without taking the pending SIGTERM. */
  return bad;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--exec-signal-child") == 0) return exec_signal_child();
  tt_init(argc, argv);
  check_handlers();
  check_masks();
  check_default_actions();
  check_sigchld();
  check_blocked_ignored();
  check_kill();
  if (geteuid() == 0) {
    tt_run_in_child("kill.unprivileged_child", kill_as_user, (void *)(long)getpid(), 15);
    tt_run_in_child("kill.minus_one_child", kill_minus_one, (void *)(long)getpid(), 15);
  } else {
    tt_skip("kill.unprivileged_other_user_eperm", "needs root to drop to uid 1000");
  }
  check_fork_exec();
  return tt_done();
}
