/* connect_unix: connect() on UNIX-domain sockets bound in the filesystem.
 *
 * Rows of shared/spec/conditions.md checked here: A4 (no path, too long),
 * A6 (an AF_INET or AF_INET6 address on an AF_UNIX socket), B1 EISCONN,
 * B3 (connect on a listening socket: real Linux EINVAL for UNIX sockets),
 * C2 EALREADY, C3 EINTR, C5 (backlog full: non-blocking, and blocking with
 * SO_SNDTIMEO), F1-F13, and the behaviours N1-N4 (datagram association),
 * N6 (seqpacket connects like stream), N9/N10 (a background connect
 * completes: POLLOUT, SO_ERROR 0), N18 (getpeername names the listener).
 *
 * Every case runs once per personality (linux, freebsd, darwin, illumos,
 * set with personality(2) in a child), as a non-root user (uid 1000) when
 * the test starts as root: the permission rows F6/F7 need one. Ids:
 * "connect.unix.f1.enotdir" under linux, with ".freebsd", ".darwin",
 * ".illumos" appended for the others. Where the personalities' errnos
 * differ (A6, B3, C5, F5, F11, F13, N4), the non-linux expectations are
 * Tether's alone: on Linux those cases SKIP, saying why. F9 (EIO) needs
 * Tether's fail point debug.fail.vfs_lookup and SKIPs on Linux.
 *
 * Sources: shared/spec/conditions.md (rows above; "Real Linux" for the
 * linux personality), the five pages in shared/spec/manpages/ (the UNIX
 * domain errors of FreeBSD 7.0, Darwin/Mac OS X connect(2) and illumos
 * connect(3SOCKET), Linux connect(2) EACCES/EPROTOTYPE/ECONNREFUSED), Linux
 * unix(7) and path_resolution(7).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

static char base[128]; /* this personality's directory: /tmp/connect_unix.PID/NAME */

#define USER 1000
#define GROUP 1000

/* Ids under the current personality (tt_persona_id, tether_net.h). */
#define ID(base) tt_persona_id(base)

/* True (after a SKIP) when this case's expectation is one only Tether's
 * personalities give. */
static bool skip_persona_row(const char *id, const char *row) {
  return tt_persona_skip(id, "%s errnos differ by personality (conditions.md); Linux ignores personality(2)", row);
}

/* The path NAME under this personality's directory (rotating buffers). */
static const char *P(const char *name) {
  static char buf[8][200];
  static int next;
  char *b = buf[next++ % 8];
  snprintf(b, sizeof buf[0], "%s/%s", base, name);
  return b;
}

static int sock(int type) {
  int fd = socket(AF_UNIX, type, 0);
  if (fd < 0) tt_die("socket(AF_UNIX)");
  return fd;
}

/* A socket of `type` bound at path; listening with backlog unless < 0. */
static int bound(int type, const char *path, int backlog) {
  int fd = sock(type);
  struct sockaddr_un a;
  socklen_t len = tt_unix_addr(&a, path);
  if (bind(fd, (struct sockaddr *)&a, len) != 0) tt_die(path);
  if (backlog >= 0 && listen(fd, backlog) != 0) tt_die("listen");
  return fd;
}

static int connect_path(int fd, const char *path) {
  struct sockaddr_un a;
  socklen_t len = tt_unix_addr(&a, path);
  return connect(fd, (struct sockaddr *)&a, len);
}

/* connect(2) of a new socket of `type` to path: 0 or the errno. */
static int try_connect(int type, const char *path) {
  int fd = sock(type);
  int r = connect_path(fd, path);
  int e = r == 0 ? 0 : errno;
  close(fd);
  return e;
}

static void expect(const char *id, int got, int want) {
  if (want == 0) TT_CHECK(id, got == 0, "expected success, got %s", tt_errno_name(got));
  else TT_CHECK(id, got == want, "expected %s, got %s", tt_errno_name(want), got ? tt_errno_name(got) : "success");
}

static int by_persona(int linux_e, int freebsd_e, int darwin_e, int illumos_e) {
  int v[TT_P_COUNT] = {linux_e, freebsd_e, darwin_e, illumos_e};
  return v[tt_persona];
}

