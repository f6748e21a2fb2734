/* connect_icmp: TCP connects that an ICMP error ends, and the link-local
 * addresses they travel to.
 *
 * Without arguments (ctest guest.connect_icmp, and host.connect_icmp on
 * Linux): what a link-local IPv6 peer needs, as Linux decides it in
 * tcp_v6_connect, ip6_datagram_connect and inet6_bind (ipv6(7):
 * "sin6_scope_id is an ID depending on the scope of the address"):
 *   - no sin6_scope_id (0, or a 24-byte sockaddr_in6 that has none): EINVAL
 *     for TCP connect, UDP connect and bind ("requires an interface");
 *   - a scope id no interface has: ENETUNREACH (row B6).
 *
 * With --peer (tests/net/icmp_connect_test.sh, Tether only): frame_peer's
 * `tcp` mode is a host on eth1, fe80::5054:ff:fe00:99, that answers each
 * SYN by its destination port (tests/net/frame_peer.c): with an ICMPv6
 * destination unreachable of code port-40000, another ICMPv6 type
 * port-41000, a RST (42000), an error quoting a wrong sequence number
 * (42001) or nothing (42002). What a connect reports is what Linux's
 * tcp_v6_err gives in SYN_SENT (net/socket/icmp_outcome.h):
 *   code 3 address unreachable  EHOSTUNREACH (row B7)
 *   code 0 no route             ENETUNREACH  (row B6)
 *   code 4 port unreachable     ECONNREFUSED (row B4; a RST too)
 *   code 1 prohibited           EACCES       (row B10)
 *   code 9 (unassigned)         EPROTO
 *   time exceeded (type 3)      EHOSTUNREACH
 * blocking, and non-blocking through poll + SO_ERROR (N9/N10), and the
 * socket may connect again after (N16). --peer4 adds the same over IPv4
 * to 192.168.77.99 (eth1 configured as 192.168.77.2/24 by the script):
 * ICMP type 3 codes 1, 0, 3, 2 (ENOPROTOOPT), 13 (EHOSTUNREACH), time
 * exceeded, a RST. --slow adds the cases that wait for
 * net.inet.tcp.keepinit (3 s here): an error whose quoted sequence number
 * we never sent is ignored, as Linux ignores it (ETIMEDOUT), and so is
 * silence. --done ends the peer (a SYN to port 42999).
 *
 * Ids end in the personality when it is not linux (run the program under
 * /bin/persona); every personality expects the same errnos: B4, B6, B7
 * agree across the pages, and no page names the others (conditions.md:
 * where a page is silent, the Linux value).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

#define PEER6 "fe80::5054:ff:fe00:99"
#define PEER4 "192.168.77.99"
#define GUEST6 "fe80::5054:ff:fe00:2" /* eth1's link-local address */
#define KEEPINIT "/proc/sys/net/inet/tcp/keepinit"

enum { kUnreach = 40000, kType = 41000, kRst = 42000, kWrongSeq = 42001, kSilent = 42002, kDone = 42999 };

/* "connect.b7.icmp6_address_unreachable", plus ".freebsd" and so on for
 * the personality the program runs under (tt_persona_detect in main). */
#define ID(base) tt_persona_id(base)

static unsigned eth1;

static struct sockaddr_in6 peer6(unsigned port, unsigned scope) {
  struct sockaddr_in6 a;
  memset(&a, 0, sizeof a);
  a.sin6_family = AF_INET6;
  a.sin6_port = htons((unsigned short)port);
  inet_pton(AF_INET6, PEER6, &a.sin6_addr);
  a.sin6_scope_id = scope;
  return a;
}

static struct sockaddr_in peer4(unsigned port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  inet_pton(AF_INET, PEER4, &a.sin_addr);
  return a;
}

/* A socket whose blocking connect gives up after `seconds` (SO_SNDTIMEO:
 * EINPROGRESS then), so a lost ICMP error fails the case, not the run. */
static int tcp_socket(int family, int seconds) {
  int fd = socket(family, SOCK_STREAM, 0);
  struct timeval tv = {seconds, 0};
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  return fd;
}

/* The errno of a blocking connect to the peer's port, 0 if it connected. */
static int connect_errno(int family, unsigned port) {
  int fd = tcp_socket(family, 15);
  if (fd < 0) return -1;
  int r;
  if (family == AF_INET6) {
    struct sockaddr_in6 a = peer6(port, eth1);
    r = connect(fd, (struct sockaddr *)&a, sizeof a);
  } else {
    struct sockaddr_in a = peer4(port);
    r = connect(fd, (struct sockaddr *)&a, sizeof a);
  }
  int e = r == 0 ? 0 : errno;
  close(fd);
  return e;
}

static void expect_connect(const char *id, int family, unsigned port, int expected) {
  int e = connect_errno(family, port);
  tt_check(ID(id), e == expected, "expected %s, got %s", tt_errno_name(expected), tt_errno_name(e));
}

/* ---- without a peer: link-local addresses need their link ------------------ */

