/* connect_peer: connect() to each scripted host of tests/net/peer.c, the
 * peer that `./tether run --peer` puts behind eth1 (192.168.77.2/24):
 *
 *   ./tether run --peer -- /tests/connect_peer
 *   ./tether run --peer -- /bin/persona freebsd /tests/connect_peer
 *
 * For each host, over IPv4 (192.168.77.N) and IPv6 (fe80::77:N on eth1):
 *   .10 drops SYNs       ETIMEDOUT at net.inet.tcp.keepinit (2 s here, B5);
 *                        a caught signal first: EINTR (C3)
 *   .11 RST              ECONNREFUSED (B4); UDP: port unreachable, so a
 *                        connected socket's recv gives ECONNREFUSED
 *   .12 accept, reset    connect succeeds; the RST that answers our first
 *                        byte makes read fail with ECONNRESET
 *   .13 host unreachable EHOSTUNREACH (B7)
 *   .14 net unreachable  ENETUNREACH (B6)
 *   .15 down (no ARP/ND) EHOSTUNREACH (B7) once ARP or ND has gone
 *                        unanswered for 3 s, as Linux's neighbour code
 *                        (keepinit 30 s for these cases), blocking and
 *                        non-blocking (POLLOUT, SO_ERROR); with keepinit 2 s
 *                        the attempt times out first: ETIMEDOUT (B5), what
 *                        conditions.md's real-Linux column says of B7 when
 *                        the SYN timeout comes before ARP gives up
 *   .16 echo             connect, bytes come back, our FIN is answered
 *                        with the peer's (read 0); UDP echo too
 *   .17 late ARP/ND      answers resolution only after 0.9 s: still within
 *                        the 3 s, so the connect succeeds (no false B7)
 * Every blocking call has SO_SNDTIMEO/SO_RCVTIMEO 10 s, so a lost answer
 * fails its case, not the boot. The errnos are the same under every
 * personality (B4-B7 agree across the pages); ids end in the personality
 * when it is not linux. Tether only: on another machine there is no peer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

#define KEEPINIT "/proc/sys/net/inet/tcp/keepinit"

enum { kDrop = 10, kRefuse = 11, kAcceptReset = 12, kHostUnreach = 13, kNetUnreach = 14, kDown = 15, kEcho = 16, kLate = 17 };

static const char *persona_name = "linux";
static unsigned eth1;

static void find_persona(void) {
  static const struct {
    const char *name;
    long value;
  } known[] = {{"linux", 0x0}, {"freebsd", 0x6}, {"darwin", 0x20}, {"illumos", 0xd}};
  long now = tt_personality(0xffffffffUL);
  for (unsigned i = 0; i < sizeof known / sizeof known[0]; i++)
    if (now == known[i].value) persona_name = known[i].name;
}

/* "peer.b4.refused4_econnrefused", plus ".freebsd" and so on. */
static const char *ID(const char *fmt, int v6) {
  static char buf[8][128];
  static int next;
  char *b = buf[next++ % 8];
  snprintf(b, 100, fmt, v6 ? 6 : 4);
  if (strcmp(persona_name, "linux") != 0) {
    strcat(b, ".");
    strcat(b, persona_name);
  }
  return b;
}

/* The address of host N (port 7): 192.168.77.N or fe80::77:N%eth1. */
static socklen_t peer_addr(int host, int v6, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof *ss);
  char text[32];
  if (v6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    snprintf(text, sizeof text, "fe80::77:%d", host);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(7);
    inet_pton(AF_INET6, text, &a->sin6_addr);
    a->sin6_scope_id = eth1;
    return sizeof *a;
  }
  struct sockaddr_in *a = (struct sockaddr_in *)ss;
  snprintf(text, sizeof text, "192.168.77.%d", host);
  a->sin_family = AF_INET;
  a->sin_port = htons(7);
  inet_pton(AF_INET, text, &a->sin_addr);
  return sizeof *a;
}

