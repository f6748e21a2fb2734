/* udp: datagram sockets (AF_INET and AF_INET6, SOCK_DGRAM) over loopback,
 * 127.0.0.1 and ::1. What connect() does to them is connect_udp.c's; this
 * is everything else: bind, sendto/recvfrom/sendmsg/recvmsg/read/write,
 * datagram boundaries, MSG_PEEK, MSG_DONTWAIT, MSG_TRUNC in and out,
 * FIONREAD, SO_RCVBUF bounding the receive queue, SO_RCVTIMEO, EMSGSIZE,
 * EDESTADDRREQ, SO_BROADCAST, poll, dual stack and IPV6_V6ONLY, EFAULT.
 *
 * Sources: udp(7) ("FIONREAD ... the size of the next pending datagram";
 * "EMSGSIZE"), ip(7) (ports below 1024, IP_RECVERR aside), ipv6(7)
 * (v4-mapped addresses, IPV6_V6ONLY), socket(7) (SO_BROADCAST, SO_RCVBUF,
 * SO_RCVTIMEO), send(2) ("EDESTADDRREQ The socket is not connection-mode,
 * and no peer address is set"; "EMSGSIZE ... the message to be sent
 * atomically"), recv(2) (MSG_PEEK, MSG_TRUNC in and out, MSG_DONTWAIT),
 * bind(2) (EADDRINUSE, EADDRNOTAVAIL, EINVAL, EACCES), listen(2)/accept(2)
 * (EOPNOTSUPP). Runs the same on Linux; the few Tether-only checks (the
 * drop counter sysctl) SKIP there.
 *
 * Ordering on loopback is what makes the queue tests exact: datagrams sent
 * over lo arrive in the order sent, on Linux and on Tether. So after a
 * "marker" datagram has arrived, everything sent before it has been
 * delivered or dropped.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

#ifndef FIONREAD
#define FIONREAD 0x541B
#endif

/* ::ffff:127.0.0.1, port */
static struct sockaddr_in6 mapped_lo(uint16_t port) {
  struct sockaddr_in6 a;
  memset(&a, 0, sizeof a);
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(port);
  a.sin6_addr.s6_addr[10] = 0xff;
  a.sin6_addr.s6_addr[11] = 0xff;
  a.sin6_addr.s6_addr[12] = 127;
  a.sin6_addr.s6_addr[15] = 1;
  return a;
}

static int udp4(void) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) tt_die("socket(AF_INET, SOCK_DGRAM)");
  return fd;
}

static int udp6(void) {
  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  if (fd < 0) tt_die("socket(AF_INET6, SOCK_DGRAM)");
  return fd;
}

/* A UDP socket bound to 127.0.0.1 (or ::1), port chosen by the system. */
static int bound4(uint16_t *port) {
  int fd = tt_bound4(SOCK_DGRAM, port, -1);
  if (fd < 0) tt_die("bind 127.0.0.1:0");
  return fd;
}

static int bound6(uint16_t *port) {
  int fd = tt_bound6(SOCK_DGRAM, port, -1);
  if (fd < 0) tt_die("bind [::1]:0");
  return fd;
}

static ssize_t send4(int fd, const void *data, size_t n, uint16_t port) {
  struct sockaddr_in a = tt_loopback4(port);
  return sendto(fd, data, n, 0, (struct sockaddr *)&a, sizeof a);
}

/* ---- creation, bind ----------------------------------------------------------- */

static void creation(void) {
  int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
  TT_CHECK("udp.socket_ipproto_udp", fd >= 0, "socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP): %s", strerror(errno));
  int v = -1;
  socklen_t len = sizeof v;
  TT_CHECK("udp.so_type_dgram", getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) == 0 && v == SOCK_DGRAM,
           "SO_TYPE %d", v);
  len = sizeof v;
  TT_CHECK("udp.so_protocol_udp", getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &len) == 0 && v == IPPROTO_UDP,
           "SO_PROTOCOL %d", v);
  len = sizeof v;
  TT_CHECK("udp.so_rcvbuf_positive", getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len) == 0 && v > 0, "SO_RCVBUF %d",
           v);
  close(fd);
  tt_expect_errno("udp.socket_ipproto_tcp_eprotonosupport", socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP),
                  EPROTONOSUPPORT);
  fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  TT_CHECK("udp.socket_inet6_flags", fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK) && (fcntl(fd, F_GETFD) & FD_CLOEXEC),
           "socket(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC): %s", strerror(errno));
  if (fd >= 0) close(fd);

  fd = udp4();
  tt_expect_errno("udp.listen_eopnotsupp", listen(fd, 1), EOPNOTSUPP);
  tt_expect_errno("udp.accept_eopnotsupp", accept(fd, NULL, NULL), EOPNOTSUPP);
  tt_expect_errno("udp.shutdown_unconnected_enotconn", shutdown(fd, SHUT_WR), ENOTCONN);
  close(fd);
}