static void scope_checks(void) {
  int fd = socket(AF_INET6, SOCK_STREAM, 0);
  struct sockaddr_in6 a = peer6(kRst, 0);
  tt_expect_errno(ID("scope.tcp_connect_no_scope_einval"), connect(fd, (struct sockaddr *)&a, sizeof a), EINVAL);
  close(fd);

  /* The RFC 2133 layout (24 bytes) has no sin6_scope_id: whatever follows
   * in memory is not one. */
  fd = socket(AF_INET6, SOCK_STREAM, 0);
  a = peer6(kRst, 1);
  tt_expect_errno(ID("scope.tcp_connect_24_bytes_einval"), connect(fd, (struct sockaddr *)&a, 24), EINVAL);
  close(fd);

  fd = socket(AF_INET6, SOCK_STREAM, 0);
  a = peer6(kRst, 9999);
  tt_expect_errno(ID("scope.tcp_connect_unknown_link_enetunreach"), connect(fd, (struct sockaddr *)&a, sizeof a),
                  ENETUNREACH);
  close(fd);

  fd = socket(AF_INET6, SOCK_STREAM, 0);
  a = peer6(kRst, 200);
  tt_expect_errno(ID("scope.tcp_connect_link_200_enetunreach"), connect(fd, (struct sockaddr *)&a, sizeof a),
                  ENETUNREACH);
  close(fd);

  fd = socket(AF_INET6, SOCK_DGRAM, 0);
  a = peer6(kRst, 0);
  tt_expect_errno(ID("scope.udp_connect_no_scope_einval"), connect(fd, (struct sockaddr *)&a, sizeof a), EINVAL);
  a = peer6(kRst, 9999);
  tt_expect_errno(ID("scope.udp_connect_unknown_link_enetunreach"), connect(fd, (struct sockaddr *)&a, sizeof a),
                  ENETUNREACH);
  close(fd);

  for (int type = SOCK_STREAM; type <= SOCK_DGRAM; type++) {
    fd = socket(AF_INET6, type, 0);
    struct sockaddr_in6 b;
    memset(&b, 0, sizeof b);
    b.sin6_family = AF_INET6;
    inet_pton(AF_INET6, GUEST6, &b.sin6_addr);
    tt_expect_errno(ID(type == SOCK_STREAM ? "scope.tcp_bind_no_scope_einval" : "scope.udp_bind_no_scope_einval"),
                    bind(fd, (struct sockaddr *)&b, sizeof b), EINVAL);
    close(fd);
  }
}

/* ---- with the peer ------------------------------------------------------------ */

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Until the peer's RST comes back (eth1 up, its link-local address past
 * DAD, the peer's address resolved), or 40 s. */
static bool wait_for_peer(int family) {
  double deadline = now_s() + 40;
  int e = -1;
  while (now_s() < deadline) {
    int fd = tcp_socket(family, 3);
    if (family == AF_INET6) {
      struct sockaddr_in6 a = peer6(kRst, eth1);
      e = connect(fd, (struct sockaddr *)&a, sizeof a) == 0 ? 0 : errno;
    } else {
      struct sockaddr_in a = peer4(kRst);
      e = connect(fd, (struct sockaddr *)&a, sizeof a) == 0 ? 0 : errno;
    }
    close(fd);
    if (e == ECONNREFUSED) return true;
    usleep(300 * 1000);
  }
  printf("# the peer never answered over IPv%c: last connect %s\n", family == AF_INET6 ? '6' : '4',
         tt_errno_name(e));
  return false;
}