/* A socket whose blocking calls give up after `seconds`. */
static int peer_socket(int v6, int type, int seconds) {
  int fd = socket(v6 ? AF_INET6 : AF_INET, type, 0);
  struct timeval tv = {seconds, 0};
  if (fd >= 0) {
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  return fd;
}

/* connect() of fd to host N: 0 or its errno. */
static int connect_to(int fd, int host, int v6) {
  struct sockaddr_storage ss;
  socklen_t len = peer_addr(host, v6, &ss);
  return connect(fd, (struct sockaddr *)&ss, len) == 0 ? 0 : errno;
}

static void expect_connect(const char *id, int host, int v6, int expected) {
  int fd = peer_socket(v6, SOCK_STREAM, 10);
  int e = connect_to(fd, host, v6);
  tt_check(id, e == expected, "expected %s, got %s", tt_errno_name(expected), tt_errno_name(e));
  close(fd);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Until host .11 refuses (eth1 up and addressed, past DAD, the peer
 * resolved), or 40 s. */
static bool wait_for_peer(int v6) {
  double deadline = now_s() + 40;
  int e = -1;
  while (now_s() < deadline) {
    int fd = peer_socket(v6, SOCK_STREAM, 3);
    e = connect_to(fd, kRefuse, v6);
    close(fd);
    if (e == ECONNREFUSED) return true;
    usleep(300 * 1000);
  }
  tt_fail(ID("peer.reachable%d", v6), "192.168.77.11 / fe80::77:11 never refused: last connect %s",
          tt_errno_name(e));
  return false;
}

static void on_alarm(int sig) { (void)sig; }

/* .10: a signal ends the wait (EINTR), keepinit ends the attempt. */
static void dropped(int v6) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm; /* no SA_RESTART */
  sigaction(SIGALRM, &sa, NULL);
  int fd = peer_socket(v6, SOCK_STREAM, 10);
  struct itimerval it = {{0, 0}, {0, 300 * 1000}};
  setitimer(ITIMER_REAL, &it, NULL);
  int e = connect_to(fd, kDrop, v6);
  tt_check(ID("peer.c3.dropped%d_signal_eintr", v6), e == EINTR, "expected EINTR, got %s", tt_errno_name(e));
  close(fd);
  expect_connect(ID("peer.b5.dropped%d_keepinit_etimedout", v6), kDrop, v6, ETIMEDOUT);
}

/* .15: nothing answers ARP or ND. keepinit (2 s) comes before the 3 s
 * the neighbour code gives resolution: ETIMEDOUT. With keepinit 30 s the
 * failed resolution ends the attempt: EHOSTUNREACH, after about 3 s (never
 * sooner: lwIP was asked for the address for that long). .17 answers late
 * but within the 3 s: it connects. */
static void resolution(int v6) {
  expect_connect(ID("peer.b5.down%d_keepinit_first_etimedout", v6), kDown, v6, ETIMEDOUT);
  if (!tt_write_file(KEEPINIT, "30000", 0644)) {
    tt_fail(ID("peer.b7.down%d_keepinit_30s", v6), "cannot set %s: %s", KEEPINIT, strerror(errno));
    return;
  }
  const char *what = v6 ? "nd" : "arp";
  char id[64];
  int fd = peer_socket(v6, SOCK_STREAM, 20);
  double start = now_s();
  int e = connect_to(fd, kDown, v6);
  double took = now_s() - start;
  snprintf(id, sizeof id, "peer.b7.%s_unanswered_ehostunreach", what);
  tt_check(ID(id, v6), e == EHOSTUNREACH && took >= 2.5, "expected EHOSTUNREACH after 3 s or so, got %s after %.1f s",
           tt_errno_name(e), took);
  close(fd);

  fd = peer_socket(v6, SOCK_STREAM, 20);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  e = connect_to(fd, kDown, v6);
  snprintf(id, sizeof id, "peer.b7.%s_unanswered_nonblocking_einprogress", what);
  tt_check(ID(id, v6), e == EINPROGRESS, "expected EINPROGRESS, got %s", tt_errno_name(e));
  struct pollfd p = {fd, POLLOUT, 0};
  int n = poll(&p, 1, 20000);
  snprintf(id, sizeof id, "peer.b7.%s_unanswered_nonblocking_pollout", what);
  tt_check(ID(id, v6), n == 1 && (p.revents & POLLOUT), "poll = %d, revents %#x", n, (unsigned)p.revents);
  int so = -1;
  socklen_t len = sizeof so;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &len);
  snprintf(id, sizeof id, "peer.b7.%s_unanswered_nonblocking_so_error_ehostunreach", what);
  tt_check(ID(id, v6), so == EHOSTUNREACH, "SO_ERROR %s, expected EHOSTUNREACH", tt_errno_name(so));
  close(fd);

  /* .17 answers the guest's ARP or ND only after 0.9 s (the peer's log
   * shows the requests it ignored): a slow neighbour, not a failed one. */
  fd = peer_socket(v6, SOCK_STREAM, 20);
  e = connect_to(fd, kLate, v6);
  snprintf(id, sizeof id, "peer.b7.%s_late_answer_connects", what);
  tt_check(ID(id, v6), e == 0, "expected a connection, got %s", tt_errno_name(e));
  close(fd);
  tt_write_file(KEEPINIT, "2000", 0644);
}