static void binding(void) {
  uint16_t p;
  int a = bound4(&p);
  char range[64] = "";
  int lo = 0, hi = 0;
  if (tt_read_file("/proc/sys/net/ipv4/ip_local_port_range", range, sizeof range) > 0) sscanf(range, "%d %d", &lo, &hi);
  TT_CHECK("udp.bind_port_zero_ephemeral", p >= lo && p <= hi && p > 0, "port %u, range %d-%d", p, lo, hi);

  int b = udp4();
  struct sockaddr_in same = tt_loopback4(p);
  tt_expect_errno("udp.bind_eaddrinuse", bind(b, (struct sockaddr *)&same, sizeof same), EADDRINUSE);
  struct sockaddr_in any = tt_loopback4(p);
  any.sin_addr.s_addr = htonl(INADDR_ANY);
  tt_expect_errno("udp.bind_wildcard_eaddrinuse", bind(b, (struct sockaddr *)&any, sizeof any), EADDRINUSE);
  tt_expect_errno("udp.bind_twice_einval", bind(a, (struct sockaddr *)&any, sizeof any), EINVAL);
  struct sockaddr_in foreign = tt_loopback4(0);
  inet_pton(AF_INET, "203.0.113.7", &foreign.sin_addr); /* TEST-NET-3: nobody's */
  tt_expect_errno("udp.bind_foreign_eaddrnotavail", bind(b, (struct sockaddr *)&foreign, sizeof foreign),
                  EADDRNOTAVAIL);
  struct sockaddr_in6 six = tt_loopback6(0);
  tt_expect_errno("udp.bind_inet6_address_on_inet_eafnosupport", bind(b, (struct sockaddr *)&six, sizeof six),
                  EAFNOSUPPORT);
  close(b);

  /* TCP and UDP ports are separate spaces: a TCP socket may take the UDP port. */
  int t = socket(AF_INET, SOCK_STREAM, 0);
  TT_CHECK("udp.tcp_port_space_separate", t >= 0 && bind(t, (struct sockaddr *)&same, sizeof same) == 0,
           "bind TCP to the UDP socket's port %u: %s", p, strerror(errno));
  close(t);
  close(a);
  /* Closing gives the port back. */
  b = udp4();
  TT_CHECK("udp.close_releases_port", bind(b, (struct sockaddr *)&same, sizeof same) == 0, "rebind %u: %s", p,
           strerror(errno));
  close(b);
}

/* ip(7): ports below 1024 need privilege. In a child that drops to nobody. */
static void privileged_child(void *arg) {
  (void)arg;
  if (!tt_become_user(65534, 65534)) {
    tt_skip("udp.bind_privileged_port_eacces", "cannot drop to uid 65534: %s", strerror(errno));
    return;
  }
  int fd = udp4();
  struct sockaddr_in a = tt_loopback4(1000);
  tt_expect_errno("udp.bind_privileged_port_eacces", bind(fd, (struct sockaddr *)&a, sizeof a), EACCES);
  close(fd);
}

static void privileged(void) {
  char start[32] = "";
  if (!tt_on_tether() && tt_read_file("/proc/sys/net/ipv4/ip_unprivileged_port_start", start, sizeof start) > 0 &&
      atoi(start) <= 1000) {
    tt_skip("udp.bind_privileged_port_eacces", "this Linux lets anyone bind port 1000 (ip_unprivileged_port_start %d)",
            atoi(start));
    return;
  }
  tt_run_in_child("udp.privileged_child", privileged_child, NULL, 20);
}

/* ---- sending and receiving --------------------------------------------------- */