static sigset_t no_signals(void) {
  sigset_t none;
  sigemptyset(&none);
  return none;
}

/* ---- A ------------------------------------------------------------------ */

static void check_a(void) {
  int l = bound(SOCK_STREAM, P("a.sock"), 5);
  int fd = sock(SOCK_STREAM);
  struct sockaddr_un a;
  tt_unix_addr(&a, P("a.sock"));
  tt_expect_errno(ID("connect.unix.a4.einval_no_path"), connect(fd, (struct sockaddr *)&a, 2), EINVAL);
  char big[120];
  memset(big, 0, sizeof big);
  memcpy(big, &a, sizeof a);
  tt_expect_errno(ID("connect.unix.a4.einval_longer_than_sockaddr_un"), connect(fd, (struct sockaddr *)big, 111),
                  EINVAL);
  const char *id = ID("connect.unix.a6.inet_address");
  if (!skip_persona_row(id, "A6")) {
    struct sockaddr_in in4;
    memset(&in4, 0, sizeof in4);
    in4.sin_family = AF_INET;
    int r = connect(fd, (struct sockaddr *)&in4, sizeof in4);
    expect(id, r == 0 ? 0 : errno, by_persona(EINVAL, EAFNOSUPPORT, EAFNOSUPPORT, EAFNOSUPPORT));
    struct sockaddr_in6 in6;
    memset(&in6, 0, sizeof in6);
    in6.sin6_family = AF_INET6;
    r = connect(fd, (struct sockaddr *)&in6, sizeof in6);
    expect(ID("connect.unix.a6.inet6_address"), r == 0 ? 0 : errno,
           by_persona(EINVAL, EAFNOSUPPORT, EAFNOSUPPORT, EAFNOSUPPORT));
  }
  close(fd);
  close(l);
}

/* ---- F1-F8, F10-F12 ---------------------------------------------------- */

