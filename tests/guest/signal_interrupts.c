/* signal_interrupts: what a signal does to a process that is waiting or
 * computing, and the timers that send SIGALRM.
 *
 * EINTR versus SA_RESTART for a blocking pipe read, a blocking pipe write
 * and wait4, each interrupted by alarm(1); nanosleep and pause, never
 * restarted; nanosleep's remaining time; alarm and setitimer(ITIMER_REAL)
 * (one-shot, periodic, getitimer, EINVAL), alarms across fork (dropped) and
 * exec (kept); the CPU-time timers ITIMER_VIRTUAL (SIGVTALRM, user time:
 * fires while looping, never while asleep) and ITIMER_PROF (SIGPROF, user
 * and system time) with their intervals, getitimer, old values, EINVAL,
 * EFAULT, dropped by fork and kept by exec; and the FPU/SSE state of code
 * interrupted by a handler.
 *
 * Sources: POSIX read(), write() ("interrupted by a signal before it
 * writes any data": EINTR), wait(), nanosleep(), pause(), alarm(), fork()
 * ("alarms ... not inherited"), exec ("time left until an alarm clock
 * signal" is kept), getitimer(); Linux signal(7) ("Interruption of system
 * calls and library functions by signal handlers": read/write on pipes and
 * wait4 restart with SA_RESTART; nanosleep and pause never do),
 * nanosleep(2), alarm(2) (shares the timer with setitimer), setitimer(2)
 * ("ITIMER_VIRTUAL ... counts down against the user-mode CPU time",
 * "ITIMER_PROF ... both the user-mode and kernel-mode CPU time", EFAULT,
 * EINVAL "which is not one of ...", "tv_usec ... outside the range [0,
 * 999999]"), fork(2) ("does not inherit timers").
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


static int handler_pipe_fd = -1;

/* SIGALRM handler for the pipe checks: puts a byte in the pipe, so a
 * restarted read has something to return. */
static void on_alarm_write(int sig) {
  (void)sig;
  tt_signal_hits++;
  if (handler_pipe_fd >= 0) write(handler_pipe_fd, "A", 1);
}

/* SIGALRM handler for the wait4 checks: closes a pipe end, which lets the
 * child being waited for exit. */
static int close_in_handler_fd = -1;
static void on_alarm_close(int sig) {
  (void)sig;
  tt_signal_hits++;
  if (close_in_handler_fd >= 0) close(close_in_handler_fd);
  close_in_handler_fd = -1;
}

/* The handler does its own floating-point work while the main flow is in
 * the middle of a computation: the interrupted flow must get its FPU/SSE
 * registers back (the signal frame saves them). */
static volatile double handler_fp_sink;
static void on_timer_fp(int sig) {
  (void)sig;
  tt_signal_hits++;
  volatile double a = 3.25, b = 7.5;
  double x = a;
  for (int i = 0; i < 50; i++) x = x * b / (b - 1.0) + a;
  handler_fp_sink = x;
}

static double fp_work(long rounds) {
  volatile double seed = 1.000001;
  double x = seed, y = 2.0, z = 0.5;
  for (long i = 0; i < rounds; i++) {
    x = x * seed + z;
    y = y / seed - z * 0.25;
    z = (x - y) * 1e-9 + 0.5;
  }
  return x + y + z;
}

static void check_fpu_preserved(void *arg) {
  (void)arg;
  const long rounds = 3000000;
  double expected = fp_work(rounds);
  tt_handle(SIGALRM, on_timer_fp, SA_RESTART, 0);
  struct tt_itimerval it = {{0, 1000}, {0, 1000}};
  tt_signal_hits = 0;
  tt_setitimer(TT_ITIMER_REAL, &it, NULL);
  double got = 0;
  int tries = 0;
  /* Repeat until at least a few signals landed in the middle. */
  do {
    got = fp_work(rounds);
  } while (got == expected && tt_signal_hits < 5 && ++tries < 50);
  it = (struct tt_itimerval){{0, 0}, {0, 0}};
  tt_setitimer(TT_ITIMER_REAL, &it, NULL);
  if (tt_signal_hits == 0) {
    tt_fail("handler.fpu_state_preserved", "no SIGALRM arrived during the computation");
    return;
  }
  printf("# %d SIGALRM handlers ran during %d computations\n", (int)tt_signal_hits, tries + 1);
  TT_CHECK("handler.fpu_state_preserved", got == expected, "%d handlers ran; result %.17g, expected %.17g", (int)tt_signal_hits,
           got, expected);
}