/* .12: connect succeeds; our first byte is answered with a RST. */
static void accept_reset(int v6) {
  int fd = peer_socket(v6, SOCK_STREAM, 10);
  int e = connect_to(fd, kAcceptReset, v6);
  tt_check(ID("peer.accept_reset%d_connects", v6), e == 0, "connect: %s", tt_errno_name(e));
  if (e != 0) {
    close(fd);
    return;
  }
  ssize_t w = write(fd, "x", 1);
  char c;
  ssize_t r = read(fd, &c, 1);
  e = r < 0 ? errno : 0;
  tt_check(ID("peer.accept_reset%d_read_econnreset", v6), w == 1 && r < 0 && e == ECONNRESET,
           "write %zd, then read %zd (%s); expected 1, then -1 ECONNRESET", w, r, tt_errno_name(e));
  close(fd);
}

/* .16: the bytes come back; shutdown(SHUT_WR) gets the peer's FIN. */
static void echo(int v6) {
  int fd = peer_socket(v6, SOCK_STREAM, 10);
  int e = connect_to(fd, kEcho, v6);
  tt_check(ID("peer.echo%d_connects", v6), e == 0, "connect: %s", tt_errno_name(e));
  if (e == 0) {
    static const char msg[] = "hello, peer";
    char back[64];
    size_t got = 0;
    ssize_t w = write(fd, msg, sizeof msg - 1), r = 1;
    while (got < sizeof msg - 1 && (r = read(fd, back + got, sizeof back - got)) > 0) got += (size_t)r;
    tt_check(ID("peer.echo%d_bytes_back", v6), w == sizeof msg - 1 && got == sizeof msg - 1 && memcmp(back, msg, got) == 0,
             "wrote %zd, read back %zu bytes (last read %zd, %s)", w, got, r, r < 0 ? tt_errno_name(errno) : "");
    shutdown(fd, SHUT_WR);
    r = read(fd, back, sizeof back);
    tt_check(ID("peer.echo%d_fin_read_0", v6), r == 0, "read after our FIN: %zd (%s)", r,
             r < 0 ? tt_errno_name(errno) : "data");
  }
  close(fd);
}

/* UDP: .16 echoes a datagram; .11's port unreachable reaches a connected
 * socket as ECONNREFUSED. */
static void udp(int v6) {
  int fd = peer_socket(v6, SOCK_DGRAM, 10);
  int e = connect_to(fd, kEcho, v6);
  char back[64];
  ssize_t w = send(fd, "ping", 4, 0), r = recv(fd, back, sizeof back, 0);
  tt_check(ID("peer.udp%d_echo", v6), e == 0 && w == 4 && r == 4 && memcmp(back, "ping", 4) == 0,
           "connect %s, send %zd, recv %zd (%s)", tt_errno_name(e), w, r, r < 0 ? tt_errno_name(errno) : "");
  close(fd);

  fd = peer_socket(v6, SOCK_DGRAM, 10);
  e = connect_to(fd, kRefuse, v6);
  w = send(fd, "ping", 4, 0);
  r = recv(fd, back, sizeof back, 0);
  int re = r < 0 ? errno : 0;
  tt_check(ID("peer.udp%d_port_unreachable_econnrefused", v6), e == 0 && w == 4 && r < 0 && re == ECONNREFUSED,
           "connect %s, send %zd, recv %zd %s (expected ECONNREFUSED)", tt_errno_name(e), w, r, tt_errno_name(re));
  close(fd);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  find_persona();
  if (!tt_on_tether()) {
    tt_skip(ID("peer", 0), "the scripted peer is behind Tether's eth1 (./tether run --peer)");
    return tt_done();
  }
  eth1 = if_nametoindex("eth1");
  if (eth1 == 0) {
    tt_fail(ID("peer.eth1", 0), "no eth1: run this under ./tether run --peer (%s)", strerror(errno));
    return tt_done();
  }
  char old_keepinit[32] = "";
  if (tt_read_file(KEEPINIT, old_keepinit, sizeof old_keepinit) <= 0 || !tt_write_file(KEEPINIT, "2000", 0644)) {
    tt_fail(ID("peer.keepinit_set", 0), "cannot set %s: %s", KEEPINIT, strerror(errno));
    return tt_done();
  }
  for (int v6 = 0; v6 <= 1; v6++) {
    if (!wait_for_peer(v6)) continue;
    expect_connect(ID("peer.b4.refused%d_econnrefused", v6), kRefuse, v6, ECONNREFUSED);
    expect_connect(ID("peer.b7.host_unreachable%d_ehostunreach", v6), kHostUnreach, v6, EHOSTUNREACH);
    expect_connect(ID("peer.b6.net_unreachable%d_enetunreach", v6), kNetUnreach, v6, ENETUNREACH);
    dropped(v6);
    resolution(v6);
    accept_reset(v6);
    echo(v6);
    udp(v6);
  }
  tt_write_file(KEEPINIT, old_keepinit, 0644);
  return tt_done();
}
