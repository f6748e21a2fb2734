/* port_connect: a non-blocking TCP connect completed through an event port,
 * as illumos connect(3SOCKET) does it, and that page's example program
 * (/bin/connect) run as a command.
 *
 * Over loopback only (127.0.0.1, ::1 and the v4-mapped ::ffff:127.0.0.1 of
 * the page's AF_INET6 socket); tests/net/connect_example_test.sh runs the
 * program against a host peer through QEMU's user network.
 *
 *   nb.*       connect(SOCK_NONBLOCK) = EINPROGRESS, port_associate(POLLOUT),
 *              port_get, getsockopt(SO_ERROR): success (IPv4, v4-mapped,
 *              IPv6), refusal (ECONNREFUSED from a bound port nobody listens
 *              on), timeout (ETIMEDOUT: a listener whose accept queue is
 *              full drops the SYNs, and net.inet.tcp.keepinit is set to 2 s
 *              for the while), each event reported once (one-shot); 24
 *              sockets on one port, half refused, each reported once with
 *              its own SO_ERROR; an associated socket closed before its
 *              event is retrieved is never reported.
 *   example.*  /bin/connect: exit 0 and silence against a listener, exit 1
 *              and "asnchronous connect: Connection refused" (the page's
 *              spelling) against a closed port, and the page's messages
 *              for a bad address, a bad port and a wrong argument count.
 *
 * No check depends on timing: the timeout case waits (at most 60 s) for
 * the event that keepinit's expiry must produce.
 *
 * On Linux there are no event ports: nb.* and the example's connecting
 * cases SKIP. The example's argument checks run there too, with the build's
 * copy of the program (build/guest/connect.d/connect, next to this test's
 * own directory), since they fail before any event-port call.
 *
 * Sources: illumos connect(3SOCKET) (Non-blocking Sockets, Example 1),
 * port_associate(3C), port_get(3C); FreeBSD tcp(4) (keepinit); Linux
 * listen(2) (the backlog).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <port.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

static const char *const kPortCases[] = {
    "port_create",          "nb.n15.success_ipv4",     "nb.n20.success_v4mapped",        "nb.n15.success_ipv6",
    "nb.n15.success_oneshot",   "nb.b4.refused",          "nb.b4.refused_oneshot",         "nb.b5.timeout_etimedout",
    "nb.n15.many_24_sockets",   "nb.n15.close_associated_socket", "example.connects_exit_0", "example.refused_message",
    "example.refused_v4mapped_message",
};

#define KEEPINIT "/proc/sys/net/inet/tcp/keepinit"

static void die(const char *what) {
  printf("# %s: %s\n", what, strerror(errno));
  exit(1);
}

/* [::ffff:127.0.0.1]:port as the page builds it: IN6_INADDR_TO_V4MAPPED. */
static struct sockaddr_in6 mapped(uint16_t port) {
  struct sockaddr_in6 a;
  struct in_addr v4;
  memset(&a, 0, sizeof a);
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(port);
  v4.s_addr = htonl(INADDR_LOOPBACK);
  IN6_INADDR_TO_V4MAPPED(&v4, &a.sin6_addr);
  return a;
}

/* A TCP socket bound to 127.0.0.1 (or ::1), port chosen by the system,
 * listening with `backlog` unless backlog < 0: then a closed port that
 * nobody else can take while we hold it. */
static int bound(int family, int backlog, uint16_t *port) {
  int fd = family == AF_INET ? tt_tcp_listener4(port, backlog) : tt_tcp_listener6(port, backlog);
  if (fd < 0) die("socket, bind or listen on loopback");
  return fd;
}

/* One non-blocking connect completed through `port`, the page's way. */
struct attempt {
  int fd;
  int connect_ret, connect_errno;  /* the connect itself: -1/EINPROGRESS expected */
  int associate_ret, get_ret, get_errno;
  port_event_t pe;
  int so_error;  /* SO_ERROR after the event */
};