/* Blocking pipe read, interrupted by SIGALRM from alarm(1). The handler
 * writes one byte into the pipe. With SA_RESTART the read is restarted and
 * returns that byte; without, it fails with EINTR (and the byte waits). */
static void pipe_read_interrupted(void *arg) {
  bool restart = arg != NULL;
  const char *id = restart ? "eintr.pipe_read_sa_restart_restarts" : "eintr.pipe_read_no_sa_restart_eintr";
  int p[2];
  pipe(p);
  handler_pipe_fd = p[1];
  tt_handle(SIGALRM, on_alarm_write, restart ? SA_RESTART : 0, 0);
  tt_signal_hits = 0;
  alarm(1);
  char buf[8] = {0};
  ssize_t n = read(p[0], buf, sizeof buf);
  int e = errno;
  if (restart) {
    TT_CHECK(id, n == 1 && buf[0] == 'A' && tt_signal_hits == 1, "read returned %ld (%s), handler ran %d times", (long)n,
             n < 0 ? strerror(e) : "", (int)tt_signal_hits);
  } else {
    TT_CHECK(id, n == -1 && e == EINTR && tt_signal_hits == 1, "read returned %ld (%s), handler ran %d times", (long)n,
             n < 0 ? strerror(e) : "", (int)tt_signal_hits);
    n = read(p[0], buf, sizeof buf);
    TT_CHECK("eintr.pipe_read_data_still_there", n == 1 && buf[0] == 'A', "next read returned %ld", (long)n);
  }
}

/* SIGALRM handler for the write checks: drains the pipe, so a restarted
 * write has room. */
static int handler_drain_fd = -1;
static void on_alarm_drain(int sig) {
  (void)sig;
  tt_signal_hits++;
  char buf[4096];
  if (handler_drain_fd >= 0)
    while (read(handler_drain_fd, buf, sizeof buf) > 0) {
    }
}

/* Blocking write of one byte into a full pipe, interrupted by alarm(1). */
static void pipe_write_interrupted(void *arg) {
  bool restart = arg != NULL;
  const char *id = restart ? "eintr.pipe_write_sa_restart_restarts" : "eintr.pipe_write_no_sa_restart_eintr";
  int p[2];
  pipe(p);
  fcntl(p[0], F_SETFL, O_NONBLOCK); /* for the handler's draining reads */
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  char buf[4096];
  memset(buf, 'f', sizeof buf);
  while (write(p[1], buf, sizeof buf) > 0) {
  }
  while (write(p[1], buf, 1) > 0) {
  }
  fcntl(p[1], F_SETFL, 0); /* blocking again, pipe full */
  handler_drain_fd = p[0];
  tt_handle(SIGALRM, on_alarm_drain, restart ? SA_RESTART : 0, 0);
  tt_signal_hits = 0;
  alarm(1);
  ssize_t n = write(p[1], "w", 1);
  int e = errno;
  if (restart)
    TT_CHECK(id, n == 1 && tt_signal_hits == 1, "write returned %ld (%s), handler ran %d times", (long)n,
             n < 0 ? strerror(e) : "", (int)tt_signal_hits);
  else
    TT_CHECK(id, n == -1 && e == EINTR && tt_signal_hits == 1, "write returned %ld (%s), handler ran %d times", (long)n,
             n < 0 ? strerror(e) : "", (int)tt_signal_hits);
}

/* wait4 for a child that outlives alarm(1): EINTR without SA_RESTART,
 * restarted (and then reaping the child) with it. */
