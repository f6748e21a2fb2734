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
 * EBADFD, EINVAL, EFAULT without losing the event), and 1000 ports made and
 * closed with associations and queued events, MemFree steady.
 *
 * Sources: illumos port_create(3C), port_associate(3C), port_get(3C),
 * port_send(3C); poll(2) for the event bits. Linux has no event ports: the
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
    "close.associated_fd_dropped", "dissociate.ok",    "dissociate.no_event",      "dissociate.enoent",
    "getn.max0_pending",   "getn.collects_two",        "getn.partial_etime",       "poll.port_readable",
    "bad.port_ebadf",      "bad.not_a_port_ebadfd",    "bad.source_einval",        "bad.object_ebadf",
    "bad.pe_efault",       "bad.pe_efault_keeps_event", "bad.timeout_efault",      "bad.timeout_einval",
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

static long meminfo_free_kib(void) {
  char buf[2048];
  if (tt_read_file("/proc/meminfo", buf, sizeof buf) < 0) return -1;
  char *p = strstr(buf, "MemFree:");
  return p ? strtol(p + 8, NULL, 10) : -1;
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
  long before = meminfo_free_kib();
  churn(1000);
  long after = meminfo_free_kib();
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
  close(port);
  check_leak();
  return tt_done();
}