static void peer6_checks(void) {
  expect_connect("connect.b7.icmp6_address_unreachable_ehostunreach", AF_INET6, kUnreach + 3, EHOSTUNREACH);
  expect_connect("connect.b6.icmp6_no_route_enetunreach", AF_INET6, kUnreach + 0, ENETUNREACH);
  expect_connect("connect.b4.icmp6_port_unreachable_econnrefused", AF_INET6, kUnreach + 4, ECONNREFUSED);
  expect_connect("connect.b10.icmp6_prohibited_eacces", AF_INET6, kUnreach + 1, EACCES);
  expect_connect("connect.b7.icmp6_beyond_scope_ehostunreach", AF_INET6, kUnreach + 2, EHOSTUNREACH);
  expect_connect("connect.icmp6_unassigned_code_eproto", AF_INET6, kUnreach + 9, EPROTO);
  expect_connect("connect.icmp6_time_exceeded_ehostunreach", AF_INET6, kType + 3, EHOSTUNREACH);
  expect_connect("connect.b4.rst6_econnrefused", AF_INET6, kRst, ECONNREFUSED);

  /* Non-blocking: EINPROGRESS, then POLLOUT and SO_ERROR EHOSTUNREACH
   * (read once: then 0), then the same socket connects again (N16). */
  int fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in6 a = peer6(kUnreach + 3, eth1);
  int r = connect(fd, (struct sockaddr *)&a, sizeof a);
  int e = r == 0 ? 0 : errno;
  tt_check(ID("connect.b7.icmp6_nonblocking_einprogress"), e == EINPROGRESS, "expected EINPROGRESS, got %s",
           tt_errno_name(e));
  struct pollfd p = {fd, POLLOUT, 0};
  int n = poll(&p, 1, 15000);
  tt_check(ID("connect.b7.icmp6_nonblocking_pollout"), n == 1 && (p.revents & POLLOUT),
           "poll = %d, revents %#x", n, (unsigned)p.revents);
  int so = -1;
  socklen_t len = sizeof so;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &len);
  tt_check(ID("connect.b7.icmp6_nonblocking_so_error_ehostunreach"), so == EHOSTUNREACH,
           "SO_ERROR %s, expected EHOSTUNREACH", tt_errno_name(so));
  so = -1;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &len);
  tt_check(ID("connect.b7.icmp6_so_error_read_once"), so == 0, "second SO_ERROR %s", tt_errno_name(so));
  /* N16 as real Linux: the first connect after the background failure
   * reports it again (ECONNABORTED, SO_ERROR having been read); the next
   * one is a new attempt. */
  a = peer6(kUnreach + 0, eth1);
  r = connect(fd, (struct sockaddr *)&a, sizeof a);
  e = r == 0 ? 0 : errno;
  tt_check(ID("connect.n16.icmp6_failure_reported_again"), e == ECONNABORTED, "connect after the failure: %s",
           tt_errno_name(e));
  r = connect(fd, (struct sockaddr *)&a, sizeof a);
  e = r == 0 ? 0 : errno;
  n = poll(&p, 1, 15000);
  so = -1;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &len);
  tt_check(ID("connect.n16.icmp6_again_after_failure"), e == EINPROGRESS && n == 1 && so == ENETUNREACH,
           "new attempt %s, poll %d, SO_ERROR %s (expected EINPROGRESS, 1, ENETUNREACH)", tt_errno_name(e), n,
           tt_errno_name(so));
  close(fd);
}

static void peer4_checks(void) {
  expect_connect("connect.b7.icmp_host_unreachable_ehostunreach", AF_INET, kUnreach + 1, EHOSTUNREACH);
  expect_connect("connect.b6.icmp_net_unreachable_enetunreach", AF_INET, kUnreach + 0, ENETUNREACH);
  expect_connect("connect.b4.icmp_port_unreachable_econnrefused", AF_INET, kUnreach + 3, ECONNREFUSED);
  expect_connect("connect.icmp_protocol_unreachable_enoprotoopt", AF_INET, kUnreach + 2, ENOPROTOOPT);
  expect_connect("connect.b7.icmp_prohibited_ehostunreach", AF_INET, kUnreach + 13, EHOSTUNREACH);
  expect_connect("connect.icmp_time_exceeded_ehostunreach", AF_INET, kType + 11, EHOSTUNREACH);
  expect_connect("connect.b4.rst_econnrefused", AF_INET, kRst, ECONNREFUSED);
}

/* Errors that must not end the attempt: it runs into keepinit instead. */
static void slow_checks(bool v4) {
  char old[32];
  if (tt_read_file(KEEPINIT, old, sizeof old) <= 0 || !tt_write_text(KEEPINIT, "3000")) {
    tt_fail(ID("connect.b5.keepinit_set"), "cannot set %s: %s", KEEPINIT, strerror(errno));
    return;
  }
  expect_connect("connect.b5.icmp6_wrong_sequence_ignored_etimedout", AF_INET6, kWrongSeq, ETIMEDOUT);
  expect_connect("connect.b5.silent6_etimedout", AF_INET6, kSilent, ETIMEDOUT);
  /* Path MTU news (packet too big, fragmentation needed) is not an error. */
  expect_connect("connect.b5.icmp6_packet_too_big_ignored_etimedout", AF_INET6, kType + 2, ETIMEDOUT);
  if (v4) {
    expect_connect("connect.b5.icmp_wrong_sequence_ignored_etimedout", AF_INET, kWrongSeq, ETIMEDOUT);
    expect_connect("connect.b5.icmp_fragmentation_needed_ignored_etimedout", AF_INET, kUnreach + 4, ETIMEDOUT);
  }
  tt_write_text(KEEPINIT, old);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  tt_persona_detect();
  bool peer = false, v4 = false, slow = false, done = false;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--peer") == 0) peer = true;
    else if (strcmp(argv[i], "--peer4") == 0) peer = v4 = true;
    else if (strcmp(argv[i], "--slow") == 0) slow = true;
    else if (strcmp(argv[i], "--done") == 0) done = true;
  }
  scope_checks();
  if (peer) {
    eth1 = if_nametoindex("eth1");
    if (eth1 == 0) {
      tt_fail(ID("connect.icmp_peer"), "no eth1: %s", strerror(errno));
    } else if (!wait_for_peer(AF_INET6) || (v4 && !wait_for_peer(AF_INET))) {
      tt_fail(ID("connect.icmp_peer"), "the peer on eth1 never answered");
    } else {
      peer6_checks();
      if (v4) peer4_checks();
      if (slow) slow_checks(v4);
    }
  }
  if (done && eth1) connect_errno(AF_INET6, kDone); /* the peer ends */
  return tt_done();
}
