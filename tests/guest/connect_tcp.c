/* connect_tcp: connect() on Internet TCP sockets, over loopback only
 * (127.0.0.1 and ::1; no external network).
 *
 * Rows of shared/spec/conditions.md checked here: A1 EBADF, A2 ENOTSOCK,
 * A3 EFAULT, A4 EINVAL, A5 EAFNOSUPPORT, A7 an unknown family, B1 EISCONN,
 * B2 connect after a non-blocking connect completed, B3 a listening socket,
 * B4 ECONNREFUSED (blocking, and non-blocking through poll and SO_ERROR),
 * C1 EINPROGRESS, C2 EALREADY, E1 ephemeral ports exhausted, and the
 * behaviours N5 (a stream socket connects once), N7 (an unbound socket gets
 * an ephemeral port from ip_local_port_range), N8 (a bound socket keeps its
 * port), N9 (not writable while pending, writable after), N10 (SO_ERROR 0
 * on success), N16 (after a failed connect the same socket connects again:
 * real Linux; the pages leave it unspecified, so linux personality only).
 *
 * Every case runs once per personality (linux 0, freebsd 0x6, darwin 0x20,
 * illumos 0xd, set with personality(2) in a child). The linux run uses the
 * plain ids ("connect.b3.listening"); the others add ".freebsd", ".darwin",
 * ".illumos". Where the pages agree, every personality expects the same
 * errno, and those checks run on Linux too (Linux stores the personality
 * and ignores it). Where the personalities' errnos differ (A7, B2, B3, E1)
 * the non-linux runs are Tether's: on Linux they SKIP, saying why.
 *
 * A blocking connect that stays pending is made deterministic with a
 * listener whose accept queue is full (listen(fd, 0), one connection
 * queued, never accepted): a SYN to it is dropped, so the next connect
 * stays in progress until the queue has room again.
 *
 * Sources: shared/spec/conditions.md (rows above, "Real Linux" column for
 * the linux personality) and the five pages in shared/spec/manpages/:
 * FreeBSD 7.0 connect(2), Darwin and Mac OS X connect(2), Linux connect(2)
 * (man-pages 4.09: EINPROGRESS, "select(2) or poll(2)", SO_ERROR,
 * EADDRNOTAVAIL and /proc/sys/net/ipv4/ip_local_port_range, NOTES on a
 * failed connect), illumos connect(3SOCKET); Linux listen(2) and
 * socket(7) (SO_ERROR, SO_ACCEPTCONN), ip(7) (ip_local_port_range).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

/* Ids under the current personality (tt_persona_id, tether_net.h): short,
 * since it stands in every check. */
#define ID(base) tt_persona_id(base)

/* True (after printing SKIP) when the expectation for this personality is
 * one only Tether can give: a non-linux personality on a kernel that is
 * not Tether, for a row whose errno differs between personalities. */
static bool skip_persona_row(const char *id, const char *row) {
  return tt_persona_skip(id, "%s errnos differ by personality (conditions.md); Linux's kernel ignores personality(2), only Tether's %s personality gives its page's value",
                         row, tt_personas[tt_persona].name);
}

/* ---- helpers ------------------------------------------------------------ */

static int tcp4(int flags) {
  int fd = socket(AF_INET, SOCK_STREAM | flags, 0);
  if (fd < 0) tt_die("socket(AF_INET, SOCK_STREAM)");
  return fd;
}

/* IPv6 is checked, but its absence fails only the IPv6 cases: the socket,
 * or -1 after FAILing id. */
static int tcp6(const char *id, int flags) {
  int fd = socket(AF_INET6, SOCK_STREAM | flags, 0);
  if (fd < 0) tt_fail(id, "socket(AF_INET6, SOCK_STREAM): %s", strerror(errno));
  return fd;
}

/* A socket bound to loopback port 0 (the system picks); listening with
 * `backlog` unless backlog < 0 (then bound only: a closed port, whose
 * connects are refused, that nobody else can take while we hold it). */
static int bound4(int backlog, uint16_t *port) {
  int fd = tt_tcp_listener4(port, backlog);
  if (fd < 0) tt_die("bind 127.0.0.1:0");
  return fd;
}

static int bound6(const char *id, int backlog, uint16_t *port) {
  int fd = tcp6(id, 0);
  if (fd < 0) return -1;
  struct sockaddr_in6 a = tt_loopback6(0);
  int p = -1;
  if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || (backlog >= 0 && listen(fd, backlog) != 0) ||
      (p = tt_local_port(fd)) <= 0) {
    tt_fail(id, "bind [::1]:0%s: %s", backlog >= 0 ? " and listen" : "", strerror(errno));
    close(fd);
    return -1;
  }
  *port = (uint16_t)p;
  return fd;
}