static void wait_interrupted(void *arg) {
  bool restart = arg != NULL;
  const char *id = restart ? "eintr.wait4_sa_restart_restarts" : "eintr.wait4_no_sa_restart_eintr";
  int hold[2];
  pipe(hold);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(hold[1]);
    char c;
    read(hold[0], &c, 1); /* until the parent's handler closes the other end */
    _exit(0);
  }
  close(hold[0]);
  handler_pipe_fd = -1;
  handler_drain_fd = -1;
  /* The handler ends the child by closing our end of hold. */
  int hold_fd = hold[1];
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm_close;
  sa.sa_flags = restart ? SA_RESTART : 0;
  close_in_handler_fd = hold_fd;
  sigaction(SIGALRM, &sa, NULL);
  tt_signal_hits = 0;
  alarm(1);
  int status = 0;
  pid_t r = waitpid(pid, &status, 0);
  int e = errno;
  if (restart)
    TT_CHECK(id, r == pid && tt_signal_hits == 1, "waitpid returned %d (%s), handler ran %d times", (int)r,
             r < 0 ? strerror(e) : "", (int)tt_signal_hits);
  else
    TT_CHECK(id, r == -1 && e == EINTR && tt_signal_hits == 1, "waitpid returned %d (%s), handler ran %d times", (int)r,
             r < 0 ? strerror(e) : "", (int)tt_signal_hits);
  tt_wait_timeout(pid, 10);
}

/* nanosleep and pause are never restarted, SA_RESTART or not (signal(7)). */
static void sleep_not_restarted(void *arg) {
  (void)arg;
  tt_handle(SIGALRM, tt_counting_handler, SA_RESTART, 0);
  tt_signal_hits = 0;
  alarm(1);
  struct timespec req = {4, 0}, rem;
  int r = nanosleep(&req, &rem);
  int e = errno;
  TT_CHECK("eintr.nanosleep_not_restarted_with_sa_restart", r == -1 && e == EINTR && tt_signal_hits == 1,
           "nanosleep returned %d (%s), handler ran %d times", r, r < 0 ? strerror(e) : "", (int)tt_signal_hits);
  tt_signal_hits = 0;
  alarm(1);
  r = pause();
  e = errno;
  TT_CHECK("eintr.pause_not_restarted_with_sa_restart", r == -1 && e == EINTR && tt_signal_hits == 1,
           "pause returned %d (%s), handler ran %d times", r, r < 0 ? strerror(e) : "", (int)tt_signal_hits);
}

static void check_interruptions(void) {
  tt_run_in_child("eintr.pipe_read_no_sa_restart_child", pipe_read_interrupted, NULL, 15);
  tt_run_in_child("eintr.pipe_read_sa_restart_child", pipe_read_interrupted, (void *)1, 15);
  tt_run_in_child("eintr.pipe_write_no_sa_restart_child", pipe_write_interrupted, NULL, 15);
  tt_run_in_child("eintr.pipe_write_sa_restart_child", pipe_write_interrupted, (void *)1, 15);
  tt_run_in_child("eintr.wait4_no_sa_restart_child", wait_interrupted, NULL, 15);
  tt_run_in_child("eintr.wait4_sa_restart_child", wait_interrupted, (void *)1, 15);
  tt_run_in_child("eintr.sleep_child", sleep_not_restarted, NULL, 15);
}

