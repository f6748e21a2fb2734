/* event_ports: illumos event ports (<port.h>) on pipes and user events.
 *
 * One-shot fd associations (an event retrieved dissociates the fd; a second
 * port_get times out until it is associated again), re-association
 * replacing events and user value, a port_get woken by another process's
 * write, port_send from this process and from a forked child through the
 * inherited port, timeouts {0,0} and 50 ms (never early), EINTR from a
 * SIGALRM handler, 100 pipes on one port, closing an associated fd,
 * port_dissociate and ENOENT, port_getn collecting several (max 0, ETIME
 * with a partial count), polling the port itself, bad arguments (EBADF,
 * EBADFD, EINVAL, EFAULT without losing the event), EINVAL for the sources
 * port_associate does not take (TIMER, ALERT, USER), alert mode
 * (port_alert: two blocked waiters both woken with the alert, the alert
 * returned again and again and alone, SET overwriting, UPDATE's EBUSY,
 * queued fd and user events hidden until it is cleared, both flags
 * EINVAL), and 1000 ports made and closed with associations and queued
 * events, MemFree steady.
 *
 * Sources: illumos port_create(3C), port_associate(3C), port_get(3C),
 * port_send(3C), port_alert(3C); poll(2) for the event bits. Linux has no event ports: the
 * calls fail with ENOSYS there and every case SKIPs.
 */
#include <errno.h>
#include <poll.h>
#include <port.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static const char *const kCases[] = {
    "create.fd",           "oneshot.first_get_pollin", "oneshot.second_get_etime", "oneshot.reassociate_again",
    "reassociate.replaces", "wake.by_child_write",     "user.send_self",           "user.send_from_child",
    "timeout.zero_etime",  "timeout.50ms_not_early",   "eintr.sigalrm",            "many.100_pipes",
    "close.associated_fd_dropped", "close.association_does_not_hold_file", "dissociate.ok", "dissociate.no_event",
    "dissociate.enoent",   "getn.max0_pending",   "getn.collects_two",        "getn.partial_etime",       "poll.port_readable",
    "bad.port_ebadf",      "bad.not_a_port_ebadfd",    "bad.source_einval",        "bad.object_ebadf",
    "bad.pe_efault",       "bad.pe_efault_keeps_event", "bad.timeout_efault",      "bad.timeout_einval",
    "bad.source_timer_einval", "bad.source_alert_einval", "bad.source_user_einval",
    "alert.wakes_all_waiters", "alert.get_returns_alert", "alert.not_consumed", "alert.update_ebusy",
    "alert.set_overwrites",   "alert.hides_queued",       "alert.getn_one_event",   "alert.clear_shows_queued",
    "alert.update_when_clear", "alert.both_flags_einval", "alert.bad_port_ebadf",   "alert.not_a_port_ebadfd",
    "leak.1000_ports_memfree",
};

static struct timespec zero = {0, 0};

static void make_pipe(int p[2]) {
  if (pipe(p) != 0) {
    printf("# pipe: %s\n", strerror(errno));
    exit(1);
  }
}

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* A port_get of at most `sec` seconds: its result, errno in *e. */
static int get(int port, port_event_t *pe, time_t sec, int *e) {
  struct timespec t = {sec, 0};
  errno = 0;
  int r = port_get(port, pe, &t);
  *e = errno;
  return r;
}