static void check_names(void) {
  int l = bound(SOCK_STREAM, P("stream.sock"), 5);
  int d = bound(SOCK_DGRAM, P("dgram.sock"), -1);
  int q = bound(SOCK_SEQPACKET, P("seq.sock"), 5);
  if (!tt_write_file(P("file"), "x", 0644)) tt_die("file");

  expect(ID("connect.unix.n17.works"), try_connect(SOCK_STREAM, P("stream.sock")), 0);
  expect(ID("connect.unix.f1.enotdir"), try_connect(SOCK_STREAM, P("file/sock")), ENOTDIR);
  expect(ID("connect.unix.f2.enoent"), try_connect(SOCK_STREAM, P("missing.sock")), ENOENT);
  expect(ID("connect.unix.f3.enoent_prefix"), try_connect(SOCK_STREAM, P("missing/stream.sock")), ENOENT);

  /* F4: a component of 256 bytes can only come through a symbolic link
   * (sun_path holds 108); 255 works. */
  char name[300];
  memset(name, 'n', 256);
  name[256] = '\0';
  if (symlink(name, P("link256")) != 0) tt_die("symlink to a 256-byte name");
  expect(ID("connect.unix.f4.enametoolong_component"), try_connect(SOCK_STREAM, P("link256")), ENAMETOOLONG);
  name[255] = '\0';
  char long_path[800];
  snprintf(long_path, sizeof long_path, "%s/%s", base, name);
  int l255 = bound(SOCK_STREAM, P("s255"), 5);
  if (rename(P("s255"), long_path) != 0) tt_die("rename to a 255-byte name");
  if (symlink(name, P("link255")) != 0) tt_die("symlink to a 255-byte name");
  expect(ID("connect.unix.f4.component_255_works"), try_connect(SOCK_STREAM, P("link255")), 0);
  close(l255);

  /* F6: no search permission on a directory of the path. */
  if (mkdir(P("nosearch"), 0700) != 0) tt_die("mkdir nosearch");
  int l6 = bound(SOCK_STREAM, P("nosearch/s"), 5);
  if (chmod(P("nosearch"), 0600) != 0) tt_die("chmod nosearch");
  if (geteuid() == 0) tt_skip(ID("connect.unix.f6.eacces_search"), "running as root, which searches anything");
  else expect(ID("connect.unix.f6.eacces_search"), try_connect(SOCK_STREAM, P("nosearch/s")), EACCES);
  chmod(P("nosearch"), 0700);
  close(l6);

  /* F7: no write permission on the socket file. */
  int l7 = bound(SOCK_STREAM, P("readonly.sock"), 5);
  if (chmod(P("readonly.sock"), 0555) != 0) tt_die("chmod readonly.sock");
  if (geteuid() == 0) tt_skip(ID("connect.unix.f7.eacces_write"), "running as root, which writes anything");
  else expect(ID("connect.unix.f7.eacces_write"), try_connect(SOCK_STREAM, P("readonly.sock")), EACCES);
  close(l7);

  /* F8: a cycle, a chain of 50 (Linux follows at most 40); 8 work. */
  if (symlink("loop2", P("loop1")) != 0 || symlink("loop1", P("loop2")) != 0) tt_die("symlink loop");
  expect(ID("connect.unix.f8.eloop_cycle"), try_connect(SOCK_STREAM, P("loop1")), ELOOP);
  char link[32], target[32];
  for (int i = 0; i < 50; i++) {
    snprintf(link, sizeof link, "chain%d", i);
    if (i == 49) snprintf(target, sizeof target, "stream.sock");
    else snprintf(target, sizeof target, "chain%d", i + 1);
    if (symlink(target, P(link)) != 0) tt_die("symlink chain");
  }
  expect(ID("connect.unix.f8.eloop_chain_of_50"), try_connect(SOCK_STREAM, P("chain0")), ELOOP);
  expect(ID("connect.unix.f8.chain_of_8_works"), try_connect(SOCK_STREAM, P("chain42")), 0);

  /* F10: a socket file whose socket does not listen, or was closed. */
  int b = bound(SOCK_STREAM, P("bound_only.sock"), -1);
  expect(ID("connect.unix.f10.econnrefused_not_listening"), try_connect(SOCK_STREAM, P("bound_only.sock")),
         ECONNREFUSED);
  close(b);
  int c = bound(SOCK_STREAM, P("closed.sock"), 5);
  close(c);
  expect(ID("connect.unix.f10.econnrefused_closed"), try_connect(SOCK_STREAM, P("closed.sock")), ECONNREFUSED);

  /* F11: not a socket. illumos: ENOTSOCK; real Linux ECONNREFUSED. */
  const char *id = ID("connect.unix.f11.regular_file");
  if (!skip_persona_row(id, "F11")) {
    int want = by_persona(ECONNREFUSED, ECONNREFUSED, ECONNREFUSED, ENOTSOCK);
    expect(id, try_connect(SOCK_STREAM, P("file")), want);
    expect(ID("connect.unix.f11.directory"), try_connect(SOCK_STREAM, base), want);
  }

  /* F12: the socket at the name has another type. */
  expect(ID("connect.unix.f12.eprototype_stream_to_dgram"), try_connect(SOCK_STREAM, P("dgram.sock")), EPROTOTYPE);
  expect(ID("connect.unix.f12.eprototype_dgram_to_stream"), try_connect(SOCK_DGRAM, P("stream.sock")), EPROTOTYPE);
  expect(ID("connect.unix.f12.eprototype_seqpacket_to_stream"), try_connect(SOCK_SEQPACKET, P("stream.sock")),
         EPROTOTYPE);
  expect(ID("connect.unix.n6.seqpacket_connects"), try_connect(SOCK_SEQPACKET, P("seq.sock")), 0);
  close(l);
  close(d);
  close(q);
}

/* F5: the name as expanded through a symbolic link passes 1023 bytes:
 * FreeBSD (1023) and Darwin ({PATH_MAX}) say ENAMETOOLONG; real Linux and
 * illumos resolve it. A 999-byte link to five nested 199-byte directories,
 * then a 60-byte socket name. */