static void nanosleep_interrupted(void *arg) {
  (void)arg;
  tt_handle(SIGALRM, tt_counting_handler, 0, 0);
  tt_signal_hits = 0;
  alarm(1);
  struct timespec req = {5, 0}, rem = {0, 0};
  int r = nanosleep(&req, &rem);
  int e = errno;
  TT_CHECK("nanosleep.eintr", r == -1 && e == EINTR && tt_signal_hits == 1, "nanosleep returned %d (%s)", r,
           r < 0 ? strerror(e) : "");
  long rem_ms = rem.tv_sec * 1000 + rem.tv_nsec / 1000000;
  TT_CHECK("nanosleep.eintr_remaining_time", rem_ms >= 2000 && rem_ms < 5000 && rem.tv_nsec >= 0 &&
                                                 rem.tv_nsec < 1000000000L,
           "remaining %ld.%09ld s after about 1 s of a 5 s sleep", (long)rem.tv_sec, rem.tv_nsec);

  /* pause returns -1 EINTR after a handler. */
  tt_signal_hits = 0;
  alarm(1);
  r = pause();
  e = errno;
  TT_CHECK("pause.eintr_after_handler", r == -1 && e == EINTR && tt_signal_hits == 1, "pause returned %d (%s), %d runs", r,
           strerror(e), (int)tt_signal_hits);

  /* alarm's return value: the seconds left on the previous alarm. */
  alarm(10);
  unsigned left = alarm(0);
  TT_CHECK("alarm.returns_remaining", left == 10 || left == 9, "alarm(0) after alarm(10) returned %u", left);
  TT_CHECK("alarm.zero_cancels", alarm(0) == 0, "a second alarm(0) found an alarm");
  /* Linux rounds alarm's answer to the nearest second (alarm_setitimer),
   * and never answers 0 while an alarm is pending. */
  alarm(5);
  tt_sleep_ms(1700);
  left = alarm(0);
  TT_CHECK("alarm.remaining_rounded_to_nearest", left == 3,
           "alarm(0) 1.7 s into alarm(5) returned %u, expected 3 (3.3 s were left)", left);
  struct tt_itimerval short_one = {{0, 0}, {0, 300000}};
  tt_setitimer(TT_ITIMER_REAL, &short_one, NULL);
  left = alarm(0);
  TT_CHECK("alarm.under_a_second_pending_reports_1", left == 1, "alarm(0) with 0.3 s left returned %u", left);

  /* setitimer: a one-shot 100 ms timer, then a periodic one. */
  /* (Waiting in short sleeps, not sigsuspend, so these checks depend on
   * setitimer alone.) */
  struct tt_itimerval it = {{0, 0}, {0, 100000}}, old;
  tt_signal_hits = 0;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  tt_setitimer(TT_ITIMER_REAL, &it, NULL);
  while (tt_signal_hits == 0 && tt_ms_since(&start) < 5000) tt_sleep_ms(5);
  long ms = tt_ms_since(&start);
  tt_sleep_ms(200);
  TT_CHECK("setitimer.one_shot_fires_once", tt_signal_hits == 1 && ms >= 90, "%d SIGALRMs, the first after %ld ms", (int)tt_signal_hits,
           ms);
  it = (struct tt_itimerval){{0, 50000}, {0, 50000}};
  tt_signal_hits = 0;
  tt_setitimer(TT_ITIMER_REAL, &it, NULL);
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (tt_signal_hits < 3 && tt_ms_since(&start) < 5000) tt_sleep_ms(5);
  struct tt_itimerval cur;
  tt_getitimer(TT_ITIMER_REAL, &cur);
  TT_CHECK("setitimer.periodic_repeats", tt_signal_hits >= 3, "%d SIGALRMs from a 50 ms periodic timer", (int)tt_signal_hits);
  TT_CHECK("getitimer.reports_interval", cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 50000,
           "it_interval %ld.%06ld", cur.it_interval.tv_sec, cur.it_interval.tv_usec);
  it = (struct tt_itimerval){{0, 0}, {0, 0}};
  tt_setitimer(TT_ITIMER_REAL, &it, &old);
  TT_CHECK("setitimer.returns_old_value", old.it_interval.tv_usec == 50000, "old it_interval %ld.%06ld",
           old.it_interval.tv_sec, old.it_interval.tv_usec);
  tt_getitimer(TT_ITIMER_REAL, &cur);
  TT_CHECK("setitimer.zero_disarms", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0, "it_value %ld.%06ld",
           cur.it_value.tv_sec, cur.it_value.tv_usec);
  TT_CHECK("alarm.shares_itimer_real", (alarm(7), tt_getitimer(TT_ITIMER_REAL, &cur), cur.it_value.tv_sec >= 6 &&
                                                                                        cur.it_value.tv_sec <= 7),
           "getitimer after alarm(7): %ld s", cur.it_value.tv_sec);
  alarm(0);
  it = (struct tt_itimerval){{0, 0}, {0, 1000000}};
  tt_expect_errno("setitimer.usec_1e6_einval", tt_setitimer(TT_ITIMER_REAL, &it, NULL), EINVAL);
  it = (struct tt_itimerval){{0, 0}, {-1, 0}};
  tt_expect_errno("setitimer.negative_einval", tt_setitimer(TT_ITIMER_REAL, &it, NULL), EINVAL);
  it = (struct tt_itimerval){{0, 0}, {0, 0}};
  tt_expect_errno("setitimer.bad_which_einval", tt_setitimer(7, &it, NULL), EINVAL);
  struct timespec bad = {0, 1000000000L};
  tt_expect_errno("nanosleep.nsec_1e9_einval", nanosleep(&bad, NULL), EINVAL);
  bad = (struct timespec){-1, 0};
  tt_expect_errno("nanosleep.negative_einval", nanosleep(&bad, NULL), EINVAL);
  struct timespec short_sleep = {0, 100000000L};
  clock_gettime(CLOCK_MONOTONIC, &start);
  nanosleep(&short_sleep, NULL);
  ms = tt_ms_since(&start);
  TT_CHECK("nanosleep.sleeps_at_least_request", ms >= 100, "a 100 ms nanosleep took %ld ms", ms);
}