static void check_oneshot(int port) {
  int p[2], e;
  port_event_t pe;
  make_pipe(p);
  write(p[1], "x", 1);
  port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, (void *)0x1234);
  int r = get(port, &pe, 1, &e);
  TT_CHECK("oneshot.first_get_pollin",
           r == 0 && pe.portev_source == PORT_SOURCE_FD && pe.portev_object == (uintptr_t)p[0] &&
               (pe.portev_events & POLLIN) && pe.portev_user == (void *)0x1234,
           "port_get = %d (%s), source %d object %lu events %#x user %p", r, strerror(e), pe.portev_source,
           (unsigned long)pe.portev_object, pe.portev_events, pe.portev_user);
  /* port_associate(3C): retrieved means dissociated, though data remains. */
  r = port_get(port, &pe, &zero);
  e = errno;
  TT_CHECK("oneshot.second_get_etime", r == -1 && e == ETIME, "port_get = %d (%s)", r, strerror(e));
  port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, (void *)0x5678);
  r = get(port, &pe, 1, &e);
  TT_CHECK("oneshot.reassociate_again", r == 0 && pe.portev_user == (void *)0x5678 && (pe.portev_events & POLLIN),
           "port_get = %d (%s), user %p", r, strerror(e), pe.portev_user);

  /* Associating again replaces events and user: first wait for POLLOUT on
   * the read end (never true), then POLLIN. One event, the second user. */
  port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLOUT, (void *)1);
  port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, (void *)2);
  r = get(port, &pe, 1, &e);
  int r2 = port_get(port, &pe, &zero);
  TT_CHECK("reassociate.replaces", r == 0 && pe.portev_user == (void *)2 && r2 == -1 && errno == ETIME,
           "first port_get = %d (%s), user %p; second = %d", r, strerror(e), pe.portev_user, r2);
  close(p[0]);
  close(p[1]);
}

static void check_wake(int port) {
  int p[2], e;
  port_event_t pe;
  make_pipe(p);
  port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    usleep(50000);
    write(p[1], "y", 1);
    _exit(0);
  }
  int r = get(port, &pe, 5, &e);
  TT_CHECK("wake.by_child_write", r == 0 && pe.portev_object == (uintptr_t)p[0] && (pe.portev_events & POLLIN),
           "port_get = %d (%s), events %#x", r, strerror(e), pe.portev_events);
  tt_wait_timeout(pid, 10);
  close(p[0]);
  close(p[1]);
}

static void check_user(int port) {
  int e;
  port_event_t pe;
  int s = port_send(port, 0x4321, (void *)0xabc);
  int r = get(port, &pe, 1, &e);
  TT_CHECK("user.send_self",
           s == 0 && r == 0 && pe.portev_source == PORT_SOURCE_USER && pe.portev_events == 0x4321 &&
               pe.portev_user == (void *)0xabc,
           "port_send = %d, port_get = %d (%s), source %d events %#x user %p", s, r, strerror(e), pe.portev_source,
           pe.portev_events, pe.portev_user);
  pid_t pid = fork();
  if (pid == 0) _exit(port_send(port, 7, (void *)42) == 0 ? 0 : 1);
  r = get(port, &pe, 5, &e);
  int status = tt_wait_timeout(pid, 10);
  TT_CHECK("user.send_from_child",
           r == 0 && pe.portev_source == PORT_SOURCE_USER && pe.portev_events == 7 && pe.portev_user == (void *)42 &&
               WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "port_get = %d (%s), events %d user %p, child %s", r, strerror(e), pe.portev_events, pe.portev_user,
           tt_status_str(status));
}

static volatile sig_atomic_t handled;
static void on_alarm(int sig) {
  (void)sig;
  handled++;
}

