/* signal_queue: real-time signals are queued, standard signals are not.
 *
 * Sources: signal(7) "Real-time signals": "Multiple instances of real-time
 * signals can be queued", "If the signal is sent using sigqueue(3), an
 * accompanying value ... can be sent", "Real-time signals are delivered in
 * a guaranteed order. Multiple real-time signals of the same type are
 * delivered in the order they were sent. If different real-time signals are
 * sent to a process, they are delivered starting with the lowest-numbered
 * signal", and standard signals first ("Linux ... gives priority to
 * standard signals"); "only one instance of [a standard signal] is marked
 * as pending". getrlimit(2) RLIMIT_SIGPENDING: a limit on the signals
 * queued for the real user ID; Linux's kernel/signal.c (__send_signal_locked,
 * collect_signal): past it sigqueue(3) and tgkill(2) of a real-time signal
 * fail with EAGAIN, kill(2) still sends it without its siginfo (si_code
 * SI_USER, si_pid 0), a standard signal is sent without its siginfo unless
 * kill(2) or the kernel sent it. proc(5) SigQ: queued signals of the real
 * uid / the limit. Pending signals survive execve(2); a signal made ignored
 * is discarded with its queue.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

#define RT1 (SIGRTMIN + 1)
#define RT2 (SIGRTMIN + 2)

static void block(int sig) {
  sigset_t set = tt_sigset_of(sig);
  sigprocmask(SIG_BLOCK, &set, NULL);
}

static void unblock(int sig) {
  sigset_t set = tt_sigset_of(sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static int queue_value(int sig, int value) {
  union sigval v = {.sival_int = value};
  return sigqueue(getpid(), sig, v);
}

/* Takes one pending instance of sig at once: its number, or -1 (errno). */
static int take(int sig, siginfo_t *si) {
  sigset_t set = tt_sigset_of(sig);
  struct timespec zero = {0, 0};
  memset(si, 0, sizeof *si);
  return sigtimedwait(&set, si, &zero);
}

static bool is_pending(int sig) {
  sigset_t set;
  sigemptyset(&set);
  sigpending(&set);
  return sigismember(&set, sig) == 1;
}

/* The first number of /proc/self/status "SigQ: queued/limit", or -1. */
static long queued_for_user(void) {
  char buf[4096];
  ssize_t n = tt_read_file("/proc/self/status", buf, sizeof buf - 1);
  if (n <= 0) return -1;
  buf[n] = '\0';
  const char *line = strstr(buf, "SigQ:");
  long queued;
  return line && sscanf(line, "SigQ: %ld/", &queued) == 1 ? queued : -1;
}

/* What handlers saw, in order. */
#define MAX_SEEN 16
static volatile int seen_sig[MAX_SEEN], seen_value[MAX_SEEN], seen_code[MAX_SEEN], seen_count;

static void recording_handler(int sig, siginfo_t *si, void *context) {
  (void)context;
  if (seen_count < MAX_SEEN) {
    seen_sig[seen_count] = sig;
    seen_value[seen_count] = si->si_value.sival_int;
    seen_code[seen_count] = si->si_code;
  }
  seen_count++;
}

/* Each handler blocks all three signals: Linux sets up the frames of every
 * deliverable signal at once (the last set up runs first), so only one at a
 * time makes the order of delivery the order the handlers run in. */
static void record(int sig) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = recording_handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, RT1);
  sigaddset(&sa.sa_mask, RT2);
  sigaddset(&sa.sa_mask, SIGUSR2);
  sigaction(sig, &sa, NULL);
}

static void libc_numbers(void) {
  /* glibc keeps the kernel's 32 and 33 for its threads (SIGRTMIN 34);
   * Tether's libc has no such use (32). Either way the range ends at 64. */
  printf("# SIGRTMIN %d, SIGRTMAX %d\n", SIGRTMIN, SIGRTMAX);
  TT_CHECK("sigrtmin_from_libc", SIGRTMIN >= 32 && SIGRTMIN <= 35 && SIGRTMAX == 64, "SIGRTMIN %d, SIGRTMAX %d",
           SIGRTMIN, SIGRTMAX);
}