/* Alarms: not inherited by fork, kept across exec. */
static void check_alarm_fork_exec(void) {
  tt_handle(SIGALRM, tt_counting_handler, 0, 0);
  alarm(1);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    tt_signal_hits = 0;
    tt_sleep_ms(1500);
    _exit(tt_signal_hits);
  }
  int status = tt_wait_timeout(pid, 10);
  TT_CHECK("fork.alarm_not_inherited", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "child %s (exit code = SIGALRMs it got)", tt_status_str(status));
  alarm(0);
  tt_handle(SIGALRM, SIG_DFL, 0, 0);

  pid = fork();
  if (pid == 0) {
    alarm(1);
    char *argv[] = {(char *)tt_self_path(), "--exec-alarm-child", NULL};
    execve(tt_self_path(), argv, environ);
    _exit(100);
  }
  status = tt_wait_timeout(pid, 10);
  TT_CHECK("exec.alarm_kept", status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM,
           "exec'd child %s, expected killed by SIGALRM", tt_status_str(status));
}

/* A stop and a continue run no handler, so a sleeping call is not
 * interrupted: nanosleep sleeps on (Linux restarts it for the time left),
 * a pipe read goes on waiting for data. */
static void stop_continue_no_eintr(void *arg) {
  (void)arg;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    struct timespec req = {1, 0}, start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int r = nanosleep(&req, NULL);
    _exit(r == 0 ? (tt_ms_since(&start) >= 1000 ? 0 : 2) : 1);
  }
  tt_sleep_ms(300);
  kill(pid, SIGSTOP);
  tt_sleep_ms(200);
  kill(pid, SIGCONT);
  int status = tt_wait_timeout(pid, 10);
  TT_CHECK("nanosleep.stop_continue_sleeps_on", WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "child %s (exit 1: nanosleep failed, 2: returned early)", tt_status_str(status));

  int fds[2];
  if (pipe(fds) < 0) {
    tt_fail("eintr.pipe_read_stop_continue_no_eintr", "pipe: %s", strerror(errno));
    return;
  }
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    close(fds[1]);
    char c = 0;
    ssize_t n = read(fds[0], &c, 1);
    _exit(n == 1 && c == 'x' ? 0 : 1);
  }
  close(fds[0]);
  tt_sleep_ms(300);
  kill(pid, SIGSTOP);
  tt_sleep_ms(200);
  kill(pid, SIGCONT);
  tt_sleep_ms(200);
  write(fds[1], "x", 1);
  status = tt_wait_timeout(pid, 10);
  TT_CHECK("eintr.pipe_read_stop_continue_no_eintr", WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "reader %s (exit 1: read did not return the byte)", tt_status_str(status));
  close(fds[1]);
}

/* --- the CPU-time itimers: ITIMER_VIRTUAL (user time, SIGVTALRM) and
 * ITIMER_PROF (user and system time, SIGPROF) --- */

#define TT_ITIMER_VIRTUAL 1
#define TT_ITIMER_PROF 2

static volatile sig_atomic_t vtalrm_hits, prof_hits;
static void on_vtalrm(int sig) {
  (void)sig;
  vtalrm_hits++;
}
static void on_prof(int sig) {
  (void)sig;
  prof_hits++;
}