static void check_timeouts(int port) {
  port_event_t pe;
  long long t0 = now_ms();
  int r = port_get(port, &pe, &zero);
  int e = errno;
  long long took = now_ms() - t0;
  TT_CHECK("timeout.zero_etime", r == -1 && e == ETIME && took < 1000, "port_get = %d (%s) after %lld ms", r,
           strerror(e), took);
  struct timespec t = {0, 50 * 1000000};
  t0 = now_ms();
  r = port_get(port, &pe, &t);
  e = errno;
  took = now_ms() - t0;
  TT_CHECK("timeout.50ms_not_early", r == -1 && e == ETIME && took >= 50 && took < 5000,
           "port_get = %d (%s) after %lld ms", r, strerror(e), took);

  /* port_get(3C): "EINTR A signal was caught". No SA_RESTART. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  handled = 0;
  struct tt_itimerval v = {{0, 0}, {0, 50000}};
  tt_setitimer(TT_ITIMER_REAL, &v, NULL);
  r = port_get(port, &pe, NULL);
  e = errno;
  TT_CHECK("eintr.sigalrm", r == -1 && e == EINTR && handled == 1, "port_get = %d (%s), handler ran %d times", r,
           strerror(e), (int)handled);
  signal(SIGALRM, SIG_DFL);
}

static void check_many(int port) {
  enum { N = 100 };
  int p[N][2];
  int seen[N] = {0};
  for (int i = 0; i < N; i++) {
    make_pipe(p[i]);
    port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[i][0], POLLIN, (void *)(uintptr_t)i);
  }
  for (int i = N - 1; i >= 0; i--) write(p[i][1], "z", 1);
  static port_event_t list[128];
  uint_t nget = N;
  struct timespec t = {5, 0};
  int r = port_getn(port, list, 128, &nget, &t);
  int e = errno, ok = r == 0 && nget == N;
  for (uint_t i = 0; ok && i < nget; i++) {
    uintptr_t k = (uintptr_t)list[i].portev_user;
    if (k >= N || seen[k] || list[i].portev_object != (uintptr_t)p[k][0] || !(list[i].portev_events & POLLIN)) ok = 0;
    else seen[k] = 1;
  }
  TT_CHECK("many.100_pipes", ok, "port_getn = %d (%s), nget %u, each fd once: %s", r, strerror(e), nget,
           ok ? "yes" : "no");
  for (int i = 0; i < N; i++) {
    close(p[i][0]);
    close(p[i][1]);
  }
}

static void check_close_and_dissociate(int port) {
  int p[2];
  port_event_t pe;
  /* illumos dissociates an fd on close(): its event is never reported. */
  make_pipe(p);
  write(p[1], "x", 1);
  port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, NULL);
  close(p[0]);
  int r = port_get(port, &pe, &zero);
  int e = errno;
  TT_CHECK("close.associated_fd_dropped", r == -1 && e == ETIME, "port_get = %d (%s), object %lu", r, strerror(e),
           (unsigned long)pe.portev_object);
  close(p[1]);

  /* ...and the close really closes: an association does not keep the read
   * end open, so writing to the pipe now fails with EPIPE. */
  make_pipe(p);
  port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, NULL);
  close(p[0]);
  void (*old_handler)(int) = signal(SIGPIPE, SIG_IGN);
  ssize_t w = write(p[1], "x", 1);
  e = errno;
  signal(SIGPIPE, old_handler);
  TT_CHECK("close.association_does_not_hold_file", w == -1 && e == EPIPE, "write = %zd (%s), want EPIPE", w,
           strerror(e));
  close(p[1]);

  make_pipe(p);
  write(p[1], "x", 1);
  port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, NULL);
  r = port_dissociate(port, PORT_SOURCE_FD, (uintptr_t)p[0]);
  TT_CHECK("dissociate.ok", r == 0, "port_dissociate = %d (%s)", r, strerror(errno));
  r = port_get(port, &pe, &zero);
  e = errno;
  TT_CHECK("dissociate.no_event", r == -1 && e == ETIME, "port_get = %d (%s)", r, strerror(e));
  tt_expect_errno("dissociate.enoent", port_dissociate(port, PORT_SOURCE_FD, (uintptr_t)p[0]), ENOENT);
  close(p[0]);
  close(p[1]);
}

static void check_getn(int port) {
  port_event_t list[8];
  for (int i = 0; i < 3; i++) port_send(port, i + 1, NULL);
  uint_t nget = 0;
  int r = port_getn(port, list, 0, &nget, NULL);
  TT_CHECK("getn.max0_pending", r == 0 && nget == 3, "port_getn(max 0) = %d (%s), nget %u", r, strerror(errno), nget);
  nget = 0;
  r = port_getn(port, list, 2, &nget, &zero);
  TT_CHECK("getn.collects_two", r == 0 && nget == 2 && list[0].portev_events == 1 && list[1].portev_events == 2,
           "port_getn = %d (%s), nget %u, events %d %d", r, strerror(errno), nget, list[0].portev_events,
           list[1].portev_events);
  /* Wanting 2 with 1 queued: ETIME, and nget says the one returned. */
  nget = 2;
  r = port_getn(port, list, 8, &nget, &zero);
  int e = errno;
  TT_CHECK("getn.partial_etime", r == -1 && e == ETIME && nget == 1 && list[0].portev_events == 3,
           "port_getn = %d (%s), nget %u, events %d", r, strerror(e), nget, list[0].portev_events);

  struct pollfd pfd = {port, POLLIN, 0};
  int before = poll(&pfd, 1, 0);
  port_send(port, 9, NULL);
  int after = poll(&pfd, 1, 0);
  port_event_t pe;
  port_get(port, &pe, &zero);
  TT_CHECK("poll.port_readable", before == 0 && after == 1 && (pfd.revents & POLLIN),
           "poll empty = %d, with an event = %d, revents %#x", before, after, pfd.revents);
}