static void queued_to_sigwait(void) {
  block(RT1);
  int sent = 0;
  for (int i = 1; i <= 3; i++) sent += queue_value(RT1, i) == 0;
  TT_CHECK("sigqueue_three_accepted", sent == 3, "%d of 3 sigqueue calls succeeded (%s)", sent, strerror(errno));
  TT_CHECK("sigpending_shows_queued", is_pending(RT1), "not in sigpending");
  bool in_order = true, infos = true;
  siginfo_t si;
  for (int i = 1; i <= 3; i++) {
    int r = take(RT1, &si);
    if (r != RT1 || si.si_value.sival_int != i) in_order = false;
    if (r != RT1 || si.si_code != SI_QUEUE || si.si_pid != getpid() || si.si_uid != getuid()) infos = false;
    if (i == 2)
      TT_CHECK("still_pending_while_queued", is_pending(RT1), "pending cleared with one instance left to take");
  }
  TT_CHECK("sigwait_takes_each_in_order", in_order, "values not 1, 2, 3 in that order");
  TT_CHECK("each_has_its_siginfo", infos, "si_code, si_pid or si_uid wrong in some instance");
  TT_CHECK("queue_empty_after_all_taken", take(RT1, &si) == -1 && errno == EAGAIN && !is_pending(RT1),
           "a fourth instance, or still pending");

  kill(getpid(), RT1);
  kill(getpid(), RT1);
  int first = take(RT1, &si);
  int first_code = si.si_code, first_pid = si.si_pid;
  int second = take(RT1, &si);
  TT_CHECK("kill_twice_two_instances",
           first == RT1 && second == RT1 && first_code == SI_USER && si.si_code == SI_USER && first_pid == getpid(),
           "took %d then %d, si_code %d/%d", first, second, first_code, si.si_code);
  tgkill(getpid(), getpid(), RT1);
  tgkill(getpid(), getpid(), RT1);
  first = take(RT1, &si);
  second = take(RT1, &si);
  TT_CHECK("tgkill_twice_two_instances", first == RT1 && second == RT1 && si.si_code == SI_TKILL,
           "took %d then %d, si_code %d", first, second, si.si_code);
  unblock(RT1);
}

static void handler_order(void) {
  record(RT1);
  record(RT2);
  record(SIGUSR2);
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, RT1);
  sigaddset(&set, RT2);
  sigaddset(&set, SIGUSR2);
  sigprocmask(SIG_BLOCK, &set, &old);
  seen_count = 0;
  queue_value(RT2, 1);
  queue_value(RT1, 2);
  queue_value(RT2, 3);
  queue_value(RT1, 4);
  queue_value(SIGUSR2, 5);
  sigprocmask(SIG_SETMASK, &old, NULL);
  /* The handlers run one after another on the way back to user mode. */
  int expect_sig[] = {SIGUSR2, RT1, RT1, RT2, RT2}, expect_value[] = {5, 2, 4, 1, 3};
  bool order = seen_count == 5;
  for (int i = 0; order && i < 5; i++)
    order = seen_sig[i] == expect_sig[i] && seen_value[i] == expect_value[i] && seen_code[i] == SI_QUEUE;
  TT_CHECK("handlers_standard_then_lowest_realtime_then_order_sent", order,
           "%d handler runs; first: signal %d value %d, second: signal %d value %d", seen_count, seen_sig[0],
           seen_value[0], seen_sig[1], seen_value[1]);
  signal(RT1, SIG_DFL);
  signal(RT2, SIG_DFL);
  signal(SIGUSR2, SIG_DFL);
}

static void standard_not_queued(void) {
  block(SIGUSR1);
  queue_value(SIGUSR1, 5);
  queue_value(SIGUSR1, 6);
  siginfo_t si;
  int r = take(SIGUSR1, &si);
  int value = si.si_value.sival_int;
  int again = take(SIGUSR1, &si);
  TT_CHECK("standard_one_instance_first_siginfo", r == SIGUSR1 && value == 5 && again == -1 && errno == EAGAIN,
           "took %d (value %d), then %d", r, value, again);

  block(SIGRTMIN);
  queue_value(SIGRTMIN, 1);
  queue_value(SIGUSR1, 2);
  sigset_t both = tt_sigset_of(SIGRTMIN);
  sigaddset(&both, SIGUSR1);
  int a = sigwaitinfo(&both, &si);
  int b = sigwaitinfo(&both, &si);
  TT_CHECK("sigwait_standard_before_realtime", a == SIGUSR1 && b == SIGRTMIN, "took %d then %d", a, b);

  /* Linux's next_signal takes the signals a fault raises (SIGSEGV, SIGBUS,
   * SIGILL, SIGTRAP, SIGFPE, SIGSYS) before lower-numbered ones. */
  sigset_t fault_and_hup = tt_sigset_of(SIGHUP);
  sigaddset(&fault_and_hup, SIGSEGV);
  sigaddset(&fault_and_hup, SIGFPE);
  sigprocmask(SIG_BLOCK, &fault_and_hup, NULL);
  kill(getpid(), SIGHUP);
  kill(getpid(), SIGSEGV);
  kill(getpid(), SIGFPE);
  int f1 = sigwaitinfo(&fault_and_hup, &si);
  int f2 = sigwaitinfo(&fault_and_hup, &si);
  int f3 = sigwaitinfo(&fault_and_hup, &si);
  sigprocmask(SIG_UNBLOCK, &fault_and_hup, NULL);
  TT_CHECK("sigwait_fault_signals_first", f1 == SIGFPE && f2 == SIGSEGV && f3 == SIGHUP,
           "took %d, %d, %d (want SIGFPE %d, SIGSEGV %d, SIGHUP %d)", f1, f2, f3, SIGFPE, SIGSEGV, SIGHUP);
  unblock(SIGRTMIN);
  unblock(SIGUSR1);
}

