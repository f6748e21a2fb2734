/* job_control: stopping and continuing processes, what the parent sees of
 * it, orphaned process groups, and the terminal's SIGTTIN/SIGTTOU.
 *
 * Sources: POSIX XSH 2.4 "Signal Concepts" (SIGCONT continues even when
 * caught or ignored, and discards pending stop signals; a stop signal
 * discards a pending SIGCONT; SIGTSTP, SIGTTIN, SIGTTOU sent to an orphaned
 * process group are discarded), XSH _exit() (a newly orphaned group with a
 * stopped member gets SIGHUP then SIGCONT), waitpid() (WUNTRACED,
 * WCONTINUED, each change reported once), sigaction() (SA_NOCLDSTOP),
 * XBD 11.1.4 "Terminal Access Control" (a background read gets SIGTTIN, or
 * EIO when SIGTTIN is ignored or blocked or the group is orphaned;
 * tcsetpgrp() from a background group gets SIGTTOU); Linux signal(7),
 * wait(2), sigaction(2) (CLD_STOPPED, CLD_CONTINUED), proc(5) (state T).
 *
 * The terminal cases need a controlling terminal on which this process is
 * in the foreground: on Tether the console; on Linux under ctest there is
 * usually none, and they SKIP saying so.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

#define TIMEOUT_S 10

/* waitpid(pid, options) until it reports, for at most TIMEOUT_S seconds.
 * Returns the pid, 0 on timeout, -1 on error. */
static pid_t wait_change(pid_t pid, int *status, int options) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    pid_t w = waitpid(pid, status, options | WNOHANG);
    if (w != 0 && !(w < 0 && errno == EINTR)) return w;
    if (tt_ms_since(&start) > TIMEOUT_S * 1000L) return 0;
    tt_sleep_ms(2);
  }
}

/* Reads one byte from fd, waiting at most TIMEOUT_S seconds; -1 if none. */
static int read_byte(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (tt_ms_since(&start) < TIMEOUT_S * 1000L) {
    if (poll(&p, 1, 100) > 0) {
      unsigned char c;
      return read(fd, &c, 1) == 1 ? c : -1;
    }
  }
  return -1;
}

static sigset_t no_signals(void) {
  sigset_t s;
  sigemptyset(&s);
  return s;
}

static void kill_and_reap(pid_t pid) {
  kill(pid, SIGKILL);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

/* A child that does nothing until killed, leading a process group of its
 * own: this process's group may be orphaned (on Tether it is init's, whose
 * parent does not count), and SIGTSTP, SIGTTIN, SIGTTOU sent to an orphaned
 * group are discarded. The child's group has this process as its link. */
static pid_t spawn_idle(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    for (;;) pause();
  }
  if (pid > 0) setpgid(pid, pid);
  return pid;
}

/* The state letter of /proc/PID/stat (its third field), or '?'. */
static char proc_state(pid_t pid) {
  char path[64], text[512];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  if (tt_read_file(path, text, sizeof text) <= 0) return '?';
  const char *close_paren = strrchr(text, ')');
  return close_paren && close_paren[1] == ' ' ? close_paren[2] : '?';
}

static bool proc_status_says_stopped(pid_t pid) {
  char path[64], text[2048];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  if (tt_read_file(path, text, sizeof text) <= 0) return false;
  return strstr(text, "State:\tT (stopped)") != NULL;
}

/* ---- stop and continue ----------------------------------------------------- */