static void check_bad(int port) {
  int p[2];
  port_event_t pe;
  make_pipe(p);
  tt_expect_errno("bad.port_ebadf", port_associate(-1, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, NULL), EBADF);
  tt_expect_errno("bad.not_a_port_ebadfd", port_get(p[0], &pe, &zero), EBADFD);
  tt_expect_errno("bad.source_einval", port_associate(port, 99, (uintptr_t)p[0], POLLIN, NULL), EINVAL);
  tt_expect_errno("bad.object_ebadf", port_associate(port, PORT_SOURCE_FD, 1000, POLLIN, NULL), EBADF);
  port_send(port, 5, (void *)5);
  tt_expect_errno("bad.pe_efault", port_get(port, TT_LOW_PAGE, &zero), EFAULT);
  int r = port_get(port, &pe, &zero);
  TT_CHECK("bad.pe_efault_keeps_event", r == 0 && pe.portev_user == (void *)5, "port_get = %d (%s)", r,
           strerror(errno));
  tt_expect_errno("bad.timeout_efault", port_get(port, &pe, TT_LOW_PAGE), EFAULT);
  struct timespec bad = {0, 1000000000};
  tt_expect_errno("bad.timeout_einval", port_get(port, &pe, &bad), EINVAL);
  /* port_associate(3C): "EINVAL The source argument is not valid". Timers
   * and alerts reach a port through other calls (timer_create with
   * SIGEV_PORT, port_alert), user events through port_send. */
  tt_expect_errno("bad.source_timer_einval", port_associate(port, PORT_SOURCE_TIMER, 1, POLLIN, NULL), EINVAL);
  tt_expect_errno("bad.source_alert_einval", port_associate(port, PORT_SOURCE_ALERT, 1, POLLIN, NULL), EINVAL);
  tt_expect_errno("bad.source_user_einval", port_associate(port, PORT_SOURCE_USER, 1, POLLIN, NULL), EINVAL);
  close(p[0]);
  close(p[1]);
}

/* ---- alert mode (port_alert(3C)) ---- */

/* Is pid asleep ("S" in /proc/PID/status)? */
static int sleeping(pid_t pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  if (tt_read_file(path, buf, sizeof buf) < 0) return 0;
  return strstr(buf, "State:\tS") != NULL;
}

/* A child blocked in port_get for the alert: exit 0 if it came back with
 * exactly that alert, 1 on another event, 2 on an error. */
static void wait_for_alert(int port) {
  port_event_t pe;
  struct timespec t = {30, 0};
  if (port_get(port, &pe, &t) != 0) _exit(2);
  _exit(pe.portev_source == PORT_SOURCE_ALERT && pe.portev_events == 0x20 && pe.portev_user == (void *)0x77 &&
                pe.portev_object == 0
            ? 0
            : 1);
}

/* Compares one retrieved event with what is expected. */
static int is_event(const port_event_t *pe, int source, int events, void *user) {
  return pe->portev_source == source && pe->portev_events == events && pe->portev_user == user;
}