static int sockopt_int(int fd, int opt) {
  int v = -12345;
  socklen_t len = sizeof v;
  if (getsockopt(fd, SOL_SOCKET, opt, &v, &len) != 0) return -1;
  return v;
}

/* ---- A: descriptor and address arguments -------------------------------- */

static void check_a1_a2(uint16_t lport) {
  int fd = tcp4(0);
  close(fd);
  tt_expect_errno(ID("connect.a1.ebadf_closed"), tt_connect_loopback4(fd, lport), EBADF);
  tt_expect_errno(ID("connect.a1.ebadf_negative"), tt_connect_loopback4(-1, lport), EBADF);

  char name[64];
  snprintf(name, sizeof name, "/tmp/connect_tcp.%d", (int)getpid());
  fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) tt_die("open a regular file in /tmp");
  unlink(name);
  tt_expect_errno(ID("connect.a2.enotsock_regular_file"), tt_connect_loopback4(fd, lport), ENOTSOCK);
  close(fd);

  int p[2];
  if (pipe(p) != 0) tt_die("pipe");
  tt_expect_errno(ID("connect.a2.enotsock_pipe_read_end"), tt_connect_loopback4(p[0], lport), ENOTSOCK);
  tt_expect_errno(ID("connect.a2.enotsock_pipe_write_end"), tt_connect_loopback4(p[1], lport), ENOTSOCK);
  close(p[0]);
  close(p[1]);

  fd = open("/", O_RDONLY | O_DIRECTORY);
  if (fd < 0) tt_die("open /");
  tt_expect_errno(ID("connect.a2.enotsock_directory"), tt_connect_loopback4(fd, lport), ENOTSOCK);
  close(fd);
}

/* In a child of its own: bad pointers may crash a young kernel's copy-in. */
static void a3_child(void *arg) {
  (void)arg;
  int fd = tcp4(0);
  tt_expect_errno(ID("connect.a3.efault_null"), connect(fd, NULL, sizeof(struct sockaddr_in)), EFAULT);
  tt_expect_errno(ID("connect.a3.efault_low_page"),
                  connect(fd, (const struct sockaddr *)TT_LOW_PAGE, sizeof(struct sockaddr_in)), EFAULT);
  tt_expect_errno(ID("connect.a3.efault_kernel"),
                  connect(fd, (const struct sockaddr *)TT_KERNEL_ADDR, sizeof(struct sockaddr_in)), EFAULT);
  close(fd);
  int fd6 = tcp6(ID("connect.a3.efault_null_ipv6"), 0);
  if (fd6 >= 0) {
    tt_expect_errno(ID("connect.a3.efault_null_ipv6"), connect(fd6, NULL, sizeof(struct sockaddr_in6)), EFAULT);
    close(fd6);
  }
}

static void check_a4_a5_a7(uint16_t lport) {
  int fd = tcp4(0);
  struct sockaddr_in a = tt_loopback4(lport);
  tt_expect_errno(ID("connect.a4.einval_len_0"), connect(fd, (struct sockaddr *)&a, 0), EINVAL);
  tt_expect_errno(ID("connect.a4.einval_len_short"), connect(fd, (struct sockaddr *)&a, sizeof a - 1), EINVAL);
  tt_expect_errno(ID("connect.a4.einval_len_family_only"), connect(fd, (struct sockaddr *)&a, sizeof(sa_family_t)),
                  EINVAL);
  /* Longer than any address (struct sockaddr_storage). */
  union {
    struct sockaddr_in in;
    char bytes[sizeof(struct sockaddr_storage) + 64];
  } big;
  memset(&big, 0, sizeof big);
  big.in = a;
  tt_expect_errno(ID("connect.a4.einval_len_too_long"),
                  connect(fd, (struct sockaddr *)&big, sizeof(struct sockaddr_storage) + 1), EINVAL);

  /* An IPv4-sized address on an AF_INET6 socket: both an AF_INET address
   * and an AF_INET6 one cut to sizeof(struct sockaddr_in). */
  struct sockaddr_in6 a6 = tt_loopback6(lport);
  int fd6 = tcp6(ID("connect.a4.einval_ipv4_sized_on_inet6"), 0);
  if (fd6 >= 0) {
    tt_expect_errno(ID("connect.a4.einval_ipv4_sized_on_inet6"), connect(fd6, (struct sockaddr *)&a, sizeof a),
                    EINVAL);
    tt_expect_errno(ID("connect.a4.einval_inet6_cut_to_ipv4_size"),
                    connect(fd6, (struct sockaddr *)&a6, sizeof(struct sockaddr_in)), EINVAL);
    close(fd6);
  }

  /* A5: an IPv6 address on an IPv4 socket. */
  tt_expect_errno(ID("connect.a5.eafnosupport_inet6_on_inet"), connect(fd, (struct sockaddr *)&a6, sizeof a6),
                  EAFNOSUPPORT);

  /* A7: sa_family 250, no family at all. Darwin/Mac OS X: EINVAL ("the
   * specified address family is invalid"); FreeBSD, Linux, illumos:
   * EAFNOSUPPORT; real Linux EAFNOSUPPORT. */
  struct sockaddr_in odd = a;
  odd.sin_family = 250;
  const char *id = ID("connect.a7.family_250");
  int r = connect(fd, (struct sockaddr *)&odd, sizeof odd);
  int e = errno;
  if (!skip_persona_row(id, "A7")) tt_expect_result(id, r, e, tt_persona == TT_P_DARWIN ? EINVAL : EAFNOSUPPORT);
  close(fd);
}