static void check_stop_and_continue(void) {
  pid_t pid = spawn_idle();
  if (pid < 0) {
    tt_fail("stop.sigstop_wuntraced", "fork: %s", strerror(errno));
    return;
  }
  int status = 0;
  kill(pid, SIGSTOP);
  pid_t w = wait_change(pid, &status, WUNTRACED);
  TT_CHECK("stop.sigstop_wuntraced", w == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP,
           "waitpid %d, status %#x", (int)w, status);
  TT_CHECK("stop.proc_stat_state_T", proc_state(pid) == 'T', "state '%c'", proc_state(pid));
  TT_CHECK("stop.proc_status_state_T", proc_status_says_stopped(pid), "no \"State:\\tT (stopped)\" line");
  w = waitpid(pid, &status, WUNTRACED | WNOHANG);
  TT_CHECK("stop.reported_once", w == 0, "second waitpid %d, status %#x", (int)w, status);
  kill(pid, SIGSTOP);
  w = waitpid(pid, &status, WUNTRACED | WNOHANG);
  TT_CHECK("stop.again_while_stopped_not_reported", w == 0, "waitpid %d, status %#x", (int)w, status);

  kill(pid, SIGCONT);
  w = wait_change(pid, &status, WCONTINUED);
  TT_CHECK("cont.wcontinued", w == pid && WIFCONTINUED(status), "waitpid %d, status %#x", (int)w, status);
  w = waitpid(pid, &status, WCONTINUED | WNOHANG);
  TT_CHECK("cont.reported_once", w == 0, "second waitpid %d, status %#x", (int)w, status);
  char state = proc_state(pid);
  TT_CHECK("cont.proc_state_not_T", state == 'S' || state == 'R', "state '%c'", state);

  /* Without WUNTRACED a stop is not reported. */
  kill(pid, SIGSTOP);
  tt_sleep_ms(20);
  w = waitpid(pid, &status, WNOHANG);
  TT_CHECK("stop.not_reported_without_wuntraced", w == 0, "waitpid %d, status %#x", (int)w, status);
  w = wait_change(pid, &status, WUNTRACED);
  TT_CHECK("stop.reported_later_with_wuntraced", w == pid && WIFSTOPPED(status), "waitpid %d, status %#x", (int)w,
           status);

  /* SIGKILL ends a stopped process. */
  kill(pid, SIGKILL);
  w = wait_change(pid, &status, 0);
  TT_CHECK("kill.stopped_child_dies", w == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
           "waitpid %d, status %s", (int)w, w == pid ? tt_status_str(status) : "-");
  if (w != pid) kill_and_reap(pid);
}

/* Each of the four stop signals stops with its default action. */
static void check_each_stop_signal(void) {
  static const int stops[] = {SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU};
  for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
    char id[64];
    snprintf(id, sizeof id, "stop.default_%s", sigabbrev_np(stops[i]));
    pid_t pid = spawn_idle();
    kill(pid, stops[i]);
    int status = 0;
    pid_t w = wait_change(pid, &status, WUNTRACED);
    TT_CHECK(id, w == pid && WIFSTOPPED(status) && WSTOPSIG(status) == stops[i], "waitpid %d, status %#x", (int)w,
             status);
    kill_and_reap(pid);
  }
}

/* A child that raises SIGSTOP itself, and goes on after SIGCONT. */
static void check_raise_sigstop(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    raise(SIGSTOP);
    _exit(3);
  }
  int status = 0;
  pid_t w = wait_change(pid, &status, WUNTRACED);
  bool stopped = w == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP;
  kill(pid, SIGCONT);
  w = wait_change(pid, &status, 0);
  TT_CHECK("stop.raise_sigstop_then_continue", stopped && w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 3,
           "stopped %d, then %s", stopped, w == pid ? tt_status_str(status) : "no exit");
  if (w != pid) kill_and_reap(pid);
}

/* A stopped child does not run: the bytes it writes to a pipe every
 * millisecond stop coming, and come again after SIGCONT. */
static void check_stopped_child_does_not_run(void) {
  int fds[2];
  if (pipe(fds) < 0) {
    tt_fail("stop.child_does_not_run", "pipe: %s", strerror(errno));
    return;
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    for (unsigned char n = 0;; n++) {
      if (write(fds[1], &n, 1) != 1) _exit(1);
      tt_sleep_ms(1);
    }
  }
  close(fds[1]);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  bool ran_before = read_byte(fds[0]) >= 0;
  kill(pid, SIGSTOP);
  int status = 0;
  pid_t w = wait_change(pid, &status, WUNTRACED);
  char buf[4096];
  while (read(fds[0], buf, sizeof buf) > 0) {
  }
  tt_sleep_ms(200);
  ssize_t while_stopped = read(fds[0], buf, sizeof buf);
  TT_CHECK("stop.child_does_not_run",
           ran_before && w == pid && WIFSTOPPED(status) && while_stopped < 0 && errno == EAGAIN,
           "ran before %d, waitpid %d status %#x, read while stopped %zd", ran_before, (int)w, status, while_stopped);
  kill(pid, SIGCONT);
  TT_CHECK("cont.child_runs_again", read_byte(fds[0]) >= 0, "no byte within %d s of SIGCONT", TIMEOUT_S);
  kill_and_reap(pid);
  close(fds[0]);
}