static void check_f5(void) {
  const char *id = ID("connect.unix.f5.expanded_name_over_1023");
  if (skip_persona_row(id, "F5")) return;
  char dir[200], target[1100], sockname[61], here[256];
  memset(dir, 'd', 199);
  dir[199] = '\0';
  memset(sockname, 's', 60);
  sockname[60] = '\0';
  if (!getcwd(here, sizeof here)) tt_die("getcwd");
  if (chdir(base) != 0) tt_die("chdir base");
  target[0] = '\0';
  for (int i = 0; i < 5; i++) {
    if (mkdir(dir, 0700) != 0 || chdir(dir) != 0) tt_die("mkdir a 199-byte directory");
    if (i) strcat(target, "/");
    strcat(target, dir);
  }
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a;
  socklen_t len = tt_unix_addr(&a, sockname);
  if (l < 0 || bind(l, (struct sockaddr *)&a, len) != 0 || listen(l, 5) != 0) tt_die("bind in the deep directory");
  if (chdir(base) != 0) tt_die("chdir base");
  if (symlink(target, "deep") != 0) tt_die("symlink of 999 bytes");
  if (chdir(here) != 0) tt_die("chdir back");
  char path[200];
  snprintf(path, sizeof path, "%s/deep/%s", base, sockname);
  expect(id, try_connect(SOCK_STREAM, path), by_persona(0, ENAMETOOLONG, ENAMETOOLONG, 0));
  close(l);
}

/* ---- F9: an I/O error while resolving (Tether's fail point) -------------- */

static void check_f9(void) {
  const char *id = ID("connect.unix.f9.eio");
  if (!tt_on_tether()) {
    tt_skip(id, "needs Tether's fail point debug.fail.vfs_lookup; Linux's ramfs never fails a lookup");
    return;
  }
  int l = bound(SOCK_STREAM, P("f9.sock"), 5);
  int fd = sock(SOCK_STREAM);
  struct sockaddr_un a;
  socklen_t len = tt_unix_addr(&a, P("f9.sock"));
  int fp = open("/proc/sys/debug/fail/vfs_lookup", O_WRONLY);
  if (fp < 0 || write(fp, "1\n", 2) != 2) {
    tt_fail(id, "cannot arm /proc/sys/debug/fail/vfs_lookup: %s", strerror(errno));
  } else {
    int r = connect(fd, (struct sockaddr *)&a, len);
    /* Darwin, Mac OS X, illumos: EIO; FreeBSD and Linux silent: EIO. */
    expect(id, r == 0 ? 0 : errno, EIO);
    expect(ID("connect.unix.f9.next_connect_works"), connect(fd, (struct sockaddr *)&a, len) == 0 ? 0 : errno, 0);
  }
  if (fp >= 0) close(fp);
  close(fd);
  close(l);
}

/* ---- B1, B3, C2, C3, C5, F13, N9, N10, N18 -------------------------------- */

static void check_stream_states(void) {
  int l = bound(SOCK_STREAM, P("b.sock"), 5);
  int fd = sock(SOCK_STREAM);
  expect(ID("connect.unix.n17.connect"), connect_path(fd, P("b.sock")) == 0 ? 0 : errno, 0);
  struct sockaddr_un peer;
  socklen_t plen = sizeof peer;
  int r = getpeername(fd, (struct sockaddr *)&peer, &plen);
  TT_CHECK(ID("connect.unix.n18.getpeername_names_listener"),
           r == 0 && peer.sun_family == AF_UNIX && strcmp(peer.sun_path, P("b.sock")) == 0,
           "getpeername = %d, \"%s\"", r, r == 0 ? peer.sun_path : "");
  expect(ID("connect.unix.b1.eisconn"), connect_path(fd, P("b.sock")) == 0 ? 0 : errno, EISCONN);
  const char *id = ID("connect.unix.b3.listening");
  if (!skip_persona_row(id, "B3")) {
    /* Real Linux (unix_stream_connect): EINVAL; Darwin EOPNOTSUPP ("Because
     * socket is listening, no connection is allowed"); FreeBSD's kernel
     * EOPNOTSUPP; illumos silent: Linux's. */
    expect(id, connect_path(l, P("b.sock")) == 0 ? 0 : errno, by_persona(EINVAL, EOPNOTSUPP, EOPNOTSUPP, EINVAL));
  }
  close(fd);
  close(l);
}