/* ---- B: stream sockets --------------------------------------------------- */

static void check_b1_n5(uint16_t lport, uint16_t lport2) {
  int fd = tcp4(0);
  TT_CHECK(ID("connect.b1.first_connect"), tt_connect_loopback4(fd, lport) == 0, "connect: %s", strerror(errno));
  tt_expect_errno(ID("connect.b1.eisconn_same_peer"), tt_connect_loopback4(fd, lport), EISCONN);
  tt_expect_errno(ID("connect.b1.eisconn_other_peer"), tt_connect_loopback4(fd, lport2), EISCONN);
  /* N5: connected once, and still to the first peer. */
  struct sockaddr_in peer;
  socklen_t len = sizeof peer;
  memset(&peer, 0, sizeof peer);
  int r = getpeername(fd, (struct sockaddr *)&peer, &len);
  TT_CHECK(ID("connect.n5.connects_only_once"), r == 0 && ntohs(peer.sin_port) == lport,
           "getpeername = %d, peer port %d (first peer %d, second %d)", r, ntohs(peer.sin_port), lport, lport2);
  /* N10 for a blocking connect. */
  TT_CHECK(ID("connect.n10.so_error_0_blocking"), tt_so_error(fd) == 0, "SO_ERROR = %d", tt_so_error(fd));
  close(fd);

  /* The same over IPv6. */
  uint16_t p6;
  int l6 = bound6(ID("connect.b1.first_connect_ipv6"), 16, &p6);
  int fd6 = l6 < 0 ? -1 : tcp6(ID("connect.b1.first_connect_ipv6"), 0);
  if (fd6 >= 0) {
    TT_CHECK(ID("connect.b1.first_connect_ipv6"), tt_connect_loopback6(fd6, p6) == 0, "connect [::1]: %s", strerror(errno));
    tt_expect_errno(ID("connect.b1.eisconn_ipv6"), tt_connect_loopback6(fd6, p6), EISCONN);
    close(fd6);
  }
  if (l6 >= 0) close(l6);
}

/* B2: connect again after a non-blocking connect has completed. Real Linux
 * (linux personality): 0 on the first call after completion, EISCONN after.
 * The pages (every other personality): EISCONN at once. */
static void check_b2(uint16_t lport) {
  int fd = tcp4(SOCK_NONBLOCK);
  int r = tt_connect_loopback4(fd, lport);
  int e = errno;
  TT_CHECK(ID("connect.b2.einprogress"), r == -1 && e == EINPROGRESS, "connect = %s", tt_ret_str(r, e));
  int rev = tt_poll1(fd, POLLOUT, 5000);
  TT_CHECK(ID("connect.b2.completes"), rev > 0 && (rev & POLLOUT) && !(rev & POLLERR) && tt_so_error(fd) == 0,
           "poll POLLOUT 5 s: revents %#x, SO_ERROR %d", rev, tt_so_error(fd));
  const char *id = ID("connect.b2.first_call_after_completion");
  r = tt_connect_loopback4(fd, lport);
  e = errno;
  if (!skip_persona_row(id, "B2")) tt_expect_result(id, r, e, tt_persona == TT_P_LINUX ? 0 : EISCONN);
  r = tt_connect_loopback4(fd, lport);
  e = errno;
  tt_expect_result(ID("connect.b2.next_call_eisconn"), r, e, EISCONN);
  close(fd);
}