/* SigQ counts the queued signals of every process of a user: as root on a
 * host, other tests' too. A uid nobody else has makes the count ours. */
enum { kPrivateUid = 4242 };
static bool as_private_user(void) { return geteuid() != 0 || tt_become_user(kPrivateUid, kPrivateUid); }

static void ignoring_discards(void *arg) {
  (void)arg;
  if (!as_private_user()) {
    tt_fail("sigq_counts_and_discard_returns", "could not become uid %d: %s", kPrivateUid, strerror(errno));
    return;
  }
  long before = queued_for_user();
  block(RT1);
  for (int i = 0; i < 5; i++) queue_value(RT1, i);
  long during = queued_for_user();
  signal(RT1, SIG_IGN);
  bool gone = !is_pending(RT1);
  long after = queued_for_user();
  signal(RT1, SIG_DFL);
  siginfo_t si;
  TT_CHECK("sig_ign_discards_queue", gone && take(RT1, &si) == -1 && errno == EAGAIN, "still pending");
  TT_CHECK("sigq_counts_and_discard_returns", during == before + 5 && after == before,
           "SigQ %ld, %ld queued, %ld after SIG_IGN", before, during, after);
  unblock(RT1);
}

/* --exec-check: the instances queued before execve are all here. */
static int exec_check(void) {
  siginfo_t si;
  int a = take(RT1, &si), va = si.si_value.sival_int;
  int b = take(RT1, &si), vb = si.si_value.sival_int;
  if (a != RT1 || b != RT1) return 1;
  if (va != 11 || vb != 12) return 2;
  return take(RT1, &si) == -1 ? 0 : 3;
}

static void survives_exec(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    block(RT1); /* the mask survives execve too */
    queue_value(RT1, 11);
    queue_value(RT1, 12);
    char *argv[] = {(char *)tt_self_path(), "--exec-check", NULL};
    _exit(tt_exec_failure_code(argv[0], argv, environ));
  }
  int status = tt_wait_timeout(pid, 15);
  TT_CHECK("queue_survives_execve", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "re-executed copy %s (1 not two instances, 2 values, 3 a third)", tt_status_str(status));
}

/* RLIMIT_SIGPENDING, in a child so that the limit and its queue go with
 * it. Exit code: 0, or the step that failed. */
static int limit_child(void *arg) {
  (void)arg;
  if (!as_private_user()) return 1;
  long base = queued_for_user();
  if (base < 0) return 1;
  enum { N = 8 };
  struct rlimit rl;
  getrlimit(RLIMIT_SIGPENDING, &rl);
  rl.rlim_cur = base + N;
  if (setrlimit(RLIMIT_SIGPENDING, &rl) != 0) return 2;
  block(SIGRTMIN);
  block(RT1);
  block(RT2);
  block(SIGUSR1);
  block(SIGUSR2);
  int accepted = 0;
  while (accepted < N + 4 && queue_value(SIGRTMIN, accepted) == 0) accepted++;
  if (accepted != N) return 10;
  if (errno != EAGAIN) return 11;
  if (queued_for_user() != base + N) return 12;
  /* kill(2): sent, without its siginfo. */
  if (kill(getpid(), RT1) != 0 || !is_pending(RT1)) return 20;
  siginfo_t si;
  if (take(RT1, &si) != RT1 || si.si_code != SI_USER || si.si_pid != 0) return 21;
  /* tgkill(2) of a real-time signal: EAGAIN, nothing sent. */
  if (tgkill(getpid(), getpid(), RT2) != -1 || errno != EAGAIN || is_pending(RT2)) return 30;
  /* sigqueue(3) of a standard signal: sent, without its siginfo. */
  if (queue_value(SIGUSR1, 99) != 0 || !is_pending(SIGUSR1)) return 40;
  if (take(SIGUSR1, &si) != SIGUSR1 || si.si_code != SI_USER || si.si_pid != 0) return 41;
  /* kill(2) of a standard signal gets its siginfo past the limit. */
  if (kill(getpid(), SIGUSR2) != 0) return 50;
  if (take(SIGUSR2, &si) != SIGUSR2 || si.si_code != SI_USER || si.si_pid != getpid()) return 51;
  /* Taking one makes room for one. */
  if (take(SIGRTMIN, &si) != SIGRTMIN || si.si_value.sival_int != 0) return 60;
  if (queue_value(SIGRTMIN, 100) != 0) return 61;
  if (queue_value(SIGRTMIN, 101) != -1 || errno != EAGAIN) return 62;
  return 0;
}

