/* The scheduler and wait queues: a process that never makes a system call
 * must not keep the CPU (preemption), and sleeping never ends early
 * (deadlines). No test here depends on how fast anything runs. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testlib/tether_test.h"

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A child spins without syscalls. If user code were not preempted, the
 * parent would never run again and the test would time out (a failure). */
static void test_spinner_does_not_starve_parent(void) {
  pid_t child = fork();
  if (child == 0) {
    for (volatile unsigned long i = 0;; i++) {
    }
  }
  struct timespec pause = {0, 50 * 1000 * 1000};
  nanosleep(&pause, NULL);
  TT_CHECK("preempt.parent_runs_beside_spinner", kill(child, SIGKILL) == 0, "kill: %s", strerror(errno));
  int status = 0;
  pid_t got = waitpid(child, &status, 0);
  TT_CHECK("preempt.spinner_killed", got == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
           "waitpid %d status %#x", (int)got, status);
}

/* Two spinners report progress through one pipe: both must appear, so the
 * CPU really is shared round-robin between runnable processes. */
static void spin_and_report(int fd, char tag) {
  for (int reports = 0; reports < 20; reports++) {
    for (volatile unsigned long i = 0; i < 2000000; i++) {
    }
    if (write(fd, &tag, 1) != 1) _exit(1);
  }
  _exit(0);
}

static void test_two_spinners_share_cpu(void) {
  int fds[2];
  if (pipe(fds) != 0) {
    tt_fail("preempt.two_spinners_interleave", "pipe: %s", strerror(errno));
    return;
  }
  pid_t a = fork();
  if (a == 0) spin_and_report(fds[1], 'a');
  pid_t b = fork();
  if (b == 0) spin_and_report(fds[1], 'b');
  close(fds[1]);
  char log[64];
  size_t n = 0;
  ssize_t r;
  while (n < sizeof log && (r = read(fds[0], log + n, sizeof log - n)) > 0) n += (size_t)r;
  close(fds[0]);
  int sa = 0, sb = 0;
  waitpid(a, &sa, 0);
  waitpid(b, &sb, 0);
  /* Interleaved means: before the first spinner finished its 20 reports,
   * the other had reported at least once. */
  int first_a = -1, first_b = -1, last_a = -1, last_b = -1;
  for (size_t i = 0; i < n; i++) {
    if (log[i] == 'a') { if (first_a < 0) first_a = (int)i; last_a = (int)i; }
    if (log[i] == 'b') { if (first_b < 0) first_b = (int)i; last_b = (int)i; }
  }
  TT_CHECK("preempt.two_spinners_all_reports", n == 40, "got %zu of 40 reports", n);
  TT_CHECK("preempt.two_spinners_interleave", first_a >= 0 && first_b >= 0 && first_b < last_a && first_a < last_b,
           "reports were not interleaved: %.*s", (int)n, log);
  printf("# report order: %.*s\n", (int)n, log);
  TT_CHECK("preempt.two_spinners_exit", WIFEXITED(sa) && WEXITSTATUS(sa) == 0 && WIFEXITED(sb) && WEXITSTATUS(sb) == 0,
           "status %#x %#x", sa, sb);
}

/* nanosleep(2): "suspends execution ... until at least the time specified". */
static void test_sleep_is_never_short(void) {
  int early = 0;
  for (int i = 0; i < 5; i++) {
    struct timespec want = {0, (long)(i + 1) * 7 * 1000 * 1000};
    uint64_t start = now_ns();
    int r = nanosleep(&want, NULL);
    uint64_t slept = now_ns() - start;
    if (r != 0 || slept < (uint64_t)want.tv_nsec) early++;
  }
  TT_CHECK("waitqueue.deadline_not_early", early == 0, "%d of 5 sleeps returned early or failed", early);
}

/* Many processes sleeping on deadlines at once all wake, in any order. */
static void test_many_sleepers_wake(void) {
  enum { kSleepers = 8 };
  pid_t pids[kSleepers];
  for (int i = 0; i < kSleepers; i++) {
    pids[i] = fork();
    if (pids[i] == 0) {
      struct timespec t = {0, (long)(kSleepers - i) * 5 * 1000 * 1000};
      _exit(nanosleep(&t, NULL) == 0 ? 0 : 1);
    }
  }
  int woke = 0;
  for (int i = 0; i < kSleepers; i++) {
    int status = 0;
    if (waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) && WEXITSTATUS(status) == 0) woke++;
  }
  TT_CHECK("waitqueue.many_sleepers_wake", woke == kSleepers, "%d of %d woke cleanly", woke, kSleepers);
}

int main(void) {
  test_spinner_does_not_starve_parent();
  test_two_spinners_share_cpu();
  test_sleep_is_never_short();
  test_many_sleepers_wake();
  return tt_done();
}