/* B3: the socket is listening. Real Linux EISCONN; Darwin/Mac OS X page
 * EOPNOTSUPP; freebsd EOPNOTSUPP and illumos EISCONN (net/socket/
 * condition.cpp's row B3). */
static void check_b3(uint16_t lport2) {
  uint16_t mine;
  int l = bound4(4, &mine);
  const char *id = ID("connect.b3.listening");
  if (sockopt_int(l, SO_ACCEPTCONN) != 1) {
    tt_fail(id, "the socket is not listening: SO_ACCEPTCONN = %d after listen()", sockopt_int(l, SO_ACCEPTCONN));
    close(l);
    return;
  }
  int r = tt_connect_loopback4(l, lport2);
  int e = errno;
  if (!skip_persona_row(id, "B3"))
    tt_expect_result(id, r, e, (tt_persona == TT_P_FREEBSD || tt_persona == TT_P_DARWIN) ? EOPNOTSUPP : EISCONN);
  /* Connecting to itself is the same condition. */
  id = ID("connect.b3.listening_to_itself");
  r = tt_connect_loopback4(l, mine);
  e = errno;
  if (!skip_persona_row(id, "B3"))
    tt_expect_result(id, r, e, (tt_persona == TT_P_FREEBSD || tt_persona == TT_P_DARWIN) ? EOPNOTSUPP : EISCONN);
  close(l);
}

/* B4: nobody listens on the port (bound, not listening). N16 after. */
static void check_b4_n16(uint16_t lport) {
  uint16_t closed;
  int holder = bound4(-1, &closed);
  int fd = tcp4(0);
  tt_expect_errno(ID("connect.b4.econnrefused_blocking"), tt_connect_loopback4(fd, closed), ECONNREFUSED);
  if (tt_persona == TT_P_LINUX) {
    /* N16, real Linux: the same socket can connect again. */
    int r = tt_connect_loopback4(fd, lport);
    int e = errno;
    TT_CHECK("connect.n16.same_socket_connects_after_refusal", r == 0, "second connect = %s", tt_ret_str(r, e));
  }
  close(fd);

  uint16_t closed6;
  int holder6 = bound6(ID("connect.b4.econnrefused_blocking_ipv6"), -1, &closed6);
  fd = holder6 < 0 ? -1 : tcp6(ID("connect.b4.econnrefused_blocking_ipv6"), 0);
  if (fd >= 0) {
    tt_expect_errno(ID("connect.b4.econnrefused_blocking_ipv6"), tt_connect_loopback6(fd, closed6), ECONNREFUSED);
    close(fd);
  }
  if (holder6 >= 0) close(holder6);

  /* Non-blocking: EINPROGRESS, then poll reports it, SO_ERROR says
   * ECONNREFUSED once and is cleared by reading it. */
  fd = tcp4(SOCK_NONBLOCK);
  int r = tt_connect_loopback4(fd, closed);
  int e = errno;
  TT_CHECK(ID("connect.b4.nonblocking_einprogress"), r == -1 && e == EINPROGRESS, "connect = %s (real Linux: EINPROGRESS, the refusal is asynchronous)",
           tt_ret_str(r, e));
  int rev = tt_poll1(fd, POLLOUT | POLLERR, 5000);
  TT_CHECK(ID("connect.b4.nonblocking_poll_reports"), rev > 0 && (rev & (POLLOUT | POLLERR)),
           "poll POLLOUT|POLLERR 5 s: %#x", rev);
  int se = tt_so_error(fd);
  TT_CHECK(ID("connect.b4.so_error_econnrefused"), se == ECONNREFUSED, "SO_ERROR = %d (%s)", se, tt_errno_name(se));
  se = tt_so_error(fd);
  TT_CHECK(ID("connect.b4.so_error_cleared"), se == 0, "second SO_ERROR = %d (%s)", se, tt_errno_name(se));
  close(fd);
  close(holder);
}

/* B11: two SO_REUSEADDR sockets bound to one local address and port connect
 * to the same peer: the second would make a connection that exists
 * (EADDRINUSE on the pages; real Linux EADDRNOTAVAIL). B12: port 0 (the
 * BSD and illumos pages' "not available"; real Linux sends the SYN and is
 * refused). */