/* Runs in user mode until *hits reaches want or max_ms of wall time pass;
 * returns the wall time it took. */
static long busy_until(volatile sig_atomic_t *hits, int want, long max_ms) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  volatile unsigned long x = 0;
  while (*hits < want && tt_ms_since(&start) < max_ms)
    for (int i = 0; i < 200000; i++) x += i;
  return tt_ms_since(&start);
}

static long tv_ms(long sec, long usec) { return sec * 1000 + usec / 1000; }

static void cpu_itimers(void *arg) {
  (void)arg;
  tt_handle(SIGVTALRM, on_vtalrm, SA_RESTART, 0);
  tt_handle(SIGPROF, on_prof, SA_RESTART, 0);
  struct tt_itimerval off = {{0, 0}, {0, 0}}, cur, old;

  /* One-shot: fires while the process runs in user mode. */
  struct tt_itimerval it = {{0, 0}, {0, 100000}};
  vtalrm_hits = 0;
  TT_CHECK("itimer_virtual.set", tt_setitimer(TT_ITIMER_VIRTUAL, &it, NULL) == 0, "%s", strerror(errno));
  long took = busy_until(&vtalrm_hits, 1, 5000);
  TT_CHECK("itimer_virtual.fires_while_running", vtalrm_hits == 1, "no SIGVTALRM after %ld ms of busy looping", took);
  tt_getitimer(TT_ITIMER_VIRTUAL, &cur);
  TT_CHECK("itimer_virtual.one_shot_disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0,
           "it_value %ld.%06ld after it fired", cur.it_value.tv_sec, cur.it_value.tv_usec);

  /* Periodic: the interval reloads it. */
  it = (struct tt_itimerval){{0, 20000}, {0, 20000}};
  vtalrm_hits = 0;
  tt_setitimer(TT_ITIMER_VIRTUAL, &it, NULL);
  took = busy_until(&vtalrm_hits, 3, 5000);
  tt_setitimer(TT_ITIMER_VIRTUAL, &off, NULL);
  TT_CHECK("itimer_virtual.interval_reloads", vtalrm_hits >= 3, "%d SIGVTALRMs from a 20 ms timer in %ld ms",
           (int)vtalrm_hits, took);

  /* A sleeping process uses no user time: no signal, little time used. */
  it = (struct tt_itimerval){{0, 0}, {0, 200000}};
  vtalrm_hits = 0;
  tt_setitimer(TT_ITIMER_VIRTUAL, &it, NULL);
  tt_sleep_ms(600);
  tt_getitimer(TT_ITIMER_VIRTUAL, &cur);
  TT_CHECK("itimer_virtual.not_while_sleeping", vtalrm_hits == 0, "%d SIGVTALRMs while asleep", (int)vtalrm_hits);
  TT_CHECK("itimer_virtual.sleeping_keeps_remaining", tv_ms(cur.it_value.tv_sec, cur.it_value.tv_usec) >= 150,
           "%ld.%06ld s left of 0.2 s after 0.6 s asleep", cur.it_value.tv_sec, cur.it_value.tv_usec);

  /* getitimer: the time left and the interval; setitimer's old value. */
  it = (struct tt_itimerval){{0, 300000}, {2, 0}};
  tt_setitimer(TT_ITIMER_VIRTUAL, &it, NULL);
  tt_getitimer(TT_ITIMER_VIRTUAL, &cur);
  long left = tv_ms(cur.it_value.tv_sec, cur.it_value.tv_usec);
  /* Linux adds a tick when arming (set_cpu_itimer): up to 2 s + a tick. */
  TT_CHECK("getitimer_virtual.remaining", left > 1500 && left <= 2100 && cur.it_value.tv_usec < 1000000,
           "%ld.%06ld s left of 2 s", cur.it_value.tv_sec, cur.it_value.tv_usec);
  TT_CHECK("getitimer_virtual.interval", cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 300000,
           "it_interval %ld.%06ld", cur.it_interval.tv_sec, cur.it_interval.tv_usec);
  memset(&old, 0, sizeof old);
  tt_setitimer(TT_ITIMER_VIRTUAL, &off, &old);
  left = tv_ms(old.it_value.tv_sec, old.it_value.tv_usec);
  TT_CHECK("setitimer_virtual.returns_old_value",
           left > 1500 && left <= 2100 && old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 300000,
           "old value %ld.%06ld interval %ld.%06ld", old.it_value.tv_sec, old.it_value.tv_usec,
           old.it_interval.tv_sec, old.it_interval.tv_usec);
  tt_getitimer(TT_ITIMER_VIRTUAL, &cur);
  TT_CHECK("setitimer_virtual.zero_disarms", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0,
           "it_value %ld.%06ld", cur.it_value.tv_sec, cur.it_value.tv_usec);

  /* ITIMER_PROF: user time counts... */
  it = (struct tt_itimerval){{0, 0}, {0, 100000}};
  prof_hits = 0;
  TT_CHECK("itimer_prof.set", tt_setitimer(TT_ITIMER_PROF, &it, NULL) == 0, "%s", strerror(errno));
  took = busy_until(&prof_hits, 1, 5000);
  TT_CHECK("itimer_prof.fires_while_running", prof_hits == 1, "no SIGPROF after %ld ms of busy looping", took);
  /* ...and so does time in the kernel: reading /dev/zero. */
  int zero = open("/dev/zero", O_RDONLY);
  static char buf[64 * 1024];
  it = (struct tt_itimerval){{0, 20000}, {0, 20000}};
  prof_hits = 0;
  tt_setitimer(TT_ITIMER_PROF, &it, NULL);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (zero >= 0 && prof_hits < 3 && tt_ms_since(&start) < 5000) read(zero, buf, sizeof buf);
  tt_setitimer(TT_ITIMER_PROF, &off, &old);
  TT_CHECK("itimer_prof.interval_reloads_in_syscalls", prof_hits >= 3,
           "%d SIGPROFs from a 20 ms timer while reading /dev/zero", (int)prof_hits);
  if (zero >= 0) close(zero);
  TT_CHECK("setitimer_prof.returns_old_interval", old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 20000,
           "old interval %ld.%06ld", old.it_interval.tv_sec, old.it_interval.tv_usec);
  it = (struct tt_itimerval){{0, 0}, {0, 200000}};
  prof_hits = 0;
  tt_setitimer(TT_ITIMER_PROF, &it, NULL);
  tt_sleep_ms(600);
  tt_setitimer(TT_ITIMER_PROF, &off, NULL);
  TT_CHECK("itimer_prof.not_while_sleeping", prof_hits == 0, "%d SIGPROFs while asleep", (int)prof_hits);

  /* Errors: Linux reads (EFAULT) and checks (EINVAL) the new value before
   * it looks at `which`. */
  it = (struct tt_itimerval){{0, 0}, {0, 1000000}};
  tt_expect_errno("setitimer_virtual.usec_1e6_einval", tt_setitimer(TT_ITIMER_VIRTUAL, &it, NULL), EINVAL);
  it = (struct tt_itimerval){{0, -1}, {1, 0}};
  tt_expect_errno("setitimer_prof.negative_interval_usec_einval", tt_setitimer(TT_ITIMER_PROF, &it, NULL), EINVAL);
  it = (struct tt_itimerval){{-1, 0}, {1, 0}};
  tt_expect_errno("setitimer_prof.negative_interval_sec_einval", tt_setitimer(TT_ITIMER_PROF, &it, NULL), EINVAL);
  it = (struct tt_itimerval){{0, 0}, {0, 0}};
  tt_expect_errno("setitimer.which_3_einval", tt_setitimer(3, &it, NULL), EINVAL);
  tt_expect_errno("setitimer.which_minus_1_einval", tt_setitimer(-1, &it, NULL), EINVAL);
  tt_expect_errno("getitimer.which_3_einval", tt_getitimer(3, &cur), EINVAL);
  tt_expect_errno("getitimer.which_3_einval_before_efault", tt_getitimer(3, (struct tt_itimerval *)TT_KERNEL_ADDR),
                  EINVAL);
  tt_expect_errno("setitimer.value_efault_before_which",
                  tt_setitimer(3, (struct tt_itimerval *)TT_KERNEL_ADDR, NULL), EFAULT);
  tt_expect_errno("setitimer_virtual.value_efault", tt_setitimer(TT_ITIMER_VIRTUAL, (struct tt_itimerval *)TT_KERNEL_ADDR, NULL),
                  EFAULT);
  tt_expect_errno("getitimer_prof.efault", tt_getitimer(TT_ITIMER_PROF, (struct tt_itimerval *)TT_KERNEL_ADDR), EFAULT);
  /* The new timer is set before the old value fails to be stored. */
  it = (struct tt_itimerval){{0, 0}, {60, 0}};
  tt_expect_errno("setitimer_prof.old_efault",
                  tt_setitimer(TT_ITIMER_PROF, &it, (struct tt_itimerval *)TT_KERNEL_ADDR), EFAULT);
  tt_getitimer(TT_ITIMER_PROF, &cur);
  TT_CHECK("setitimer_prof.old_efault_new_timer_set", cur.it_value.tv_sec >= 50, "%ld s left on the timer",
           cur.it_value.tv_sec);
  tt_setitimer(TT_ITIMER_PROF, &off, NULL);
}