/* C5: the backlog is full (listen(0) holds one connection, as on Linux). */
static void check_backlog(void) {
  int l = bound(SOCK_STREAM, P("c5.sock"), 0);
  int first = sock(SOCK_STREAM);
  expect(ID("connect.unix.c5.first_fits_backlog_0"), connect_path(first, P("c5.sock")) == 0 ? 0 : errno, 0);
  const char *id = ID("connect.unix.c5.nonblocking_backlog_full");
  if (!skip_persona_row(id, "C5")) {
    int nb = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect_path(nb, P("c5.sock"));
    int want = by_persona(EAGAIN, EINPROGRESS, EINPROGRESS, EWOULDBLOCK);
    expect(id, r == 0 ? 0 : errno, want);
    if (want == EINPROGRESS) {
      /* The attempt goes on in the background (the page's EINPROGRESS). */
      r = connect_path(nb, P("c5.sock"));
      expect(ID("connect.unix.c2.ealready"), r == 0 ? 0 : errno, EALREADY);
      struct pollfd p = {nb, POLLOUT, 0};
      TT_CHECK(ID("connect.unix.n9.not_writable_while_pending"), poll(&p, 1, 0) == 0, "revents %#x", p.revents);
      int a = accept(l, NULL, NULL); /* makes room: the pending connect completes */
      p.revents = 0;
      r = poll(&p, 1, 5000);
      TT_CHECK(ID("connect.unix.n9.writable_when_done"), r == 1 && (p.revents & POLLOUT), "poll = %d, revents %#x",
               r, p.revents);
      expect(ID("connect.unix.n10.so_error_0"), tt_so_error(nb), 0);
      struct sockaddr_un peer;
      socklen_t plen = sizeof peer;
      TT_CHECK(ID("connect.unix.c5.background_connect_is_connected"),
               getpeername(nb, (struct sockaddr *)&peer, &plen) == 0, "getpeername: %s", strerror(errno));
      close(a);
      int b = accept(l, NULL, NULL);
      close(b);
    }
    close(nb);
  }
  /* The queue is full again (listen(0): one). */
  int again = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (connect_path(again, P("c5.sock")) != 0 && errno != EAGAIN && errno != EINPROGRESS) tt_die("refill the backlog");
  id = ID("connect.unix.c5.blocking_sndtimeo");
  if (!skip_persona_row(id, "C5")) {
    int fd = sock(SOCK_STREAM);
    struct timeval tv = {0, 100000};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int r = connect_path(fd, P("c5.sock"));
    /* Real Linux EAGAIN; the other pages: ETIMEDOUT. */
    expect(id, r == 0 ? 0 : errno, by_persona(EAGAIN, ETIMEDOUT, ETIMEDOUT, ETIMEDOUT));
    close(fd);
  }
  /* C3: a signal interrupts a blocking connect to a full backlog. */
  {
    int fd = sock(SOCK_STREAM);
    tt_handle(SIGALRM, tt_counting_handler, 0, no_signals()); /* no SA_RESTART */
    struct tt_itimerval it = {{0, 50000}, {0, 50000}};
    tt_setitimer(TT_ITIMER_REAL, &it, NULL);
    int r = connect_path(fd, P("c5.sock"));
    int e = errno;
    struct tt_itimerval off = {{0, 0}, {0, 0}};
    tt_setitimer(TT_ITIMER_REAL, &off, NULL);
    expect(ID("connect.unix.c3.eintr"), r == 0 ? 0 : e, EINTR);
    close(fd);
  }
  close(again);
  close(first);
  close(l);
}