/* SIGCONT discards a pending (blocked) SIGTSTP; SIGTSTP discards a pending
 * (blocked) SIGCONT. The child checks its pending set after both were sent. */
static void check_pending_discards(void) {
  for (int which = 0; which < 2; which++) {
    const char *id = which == 0 ? "cont.discards_pending_stop" : "stop.discards_pending_cont";
    int first = which == 0 ? SIGTSTP : SIGCONT;
    int second = which == 0 ? SIGCONT : SIGTSTP;
    int ready[2], go[2];
    if (pipe(ready) < 0 || pipe(go) < 0) {
      tt_fail(id, "pipe: %s", strerror(errno));
      return;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      /* SIGCONT caught, so that a pending one can be seen; both blocked. */
      tt_handle(SIGCONT, tt_counting_handler, 0, no_signals());
      sigset_t both;
      sigemptyset(&both);
      sigaddset(&both, SIGTSTP);
      sigaddset(&both, SIGCONT);
      sigprocmask(SIG_BLOCK, &both, NULL);
      write(ready[1], "r", 1);
      char c;
      if (read(go[0], &c, 1) != 1) _exit(10);
      sigset_t pending;
      sigpending(&pending);
      int code = sigismember(&pending, first) ? 1 : 0;  /* should be gone */
      code |= sigismember(&pending, second) ? 0 : 2;    /* should be there */
      /* Leave without taking either: a pending SIGTSTP is ignored away. */
      signal(SIGTSTP, SIG_IGN);
      _exit(code);
    }
    bool child_ready = read_byte(ready[0]) == 'r';
    kill(pid, first);
    kill(pid, second);
    write(go[1], "g", 1);
    int status = 0;
    pid_t w = wait_change(pid, &status, WUNTRACED);
    TT_CHECK(id, child_ready && w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
             "child %s (1: %s still pending, 2: %s not pending)", w == pid ? tt_status_str(status) : "did not end",
             sigabbrev_np(first), sigabbrev_np(second));
    if (w != pid || !WIFEXITED(status)) kill_and_reap(pid);
    close(ready[0]);
    close(ready[1]);
    close(go[0]);
    close(go[1]);
  }
}

/* A caught SIGTSTP runs its handler and does not stop; SIGCONT to a
 * process that is not stopped (and ignores it) changes nothing. */
static volatile sig_atomic_t tstp_caught;
static void on_tstp(int sig) {
  (void)sig;
  tstp_caught = 1;
}

static void check_caught_tstp(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    tt_handle(SIGTSTP, on_tstp, 0, no_signals());
    raise(SIGTSTP);
    raise(SIGCONT);
    _exit(tstp_caught ? 0 : 1);
  }
  int status = 0;
  pid_t w = wait_change(pid, &status, WUNTRACED);
  TT_CHECK("stop.caught_sigtstp_runs_handler", w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %s",
           w == pid ? tt_status_str(status) : "did not end");
  if (w != pid) kill_and_reap(pid);
}

/* SIGCONT continues a stopped process even when it is ignored, and runs
 * its handler when caught. */
static void check_cont_ignored_or_caught(void) {
  for (int caught = 0; caught < 2; caught++) {
    const char *id = caught ? "cont.caught_continues_and_runs_handler" : "cont.ignored_still_continues";
    int fds[2];
    if (pipe(fds) < 0) return;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      if (caught) tt_handle(SIGCONT, tt_counting_handler, 0, no_signals());
      else signal(SIGCONT, SIG_IGN);
      raise(SIGSTOP);
      char c = caught ? (tt_signal_hits == 1 && tt_last_signal == SIGCONT ? 'h' : 'n') : 'c';
      write(fds[1], &c, 1);
      _exit(0);
    }
    close(fds[1]);
    int status = 0;
    pid_t w = wait_change(pid, &status, WUNTRACED);
    bool stopped = w == pid && WIFSTOPPED(status);
    kill(pid, SIGCONT);
    int got = read_byte(fds[0]);
    int expected = caught ? 'h' : 'c';
    TT_CHECK(id, stopped && got == expected, "stopped %d, child said %c (expected %c)", stopped, got > 0 ? got : '-',
             expected);
    w = wait_change(pid, &status, 0);
    if (w != pid) kill_and_reap(pid);
    close(fds[0]);
  }
}