static void start(struct attempt *a, int port, const struct sockaddr *to, socklen_t len, void *user) {
  memset(a, 0, sizeof *a);
  a->fd = socket(to->sa_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (a->fd < 0) die("socket(SOCK_NONBLOCK)");
  errno = 0;
  a->connect_ret = connect(a->fd, to, len);
  a->connect_errno = errno;
  a->associate_ret = port_associate(port, PORT_SOURCE_FD, (uintptr_t)a->fd, POLLOUT, user);
}

/* Waits (at most `sec` seconds) for a's event, then reads SO_ERROR. */
static void finish(struct attempt *a, int port, time_t sec) {
  struct timespec t = {sec, 0};
  errno = 0;
  a->get_ret = port_get(port, &a->pe, &t);
  a->get_errno = errno;
  a->so_error = tt_so_error(a->fd);
}

/* "connect = -1 (EINPROGRESS), associate 0, port_get 0, source 4 object 5
 * events 0x4 user 0x1, SO_ERROR 0 (0)" */
static const char *describe(const struct attempt *a) {
  static char buf[256];
  snprintf(buf, sizeof buf,
           "connect = %d (%s), associate %d, port_get %d (%s), source %d object %lu events %#x user %p, SO_ERROR %d (%s)",
           a->connect_ret, tt_errno_name(a->connect_errno), a->associate_ret, a->get_ret, tt_errno_name(a->get_errno),
           a->pe.portev_source, (unsigned long)a->pe.portev_object, a->pe.portev_events, a->pe.portev_user,
           a->so_error, tt_errno_name(a->so_error));
  return buf;
}

/* The event of a's fd, with the cookie given, after an EINPROGRESS. */
static int reported(const struct attempt *a, void *user) {
  return a->connect_ret == -1 && a->connect_errno == EINPROGRESS && a->associate_ret == 0 && a->get_ret == 0 &&
         a->pe.portev_source == PORT_SOURCE_FD && a->pe.portev_object == (uintptr_t)a->fd && a->pe.portev_user == user;
}

/* After one port_get, nothing else is queued: the association was
 * one-shot, and nobody else used the port. */
static int port_empty(int port) {
  port_event_t pe;
  struct timespec zero = {0, 0};
  return port_get(port, &pe, &zero) == -1 && errno == ETIME;
}

static void check_success(int port) {
  uint16_t p4, p6;
  int l4 = bound(AF_INET, 16, &p4);
  int l6 = bound(AF_INET6, 16, &p6);
  struct attempt a;

  struct sockaddr_in to4 = tt_loopback4(p4);
  start(&a, port, (struct sockaddr *)&to4, sizeof to4, (void *)0x4);
  finish(&a, port, 30);
  TT_CHECK(tt_persona_id("nb.n15.success_ipv4"),
           reported(&a, (void *)0x4) && (a.pe.portev_events & POLLOUT) && !(a.pe.portev_events & POLLERR) && a.so_error == 0,
           "%s", describe(&a));
  TT_CHECK(tt_persona_id("nb.n15.success_oneshot"), port_empty(port), "a second port_get found another event");
  close(a.fd);

  /* The page's own socket: AF_INET6 with a v4-mapped address. */
  struct sockaddr_in6 tom = mapped(p4);
  start(&a, port, (struct sockaddr *)&tom, sizeof tom, (void *)0x46);
  finish(&a, port, 30);
  TT_CHECK(tt_persona_id("nb.n20.success_v4mapped"),
           reported(&a, (void *)0x46) && (a.pe.portev_events & POLLOUT) && !(a.pe.portev_events & POLLERR) &&
               a.so_error == 0,
           "%s", describe(&a));
  close(a.fd);

  struct sockaddr_in6 to6 = tt_loopback6(p6);
  start(&a, port, (struct sockaddr *)&to6, sizeof to6, (void *)0x6);
  finish(&a, port, 30);
  TT_CHECK(tt_persona_id("nb.n15.success_ipv6"),
           reported(&a, (void *)0x6) && (a.pe.portev_events & POLLOUT) && !(a.pe.portev_events & POLLERR) && a.so_error == 0,
           "%s", describe(&a));
  close(a.fd);
  close(l4);
  close(l6);
}

static void check_refused(int port) {
  uint16_t p;
  int closed = bound(AF_INET, -1, &p);
  struct attempt a;
  struct sockaddr_in6 to = mapped(p);
  start(&a, port, (struct sockaddr *)&to, sizeof to, (void *)0xbad);
  finish(&a, port, 30);
  /* poll(2) on a failed connect: POLLOUT with POLLERR and/or POLLHUP; the
   * port reports the same bits. */
  TT_CHECK(tt_persona_id("nb.b4.refused"),
           reported(&a, (void *)0xbad) && (a.pe.portev_events & (POLLOUT | POLLERR | POLLHUP)) &&
               a.so_error == ECONNREFUSED,
           "%s", describe(&a));
  TT_CHECK(tt_persona_id("nb.b4.refused_oneshot"), port_empty(port), "a second port_get found another event");
  close(a.fd);
  close(closed);
}

/* A listener with backlog 0 takes one connection into its accept queue
 * and, never accepting it, drops every later SYN; with keepinit 2 s the
 * next connect must end in ETIMEDOUT. Connects go one after the other,
 * each to its end, until one times out (on Tether the second; up to 4 in
 * case a queue holds more). */
static void check_timeout(int port) {
  char old[32];
  if (tt_read_file(KEEPINIT, old, sizeof old) <= 0) {
    tt_fail(tt_persona_id("nb.b5.timeout_etimedout"), "cannot read %s: %s", KEEPINIT, strerror(errno));
    return;
  }
  if (!tt_write_text(KEEPINIT, "2000")) {
    tt_fail(tt_persona_id("nb.b5.timeout_etimedout"), "cannot write %s: %s", KEEPINIT, strerror(errno));
    return;
  }
  uint16_t p;
  int l = bound(AF_INET, 0, &p);
  struct sockaddr_in to = tt_loopback4(p);
  struct attempt a[4];
  int n = 0, timed_out = -1;
  while (n < 4 && timed_out < 0) {
    start(&a[n], port, (struct sockaddr *)&to, sizeof to, (void *)(uintptr_t)(n + 1));
    finish(&a[n], port, 60);
    if (!reported(&a[n], (void *)(uintptr_t)(n + 1)) || a[n].so_error != 0) timed_out = n;
    n++;
  }
  if (timed_out < 0) {
    tt_fail(tt_persona_id("nb.b5.timeout_etimedout"), "%d connects to a listen(fd, 0) listener that never accepts all succeeded", n);
  } else {
    printf("# %d connection(s) fill the queue\n", timed_out);
    TT_CHECK(tt_persona_id("nb.b5.timeout_etimedout"),
             timed_out >= 1 && reported(&a[timed_out], (void *)(uintptr_t)(timed_out + 1)) &&
                 a[timed_out].so_error == ETIMEDOUT,
             "connect %d: %s", timed_out + 1, describe(&a[timed_out]));
  }
  for (int i = 0; i < n; i++) close(a[i].fd);
  close(l);
  tt_write_text(KEEPINIT, old);
}

/* 24 sockets on one port: the even ones to a listener, the odd ones to a
 * closed port. port_getn collects all 24; each fd reported once, with the
 * cookie it was associated with, and SO_ERROR 0 or ECONNREFUSED to match. */
static void check_many(int port) {
  enum { N = 24 };
  uint16_t open_port, closed_port;
  int l = bound(AF_INET, N, &open_port);
  int closed = bound(AF_INET, -1, &closed_port);
  struct attempt a[N];
  for (int i = 0; i < N; i++) {
    struct sockaddr_in to = tt_loopback4(i % 2 ? closed_port : open_port);
    start(&a[i], port, (struct sockaddr *)&to, sizeof to, (void *)(uintptr_t)(i + 1));
  }
  static port_event_t list[N + 8];
  uint_t nget = N;
  struct timespec t = {30, 0};
  int r = port_getn(port, list, N + 8, &nget, &t);
  int e = errno;
  int seen[N] = {0}, bad = -1;
  for (uint_t k = 0; r == 0 && k < nget && bad < 0; k++) {
    uintptr_t i = (uintptr_t)list[k].portev_user - 1;
    if (i >= N || seen[i] || list[k].portev_source != PORT_SOURCE_FD || list[k].portev_object != (uintptr_t)a[i].fd) {
      bad = (int)k;
      break;
    }
    seen[i] = 1;
    int want = i % 2 ? ECONNREFUSED : 0;
    if (tt_so_error(a[i].fd) != want) bad = (int)k;
  }
  TT_CHECK(tt_persona_id("nb.n15.many_24_sockets"), r == 0 && nget == N && bad < 0 && port_empty(port),
           "port_getn = %d (%s), nget %u of %d; first wrong event: %d", r, strerror(e), nget, N, bad);
  for (int i = 0; i < N; i++) close(a[i].fd);
  close(l);
  close(closed);
}

/* port_associate(3C): closing the fd dissociates it, even when its event
 * is already waiting on the port. */
static void check_close(int port) {
  uint16_t p;
  int l = bound(AF_INET, 4, &p);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in to = tt_loopback4(p);
  connect(fd, (struct sockaddr *)&to, sizeof to);
  struct pollfd pfd = {fd, POLLOUT, 0};
  int ready = poll(&pfd, 1, 30000);
  /* Connected, so associating queues the event at once; then close. */
  int r = port_associate(port, PORT_SOURCE_FD, (uintptr_t)fd, POLLOUT, NULL);
  uint_t pending = 0;
  port_getn(port, NULL, 0, &pending, NULL);
  close(fd);
  TT_CHECK(tt_persona_id("nb.n15.close_associated_socket"), ready == 1 && r == 0 && pending == 1 && port_empty(port),
           "poll = %d, associate = %d, pending before close %u, want no event after close", ready, r, pending);
  close(l);
}

/* ---- the example program ---- */

static char program[512];

/* Where /bin/connect is: the guest's, or the build's copy on the host. */
static bool find_program(void) {
  if (tt_on_tether()) {
    snprintf(program, sizeof program, "/bin/connect");
  } else {
    /* .../guest/port_connect.d/port_connect → .../guest/connect.d/connect */
    snprintf(program, sizeof program, "%s", tt_self_path());
    for (int up = 0; up < 2; up++) {
      char *slash = strrchr(program, '/');
      if (!slash) return false;
      *slash = '\0';
    }
    strncat(program, "/connect.d/connect", sizeof program - strlen(program) - 1);
  }
  return access(program, X_OK) == 0;
}

/* Runs the program with two arguments (or none when a1 is NULL); its
 * stdout and stderr together into out. Returns the wait status. */
static int run_program(const char *a1, const char *a2, char *out, size_t size) {
  char *argv[] = {"connect", (char *)a1, (char *)a2, NULL};
  return tt_run_capture(program, argv, true, out, size, 60);
}

static void expect_run(const char *id, const char *a1, const char *a2, int want_status, const char *want_out) {
  char out[512];
  int status = run_program(a1, a2, out, sizeof out);
  TT_CHECK(id, WIFEXITED(status) && WEXITSTATUS(status) == want_status && strcmp(out, want_out) == 0,
           "connect %s %s: %s, printed \"%s\"; want exit %d and \"%s\"", a1 ? a1 : "", a2 ? a2 : "",
           tt_status_str(status), out, want_status, want_out);
}

static void check_example_arguments(void) {
  expect_run("example.usage", NULL, NULL, 1, "connect: <IP> <port>\n");
  expect_run("example.bad_address", "10.0.2.x", "80", 1, "connect: 10.0.2.x is not a valid IPv4 or IPv6 address\n");
  expect_run("example.bad_port_text", "127.0.0.1", "80x", 1, "failed to parse port 80x\n");
  expect_run("example.bad_port_range", "127.0.0.1", "99999999999999999999", 1,
             "failed to parse port 99999999999999999999\n");
  expect_run("example.port_zero", "::1", "0", 1, "invalid port: 0\n");
  expect_run("example.port_65536", "::1", "65536", 1, "invalid port: 65536\n");
}

static void check_example_connecting(void) {
  char port_text[16];
  uint16_t p;
  int l = bound(AF_INET, 4, &p);
  snprintf(port_text, sizeof port_text, "%u", p);
  expect_run("example.connects_exit_0", "127.0.0.1", port_text, 0, "");
  close(l);
  int closed = bound(AF_INET, -1, &p);
  snprintf(port_text, sizeof port_text, "%u", p);
  expect_run("example.refused_message", "127.0.0.1", port_text, 1, "asnchronous connect: Connection refused\n");
  expect_run("example.refused_v4mapped_message", "::ffff:127.0.0.1", port_text, 1,
             "asnchronous connect: Connection refused\n");
  close(closed);
}

static void run_illumos(void *arg) {
  (void)arg;
  tt_personality(tt_personas[TT_P_ILLUMOS].value);
  tt_persona = TT_P_ILLUMOS;
  int port = port_create();
  if (!TT_CHECK(tt_persona_id("port_create"), port >= 0, "port_create = %d (%s)", port, strerror(errno))) return;
  check_success(port);
  check_refused(port);
  check_many(port);
  check_close(port);
  close(port);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  if (find_program()) check_example_arguments();
  else if (tt_on_tether()) tt_fail("example.installed", "no %s in the guest", program);
  else tt_skip("example.arguments", "no connect program at %s (this test was copied out of the build)", program);
  errno = 0;
  int port = port_create();
  if (port < 0 && errno == ENOSYS) {
    for (size_t i = 0; i < sizeof kPortCases / sizeof kPortCases[0]; i++) tt_skip(kPortCases[i], "Linux has no event ports");
    return tt_done();
  }
  if (!TT_CHECK("port_create", port >= 0, "port_create = %d (%s)", port, strerror(errno))) return tt_done();
  check_success(port);
  check_refused(port);
  check_many(port);
  check_close(port);
  check_timeout(port);
  close(port);
  /* N15 is the illumos page's ("the preferred way"): the same cases again
   * under the illumos personality, ids ending in .illumos. */
  tt_run_in_child("nb.n15.illumos_child", run_illumos, NULL, 60);
  check_example_connecting();
  return tt_done();
}