static void check_b11_b12(uint16_t lport) {
  uint16_t shared;
  int holder = bound4(-1, &shared); /* a free port, held until the two bind it */
  close(holder);
  int fds[2];
  int one = 1;
  for (int i = 0; i < 2; i++) {
    fds[i] = tcp4(0);
    struct sockaddr_in a = tt_loopback4(shared);
    if (setsockopt(fds[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fds[i], (struct sockaddr *)&a, sizeof a) != 0) {
      tt_fail(ID("connect.b11.setup"), "socket %d: bind 127.0.0.1:%u with SO_REUSEADDR: %s", i, shared,
              strerror(errno));
      close(fds[0]);
      if (i) close(fds[1]);
      return;
    }
  }
  int r = tt_connect_loopback4(fds[0], lport);
  int e = errno;
  TT_CHECK(ID("connect.b11.first_connects"), r == 0, "first connect = %s", tt_ret_str(r, e));
  if (!skip_persona_row(ID("connect.b11.same_tuple_in_use"), "B11")) {
    int want = tt_persona == TT_P_LINUX ? EADDRNOTAVAIL : EADDRINUSE;
    tt_expect_errno(ID("connect.b11.same_tuple_in_use"), tt_connect_loopback4(fds[1], lport), want);
  }
  close(fds[0]);
  close(fds[1]);

  if (!skip_persona_row(ID("connect.b12.port_zero"), "B12")) {
    int fd = tcp4(0);
    int want = tt_persona == TT_P_LINUX ? ECONNREFUSED : EADDRNOTAVAIL;
    tt_expect_errno(ID("connect.b12.port_zero"), tt_connect_loopback4(fd, 0), want);
    close(fd);
  }
}

/* N12-N14 (illumos's page): a socket is blocking until made non-blocking
 * at creation or with fcntl; a non-blocking connect may fail at once; and
 * it "may" succeed at once, which Linux (and Tether) never do: even to a
 * loopback listener the answer is EINPROGRESS. */
static void check_n12_n13_n14(uint16_t lport) {
  int fd = tcp4(0);
  TT_CHECK(ID("connect.n14.blocking_by_default"), !(fcntl(fd, F_GETFL) & O_NONBLOCK), "O_NONBLOCK set at creation");
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  TT_CHECK(ID("connect.n14.nonblocking_with_fcntl"), fcntl(fd, F_GETFL) & O_NONBLOCK, "fcntl did not set it");
  close(fd);
  fd = tcp4(SOCK_NONBLOCK);
  TT_CHECK(ID("connect.n14.nonblocking_at_creation"), fcntl(fd, F_GETFL) & O_NONBLOCK, "SOCK_NONBLOCK did not set it");
  /* An IPv6 address on an AF_INET socket fails before any packet is sent. */
  struct sockaddr_in6 six = tt_loopback6(lport);
  int r = connect(fd, (struct sockaddr *)&six, sizeof six);
  int e = errno;
  TT_CHECK(ID("connect.n12.nonblocking_fails_at_once"), r == -1 && e == EAFNOSUPPORT, "connect = %s",
           tt_ret_str(r, e));
  r = tt_connect_loopback4(fd, lport);
  e = errno;
  TT_CHECK(ID("connect.n13.loopback_still_einprogress"), r == -1 && e == EINPROGRESS,
           "non-blocking connect to a loopback listener = %s (real Linux: EINPROGRESS)", tt_ret_str(r, e));
  close(fd);
}

/* ---- C: non-blocking connects --------------------------------------------- */

/* C1: to a loopback listener that never accepts. */
static void check_c1(uint16_t lport) {
  int fd = tcp4(0);
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0) tt_die("fcntl O_NONBLOCK");
  int r = tt_connect_loopback4(fd, lport);
  int e = errno;
  TT_CHECK(ID("connect.c1.einprogress_fcntl"), r == -1 && e == EINPROGRESS, "connect = %s", tt_ret_str(r, e));
  close(fd);

  fd = tcp4(SOCK_NONBLOCK);
  r = tt_connect_loopback4(fd, lport);
  e = errno;
  TT_CHECK(ID("connect.c1.einprogress_sock_nonblock"), r == -1 && e == EINPROGRESS, "connect = %s", tt_ret_str(r, e));
  close(fd);

  fd = tcp4(SOCK_NONBLOCK | SOCK_CLOEXEC);
  r = tt_connect_loopback4(fd, lport);
  e = errno;
  TT_CHECK(ID("connect.c1.einprogress_sock_nonblock_cloexec"), r == -1 && e == EINPROGRESS && fcntl(fd, F_GETFD) == FD_CLOEXEC,
           "connect = %s, F_GETFD %d", tt_ret_str(r, e), fcntl(fd, F_GETFD));
  close(fd);

  uint16_t p6;
  int l6 = bound6(ID("connect.c1.einprogress_ipv6"), 16, &p6);
  fd = l6 < 0 ? -1 : tcp6(ID("connect.c1.einprogress_ipv6"), SOCK_NONBLOCK);
  if (fd >= 0) {
    r = tt_connect_loopback6(fd, p6);
    e = errno;
    TT_CHECK(ID("connect.c1.einprogress_ipv6"), r == -1 && e == EINPROGRESS, "connect [::1] = %s", tt_ret_str(r, e));
    close(fd);
  }
  if (l6 >= 0) close(l6);
}

