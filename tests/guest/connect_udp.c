/* connect_udp: connect() on UDP sockets (and connect to AF_UNSPEC on TCP
 * sockets), over loopback only (127.0.0.1 and ::1).
 *
 * Rows of shared/spec/conditions.md checked here, for datagram sockets:
 * A4 EINVAL, A5 EAFNOSUPPORT, B6 (a v4-mapped peer on an IPV6_V6ONLY
 * socket: ENETUNREACH, as Linux), D1 broadcast without SO_BROADCAST
 * (EACCES; 0 with it), E1 ephemeral ports exhausted (UDP: EAGAIN), and
 * the behaviours N1 (the default destination), N2 (the only sender
 * received from), N3 (connect again changes the association), N4
 * (AF_UNSPEC dissolves: 0 on linux, EAFNOSUPPORT "harmlessly" on darwin,
 * and an automatically chosen port is given up), N7 (an unbound socket
 * gets an ephemeral address), N8 (a bound one keeps it), N17, N19 (an
 * associated socket still sends to an explicitly designated receiver), N20
 * (::1, and an IPv4 peer through ::ffff:127.0.0.1 on a dual-stack socket).
 * Also the ICMP port unreachable a closed port answers: ECONNREFUSED on the
 * next call of a connected socket, and nothing for an unconnected one
 * (udp(7), Linux).
 *
 * And connect(2) with AF_UNSPEC on a TCP socket: Linux disconnects it
 * (idle: nothing; listening: stops; connected: reset, SO_ERROR
 * ECONNRESET, the peer sees ECONNRESET; the socket may connect again);
 * the BSD and illumos pages, where stream sockets connect only once,
 * give EAFNOSUPPORT (condition table row StreamConnectUnspec).
 *
 * Each case runs under the four personalities (linux plain ids, the others
 * with a .freebsd/.darwin/.illumos suffix) as connect_tcp.c does. Where
 * the personalities' results differ (N4's return value, AF_UNSPEC on TCP)
 * the non-linux runs are Tether's and SKIP on Linux, saying why.
 *
 * Loopback keeps order, on Linux and Tether: once a datagram sent later
 * has arrived, one sent earlier has been delivered or dropped. That makes
 * "was not received" exact without sleeping.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

/* Ids under the current personality (tt_persona_id, tether_net.h). */
#define ID(base) tt_persona_id(base)

/* True (after printing SKIP) when this personality's result is one only
 * Tether gives (not always an errno here: N4's return value). */
static bool skip_persona_row(const char *id, const char *row) {
  return tt_persona_skip(id, "%s differs by personality (conditions.md); Linux's kernel ignores personality(2), only Tether's %s personality gives its page's value",
                         row, tt_personas[tt_persona].name);
}

static int sock(int family, int type) {
  int fd = socket(family, type, 0);
  if (fd < 0) tt_die("socket");
  return fd;
}

static int port_of(const struct sockaddr_storage *ss) {
  if (ss->ss_family == AF_INET) return ntohs(((const struct sockaddr_in *)ss)->sin_port);
  if (ss->ss_family == AF_INET6) return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
  return -1;
}

/* A UDP socket bound to 127.0.0.1:0; its port in *port. */
static int udp_bound(uint16_t *port) {
  int fd = tt_bound4(SOCK_DGRAM, port, -1);
  if (fd < 0) tt_die("bind 127.0.0.1:0");
  tt_recv_timeout(fd, 10); /* a lost datagram fails, never hangs */
  return fd;
}

static int connect_unspec(int fd) {
  struct sockaddr_storage a;
  memset(&a, 0, sizeof a);
  a.ss_family = AF_UNSPEC;
  return connect(fd, (struct sockaddr *)&a, sizeof(struct sockaddr_in));
}

static ssize_t send4(int fd, const char *text, uint16_t port) {
  struct sockaddr_in a = tt_loopback4(port);
  return sendto(fd, text, strlen(text), 0, (struct sockaddr *)&a, sizeof a);
}

/* The next datagram on fd (blocking, guarded) as a string, and its
 * sender's port in *from_port; "" on error. */