static void pending_limit(void) {
  int status = tt_fork_status(limit_child, NULL, 30);
  int code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  const char *steps = "1 private uid or SigQ unreadable, 2 setrlimit, 1x sigqueue to the limit, 2x kill past it, 3x tgkill, "
                      "4x standard sigqueue, 5x standard kill, 6x room after a take";
  TT_CHECK("rlimit_sigpending_sigqueue_eagain", code == 0 || code > 12, "child %s (%s)", tt_status_str(status), steps);
  TT_CHECK("rlimit_sigpending_kill_sent_without_siginfo", code == 0 || code > 21, "child %s (%s)",
           tt_status_str(status), steps);
  TT_CHECK("rlimit_sigpending_tgkill_eagain", code == 0 || code > 30, "child %s (%s)", tt_status_str(status), steps);
  TT_CHECK("rlimit_sigpending_standard_sigqueue_without_siginfo", code == 0 || code > 41, "child %s (%s)",
           tt_status_str(status), steps);
  TT_CHECK("rlimit_sigpending_standard_kill_keeps_siginfo", code == 0 || code > 51, "child %s (%s)",
           tt_status_str(status), steps);
  TT_CHECK("rlimit_sigpending_take_makes_room", code == 0, "child %s (%s)", tt_status_str(status), steps);
}

/* A child queues `count` instances to itself, blocked, then exits. */
static int queue_and_exit(void *arg) {
  int count = *(int *)arg;
  block(SIGRTMIN);
  for (int i = 0; i < count; i++)
    if (queue_value(SIGRTMIN, i) != 0) return 1;
  return 0;
}

static int queue_and_take(void *arg) {
  int count = *(int *)arg;
  block(SIGRTMIN);
  for (int i = 0; i < count; i++)
    if (queue_value(SIGRTMIN, i) != 0) return 1;
  siginfo_t si;
  for (int i = 0; i < count; i++)
    if (take(SIGRTMIN, &si) != SIGRTMIN || si.si_value.sival_int != i) return 2;
  return 0;
}

/* A child of ours (same private uid) queues 2000 and exits: the user's
 * count comes back. */
static void exit_frees(void *arg) {
  int count = *(int *)arg;
  if (!as_private_user()) {
    tt_fail("exit_frees_queue", "could not become uid %d: %s", kPrivateUid, strerror(errno));
    return;
  }
  long before = queued_for_user();
  int status = tt_fork_status(queue_and_exit, &count, 60);
  long after = queued_for_user();
  TT_CHECK("exit_frees_queue", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && after == before,
           "child %s, SigQ %ld before, %ld after", tt_status_str(status), before, after);
}

static void memory_returns(void) {
  int count = 2000;
  tt_run_in_child("exit_frees_queue_child", exit_frees, &count, 90);
  int status = tt_fork_status(queue_and_take, &count, 60);
  TT_CHECK("take_each_of_many", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "child %s (1 sigqueue failed, 2 an instance out of order)", tt_status_str(status));
  if (!tt_on_tether()) {
    tt_skip("queued_memory_returns", "the host's MemFree moves with every process");
    return;
  }
  /* The kernel heap keeps pages it once used for its free lists: a first
   * round warms it, then rounds must not take more. */
  long start = tt_mem_free_kb();
  bool ok = true;
  for (int round = 0; round < 4 && ok; round++) {
    ok = tt_fork_status(queue_and_exit, &count, 60) == 0 && tt_fork_status(queue_and_take, &count, 60) == 0;
    block(SIGRTMIN);
    for (int i = 0; i < count; i++) queue_value(SIGRTMIN, i);
    signal(SIGRTMIN, SIG_IGN); /* discard */
    signal(SIGRTMIN, SIG_DFL);
    unblock(SIGRTMIN);
  }
  long end = tt_mem_free_kb();
  TT_CHECK("queued_memory_returns", ok && start > 0 && start - end < 256,
           "MemFree %ld kB -> %ld kB after 4 rounds of %d queued signals (children %s)", start, end, count,
           ok ? "ok" : "failed");
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  if (argc > 1 && strcmp(argv[1], "--exec-check") == 0) return exec_check();
  libc_numbers();
  queued_to_sigwait();
  handler_order();
  standard_not_queued();
  tt_run_in_child("sig_ign_discards_child", ignoring_discards, NULL, 30);
  survives_exec();
  pending_limit();
  memory_returns();
  return tt_done();
}