static void send_receive(void) {
  uint16_t pb;
  int b = bound4(&pb);
  tt_recv_timeout(b, 10);
  int a = udp4();
  ssize_t w = send4(a, "hello", 5, pb);
  TT_CHECK("udp.sendto_unbound", w == 5, "sendto %zd: %s", w, strerror(errno));
  int pa = tt_local_port(a);
  TT_CHECK("udp.sendto_binds_ephemeral", pa > 0, "getsockname port %d after sendto", pa);
  char buf[64];
  struct sockaddr_in from;
  socklen_t fl = sizeof from;
  memset(&from, 0, sizeof from);
  ssize_t r = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
  TT_CHECK("udp.recvfrom_data", r == 5 && memcmp(buf, "hello", 5) == 0, "recvfrom %zd: %s", r, strerror(errno));
  TT_CHECK("udp.recvfrom_sender_address",
           fl == sizeof from && from.sin_family == AF_INET && ntohs(from.sin_port) == pa &&
               from.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
           "from family %d port %u (want %d) len %u", from.sin_family, ntohs(from.sin_port), pa, (unsigned)fl);

  /* Boundaries: three datagrams come back as three, whatever the buffer. */
  char big[300];
  memset(big, 'x', sizeof big);
  send4(a, big, 10, pb);
  send4(a, big, 200, pb);
  send4(a, big, 30, pb);
  ssize_t r1 = recv(b, big, sizeof big, 0), r2 = recv(b, big, sizeof big, 0), r3 = recv(b, big, sizeof big, 0);
  TT_CHECK("udp.boundaries_kept", r1 == 10 && r2 == 200 && r3 == 30, "recv %zd %zd %zd", r1, r2, r3);

  /* Zero-length datagrams exist. */
  w = send4(a, "", 0, pb);
  fl = sizeof from;
  from.sin_port = 0;
  r = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
  TT_CHECK("udp.zero_length_datagram", w == 0 && r == 0 && ntohs(from.sin_port) == pa, "send %zd recv %zd from %u",
           w, r, ntohs(from.sin_port));

  /* MSG_TRUNC out: the rest of the datagram is gone; in: the real length. */
  send4(a, big, 100, pb);
  send4(a, "next", 4, pb);
  struct iovec iov = {buf, 10};
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  r = recvmsg(b, &m, 0);
  TT_CHECK("udp.msg_trunc_flag_out", r == 10 && (m.msg_flags & MSG_TRUNC), "recvmsg %zd flags %#x", r, m.msg_flags);
  r = recv(b, buf, sizeof buf, 0);
  TT_CHECK("udp.truncated_rest_discarded", r == 4 && memcmp(buf, "next", 4) == 0, "next recv %zd", r);
  send4(a, big, 100, pb);
  r = recv(b, buf, 10, MSG_TRUNC);
  TT_CHECK("udp.msg_trunc_in_real_length", r == 100, "recv(MSG_TRUNC) into 10 bytes: %zd", r);

  /* MSG_PEEK leaves the datagram queued; FIONREAD is the next one's size. */
  send4(a, "peekme", 6, pb);
  send4(a, big, 50, pb);
  r = recv(b, buf, sizeof buf, MSG_PEEK);
  int avail = -1;
  int ioc = ioctl(b, FIONREAD, &avail);
  TT_CHECK("udp.fionread_next_datagram", ioc == 0 && avail == 6, "FIONREAD %d (%s)", avail, strerror(errno));
  ssize_t again = recv(b, buf + 10, sizeof buf - 10, 0);
  TT_CHECK("udp.msg_peek", r == 6 && again == 6 && memcmp(buf, buf + 10, 6) == 0, "peek %zd then recv %zd", r, again);
  r = recv(b, big, sizeof big, 0);
  avail = -1;
  ioctl(b, FIONREAD, &avail);
  TT_CHECK("udp.fionread_empty_zero", r == 50 && avail == 0, "recv %zd, FIONREAD %d", r, avail);

  /* Nothing queued. */
  tt_expect_errno("udp.msg_dontwait_eagain", recv(b, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
  int nb = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  tt_expect_errno("udp.nonblocking_eagain", recv(nb, buf, sizeof buf, 0), EAGAIN);
  close(nb);
  struct timeval tv = {0, 200000};
  setsockopt(b, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  r = recv(b, buf, sizeof buf, 0);
  int e = errno;
  long ms = tt_ms_since(&t0);
  errno = e;
  if (tt_expect_errno("udp.so_rcvtimeo_eagain", r, EAGAIN))
    TT_CHECK("udp.so_rcvtimeo_waited", ms >= 150, "returned after %ld ms of a 200 ms timeout", ms);
  tt_recv_timeout(b, 10);

  /* read/write on a connected pair, and sendmsg gathering one datagram. */
  struct sockaddr_in bb = tt_loopback4(pb);
  if (connect(a, (struct sockaddr *)&bb, sizeof bb) != 0) tt_die("connect");
  w = write(a, "via write", 9);
  r = read(b, buf, sizeof buf);
  TT_CHECK("udp.write_read", w == 9 && r == 9 && memcmp(buf, "via write", 9) == 0, "write %zd read %zd", w, r);
  char p1[] = "ab", p2[] = "cde";
  struct iovec out[2] = {{p1, 2}, {p2, 3}};
  memset(&m, 0, sizeof m);
  m.msg_iov = out;
  m.msg_iovlen = 2;
  w = sendmsg(a, &m, 0);
  char x[3] = {0}, y[8] = {0};
  struct iovec in[2] = {{x, 3}, {y, 8}};
  memset(&m, 0, sizeof m);
  m.msg_iov = in;
  m.msg_iovlen = 2;
  r = recvmsg(b, &m, 0);
  TT_CHECK("udp.sendmsg_gathers_one_datagram", w == 5 && r == 5 && memcmp(x, "abc", 3) == 0 && memcmp(y, "de", 2) == 0,
           "sendmsg %zd recvmsg %zd", w, r);
  close(a);
  close(b);
}

static void limits_and_errors(void) {
  uint16_t pb;
  int b = bound4(&pb);
  tt_recv_timeout(b, 10);
  int a = udp4();
  /* udp(7)/send(2) EMSGSIZE: over IPv4 a datagram carries 65507 bytes. */
  char *big = malloc(70000);
  if (!big) tt_die("malloc");
  memset(big, 'z', 70000);
  big[65506] = 'E';
  tt_expect_errno("udp.emsgsize_over_65507", send4(a, big, 65508, pb), EMSGSIZE);
  int rcv = 1 << 20; /* room for the biggest datagram */
  setsockopt(b, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
  ssize_t w = send4(a, big, 65507, pb);
  memset(big, 0, 70000);
  ssize_t r = recv(b, big, 70000, 0);
  TT_CHECK("udp.largest_datagram_whole", w == 65507 && r == 65507 && big[65506] == 'E' && big[0] == 'z',
           "sendto %zd (%s), recv %zd", w, w < 0 ? strerror(errno) : "ok", r);
  free(big);

  /* send(2): "EDESTADDRREQ The socket is not connection-mode, and no peer
   * address is set." */
  tt_expect_errno("udp.send_unconnected_edestaddrreq", send(a, "x", 1, 0), EDESTADDRREQ);
  tt_expect_errno("udp.write_unconnected_edestaddrreq", write(a, "x", 1), EDESTADDRREQ);
  struct sockaddr_in zero = tt_loopback4(0);
  tt_expect_errno("udp.sendto_port_zero_einval", sendto(a, "x", 1, 0, (struct sockaddr *)&zero, sizeof zero), EINVAL);
  struct sockaddr_in6 six = tt_loopback6(pb);
  tt_expect_errno("udp.sendto_inet6_on_inet_eafnosupport", sendto(a, "x", 1, 0, (struct sockaddr *)&six, sizeof six),
                  EAFNOSUPPORT);
  tt_expect_errno("udp.sendto_short_address_einval", sendto(a, "x", 1, 0, (struct sockaddr *)&zero, 8), EINVAL);
  struct sockaddr_in bb = tt_loopback4(pb);
  tt_expect_errno("udp.sendto_msg_oob_eopnotsupp", sendto(a, "x", 1, MSG_OOB, (struct sockaddr *)&bb, sizeof bb),
                  EOPNOTSUPP);

  /* EFAULT, never a crash: bad data, bad address. A datagram recvfrom
   * cannot copy out is consumed, as on Linux. */
  tt_expect_errno("udp.sendto_bad_buffer_efault", send4(a, TT_LOW_PAGE, 8, pb), EFAULT);
  tt_expect_errno("udp.sendto_bad_address_efault", sendto(a, "x", 1, 0, TT_KERNEL_ADDR, sizeof zero), EFAULT);
  send4(a, "fault", 5, pb);
  tt_expect_errno("udp.recv_bad_buffer_efault", recv(b, TT_LOW_PAGE, 16, 0), EFAULT);
  char buf[16];
  tt_expect_errno("udp.efault_datagram_consumed", recv(b, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
  send4(a, "fault", 5, pb);
  socklen_t fl = sizeof(struct sockaddr_in);
  tt_expect_errno("udp.recvfrom_bad_address_efault", recvfrom(b, buf, sizeof buf, 0, TT_LOW_PAGE, &fl), EFAULT);

  /* socket(7) SO_BROADCAST: off by default; sending to a broadcast address
   * without it is EACCES (Linux's udp_sendmsg). */
  int v = -1;
  socklen_t len = sizeof v;
  getsockopt(a, SOL_SOCKET, SO_BROADCAST, &v, &len);
  TT_CHECK("udp.so_broadcast_default_off", v == 0, "SO_BROADCAST %d", v);
  struct sockaddr_in bc = tt_loopback4(9);
  bc.sin_addr.s_addr = htonl(INADDR_BROADCAST);
  tt_expect_errno("udp.sendto_broadcast_without_so_broadcast_eacces",
                  sendto(a, "x", 1, 0, (struct sockaddr *)&bc, sizeof bc), EACCES);
  v = 1;
  setsockopt(a, SOL_SOCKET, SO_BROADCAST, &v, sizeof v);
  v = -1;
  len = sizeof v;
  getsockopt(a, SOL_SOCKET, SO_BROADCAST, &v, &len);
  TT_CHECK("udp.so_broadcast_set", v == 1, "SO_BROADCAST %d after setting it", v);
  close(a);
  close(b);
}

/* ---- poll, and the bounded receive queue ----------------------------------------- */

static void readiness_and_queue(void) {
  uint16_t pb, pm;
  int b = bound4(&pb);
  int marker = bound4(&pm);
  tt_recv_timeout(b, 10);
  tt_recv_timeout(marker, 10);
  int a = udp4();
  int ev = tt_poll1(b, POLLIN | POLLOUT, 0);
  TT_CHECK("udp.poll_empty_writable_not_readable", ev == POLLOUT, "revents %#x", ev);
  send4(a, "x", 1, pb);
  ev = tt_poll1(b, POLLIN, 10000);
  TT_CHECK("udp.poll_readable_after_datagram", ev == POLLIN, "revents %#x", ev);
  char buf[2048];
  recv(b, buf, sizeof buf, 0);

  /* SO_RCVBUF bounds the queue: a burst of 100 datagrams of 1000 bytes to
   * a socket with a small buffer; then a marker to another socket. When it
   * arrived, the burst has been delivered or dropped. */
  int small = 4096; /* doubled: 8192 */
  setsockopt(b, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  char drops_before[32] = "0";
  bool counter = tt_on_tether() && tt_read_file("/proc/sys/net/inet/udp/rcvbuf_drops", drops_before, sizeof drops_before) > 0;
  memset(buf, 'q', 1000);
  int sent = 0;
  for (int i = 0; i < 100; i++)
    if (send4(a, buf, 1000, pb) == 1000) sent++;
  send4(a, "m", 1, pm);
  ssize_t mr = recv(marker, buf, sizeof buf, 0);
  int got = 0;
  while (recv(b, buf, sizeof buf, MSG_DONTWAIT) == 1000) got++;
  TT_CHECK("udp.so_rcvbuf_bounds_queue", mr == 1 && sent == 100 && got >= 1 && got < 50,
           "sent %d, marker %zd, queued %d of them (SO_RCVBUF 8192)", sent, mr, got);
  if (counter) {
    char drops_after[32] = "0";
    tt_read_file("/proc/sys/net/inet/udp/rcvbuf_drops", drops_after, sizeof drops_after);
    long dropped = atol(drops_after) - atol(drops_before);
    TT_CHECK("udp.rcvbuf_drops_counted", dropped == 100 - got, "sysctl net.inet.udp.rcvbuf_drops grew by %ld, %d dropped",
             dropped, 100 - got);
  } else {
    tt_skip("udp.rcvbuf_drops_counted", "the drop counter sysctl net.inet.udp.rcvbuf_drops is Tether's");
  }
  /* Room again once read. */
  send4(a, "after", 5, pb);
  ssize_t r = recv(b, buf, sizeof buf, 0);
  TT_CHECK("udp.queue_takes_again_after_reading", r == 5, "recv %zd", r);
  close(a);
  close(b);
  close(marker);
}

/* ---- IPv6 ------------------------------------------------------------------------ */

static void ipv6(void) {
  uint16_t pb;
  int b = bound6(&pb);
  tt_recv_timeout(b, 10);
  int a = udp6();
  struct sockaddr_in6 to = tt_loopback6(pb);
  ssize_t w = sendto(a, "six", 3, 0, (struct sockaddr *)&to, sizeof to);
  char buf[16];
  struct sockaddr_in6 from;
  socklen_t fl = sizeof from;
  memset(&from, 0, sizeof from);
  ssize_t r = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
  struct sockaddr_in6 one = tt_loopback6(0);
  TT_CHECK("udp6.loopback_sendto_recvfrom",
           w == 3 && r == 3 && from.sin6_family == AF_INET6 && ntohs(from.sin6_port) == tt_local_port(a) &&
               memcmp(&from.sin6_addr, &one.sin6_addr, 16) == 0,
           "sendto %zd recvfrom %zd port %u", w, r, ntohs(from.sin6_port));
  char *big = calloc(1, 65528);
  if (!big) tt_die("calloc");
  tt_expect_errno("udp6.emsgsize_over_65527", sendto(a, big, 65528, 0, (struct sockaddr *)&to, sizeof to), EMSGSIZE);
  free(big);
  close(a);
  close(b);

  /* Dual stack: an AF_INET6 socket on :: takes IPv4 datagrams, and names
   * their senders ::ffff:a.b.c.d (ipv6(7)). */
  int d = udp6();
  tt_recv_timeout(d, 10);
  struct sockaddr_in6 any6;
  memset(&any6, 0, sizeof any6);
  any6.sin6_family = AF_INET6;
  if (bind(d, (struct sockaddr *)&any6, sizeof any6) != 0) tt_die("bind [::]:0");
  uint16_t pd = (uint16_t)tt_local_port(d);
  int v4 = udp4();
  send4(v4, "four", 4, pd);
  fl = sizeof from;
  memset(&from, 0, sizeof from);
  r = recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
  struct sockaddr_in6 m = mapped_lo(0);
  TT_CHECK("udp6.dual_stack_receives_ipv4_as_mapped",
           r == 4 && from.sin6_family == AF_INET6 && memcmp(&from.sin6_addr, &m.sin6_addr, 16) == 0 &&
               ntohs(from.sin6_port) == tt_local_port(v4),
           "recvfrom %zd (%s), family %d", r, strerror(errno), from.sin6_family);
  /* ... and sends to an IPv4 peer through its mapped address. */
  uint16_t p4;
  int b4 = bound4(&p4);
  tt_recv_timeout(b4, 10);
  struct sockaddr_in6 mapped = mapped_lo(p4);
  w = sendto(d, "back", 4, 0, (struct sockaddr *)&mapped, sizeof mapped);
  r = recv(b4, buf, sizeof buf, 0);
  TT_CHECK("udp6.dual_stack_sends_to_mapped", w == 4 && r == 4, "sendto %zd (%s) recv %zd", w, strerror(errno), r);
  close(d);

  /* IPV6_V6ONLY: no IPv4 at all (Linux: ENETUNREACH for a mapped destination). */
  int o = udp6();
  int on = 1;
  setsockopt(o, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  tt_expect_errno("udp6.v6only_sendto_mapped_enetunreach",
                  sendto(o, "x", 1, 0, (struct sockaddr *)&mapped, sizeof mapped), ENETUNREACH);
  close(o);
  o = udp6();
  struct sockaddr_in6 any_port = tt_loopback6(0);
  if (bind(o, (struct sockaddr *)&any_port, sizeof any_port) != 0) tt_die("bind [::1]:0");
  tt_expect_errno("udp6.v6only_after_bind_einval", setsockopt(o, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on), EINVAL);
  close(o);
  close(v4);
  close(b4);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  printf("# UDP over loopback, on %s\n", tt_on_tether() ? "Tether" : "a kernel that is not Tether");
  creation();
  binding();
  privileged();
  send_receive();
  limits_and_errors();
  readiness_and_queue();
  ipv6();
  return tt_done();
}