/* A blocking connect to a full backlog completes when accept makes room. */
static void check_blocking_waits_for_accept(void) {
  int l = bound(SOCK_STREAM, P("wait.sock"), 0);
  int first = sock(SOCK_STREAM);
  if (connect_path(first, P("wait.sock")) != 0) tt_die("connect first");
  pid_t child = fork();
  if (child == 0) {
    tt_sleep_ms(200);
    int a = accept(l, NULL, NULL);
    _exit(a >= 0 ? 0 : 1);
  }
  int fd = sock(SOCK_STREAM);
  int r = connect_path(fd, P("wait.sock"));
  int e = errno;
  int status = tt_wait_timeout(child, 10);
  expect(ID("connect.unix.c5.blocking_connect_completes_after_accept"), r == 0 ? 0 : e, 0);
  TT_CHECK(ID("connect.unix.c5.accepting_child"), status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s",
           tt_status_str(status));
  close(fd);
  close(first);
  close(l);
}

/* F13: the listener goes away while a connect waits in its backlog. */
static void check_f13(void) {
  const char *id = ID("connect.unix.f13.listener_closed_while_pending");
  if (skip_persona_row(id, "F13")) return;
  int want = by_persona(ECONNREFUSED, ECONNREFUSED, ECONNREFUSED, ENXIO);
  int l = bound(SOCK_STREAM, P("f13.sock"), 0);
  int first = sock(SOCK_STREAM);
  if (connect_path(first, P("f13.sock")) != 0) tt_die("connect first");
  if (tt_persona == TT_P_FREEBSD || tt_persona == TT_P_DARWIN) {
    /* EINPROGRESS: the attempt is pending in the background. */
    int nb = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect_path(nb, P("f13.sock"));
    if (r == 0 || errno != EINPROGRESS) tt_fail(id, "connect = %d %s, expected EINPROGRESS", r, tt_errno_name(errno));
    else {
      close(l);
      l = -1;
      struct pollfd p = {nb, POLLOUT, 0};
      r = poll(&p, 1, 5000);
      TT_CHECK(ID("connect.unix.f13.poll_reports_the_end"), r == 1 && (p.revents & (POLLOUT | POLLERR | POLLHUP)),
               "poll = %d revents %#x", r, p.revents);
      expect(id, tt_so_error(nb), want);
    }
    close(nb);
  } else if (tt_persona == TT_P_ILLUMOS) {
    /* EINTR leaves the attempt pending (illumos: "established asynchronously"). */
    int fd = sock(SOCK_STREAM);
    tt_handle(SIGALRM, tt_counting_handler, 0, no_signals());
    struct tt_itimerval it = {{0, 50000}, {0, 50000}};
    tt_setitimer(TT_ITIMER_REAL, &it, NULL);
    int r = connect_path(fd, P("f13.sock"));
    int e = errno;
    struct tt_itimerval off = {{0, 0}, {0, 0}};
    tt_setitimer(TT_ITIMER_REAL, &off, NULL);
    if (r == 0 || e != EINTR) tt_fail(id, "connect = %d %s, expected EINTR", r, tt_errno_name(e));
    else {
      close(l);
      l = -1;
      expect(id, tt_so_error(fd), want);
    }
    close(fd);
  } else {
    /* A blocked connect in a child; the listener closes under it (if it
     * closes first, the connect meets F10, which Linux answers the same). */
    pid_t child = fork();
    if (child == 0) {
      close(l);
      int fd = socket(AF_UNIX, SOCK_STREAM, 0);
      int r = connect_path(fd, P("f13.sock"));
      _exit(r == 0 ? 0 : errno);
    }
    tt_sleep_ms(300);
    close(l);
    l = -1;
    int status = tt_wait_timeout(child, 10);
    expect(id, status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1, want);
  }
  close(first);
  if (l >= 0) close(l);
}

/* ---- N1-N4: datagram association ---------------------------------------- */