/* ---- SIGCHLD --------------------------------------------------------------- */

static volatile sig_atomic_t chld_count, chld_code, chld_status, chld_pid;
static void on_chld(int sig, siginfo_t *info, void *context) {
  (void)sig;
  (void)context;
  chld_count++;
  chld_code = info->si_code;
  chld_status = info->si_status;
  chld_pid = info->si_pid;
}

/* Waits until chld_count passes `seen`, for at most TIMEOUT_S seconds. */
static bool await_sigchld(int seen) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (chld_count <= seen && tt_ms_since(&start) < TIMEOUT_S * 1000L) tt_sleep_ms(2);
  return chld_count > seen;
}

static void check_sigchld(void) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGCHLD, &sa, &old);

  pid_t pid = spawn_idle();
  int seen = chld_count;
  kill(pid, SIGSTOP);
  bool got = await_sigchld(seen);
  TT_CHECK("sigchld.cld_stopped", got && chld_code == CLD_STOPPED && chld_status == SIGSTOP && chld_pid == pid,
           "got %d, si_code %d, si_status %d, si_pid %d (child %d)", got, (int)chld_code, (int)chld_status,
           (int)chld_pid, (int)pid);
  int status;
  wait_change(pid, &status, WUNTRACED);
  seen = chld_count;
  kill(pid, SIGCONT);
  got = await_sigchld(seen);
  TT_CHECK("sigchld.cld_continued", got && chld_code == CLD_CONTINUED && chld_status == SIGCONT && chld_pid == pid,
           "got %d, si_code %d, si_status %d", got, (int)chld_code, (int)chld_status);
  kill_and_reap(pid);

  /* SA_NOCLDSTOP: no SIGCHLD for stop or continue, but wait still reports
   * them, and the child's death still brings SIGCHLD. */
  sa.sa_flags |= SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  pid = spawn_idle();
  seen = chld_count;
  kill(pid, SIGSTOP);
  pid_t w = wait_change(pid, &status, WUNTRACED);
  bool stop_seen = w == pid && WIFSTOPPED(status);
  kill(pid, SIGCONT);
  w = wait_change(pid, &status, WCONTINUED);
  bool cont_seen = w == pid && WIFCONTINUED(status);
  tt_sleep_ms(50);
  int after_stop_cont = chld_count - seen;
  kill(pid, SIGKILL);
  bool death = await_sigchld(seen + after_stop_cont);
  TT_CHECK("sigchld.sa_nocldstop", stop_seen && cont_seen && after_stop_cont == 0 && death && chld_code == CLD_KILLED,
           "wait saw stop %d, continue %d; %d SIGCHLD for them; death SIGCHLD %d (si_code %d)", stop_seen, cont_seen,
           after_stop_cont, death, (int)chld_code);
  wait_change(pid, &status, 0);
  sigaction(SIGCHLD, &old, NULL);
}

/* ---- orphaned process groups ------------------------------------------------ */

/* A session leader's group is orphaned (its parent is in another session):
 * SIGTSTP is discarded there, SIGSTOP still stops. */
static void check_orphaned_group(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (setsid() < 0) _exit(10);
    raise(SIGTSTP);
    raise(SIGTTIN);
    raise(SIGTTOU);
    raise(SIGSTOP);
    _exit(7);
  }
  int status = 0;
  pid_t w = wait_change(pid, &status, WUNTRACED);
  TT_CHECK("orphan.sigtstp_sigttin_sigttou_discarded", w == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP,
           "first change: %s", w == pid ? (WIFSTOPPED(status) ? sigabbrev_np(WSTOPSIG(status)) : tt_status_str(status))
                                        : "none");
  kill(pid, SIGCONT);
  w = wait_change(pid, &status, 0);
  TT_CHECK("orphan.sigstop_still_stops", w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7, "then %s",
           w == pid ? tt_status_str(status) : "did not end");
  if (w != pid) kill_and_reap(pid);
}

/* A group whose only link to the session was a parent that exits, with a
 * stopped member: that member gets SIGHUP, then SIGCONT. */