static const char *receive(int fd, int *from_port) {
  static char buf[8][64];
  static int next;
  char *b = buf[next++ % 8];
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  memset(&ss, 0, sizeof ss);
  ssize_t r = recvfrom(fd, b, 63, 0, (struct sockaddr *)&ss, &len);
  b[r < 0 ? 0 : r] = '\0';
  if (from_port) *from_port = r < 0 ? -1 : port_of(&ss);
  return b;
}

/* Nothing queued now (after a later datagram showed the earlier ones in). */
static bool queue_empty(int fd) {
  char c;
  return recv(fd, &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN;
}

/* ---- A: address arguments --------------------------------------------------------- */

static void check_arguments(uint16_t pb) {
  int a = sock(AF_INET, SOCK_DGRAM);
  struct sockaddr_in sin = tt_loopback4(pb);
  tt_expect_errno(ID("connect.udp.a4_short_length_einval"), connect(a, (struct sockaddr *)&sin, sizeof sin - 1),
                  EINVAL);
  struct sockaddr_in6 six = tt_loopback6(pb);
  tt_expect_errno(ID("connect.udp.a5_inet6_address_eafnosupport"), connect(a, (struct sockaddr *)&six, sizeof six),
                  EAFNOSUPPORT);
  /* A connect with AF_UNSPEC shorter than sa_family is EINVAL everywhere. */
  struct sockaddr_storage u;
  memset(&u, 0, sizeof u);
  tt_expect_errno(ID("connect.udp.a4_af_unspec_length_1_einval"), connect(a, (struct sockaddr *)&u, 1), EINVAL);
  close(a);
}

/* ---- N1, N2, N3, N7, N8, N19 ------------------------------------------------------- */

static void check_association(void) {
  uint16_t pb, pc, pd;
  int b = udp_bound(&pb), c = udp_bound(&pc), d = udp_bound(&pd);
  int a = sock(AF_INET, SOCK_DGRAM);
  tt_recv_timeout(a, 10);

  /* N7: connect binds an unbound socket to 127.0.0.1 and an ephemeral port. */
  int r = tt_connect_loopback4(a, pb);
  int e = errno;
  tt_expect_result(ID("connect.udp.n17_returns_0"), r, e, 0);
  struct sockaddr_in name;
  socklen_t len = sizeof name;
  memset(&name, 0, sizeof name);
  getsockname(a, (struct sockaddr *)&name, &len);
  char range[64] = "";
  int lo = 1, hi = 65535;
  if (tt_read_file("/proc/sys/net/ipv4/ip_local_port_range", range, sizeof range) > 0) sscanf(range, "%d %d", &lo, &hi);
  int pa = ntohs(name.sin_port);
  TT_CHECK(ID("connect.udp.n7_unbound_gets_ephemeral_address"),
           pa >= lo && pa <= hi && name.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "getsockname %s:%d (range %d-%d)",
           inet_ntoa(name.sin_addr), pa, lo, hi);
  struct sockaddr_in peer;
  len = sizeof peer;
  memset(&peer, 0, sizeof peer);
  TT_CHECK(ID("connect.udp.getpeername_names_peer"),
           getpeername(a, (struct sockaddr *)&peer, &len) == 0 && ntohs(peer.sin_port) == pb &&
               peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
           "getpeername: %s, port %u", strerror(errno), ntohs(peer.sin_port));

  /* N1: send() without an address goes to the peer. */
  ssize_t w = send(a, "n1", 2, 0);
  int from = -1;
  const char *got = receive(b, &from);
  TT_CHECK(ID("connect.udp.n1_send_goes_to_peer"), w == 2 && strcmp(got, "n1") == 0 && from == pa,
           "send %zd, peer got '%s' from port %d (want %d)", w, got, from, pa);

  /* N2: only the peer's datagrams are received. c sends first, then b. */
  send4(c, "from c", (uint16_t)pa);
  send4(b, "from b", (uint16_t)pa);
  got = receive(a, &from);
  TT_CHECK(ID("connect.udp.n2_only_peer_received"), strcmp(got, "from b") == 0 && from == pb && queue_empty(a),
           "received '%s' from %d first; another sender's datagram %s", got, from,
           queue_empty(a) ? "was not delivered" : "was queued too");

  /* N19: an explicitly designated receiver is still reached. */
  w = send4(a, "n19", pd);
  got = receive(d, &from);
  TT_CHECK(ID("connect.udp.n19_sendto_other_while_connected"), w == 3 && strcmp(got, "n19") == 0,
           "sendto %zd (%s), d got '%s'", w, strerror(errno), got);

  /* N3 and N8: connect again, to c: the port stays, the peer changes. */
  r = tt_connect_loopback4(a, pc);
  e = errno;
  tt_expect_result(ID("connect.udp.n3_connect_again"), r, e, 0);
  TT_CHECK(ID("connect.udp.n8_reconnect_keeps_port"), tt_local_port(a) == pa, "port %d, was %d", tt_local_port(a), pa);
  send(a, "n3", 2, 0);
  got = receive(c, NULL);
  send4(b, "old peer", (uint16_t)pa);
  send4(c, "new peer", (uint16_t)pa);
  const char *first = receive(a, &from);
  TT_CHECK(ID("connect.udp.n3_new_association"), strcmp(got, "n3") == 0 && strcmp(first, "new peer") == 0 && queue_empty(a),
           "c got '%s'; a received '%s' first, old peer's datagram %s", got, first,
           queue_empty(a) ? "dropped" : "queued");

  /* connect(2) to 0.0.0.0 means this host (Linux: the peer is 127.0.0.1). */
  struct sockaddr_in any = tt_loopback4(pb);
  any.sin_addr.s_addr = htonl(INADDR_ANY);
  r = connect(a, (struct sockaddr *)&any, sizeof any);
  len = sizeof peer;
  memset(&peer, 0, sizeof peer);
  getpeername(a, (struct sockaddr *)&peer, &len);
  TT_CHECK(ID("connect.udp.wildcard_peer_is_loopback"), r == 0 && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
           "connect %s, peer %s", tt_ret_str(r, errno), inet_ntoa(peer.sin_addr));
  close(a);
  close(b);
  close(c);
  close(d);
}

/* ---- N4: AF_UNSPEC dissolves -------------------------------------------------------- */

static void check_dissolve(void) {
  /* The return value: Linux 0; Darwin/Mac OS X EAFNOSUPPORT "harmlessly";
   * FreeBSD and illumos do not say, so the Linux value. */
  int want = tt_persona == TT_P_DARWIN ? EAFNOSUPPORT : 0;
  const char *id_ret = ID("connect.udp.n4_af_unspec_dissolves");
  uint16_t pb, pc;
  int b = udp_bound(&pb), c = udp_bound(&pc);

  /* A socket bound by the caller to a port it names keeps the port; the
   * association goes. */
  uint16_t pa;
  close(udp_bound(&pa)); /* a free port */
  int a = sock(AF_INET, SOCK_DGRAM);
  tt_recv_timeout(a, 10);
  struct sockaddr_in named = tt_loopback4(pa);
  if (bind(a, (struct sockaddr *)&named, sizeof named) != 0) tt_die("bind a named port");
  if (tt_connect_loopback4(a, pb) != 0) tt_die("connect");
  int r = connect_unspec(a);
  int e = errno;
  if (!(tt_persona == TT_P_DARWIN && skip_persona_row(id_ret, "N4's return value"))) tt_expect_result(id_ret, r, e, want);
  struct sockaddr_in peer;
  socklen_t len = sizeof peer;
  tt_expect_errno(ID("connect.udp.n4_af_unspec_getpeername_enotconn"), getpeername(a, (struct sockaddr *)&peer, &len),
                  ENOTCONN);
  tt_expect_errno(ID("connect.udp.n4_af_unspec_send_edestaddrreq"), send(a, "x", 1, 0), EDESTADDRREQ);
  TT_CHECK(ID("connect.udp.n4_af_unspec_keeps_named_port"), tt_local_port(a) == pa, "port %d, bound to %u", tt_local_port(a),
           pa);
  /* Any sender reaches it again. */
  send4(c, "any sender", pa);
  const char *got = receive(a, NULL);
  TT_CHECK(ID("connect.udp.n4_af_unspec_receives_from_anyone"), strcmp(got, "any sender") == 0, "received '%s' (%s)",
           got, strerror(errno));
  close(a);

  /* A port chosen at connect goes with the association (real Linux:
   * getsockname shows port 0 afterwards). */
  a = sock(AF_INET, SOCK_DGRAM);
  tt_connect_loopback4(a, pb);
  int before = tt_local_port(a);
  connect_unspec(a);
  TT_CHECK(ID("connect.udp.n4_af_unspec_gives_up_automatic_port"), before > 0 && tt_local_port(a) == 0,
           "port %d before, %d after", before, tt_local_port(a));
  /* And the next connect picks one again (N7). */
  TT_CHECK(ID("connect.udp.n4_connect_after_dissolve"), tt_connect_loopback4(a, pc) == 0 && tt_local_port(a) > 0,
           "connect %s, port %d", strerror(errno), tt_local_port(a));
  close(a);

  /* Dissolving what was never associated is harmless, with the same result. */
  a = sock(AF_INET, SOCK_DGRAM);
  r = connect_unspec(a);
  e = errno;
  const char *id_never = ID("connect.udp.n4_af_unspec_never_connected");
  if (!(tt_persona == TT_P_DARWIN && skip_persona_row(id_never, "N4's return value"))) tt_expect_result(id_never, r, e, want);
  close(a);

  /* AF_INET6 sockets dissolve the same way. */
  a = sock(AF_INET6, SOCK_DGRAM);
  struct sockaddr_in6 six = tt_loopback6(9);
  r = connect(a, (struct sockaddr *)&six, sizeof six);
  int r2 = connect_unspec(a);
  e = errno;
  struct sockaddr_in6 p6;
  len = sizeof p6;
  int pn = getpeername(a, (struct sockaddr *)&p6, &len);
  const char *id6 = ID("connect.udp6.n4_af_unspec_dissolves");
  if (!(tt_persona == TT_P_DARWIN && skip_persona_row(id6, "N4's return value")))
    TT_CHECK(id6, r == 0 && (want ? r2 == -1 && e == want : r2 == 0) && pn == -1 && errno == ENOTCONN,
             "connect [::1]:9 %d, AF_UNSPEC %s, getpeername %d %s", r, tt_ret_str(r2, e), pn, tt_errno_name(errno));
  close(a);
  close(b);
  close(c);
}

/* ---- D1: broadcast ------------------------------------------------------------------ */

static void check_broadcast(void) {
  int a = sock(AF_INET, SOCK_DGRAM);
  struct sockaddr_in bc = tt_loopback4(9);
  bc.sin_addr.s_addr = htonl(INADDR_BROADCAST);
  /* FreeBSD, Darwin, Linux: EACCES (Linux's page also allows EPERM; real
   * Linux answers EACCES); illumos silent: the Linux value. */
  tt_expect_errno(ID("connect.udp.d1_broadcast_without_so_broadcast_eacces"),
                  connect(a, (struct sockaddr *)&bc, sizeof bc), EACCES);
  int on = 1;
  setsockopt(a, SOL_SOCKET, SO_BROADCAST, &on, sizeof on);
  int r = connect(a, (struct sockaddr *)&bc, sizeof bc);
  int e = errno;
  /* With the flag the permission check passes; success then needs a route
   * for 255.255.255.255 (the default interface, once it has an address:
   * DHCP may still be running when the test starts), else ENETUNREACH (B6). */
  TT_CHECK(ID("connect.udp.d1_broadcast_with_so_broadcast"), r == 0 || e == ENETUNREACH,
           "expected 0 (or ENETUNREACH without a default route), got %s", tt_ret_str(r, e));
  close(a);
}

/* ---- ICMP port unreachable ---------------------------------------------------------- */

static void check_refused(void) {
  /* A closed port: bound, then closed, so nobody else holds it now. */
  uint16_t closed;
  close(udp_bound(&closed));
  int a = sock(AF_INET, SOCK_DGRAM);
  tt_recv_timeout(a, 10);
  tt_connect_loopback4(a, closed);
  ssize_t w = send(a, "anyone?", 7, 0);
  char buf[16];
  ssize_t r = recv(a, buf, sizeof buf, 0); /* waits for the ICMP message */
  int e = errno;
  TT_CHECK(ID("connect.udp.icmp_port_unreachable_econnrefused"), w == 7 && r == -1 && e == ECONNREFUSED,
           "send %zd, recv %zd %s", w, r, tt_errno_name(e));
  int soerr = -1;
  socklen_t len = sizeof soerr;
  getsockopt(a, SOL_SOCKET, SO_ERROR, &soerr, &len);
  TT_CHECK(ID("connect.udp.econnrefused_reported_once"), soerr == 0, "SO_ERROR %s after recv reported it",
           tt_errno_name(soerr));
  close(a);

  /* The same over IPv6. */
  a = sock(AF_INET6, SOCK_DGRAM);
  tt_recv_timeout(a, 10);
  struct sockaddr_in6 six = tt_loopback6(closed);
  connect(a, (struct sockaddr *)&six, sizeof six);
  w = send(a, "anyone?", 7, 0);
  r = recv(a, buf, sizeof buf, 0);
  e = errno;
  TT_CHECK(ID("connect.udp6.icmp_port_unreachable_econnrefused"), w == 7 && r == -1 && e == ECONNREFUSED,
           "send %zd, recv %zd %s", w, r, tt_errno_name(e));
  close(a);

  /* An unconnected socket hears nothing of it. Markers to itself show when
   * the ICMP message (queued behind the first marker) has come in. */
  uint16_t pu;
  int u = udp_bound(&pu);
  send4(u, "x", closed);
  send4(u, "m1", pu);
  const char *m1 = receive(u, NULL);
  send4(u, "m2", pu);
  const char *m2 = receive(u, NULL);
  soerr = -1;
  len = sizeof soerr;
  getsockopt(u, SOL_SOCKET, SO_ERROR, &soerr, &len);
  TT_CHECK(ID("connect.udp.unconnected_ignores_port_unreachable"),
           strcmp(m1, "m1") == 0 && strcmp(m2, "m2") == 0 && soerr == 0 && queue_empty(u),
           "markers '%s' '%s', SO_ERROR %s", m1, m2, tt_errno_name(soerr));
  close(u);
}

/* ---- N20: IPv6 -------------------------------------------------------------------------- */

static void check_ipv6(void) {
  int b6 = sock(AF_INET6, SOCK_DGRAM);
  tt_recv_timeout(b6, 10);
  struct sockaddr_in6 s6 = tt_loopback6(0);
  if (bind(b6, (struct sockaddr *)&s6, sizeof s6) != 0) tt_die("bind [::1]:0");
  int a = sock(AF_INET6, SOCK_DGRAM);
  s6 = tt_loopback6((uint16_t)tt_local_port(b6));
  int r = connect(a, (struct sockaddr *)&s6, sizeof s6);
  ssize_t w = send(a, "v6", 2, 0);
  const char *got = receive(b6, NULL);
  TT_CHECK(ID("connect.udp6.n20_loopback"), r == 0 && w == 2 && strcmp(got, "v6") == 0, "connect %d send %zd got '%s'", r,
           w, got);
  close(a);
  close(b6);

  /* N20: a dual-stack socket reaches an IPv4 peer as ::ffff:127.0.0.1,
   * and getsockname shows its own address mapped too. */
  uint16_t p4;
  int b4 = udp_bound(&p4);
  a = sock(AF_INET6, SOCK_DGRAM);
  struct sockaddr_in6 m = tt_loopback6(p4);
  memset(&m.sin6_addr, 0, 16);
  m.sin6_addr.s6_addr[10] = m.sin6_addr.s6_addr[11] = 0xff;
  m.sin6_addr.s6_addr[12] = 127;
  m.sin6_addr.s6_addr[15] = 1;
  r = connect(a, (struct sockaddr *)&m, sizeof m);
  w = send(a, "mapped", 6, 0);
  int from = -1;
  got = receive(b4, &from);
  struct sockaddr_in6 name;
  socklen_t len = sizeof name;
  memset(&name, 0, sizeof name);
  getsockname(a, (struct sockaddr *)&name, &len);
  TT_CHECK(ID("connect.udp.n20_v4_mapped_peer"),
           r == 0 && w == 6 && strcmp(got, "mapped") == 0 && from == ntohs(name.sin6_port) &&
               memcmp(&name.sin6_addr, &m.sin6_addr, 16) == 0,
           "connect %s, send %zd, got '%s' from %d, own port %u", tt_ret_str(r, errno), w, got, from, ntohs(name.sin6_port));
  close(a);

  /* IPV6_V6ONLY: a v4-mapped peer is unreachable (Linux's ip6_datagram_connect). */
  a = sock(AF_INET6, SOCK_DGRAM);
  int on = 1;
  setsockopt(a, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  tt_expect_errno(ID("connect.udp.v6only_mapped_enetunreach"), connect(a, (struct sockaddr *)&m, sizeof m),
                  ENETUNREACH);
  close(a);
  close(b4);
}

/* ---- connect(AF_UNSPEC) on TCP ------------------------------------------------------- */

static int tcp_listener(uint16_t *port) {
  int l = tt_tcp_listener4(port, 8);
  if (l < 0) tt_die("bind/listen");
  return l;
}

static void check_tcp_unspec(void) {
  uint16_t lp;
  int l = tcp_listener(&lp);
  int t = sock(AF_INET, SOCK_STREAM);
  if (tt_connect_loopback4(t, lp) != 0) tt_die("tcp connect");
  int server = accept(l, NULL, NULL);
  if (server < 0) tt_die("accept");
  tt_recv_timeout(server, 10);
  int r = connect_unspec(t);
  int e = errno;
  const char *id = ID("connect.tcp.af_unspec_connected");
  if (tt_persona != TT_P_LINUX) {
    /* The BSD and illumos pages: stream sockets connect once; AF_UNSPEC is
     * a foreign family, and the connection stays. */
    if (!skip_persona_row(id, "AF_UNSPEC on a stream socket")) {
      struct sockaddr_in p;
      socklen_t len = sizeof p;
      TT_CHECK(id, r == -1 && e == EAFNOSUPPORT && getpeername(t, (struct sockaddr *)&p, &len) == 0,
               "AF_UNSPEC %s; still connected: %s", tt_ret_str(r, e), strerror(errno));
    }
  } else {
    /* Linux's tcp_disconnect: a reset, SO_ERROR ECONNRESET, no peer, and
     * the peer's next read is ECONNRESET. */
    int soerr = tt_so_error(t);
    struct sockaddr_in p;
    socklen_t len = sizeof p;
    int pn = getpeername(t, (struct sockaddr *)&p, &len);
    int pe = errno;
    char c;
    ssize_t rr = read(server, &c, 1);
    int re = errno;
    TT_CHECK(id, r == 0 && soerr == ECONNRESET && pn == -1 && pe == ENOTCONN && rr == -1 && re == ECONNRESET,
             "AF_UNSPEC %s, SO_ERROR %s, getpeername %s, peer read %zd %s", tt_ret_str(r, e), tt_errno_name(soerr),
             tt_ret_str(pn, pe), rr, tt_errno_name(re));
    r = tt_connect_loopback4(t, lp);
    e = errno;
    tt_expect_result(ID("connect.tcp.af_unspec_then_connect_again"), r, e, 0);
  }
  close(server);
  close(t);

  /* An idle socket: nothing to undo. */
  t = sock(AF_INET, SOCK_STREAM);
  r = connect_unspec(t);
  e = errno;
  id = ID("connect.tcp.af_unspec_idle");
  if (!skip_persona_row(id, "AF_UNSPEC on a stream socket")) tt_expect_result(id, r, e, tt_persona == TT_P_LINUX ? 0 : EAFNOSUPPORT);
  close(t);

  /* A listener stops listening (Linux): its port then refuses connects. */
  r = connect_unspec(l);
  e = errno;
  id = ID("connect.tcp.af_unspec_listener_stops");
  if (!skip_persona_row(id, "AF_UNSPEC on a stream socket")) {
    if (tt_persona == TT_P_LINUX) {
      int acc = -1;
      socklen_t len = sizeof acc;
      getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len);
      int c = sock(AF_INET, SOCK_STREAM);
      int cr = tt_connect_loopback4(c, lp);
      int ce = errno;
      TT_CHECK(id, r == 0 && acc == 0 && cr == -1 && ce == ECONNREFUSED,
               "AF_UNSPEC %s, SO_ACCEPTCONN %d, connect to its port %s", tt_ret_str(r, e), acc, tt_ret_str(cr, ce));
      close(c);
    } else {
      tt_expect_result(id, r, e, EAFNOSUPPORT);
    }
  }
  close(l);
}

/* ---- one personality ---------------------------------------------------------------------- */

static void run_suite(void *arg) {
  tt_persona = *(int *)arg;
  long old = tt_personality(tt_personas[tt_persona].value);
  long now = tt_personality(0xffffffffUL);
  if (old < 0 || now != (long)tt_personas[tt_persona].value) {
    tt_fail(ID("connect.udp.personality_set"), "personality(%#lx) = %ld, query %#lx", tt_personas[tt_persona].value, old,
            now);
    return;
  }
  printf("# personality %s (%#lx)\n", tt_personas[tt_persona].name, tt_personas[tt_persona].value);
  uint16_t pb;
  int b = udp_bound(&pb);
  check_arguments(pb);
  close(b);
  check_association();
  check_dissolve();
  check_broadcast();
  check_refused();
  check_ipv6();
  check_tcp_unspec();
}

/* ---- E1: ephemeral ports exhausted ------------------------------------------------------- */

static void e1_child(void *arg) {
  (void)arg;
  uint16_t single;
  close(udp_bound(&single)); /* a free UDP port */
  char range[32];
  snprintf(range, sizeof range, "%u %u\n", single, single);
  bool set = tt_write_text("/proc/sys/net/ipv4/ip_local_port_range", range);
  if (!TT_CHECK("connect.udp.e1.set_single_port_range", set, "writing \"%u %u\": %s", single, single, strerror(errno)))
    return;
  int holder = sock(AF_INET, SOCK_DGRAM);
  int r = tt_connect_loopback4(holder, 9);
  TT_CHECK("connect.udp.e1.holder_gets_the_single_port", r == 0 && tt_local_port(holder) == single,
           "connect %s, port %d (range %u)", strerror(errno), tt_local_port(holder), single);
  for (int p = 0; p < TT_P_COUNT; p++) {
    tt_persona = p;
    if (tt_personality(tt_personas[p].value) < 0) tt_die("personality");
    int s = sock(AF_INET, SOCK_DGRAM);
    /* Every page that speaks, and real Linux for UDP: EAGAIN. */
    tt_expect_errno(ID("connect.udp.e1_ephemeral_ports_exhausted_eagain"), tt_connect_loopback4(s, 9), EAGAIN);
    tt_expect_errno(ID("connect.udp.e1_sendto_autobind_eagain"), send4(s, "x", 9), EAGAIN);
    close(s);
  }
  tt_personality(0);
  tt_persona = TT_P_LINUX;
  close(holder);
}

static void check_e1(void) {
  char orig[64];
  const char *path = "/proc/sys/net/ipv4/ip_local_port_range";
  if (tt_read_file(path, orig, sizeof orig) <= 0) {
    tt_fail("connect.udp.e1.set_single_port_range", "cannot read %s: %s", path, strerror(errno));
    return;
  }
  tt_run_in_child("connect.udp.e1.run", e1_child, NULL, 60);
  bool restored = tt_write_text(path, orig);
  char now[64] = "";
  tt_read_file(path, now, sizeof now);
  TT_CHECK("connect.udp.e1.range_restored", restored && strcmp(orig, now) == 0, "restoring: %s; reads \"%.*s\"",
           restored ? "ok" : strerror(errno), (int)strcspn(now, "\n"), now);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  printf("# connect() on UDP over loopback, on %s\n", tt_on_tether() ? "Tether" : "a kernel that is not Tether");
  for (int p = 0; p < TT_P_COUNT; p++) {
    char id[64];
    snprintf(id, sizeof id, "connect.udp.suite.%s", tt_personas[p].name);
    tt_run_in_child(id, run_suite, &p, 120);
  }
  check_e1();
  return tt_done();
}