/* fork(2): "The child does not inherit timers from its parent"; execve(2)
 * keeps them. */
static void cpu_itimers_fork_exec(void) {
  struct tt_itimerval it = {{0, 0}, {30, 0}}, off = {{0, 0}, {0, 0}};
  tt_setitimer(TT_ITIMER_VIRTUAL, &it, NULL);
  tt_setitimer(TT_ITIMER_PROF, &it, NULL);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    struct tt_itimerval v, p;
    tt_getitimer(TT_ITIMER_VIRTUAL, &v);
    tt_getitimer(TT_ITIMER_PROF, &p);
    _exit((v.it_value.tv_sec || v.it_value.tv_usec ? 1 : 0) | (p.it_value.tv_sec || p.it_value.tv_usec ? 2 : 0));
  }
  int status = tt_wait_timeout(pid, 10);
  TT_CHECK("fork.cpu_itimers_not_inherited", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "child %s (exit bit 1: ITIMER_VIRTUAL armed, 2: ITIMER_PROF armed)", tt_status_str(status));
  tt_setitimer(TT_ITIMER_VIRTUAL, &off, NULL);
  tt_setitimer(TT_ITIMER_PROF, &off, NULL);

  for (int which = TT_ITIMER_VIRTUAL; which <= TT_ITIMER_PROF; which++) {
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
      struct tt_itimerval soon = {{0, 0}, {0, 200000}};
      tt_handle(which == TT_ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF, SIG_DFL, 0, 0);
      tt_setitimer(which, &soon, NULL);
      char *argv[] = {(char *)tt_self_path(), "--exec-busy-child", NULL};
      execve(tt_self_path(), argv, environ);
      _exit(100);
    }
    status = tt_wait_timeout(pid, 20);
    int expected = which == TT_ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF;
    TT_CHECK(which == TT_ITIMER_VIRTUAL ? "exec.itimer_virtual_kept" : "exec.itimer_prof_kept",
             status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == expected,
             "exec'd child %s, expected killed by signal %d", tt_status_str(status), expected);
  }
}

/* Loops in user mode for up to 5 s (the timer armed before exec ends it). */
static int exec_busy_child(void) {
  volatile sig_atomic_t never = 0;
  busy_until(&never, 1, 5000);
  return 0;
}

/* Waits 3 s for the SIGALRM an alarm set before exec delivers. */
static int exec_alarm_child(void) {
  tt_sleep_ms(3000);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--exec-alarm-child") == 0) return exec_alarm_child();
  if (argc == 2 && strcmp(argv[1], "--exec-busy-child") == 0) return exec_busy_child();
  tt_init(argc, argv);
  check_interruptions();
  tt_run_in_child("nanosleep.child", nanosleep_interrupted, NULL, 30);
  tt_run_in_child("handler.fpu_child", check_fpu_preserved, NULL, 30);
  tt_run_in_child("stop_continue.child", stop_continue_no_eintr, NULL, 30);
  check_alarm_fork_exec();
  tt_run_in_child("cpu_itimers.child", cpu_itimers, NULL, 60);
  cpu_itimers_fork_exec();
  return tt_done();
}