static volatile sig_atomic_t got_hup;
static void on_hup(int sig) {
  (void)sig;
  got_hup = 1;
}

static void check_newly_orphaned_group(void) {
  int fds[2];
  if (pipe(fds) < 0) return;
  fflush(stdout);
  pid_t middle = fork();
  if (middle == 0) {
    pid_t member = fork();
    if (member == 0) {
      setpgid(0, 0);
      tt_handle(SIGHUP, on_hup, 0, no_signals());
      raise(SIGTSTP);  /* the group is not orphaned yet: this stops */
      char c = got_hup ? 'H' : 'n';
      write(fds[1], &c, 1);
      _exit(0);
    }
    setpgid(member, member);
    write(fds[1], &member, sizeof member);
    int status;
    /* Exit only once the member is stopped. */
    _exit(waitpid(member, &status, WUNTRACED) == member && WIFSTOPPED(status) ? 0 : 1);
  }
  close(fds[1]);
  pid_t member = 0;
  bool have_member = read(fds[0], &member, sizeof member) == sizeof member;
  int status;
  pid_t w = wait_change(middle, &status, 0);
  bool middle_ok = w == middle && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  int got = read_byte(fds[0]);
  if (got < 0 && have_member && !tt_on_tether()) {
    /* Linux hands orphans to the nearest subreaper, which may keep the group
     * in the session (then it is not orphaned). */
    char path[64], text[2048];
    snprintf(path, sizeof path, "/proc/%d/status", (int)member);
    const char *ppid = tt_read_file(path, text, sizeof text) > 0 ? strstr(text, "PPid:\t") : NULL;
    /* And Linux exempts only the global init (is_global_init): in a PID
     * namespace (a container, a CI runner) pid 1 is that namespace's init,
     * a parent in the session like any other. The first PID namespace's
     * inode number is fixed (PROC_PID_INIT_INO). */
    char ns[64] = {0};
    bool initial_pid_namespace =
        readlink("/proc/self/ns/pid", ns, sizeof ns - 1) > 0 && strcmp(ns, "pid:[4026531836]") == 0;
    if (ppid && (atoi(ppid + 6) != 1 || !initial_pid_namespace)) {
      tt_skip("orphan.newly_orphaned_stopped_group_gets_hup_cont",
              "the orphan went to %s %d, which Linux counts as a parent in the session",
              atoi(ppid + 6) != 1 ? "subreaper" : "this PID namespace's init", atoi(ppid + 6));
      kill(member, SIGKILL);
      close(fds[0]);
      return;
    }
  }
  TT_CHECK("orphan.newly_orphaned_stopped_group_gets_hup_cont", have_member && middle_ok && got == 'H',
           "member %d, middle %s, member said %c", (int)member, middle_ok ? "stopped it and exited" : "failed",
           got > 0 ? got : '-');
  if (got < 0 && have_member) kill(member, SIGKILL);
  close(fds[0]);
}

/* ---- init is not stopped ------------------------------------------------------ */

static void check_init_not_stopped(void) {
  if (!tt_on_tether() || geteuid() != 0) {
    tt_skip("init.ignores_sigstop", "only on Tether as root (stopping the host's init is not a test)");
    return;
  }
  kill(1, SIGSTOP);
  tt_sleep_ms(20);
  char state = proc_state(1);
  kill(1, SIGCONT);
  TT_CHECK("init.ignores_sigstop", state != 'T' && state != '?', "init's state '%c'", state);
}

/* ---- the terminal ------------------------------------------------------------- */

/* The controlling terminal, if this process is in its foreground group. */
static int foreground_terminal(const char **why) {
  if (!isatty(0)) {
    *why = "stdin is not a terminal";
    return -1;
  }
  int fd = open("/dev/tty", O_RDWR);
  if (fd < 0) {
    *why = "no controlling terminal (/dev/tty)";
    return -1;
  }
  if (tcgetpgrp(fd) != getpgrp()) {
    *why = "not in the terminal's foreground process group";
    close(fd);
    return -1;
  }
  return fd;
}

enum tty_child_mode { READ_DEFAULT, READ_IGNORED, READ_BLOCKED, SET_PGRP };

/* In a new (background) process group: read the terminal, or make the
 * group the foreground one. Exit status: 0 read returned data or EOF,
 * 2 EIO, 3 other error; 4 tcsetpgrp succeeded. */