static void check_alert(int port) {
  port_event_t pe;
  int r, e;
  /* "A port in alert mode immediately awakens all threads blocked in
   * port_get(3C)": two processes sharing the port (fork), both asleep in
   * port_get before the alert is set. */
  pid_t kids[2];
  for (int i = 0; i < 2; i++) {
    kids[i] = fork();
    if (kids[i] == 0) wait_for_alert(port);
  }
  int both_asleep = 0;
  for (int i = 0; i < 1000 && !both_asleep; i++) {
    both_asleep = sleeping(kids[0]) && sleeping(kids[1]);
    if (!both_asleep) tt_sleep_ms(10);
  }
  r = port_alert(port, PORT_ALERT_SET, 0x20, (void *)0x77);
  int s0 = tt_wait_timeout(kids[0], 10), s1 = tt_wait_timeout(kids[1], 10);
  TT_CHECK("alert.wakes_all_waiters",
           both_asleep && r == 0 && WIFEXITED(s0) && WEXITSTATUS(s0) == 0 && WIFEXITED(s1) && WEXITSTATUS(s1) == 0,
           "waiters asleep before the alert: %s; port_alert = %d; waiters %s, %s (0: got the alert, 1: another event, "
           "2: port_get failed)",
           both_asleep ? "yes" : "no", r, tt_status_str(s0), tt_status_str(s1));

  /* "Subsequent threads ... will return immediately with the alert". */
  memset(&pe, 0xa5, sizeof pe);
  r = port_get(port, &pe, &zero);
  e = errno;
  TT_CHECK("alert.get_returns_alert", r == 0 && is_event(&pe, PORT_SOURCE_ALERT, 0x20, (void *)0x77) && pe.portev_object == 0,
           "port_get = %d (%s), source %d events %#x user %p object %lu", r, strerror(e), pe.portev_source,
           pe.portev_events, pe.portev_user, (unsigned long)pe.portev_object);
  r = port_get(port, &pe, NULL); /* NULL: it would wait forever, were it not alerted */
  TT_CHECK("alert.not_consumed", r == 0 && is_event(&pe, PORT_SOURCE_ALERT, 0x20, (void *)0x77),
           "second port_get = %d (%s), source %d", r, strerror(errno), pe.portev_source);

  /* UPDATE on an alerted port: EBUSY, and the alert keeps its data. */
  r = port_alert(port, PORT_ALERT_UPDATE, 0x1, NULL);
  e = errno;
  int r2 = port_get(port, &pe, &zero);
  TT_CHECK("alert.update_ebusy", r == -1 && e == EBUSY && r2 == 0 && is_event(&pe, PORT_SOURCE_ALERT, 0x20, (void *)0x77),
           "port_alert(UPDATE) = %d (%s); then events %#x user %p", r, tt_errno_name(e), pe.portev_events,
           pe.portev_user);
  r = port_alert(port, PORT_ALERT_SET, 0x40, (void *)0x88);
  r2 = port_get(port, &pe, &zero);
  TT_CHECK("alert.set_overwrites", r == 0 && r2 == 0 && is_event(&pe, PORT_SOURCE_ALERT, 0x40, (void *)0x88),
           "port_alert(SET) = %d, port_get = %d, events %#x user %p", r, r2, pe.portev_events, pe.portev_user);

  /* "Events can be queued to a port that is in alert mode, but they will
   * not be retrievable until the port is transitioned out of alert mode." */
  int p[2];
  make_pipe(p);
  write(p[1], "x", 1);
  int a = port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, (void *)0x1);
  int s = port_send(port, 5, (void *)0x2);
  r = port_get(port, &pe, &zero);
  uint_t pending = 0;
  int rp = port_getn(port, NULL, 0, &pending, NULL);
  TT_CHECK("alert.hides_queued",
           a == 0 && s == 0 && r == 0 && is_event(&pe, PORT_SOURCE_ALERT, 0x40, (void *)0x88) && rp == 0 && pending == 2,
           "associate %d, send %d, port_get = %d source %d; pending %d/%u (want 2)", a, s, r, pe.portev_source, rp,
           pending);
  /* port_getn in alert mode: one event, the alert, however many asked. */
  port_event_t list[4];
  memset(list, 0, sizeof list);
  list[1].portev_source = 99;
  uint_t nget = 2;
  r = port_getn(port, list, 4, &nget, &zero);
  TT_CHECK("alert.getn_one_event",
           r == 0 && nget == 1 && is_event(&list[0], PORT_SOURCE_ALERT, 0x40, (void *)0x88) && list[1].portev_source == 99,
           "port_getn = %d (%s), nget %u, list[0] source %d, list[1] source %d", r, strerror(errno), nget,
           list[0].portev_source, list[1].portev_source);

  /* "A port is transitioned out of alert mode by calling the port_alert()
   * function with a zero events parameter": the two events come now. */
  r = port_alert(port, 0, 0, NULL);
  nget = 2;
  r2 = port_getn(port, list, 4, &nget, &zero);
  int seen_fd = 0, seen_user = 0;
  for (uint_t i = 0; r2 == 0 && i < nget; i++) {
    if (list[i].portev_source == PORT_SOURCE_FD && list[i].portev_object == (uintptr_t)p[0]) seen_fd++;
    if (is_event(&list[i], PORT_SOURCE_USER, 5, (void *)0x2)) seen_user++;
  }
  int r3 = port_get(port, &pe, &zero);
  e = errno;
  TT_CHECK("alert.clear_shows_queued", r == 0 && r2 == 0 && nget == 2 && seen_fd == 1 && seen_user == 1 && r3 == -1 && e == ETIME,
           "clear = %d, port_getn = %d nget %u (fd %d, user %d), then port_get = %d (%s)", r, r2, nget, seen_fd,
           seen_user, r3, tt_errno_name(e));
  close(p[0]);
  close(p[1]);

  r = port_alert(port, PORT_ALERT_UPDATE, 3, (void *)0x9);
  r2 = port_get(port, &pe, &zero);
  port_event_t got = pe;
  int cleared = port_alert(port, PORT_ALERT_UPDATE, 0, NULL); /* events 0 clears, whatever the flags */
  r3 = port_get(port, &pe, &zero);
  e = errno;
  TT_CHECK("alert.update_when_clear",
           r == 0 && r2 == 0 && is_event(&got, PORT_SOURCE_ALERT, 3, (void *)0x9) && cleared == 0 && r3 == -1 &&
               e == ETIME,
           "port_alert(UPDATE) = %d, port_get = %d (source %d events %#x); clear = %d, then port_get = %d (%s)", r, r2,
           got.portev_source, got.portev_events, cleared, r3, tt_errno_name(e));

  /* "EINVAL Mutually exclusive flags are set", and nothing changes. */
  r = port_alert(port, PORT_ALERT_SET | PORT_ALERT_UPDATE, 1, NULL);
  e = errno;
  r2 = port_get(port, &pe, &zero);
  TT_CHECK("alert.both_flags_einval", r == -1 && e == EINVAL && r2 == -1 && errno == ETIME,
           "port_alert(SET|UPDATE) = %d (%s); port_get after it = %d", r, tt_errno_name(e), r2);
  tt_expect_errno("alert.bad_port_ebadf", port_alert(-1, PORT_ALERT_SET, 1, NULL), EBADF);
  make_pipe(p);
  tt_expect_errno("alert.not_a_port_ebadfd", port_alert(p[0], PORT_ALERT_SET, 1, NULL), EBADFD);
  close(p[0]);
  close(p[1]);
}