/* C2, N9, N10: a connect kept pending by a listener whose accept queue is
 * full (tt_full_listener: listen backlog 0, connections queued and not
 * accepted, so a SYN to it is dropped): of up to 8 connects, the first
 * that is not writable after 1.5 s is the pending one. */
static void check_c2_n9_n10(void) {
  struct tt_full_listener f;
  if (!tt_full_listener_open(&f)) {
    if (f.fd < 0) tt_die("bind 127.0.0.1:0");
    if (f.count < TT_FULL_LISTENER_MAX) printf("# c2: connect %d = %s\n", f.count, tt_ret_str(-1, errno));
    tt_fail(ID("connect.c2.ealready"), "no connect stayed pending: %d of them completed to a listen(fd, 0) listener that never accepts",
            f.count);
  } else {
    int pending = f.pending;
    printf("# c2: %d connection(s) fill the queue, the next one is pending\n", f.count);
    int r = tt_connect_loopback4(pending, f.port);
    int e = errno;
    TT_CHECK(ID("connect.c2.ealready"), r == -1 && e == EALREADY, "second connect while pending = %s", tt_ret_str(r, e));
    r = tt_connect_loopback4(pending, f.port);
    e = errno;
    TT_CHECK(ID("connect.c2.ealready_again"), r == -1 && e == EALREADY, "third connect while pending = %s", tt_ret_str(r, e));
    int rev = tt_poll1(pending, POLLOUT, 0);
    TT_CHECK(ID("connect.n9.not_writable_while_pending"), rev == 0, "poll POLLOUT (0 ms) while pending: %#x", rev);
    /* Make room: accept what is queued. The pending connect's next SYN
     * (retransmitted after 1 s on Linux) gets through. */
    tt_full_listener_make_room(&f);
    rev = tt_poll1(pending, POLLOUT, 10000);
    TT_CHECK(ID("connect.n9.writable_after_completion"), rev > 0 && (rev & POLLOUT) && !(rev & POLLERR),
             "poll POLLOUT (10 s) after the listener made room: %#x", rev);
    int se = tt_so_error(pending);
    TT_CHECK(ID("connect.n10.so_error_0_nonblocking"), se == 0, "SO_ERROR = %d (%s)", se, tt_errno_name(se));
    close(pending);
  }
  tt_full_listener_close(&f);
}

/* ---- N7, N8: local addresses --------------------------------------------- */

static bool read_port_range(int *lo, int *hi) {
  char buf[64];
  if (tt_read_file("/proc/sys/net/ipv4/ip_local_port_range", buf, sizeof buf) <= 0) return false;
  return sscanf(buf, "%d %d", lo, hi) == 2;
}