static _Noreturn void tty_child(int tty, enum tty_child_mode mode) {
  setpgid(0, 0);
  signal(SIGTTOU, SIG_DFL); /* the parent ignores it */
  if (mode == READ_IGNORED) signal(SIGTTIN, SIG_IGN);
  if (mode == READ_BLOCKED) {
    sigset_t s = tt_sigset_of(SIGTTIN);
    sigprocmask(SIG_BLOCK, &s, NULL);
  }
  if (mode == SET_PGRP) _exit(tcsetpgrp(tty, getpgrp()) == 0 ? 4 : 3);
  char c;
  ssize_t n = read(tty, &c, 1);
  _exit(n >= 0 ? 0 : errno == EIO ? 2 : 3);
}

static pid_t spawn_tty_child(int tty, enum tty_child_mode mode) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) tty_child(tty, mode);
  if (pid > 0) setpgid(pid, pid);
  return pid;
}

static void check_terminal(void) {
  static const char *ids[] = {"tty.background_read_sigttin", "tty.background_read_sigttin_ignored_eio",
                              "tty.background_read_sigttin_blocked_eio", "tty.background_tcsetpgrp_sigttou",
                              "tty.read_restarts_after_continue_in_foreground"};
  const char *why = NULL;
  int tty = foreground_terminal(&why);
  if (tty < 0) {
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) tt_skip(ids[i], "%s", why);
    return;
  }
  /* Giving the terminal back from a background group must not stop us. */
  signal(SIGTTOU, SIG_IGN);
  pid_t me = getpgrp();

  pid_t pid = spawn_tty_child(tty, READ_DEFAULT);
  int status = 0;
  pid_t w = wait_change(pid, &status, WUNTRACED);
  TT_CHECK(ids[0], w == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGTTIN, "waitpid %d, %s", (int)w,
           w == pid ? (WIFSTOPPED(status) ? sigabbrev_np(WSTOPSIG(status)) : tt_status_str(status)) : "no change");
  if (w == pid && WIFSTOPPED(status)) {
    /* fg: the terminal to the child's group, then SIGCONT. Its read starts
     * again and waits for a line nobody types: it must neither fail nor stop. */
    tcsetpgrp(tty, pid);
    kill(pid, SIGCONT);
    tt_sleep_ms(300);
    w = waitpid(pid, &status, WUNTRACED | WNOHANG);
    char state = proc_state(pid);
    tcsetpgrp(tty, me);
    TT_CHECK(ids[4], w == 0 && state == 'S', "waitpid %d (%s), state '%c'", (int)w,
             w == pid ? (WIFSTOPPED(status) ? "stopped" : tt_status_str(status)) : "-", state);
  } else {
    tt_skip(ids[4], "the background read did not stop");
  }
  kill_and_reap(pid);

  for (int i = 1; i <= 2; i++) {
    pid = spawn_tty_child(tty, i == 1 ? READ_IGNORED : READ_BLOCKED);
    w = wait_change(pid, &status, WUNTRACED);
    TT_CHECK(ids[i], w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 2, "child %s (2: EIO)",
             w == pid ? tt_status_str(status) : "did not change");
    if (w != pid || !WIFEXITED(status)) kill_and_reap(pid);
  }

  pid = spawn_tty_child(tty, SET_PGRP);
  w = wait_change(pid, &status, WUNTRACED);
  TT_CHECK(ids[3], w == pid && WIFSTOPPED(status) && WSTOPSIG(status) == SIGTTOU, "child %s",
           w == pid ? (WIFSTOPPED(status) ? sigabbrev_np(WSTOPSIG(status)) : tt_status_str(status)) : "no change");
  kill_and_reap(pid);
  tcsetpgrp(tty, me); /* in case the child took it */
  signal(SIGTTOU, SIG_DFL);
  close(tty);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  check_stop_and_continue();
  check_each_stop_signal();
  check_raise_sigstop();
  check_stopped_child_does_not_run();
  check_pending_discards();
  check_caught_tstp();
  check_cont_ignored_or_caught();
  check_sigchld();
  check_orphaned_group();
  check_newly_orphaned_group();
  check_init_not_stopped();
  check_terminal();
  return tt_done();
}