/* Ports closed with associations (both ends of a pipe, one ready) and a
 * user event still queued: everything they hold must be freed. */
static void churn(int n) {
  for (int i = 0; i < n; i++) {
    int port = port_create(), p[2];
    make_pipe(p);
    write(p[1], "x", 1);
    port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[0], POLLIN, NULL);
    port_associate(port, PORT_SOURCE_FD, (uintptr_t)p[1], POLLIN, NULL);
    port_send(port, 1, NULL);
    close(p[0]);
    close(p[1]);
    close(port);
  }
}

static void check_leak(void) {
  churn(50); /* warm up: heap pages the allocator keeps anyway */
  long before = tt_mem_free_kb();
  churn(1000);
  long after = tt_mem_free_kb();
  TT_CHECK("leak.1000_ports_memfree", before > 0 && after >= before - 64, "MemFree %ld kB before, %ld kB after",
           before, after);
}

int main(void) {
  errno = 0;
  int port = port_create();
  if (port < 0 && errno == ENOSYS) {
    for (size_t i = 0; i < sizeof kCases / sizeof kCases[0]; i++) tt_skip(kCases[i], "Linux has no event ports");
    return tt_done();
  }
  if (!TT_CHECK("create.fd", port >= 0, "port_create = %d (%s)", port, strerror(errno))) return tt_done();
  check_oneshot(port);
  check_wake(port);
  check_user(port);
  check_timeouts(port);
  check_many(port);
  check_close_and_dissociate(port);
  check_getn(port);
  check_bad(port);
  check_alert(port);
  close(port);
  check_leak();
  return tt_done();
}