static void check_datagram(void) {
  int a = bound(SOCK_DGRAM, P("n.a"), -1);
  int b = bound(SOCK_DGRAM, P("n.b"), -1);
  int c = bound(SOCK_DGRAM, P("n.c"), -1);
  char buf[16];
  expect(ID("connect.unix.n1.connect_dgram"), connect_path(a, P("n.b")) == 0 ? 0 : errno, 0);
  ssize_t n = send(a, "one", 3, 0);
  struct sockaddr_un from;
  socklen_t flen = sizeof from;
  ssize_t got = recvfrom(b, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &flen);
  TT_CHECK(ID("connect.unix.n1.send_reaches_peer"),
           n == 3 && got == 3 && memcmp(buf, "one", 3) == 0 && strcmp(from.sun_path, P("n.a")) == 0,
           "send = %zd, recvfrom = %zd from \"%s\"", n, got, got > 0 ? from.sun_path : "");
  struct sockaddr_un to;
  socklen_t tlen = tt_unix_addr(&to, P("n.a"));
  n = sendto(c, "x", 1, 0, (struct sockaddr *)&to, tlen);
  expect(ID("connect.unix.n2.other_sender_eperm"), n < 0 ? errno : 0, EPERM);
  tlen = tt_unix_addr(&to, P("n.c"));
  n = sendto(a, "two", 3, 0, (struct sockaddr *)&to, tlen);
  got = recv(c, buf, sizeof buf, MSG_DONTWAIT);
  TT_CHECK(ID("connect.unix.n19.sendto_other_while_connected"), n == 3 && got == 3, "sendto = %zd, recv = %zd", n,
           got);
  expect(ID("connect.unix.n3.reconnect"), connect_path(a, P("n.c")) == 0 ? 0 : errno, 0);
  n = send(a, "three", 5, 0);
  got = recv(c, buf, sizeof buf, MSG_DONTWAIT);
  TT_CHECK(ID("connect.unix.n3.new_peer_receives"), n == 5 && got == 5, "send = %zd, recv = %zd", n, got);
  const char *id = ID("connect.unix.n4.dissolve_af_unspec");
  if (!skip_persona_row(id, "N4")) {
    struct sockaddr unspec;
    memset(&unspec, 0, sizeof unspec);
    unspec.sa_family = AF_UNSPEC;
    int r = connect(a, &unspec, sizeof unspec);
    expect(id, r == 0 ? 0 : errno, by_persona(0, 0, EAFNOSUPPORT, 0));
    expect(ID("connect.unix.n4.no_peer_after"), send(a, "x", 1, 0) < 0 ? errno : 0, ENOTCONN);
  }
  close(a);
  close(b);
  close(c);
}

/* ---- one personality -------------------------------------------------------- */

static void run_suite(void *arg) {
  tt_persona = *(int *)arg;
  if (tt_personality(tt_personas[tt_persona].value) < 0) tt_die("personality");
  if (geteuid() == 0 && !tt_become_user(USER, GROUP)) tt_die("drop to uid 1000");
  printf("# personality %s, uid %d\n", tt_personas[tt_persona].name, (int)geteuid());
  snprintf(base, sizeof base, "/tmp/cu.%d.%s", (int)getppid(), tt_personas[tt_persona].name);
  umask(022);
  if (mkdir(base, 0755) != 0) tt_die("mkdir the personality's directory");
  check_a();
  check_names();
  check_f5();
  check_stream_states();
  check_backlog();
  check_blocking_waits_for_accept();
  check_f13();
  check_datagram();
  tt_remove_tree(base);
}

/* F9 as root, since arming a fail point is root's business. */
static void run_f9(void *arg) {
  tt_persona = *(int *)arg;
  if (tt_personality(tt_personas[tt_persona].value) < 0) tt_die("personality");
  snprintf(base, sizeof base, "/tmp/cu9.%d.%s", (int)getppid(), tt_personas[tt_persona].name);
  if (mkdir(base, 0755) != 0) tt_die("mkdir");
  check_f9();
  tt_remove_tree(base);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  printf("# connect() on UNIX-domain sockets, on %s\n", tt_on_tether() ? "Tether" : "a kernel that is not Tether");
  for (int p = 0; p < TT_P_COUNT; p++) {
    char id[64];
    snprintf(id, sizeof id, "connect.unix.suite.%s", tt_personas[p].name);
    tt_run_in_child(id, run_suite, &p, 120);
    snprintf(id, sizeof id, "connect.unix.f9.%s", tt_personas[p].name);
    tt_run_in_child(id, run_f9, &p, 30);
  }
  return tt_done();
}