static void check_n7_n8(uint16_t lport) {
  int fd = tcp4(0);
  struct sockaddr_in me;
  socklen_t len = sizeof me;
  memset(&me, 0xff, sizeof me);
  int r = getsockname(fd, (struct sockaddr *)&me, &len);
  TT_CHECK(ID("connect.n7.unbound_port_0_before"),
           r == 0 && me.sin_family == AF_INET && me.sin_port == 0 && me.sin_addr.s_addr == htonl(INADDR_ANY),
           "getsockname = %d: family %d port %d addr %#x", r, me.sin_family, ntohs(me.sin_port),
           (unsigned)ntohl(me.sin_addr.s_addr));
  TT_CHECK(ID("connect.n7.connect"), tt_connect_loopback4(fd, lport) == 0, "connect: %s", strerror(errno));
  int lo = -1, hi = -1;
  bool have = read_port_range(&lo, &hi);
  len = sizeof me;
  r = getsockname(fd, (struct sockaddr *)&me, &len);
  int port = ntohs(me.sin_port);
  TT_CHECK(ID("connect.n7.ephemeral_port_in_range"),
           have && r == 0 && port >= lo && port <= hi && me.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
           "ip_local_port_range %s (%d %d); getsockname = %d: port %d addr %#x", have ? "read" : "unreadable", lo, hi, r,
           port, (unsigned)ntohl(me.sin_addr.s_addr));
  close(fd);

  /* N8: bound first to a port outside the ephemeral range: kept. */
  fd = tcp4(0);
  int want = -1;
  for (int p = 20000 + (int)(getpid() % 500); p < 32000; p += 97) {
    struct sockaddr_in a = tt_loopback4((uint16_t)p);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0) {
      want = p;
      break;
    }
  }
  if (want < 0) tt_die("bind to a port in 20000..32000");
  r = tt_connect_loopback4(fd, lport);
  int e = errno;
  TT_CHECK(ID("connect.n8.bound_socket_keeps_port"), r == 0 && tt_local_port(fd) == want,
           "connect = %s; port %d, bound to %d", tt_ret_str(r, e), tt_local_port(fd), want);
  close(fd);
}

/* ---- one personality -------------------------------------------------------- */

static void run_suite(void *arg) {
  tt_persona = *(int *)arg;
  long old = tt_personality(tt_personas[tt_persona].value);
  long now = tt_personality(0xffffffffUL);
  if (old < 0 || now != (long)tt_personas[tt_persona].value) {
    tt_fail(ID("connect.personality_set"), "personality(%#lx) = %ld, query %#lx", tt_personas[tt_persona].value, old, now);
    return;
  }
  printf("# personality %s (%#lx)\n", tt_personas[tt_persona].name, tt_personas[tt_persona].value);
  uint16_t lport, lport2;
  int l = bound4(128, &lport); /* never accepts */
  int l2 = bound4(128, &lport2);
  check_a1_a2(lport);
  tt_run_in_child(ID("connect.a3.child"), a3_child, NULL, 20);
  check_a4_a5_a7(lport);
  check_b1_n5(lport, lport2);
  check_b2(lport);
  check_b3(lport2);
  check_b4_n16(lport);
  check_b11_b12(lport);
  check_n12_n13_n14(lport);
  check_c1(lport);
  check_c2_n9_n10();
  check_n7_n8(lport);
  close(l);
  close(l2);
}

/* ---- E1: ephemeral ports exhausted ------------------------------------------ */

struct e1_ctx {
  uint16_t listen_port;
};

static void e1_persona_child(void *arg) {
  struct e1_ctx *c = arg;
  if (tt_personality(tt_personas[tt_persona].value) < 0) tt_die("personality");
  int fd = tcp4(0);
  const char *id = ID("connect.e1.ephemeral_ports_exhausted");
  int r = tt_connect_loopback4(fd, c->listen_port);
  int e = errno;
  /* FreeBSD page: EAGAIN; Linux page and real Linux (TCP): EADDRNOTAVAIL;
   * Darwin and illumos silent: the Linux value. */
  tt_expect_result(id, r, e, tt_persona == TT_P_FREEBSD ? EAGAIN : EADDRNOTAVAIL);
  close(fd);
}

/* Runs in a child; the parent restores the range whatever happens here. */
static void e1_child(void *arg) {
  (void)arg;
  struct e1_ctx c;
  int l = bound4(128, &c.listen_port); /* bound before the range shrinks */
  uint16_t single;
  int probe = bound4(-1, &single); /* a free port, picked by the system */
  close(probe);
  char range[32];
  snprintf(range, sizeof range, "%u %u\n", single, single);
  bool set = tt_write_text("/proc/sys/net/ipv4/ip_local_port_range", range);
  int lo = -1, hi = -1;
  bool ok = set && read_port_range(&lo, &hi) && lo == single && hi == single;
  TT_CHECK("connect.e1.set_single_port_range", ok, "writing \"%u %u\" to ip_local_port_range: %s; reads back %d %d",
           single, single, set ? "ok" : strerror(errno), lo, hi);
  if (!ok) {
    close(l);
    return;
  }
  /* The one port, held by a connected socket. A second unbound connect to
   * the same peer has no port left (another peer could share the port). */
  int holder = tcp4(0);
  int r = tt_connect_loopback4(holder, c.listen_port);
  int e = errno;
  TT_CHECK("connect.e1.holder_gets_the_single_port", r == 0 && tt_local_port(holder) == single,
           "connect = %s, local port %d (range %u %u)", tt_ret_str(r, e), tt_local_port(holder), single, single);
  for (int p = 0; p < TT_P_COUNT; p++) {
    tt_persona = p;
    const char *id = ID("connect.e1.ephemeral_ports_exhausted");
    if (skip_persona_row(id, "E1")) continue;
    tt_run_in_child(ID("connect.e1.child"), e1_persona_child, &c, 20);
  }
  tt_persona = TT_P_LINUX;
  close(holder);
  close(l);
}

/* N7 on Tether: an unbound connect to a port of this machine never gets
 * that same port, which would connect the socket to itself. Linux can do
 * that (a simultaneous open: the connect succeeds, the socket reads what it
 * writes); lwIP cannot, its SYN would go unanswered until ETIMEDOUT. So
 * Tether leaves the peer's port out of the choice. With a range of two
 * ports, one of them the closed peer port, every connect must take the
 * other and be refused. (socket_resources once saw 1 of 1000 refused
 * connects time out: the random walk through the range had landed on the
 * peer's port.) */
static void self_child(void *arg) {
  (void)arg;
  const char *id = "connect.n7.never_the_peers_own_port";
  uint16_t a = 0;
  int b_fd = -1;
  for (int tries = 0; tries < 20 && b_fd < 0; tries++) { /* two free neighbouring ports */
    int a_fd = bound4(-1, &a);
    if (a < 65535) {
      b_fd = tcp4(0);
      struct sockaddr_in next = tt_loopback4((uint16_t)(a + 1));
      if (bind(b_fd, (struct sockaddr *)&next, sizeof next) != 0) {
        close(b_fd);
        b_fd = -1;
      }
    }
    close(a_fd);
  }
  if (b_fd < 0) {
    tt_fail(id, "found no two free neighbouring ports");
    return;
  }
  close(b_fd);
  char range[32];
  snprintf(range, sizeof range, "%u %u\n", a, a + 1);
  if (!tt_write_text("/proc/sys/net/ipv4/ip_local_port_range", range)) {
    tt_fail(id, "writing \"%u %u\" to ip_local_port_range: %s", a, a + 1, strerror(errno));
    return;
  }
  enum { kRounds = 20 };
  int refused = 0, r = 0, e = 0;
  for (int i = 0; i < kRounds; i++) {
    int fd = tcp4(0);
    r = tt_connect_loopback4(fd, a);
    e = errno;
    close(fd);
    if (r != -1 || e != ECONNREFUSED) break;
    refused++;
  }
  TT_CHECK(id, refused == kRounds, "range %u %u, peer port %u: %d connects refused, then connect = %s", a, a + 1, a,
           refused, tt_ret_str(r, e));
}

/* Runs `child` (which may change ip_local_port_range) in a child process,
 * then puts the range back as it was. */
static void with_port_range(const char *run_id, void (*child)(void *)) {
  char orig[64];
  const char *path = "/proc/sys/net/ipv4/ip_local_port_range";
  if (tt_read_file(path, orig, sizeof orig) <= 0) {
    tt_fail(run_id, "cannot read %s: %s", path, strerror(errno));
    return;
  }
  tt_run_in_child(run_id, child, NULL, 60);
  bool restored = tt_write_text(path, orig);
  char now[64] = "";
  tt_read_file(path, now, sizeof now);
  int a, b, c, d;
  char id[64];
  snprintf(id, sizeof id, "%s.range_restored", run_id);
  TT_CHECK(id,
           restored && sscanf(orig, "%d %d", &a, &b) == 2 && sscanf(now, "%d %d", &c, &d) == 2 && a == c && b == d,
           "restoring \"%.*s\": %s; reads \"%.*s\"", (int)strcspn(orig, "\n"), orig, restored ? "ok" : strerror(errno),
           (int)strcspn(now, "\n"), now);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  printf("# connect() on TCP over loopback, on %s\n", tt_on_tether() ? "Tether" : "a kernel that is not Tether");
  for (int p = 0; p < TT_P_COUNT; p++) {
    char id[64];
    snprintf(id, sizeof id, "connect.suite.%s", tt_personas[p].name);
    tt_run_in_child(id, run_suite, &p, 120);
  }
  with_port_range("connect.e1", e1_child);
  if (tt_on_tether())
    with_port_range("connect.n7.self", self_child);
  else
    tt_skip("connect.n7.never_the_peers_own_port",
            "Linux may give an unbound connect the local peer's own port and connect the socket to itself; "
            "Tether, whose lwIP has no simultaneous open, never does");
  return tt_done();
}
