/* unix_sockets: UNIX-domain sockets apart from connect()'s errors
 * (connect_unix.c has those): socketpair, the three types, bind and the
 * socket file, unlink, names, the abstract namespace, the backlog and
 * accept, poll, shutdown and close, SO_PEERCRED, SCM_RIGHTS, and a stress
 * run whose memory must come back.
 *
 * Sources: Linux unix(7) (socket files, "abstract", autobind, SO_PEERCRED,
 * SCM_RIGHTS, SOCK_SEQPACKET), socketpair(2), bind(2) (EADDRINUSE,
 * EINVAL), listen(2), accept(2), recv(2) (MSG_TRUNC, MSG_PEEK,
 * MSG_WAITALL, MSG_CTRUNC), send(2) (EPIPE), cmsg(3), poll(2), stat(2)
 * (S_IFSOCK), inode(7); where these are silent, what Linux does (the same
 * binary runs on the Linux host).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

static const char *dir;

static const char *P(const char *name) {
  static char buf[8][160];
  static int next;
  char *b = buf[next++ % 8];
  snprintf(b, sizeof buf[0], "%s/%s", dir, name);
  return b;
}

static int bound(int type, const char *path, int backlog) {
  int fd = socket(AF_UNIX, type, 0);
  struct sockaddr_un a;
  socklen_t len = tt_unix_addr(&a, path);
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, len) != 0) tt_die(path);
  if (backlog >= 0 && listen(fd, backlog) != 0) tt_die("listen");
  return fd;
}

static int connected(int type, const char *path) {
  int fd = socket(AF_UNIX, type, 0);
  struct sockaddr_un a;
  socklen_t len = tt_unix_addr(&a, path);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, len) != 0) tt_die("connect");
  return fd;
}

static void pair(int type, int sv[2]) {
  if (socketpair(AF_UNIX, type, 0, sv) != 0) tt_die("socketpair");
}

/* ---- socketpair and data ------------------------------------------------ */

static void check_socketpair(void) {
  int sv[2];
  char buf[64];
  TT_CHECK("socketpair.stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "%s", strerror(errno));
  ssize_t w = write(sv[0], "hello", 5), r = read(sv[1], buf, sizeof buf);
  TT_CHECK("socketpair.stream_a_to_b", w == 5 && r == 5 && memcmp(buf, "hello", 5) == 0, "write %zd read %zd", w, r);
  w = write(sv[1], "back", 4);
  r = read(sv[0], buf, sizeof buf);
  TT_CHECK("socketpair.stream_b_to_a", w == 4 && r == 4, "write %zd read %zd", w, r);
  /* A stream has no boundaries: two writes, one read. */
  write(sv[0], "ab", 2);
  write(sv[0], "cd", 2);
  r = recv(sv[1], buf, 4, MSG_WAITALL);
  TT_CHECK("stream.no_boundaries", r == 4 && memcmp(buf, "abcd", 4) == 0, "read %zd", r);
  write(sv[0], "peek", 4);
  r = recv(sv[1], buf, sizeof buf, MSG_PEEK);
  ssize_t r2 = recv(sv[1], buf, sizeof buf, 0);
  TT_CHECK("stream.msg_peek", r == 4 && r2 == 4, "peek %zd then read %zd", r, r2);
  int type = -1;
  socklen_t len = sizeof type;
  getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len);
  TT_CHECK("socketpair.so_type", type == SOCK_STREAM, "SO_TYPE %d", type);
  struct sockaddr_un name;
  len = sizeof name;
  TT_CHECK("socketpair.unnamed", getsockname(sv[0], (struct sockaddr *)&name, &len) == 0 && len == 2 &&
                                     name.sun_family == AF_UNIX,
           "getsockname length %u", (unsigned)len);
  len = sizeof name;
  TT_CHECK("socketpair.peer_unnamed", getpeername(sv[0], (struct sockaddr *)&name, &len) == 0 && len == 2,
           "getpeername length %u", (unsigned)len);
  close(sv[0]);
  close(sv[1]);

  tt_expect_errno("socketpair.bad_protocol", socketpair(AF_UNIX, SOCK_STREAM, 7, sv), EPROTONOSUPPORT);
  tt_expect_errno("socket.unix_bad_type", socket(AF_UNIX, 4 /* SOCK_RDM */, 0), ESOCKTNOSUPPORT);
  tt_expect_errno("socketpair.efault", socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)TT_LOW_PAGE), EFAULT);
}

static void check_seqpacket_and_dgram(void) {
  int sv[2];
  char buf[64];
  pair(SOCK_SEQPACKET, sv);
  send(sv[0], "one", 3, 0);
  send(sv[0], "second", 6, MSG_EOR);
  ssize_t r = recv(sv[1], buf, sizeof buf, 0);
  ssize_t r2 = recv(sv[1], buf, sizeof buf, 0);
  TT_CHECK("seqpacket.boundaries_kept", r == 3 && r2 == 6, "reads %zd %zd", r, r2);
  send(sv[0], "hello world", 11, 0);
  struct iovec io = {buf, 5};
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  r = recvmsg(sv[1], &m, 0);
  TT_CHECK("seqpacket.cut_record_msg_trunc", r == 5 && (m.msg_flags & MSG_TRUNC) && !(m.msg_flags & MSG_EOR),
           "recvmsg %zd flags %#x", r, m.msg_flags);
  r = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
  tt_expect_errno("seqpacket.rest_of_cut_record_discarded", r, EAGAIN);
  send(sv[0], "hello world", 11, 0);
  memset(&m, 0, sizeof m);
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  r = recvmsg(sv[1], &m, MSG_TRUNC);
  TT_CHECK("seqpacket.msg_trunc_flag_gives_full_length", r == 11 && (m.msg_flags & MSG_TRUNC), "recvmsg %zd flags %#x",
           r, m.msg_flags);
  send(sv[0], "", 0, 0);
  r = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
  TT_CHECK("seqpacket.empty_record", r == 0, "recv %zd %s", r, r < 0 ? strerror(errno) : "");
  close(sv[0]);
  r = recv(sv[1], buf, sizeof buf, 0);
  TT_CHECK("seqpacket.eof_after_peer_close", r == 0, "recv %zd", r);
  close(sv[1]);

  pair(SOCK_DGRAM, sv);
  send(sv[0], "d1", 2, 0);
  send(sv[0], "dgram2", 6, 0);
  r = recv(sv[1], buf, 1, 0);
  r2 = recv(sv[1], buf, sizeof buf, 0);
  TT_CHECK("dgram.one_per_read_cut", r == 1 && r2 == 6, "reads %zd %zd", r, r2);
  int avail = -1;
  send(sv[0], "xyz", 3, 0);
  ioctl(sv[1], FIONREAD, &avail);
  TT_CHECK("dgram.fionread_next_size", avail == 3, "FIONREAD %d", avail);
  recv(sv[1], buf, sizeof buf, 0);
  close(sv[0]);
  close(sv[1]);

  /* Unconnected datagram sockets by name; the sender's name arrives. */
  int a = bound(SOCK_DGRAM, P("dg.a"), -1);
  int b = bound(SOCK_DGRAM, P("dg.b"), -1);
  struct sockaddr_un to, from;
  socklen_t tlen = tt_unix_addr(&to, P("dg.b")), flen = sizeof from;
  ssize_t w = sendto(a, "ping", 4, 0, (struct sockaddr *)&to, tlen);
  r = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
  TT_CHECK("dgram.sendto_path_and_sender_name", w == 4 && r == 4 && strcmp(from.sun_path, P("dg.a")) == 0,
           "sendto %zd recvfrom %zd from \"%s\"", w, r, r > 0 ? from.sun_path : "");
  tt_expect_errno("dgram.send_unconnected_enotconn", send(a, "x", 1, 0), ENOTCONN);
  tlen = tt_unix_addr(&to, P("dg.none"));
  tt_expect_errno("dgram.sendto_missing_enoent", sendto(a, "x", 1, 0, (struct sockaddr *)&to, tlen), ENOENT);
  close(b);
  tlen = tt_unix_addr(&to, P("dg.b"));
  tt_expect_errno("dgram.sendto_closed_econnrefused", sendto(a, "x", 1, 0, (struct sockaddr *)&to, tlen),
                  ECONNREFUSED);
  /* The associated peer closes: ECONNREFUSED once, then ENOTCONN (Linux). */
  int c = bound(SOCK_DGRAM, P("dg.c"), -1);
  struct sockaddr_un ca;
  socklen_t clen = tt_unix_addr(&ca, P("dg.c"));
  connect(a, (struct sockaddr *)&ca, clen);
  close(c);
  tt_expect_errno("dgram.peer_closed_econnrefused", send(a, "x", 1, 0), ECONNREFUSED);
  tt_expect_errno("dgram.then_enotconn", send(a, "x", 1, 0), ENOTCONN);
  close(a);
}

/* ---- bind and the socket file ------------------------------------------ */

static void check_bind(void) {
  umask(027);
  int s = bound(SOCK_STREAM, P("file.sock"), -1);
  umask(022);
  struct stat st;
  int r = stat(P("file.sock"), &st);
  TT_CHECK("bind.stat_s_ifsock", r == 0 && S_ISSOCK(st.st_mode), "stat = %d mode %#o", r, r == 0 ? st.st_mode : 0);
  TT_CHECK("bind.mode_from_umask", r == 0 && (st.st_mode & 07777) == 0750, "mode %#o with umask 027",
           r == 0 ? (st.st_mode & 07777) : 0);
  TT_CHECK("bind.owner_is_caller", r == 0 && st.st_uid == geteuid() && st.st_gid == getegid(), "uid %u gid %u",
           r == 0 ? st.st_uid : 0, r == 0 ? st.st_gid : 0);
  int again = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a;
  socklen_t len = tt_unix_addr(&a, P("file.sock"));
  tt_expect_errno("bind.eaddrinuse_existing_socket_file", bind(again, (struct sockaddr *)&a, len), EADDRINUSE);
  if (!tt_write_file(P("plain"), "x", 0644)) tt_die("plain");
  len = tt_unix_addr(&a, P("plain"));
  tt_expect_errno("bind.eaddrinuse_regular_file", bind(again, (struct sockaddr *)&a, len), EADDRINUSE);
  len = tt_unix_addr(&a, P("other.sock"));
  tt_expect_errno("bind.einval_already_bound", bind(s, (struct sockaddr *)&a, len), EINVAL);
  len = tt_unix_addr(&a, P("nodir/x.sock"));
  tt_expect_errno("bind.enoent_prefix", bind(again, (struct sockaddr *)&a, len), ENOENT);
  struct sockaddr_un name;
  socklen_t nlen = sizeof name;
  r = getsockname(s, (struct sockaddr *)&name, &nlen);
  TT_CHECK("bind.getsockname_path", r == 0 && strcmp(name.sun_path, P("file.sock")) == 0 &&
                                        nlen == 2 + strlen(P("file.sock")) + 1,
           "getsockname \"%s\" length %u", r == 0 ? name.sun_path : "", (unsigned)nlen);
  int fd = open(P("file.sock"), O_RDWR);
  tt_expect_errno("bind.open_socket_file_enxio", fd, ENXIO);
  if (fd >= 0) close(fd);
  close(again);
  close(s);
  TT_CHECK("bind.file_stays_after_close", stat(P("file.sock"), &st) == 0 && S_ISSOCK(st.st_mode), "%s",
           strerror(errno));

  /* ls -l shows an 's' for the socket file. */
  int p[2];
  if (pipe(p) != 0) tt_die("pipe");
  pid_t child = fork();
  if (child == 0) {
    dup2(p[1], 1);
    close(p[0]);
    execl("/bin/ls", "ls", "-l", P("file.sock"), (char *)NULL);
    _exit(127);
  }
  close(p[1]);
  char out[256] = "";
  ssize_t n = read(p[0], out, sizeof out - 1);
  close(p[0]);
  tt_wait_timeout(child, 10);
  TT_CHECK("bind.ls_l_shows_s", n > 0 && out[0] == 's', "ls -l printed \"%.40s\"", n > 0 ? out : "");
}

static void check_unlink_and_names(void) {
  int l = bound(SOCK_STREAM, P("u.sock"), 5);
  int c = connected(SOCK_STREAM, P("u.sock"));
  struct sockaddr_un peer;
  socklen_t plen = sizeof peer;
  int s = accept(l, (struct sockaddr *)&peer, &plen);
  TT_CHECK("accept.unnamed_client", s >= 0 && plen == 2, "accept = %d, address length %u", s, (unsigned)plen);
  struct sockaddr_un name;
  socklen_t nlen = sizeof name;
  getsockname(s, (struct sockaddr *)&name, &nlen);
  TT_CHECK("accept.getsockname_is_listener_path", strcmp(name.sun_path, P("u.sock")) == 0, "\"%s\"", name.sun_path);
  TT_CHECK("unlink.removes_name", unlink(P("u.sock")) == 0, "%s", strerror(errno));
  char buf[8];
  ssize_t w = write(c, "ok", 2), r = read(s, buf, sizeof buf);
  TT_CHECK("unlink.connected_pair_still_works", w == 2 && r == 2, "write %zd read %zd", w, r);
  int d = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a;
  socklen_t len = tt_unix_addr(&a, P("u.sock"));
  tt_expect_errno("unlink.then_connect_enoent", connect(d, (struct sockaddr *)&a, len), ENOENT);
  TT_CHECK("unlink.rebind_same_path", bind(d, (struct sockaddr *)&a, len) == 0, "%s", strerror(errno));
  int fresh = socket(AF_UNIX, SOCK_STREAM, 0);
  nlen = sizeof name;
  TT_CHECK("names.unbound_is_unnamed", getsockname(fresh, (struct sockaddr *)&name, &nlen) == 0 && nlen == 2,
           "length %u", (unsigned)nlen);
  tt_expect_errno("names.getpeername_unconnected_enotconn", getpeername(fresh, (struct sockaddr *)&name, &nlen),
                  ENOTCONN);
  close(fresh);
  close(d);
  close(c);
  close(s);
  close(l);
}

static void check_abstract(void) {
  /* Linux's abstract namespace: a leading NUL, no file. */
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  char tag[40];
  int tl = snprintf(tag, sizeof tag, "tether-unix-test-%d", (int)getpid());
  memcpy(a.sun_path + 1, tag, (size_t)tl);
  socklen_t len = (socklen_t)(2 + 1 + tl);
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  TT_CHECK("abstract.bind", bind(l, (struct sockaddr *)&a, len) == 0 && listen(l, 5) == 0, "%s", strerror(errno));
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  TT_CHECK("abstract.connect", connect(c, (struct sockaddr *)&a, len) == 0, "%s", strerror(errno));
  struct sockaddr_un name;
  socklen_t nlen = sizeof name;
  getpeername(c, (struct sockaddr *)&name, &nlen);
  TT_CHECK("abstract.getpeername", nlen == len && name.sun_path[0] == 0 && memcmp(name.sun_path + 1, tag, tl) == 0,
           "length %u", (unsigned)nlen);
  int d = socket(AF_UNIX, SOCK_STREAM, 0);
  tt_expect_errno("abstract.eaddrinuse", bind(d, (struct sockaddr *)&a, len), EADDRINUSE);
  close(c);
  close(l);
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  tt_expect_errno("abstract.closed_econnrefused", connect(c, (struct sockaddr *)&a, len), ECONNREFUSED);
  /* Autobind: bind with just sa_family picks "\0" + 5 hex digits. */
  struct sockaddr_un any;
  memset(&any, 0, sizeof any);
  any.sun_family = AF_UNIX;
  int r = bind(d, (struct sockaddr *)&any, 2);
  nlen = sizeof name;
  getsockname(d, (struct sockaddr *)&name, &nlen);
  TT_CHECK("abstract.autobind", r == 0 && nlen == 8 && name.sun_path[0] == 0, "bind = %d, name length %u", r,
           (unsigned)nlen);
  close(c);
  close(d);
}

/* ---- backlog, poll, shutdown, close -------------------------------------- */

static void check_backlog_and_poll(void) {
  int l = bound(SOCK_STREAM, P("p.sock"), 2);
  struct pollfd p = {l, POLLIN, 0};
  TT_CHECK("poll.listener_idle", poll(&p, 1, 0) == 0, "revents %#x", p.revents);
  int c[3];
  for (int i = 0; i < 3; i++) c[i] = connected(SOCK_STREAM, P("p.sock")); /* backlog 2: three fit, as Linux */
  int nb = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_un a;
  socklen_t len = tt_unix_addr(&a, P("p.sock"));
  tt_expect_errno("backlog.full_after_backlog_plus_one", connect(nb, (struct sockaddr *)&a, len), EAGAIN);
  p.revents = 0;
  TT_CHECK("poll.listener_pollin_when_pending", poll(&p, 1, 0) == 1 && (p.revents & POLLIN), "revents %#x",
           p.revents);
  int s = accept(l, NULL, NULL);
  TT_CHECK("backlog.room_after_accept", connect(nb, (struct sockaddr *)&a, len) == 0, "%s", strerror(errno));
  struct pollfd q[2] = {{s, POLLIN | POLLOUT, 0}, {c[0], POLLIN | POLLOUT, 0}};
  int r = poll(q, 2, 0);
  TT_CHECK("poll.connected_writable_not_readable", r == 2 && q[0].revents == POLLOUT && q[1].revents == POLLOUT,
           "poll %d revents %#x %#x", r, q[0].revents, q[1].revents);
  write(c[0], "x", 1);
  q[0].revents = 0;
  r = poll(q, 1, 0);
  TT_CHECK("poll.pollin_after_write", r == 1 && (q[0].revents & POLLIN), "revents %#x", q[0].revents);
  char buf[8];
  read(s, buf, 1);
  /* Fill the peer's queue: POLLOUT goes, and a non-blocking write says EAGAIN. */
  fcntl(c[0], F_SETFL, O_NONBLOCK);
  static char chunk[4096];
  long total = 0;
  while (total < 8 * 1024 * 1024) {
    ssize_t w = write(c[0], chunk, sizeof chunk);
    if (w < 0) break;
    total += w;
  }
  int e = errno;
  TT_CHECK("stream.full_queue_eagain", e == EAGAIN && total > 0, "after %ld bytes: %s", total, strerror(e));
  q[1].revents = 0;
  r = poll(&q[1], 1, 0);
  TT_CHECK("poll.not_writable_when_full", r == 0, "revents %#x", q[1].revents);
  long drained = 0;
  while (drained < total) {
    ssize_t got = read(s, chunk, sizeof chunk);
    if (got <= 0) break;
    drained += got;
  }
  TT_CHECK("stream.all_bytes_arrive", drained == total, "read %ld of %ld", drained, total);
  r = poll(&q[1], 1, 0);
  TT_CHECK("poll.writable_again_after_read", r == 1 && (q[1].revents & POLLOUT), "revents %#x", q[1].revents);
  /* shutdown(SHUT_WR) at one end: EOF at the other, EPIPE at this one. */
  shutdown(c[0], SHUT_WR);
  ssize_t got = read(s, buf, sizeof buf);
  TT_CHECK("shutdown.eof_at_peer", got == 0, "read %zd", got);
  tt_expect_errno("shutdown.epipe_after_shut_wr", send(c[0], "x", 1, MSG_NOSIGNAL), EPIPE);
  /* Close: the peer sees POLLHUP and EOF; writing to it is EPIPE. */
  close(s);
  q[1].revents = 0;
  r = poll(&q[1], 1, 0);
  TT_CHECK("poll.pollhup_after_peer_close", r == 1 && (q[1].revents & POLLHUP), "revents %#x", q[1].revents);
  signal(SIGPIPE, SIG_IGN);
  /* c[1]'s server side is still in the accept queue: a write works;
   * closing the listener resets it. */
  TT_CHECK("close.write_to_queued_connection", write(c[1], "x", 1) == 1, "%s", strerror(errno));
  close(l);
  got = read(c[1], buf, sizeof buf);
  TT_CHECK("close.listener_resets_queued_connections", got < 0 && errno == ECONNRESET, "read %zd %s", got,
           got < 0 ? strerror(errno) : "");
  got = read(c[1], buf, sizeof buf);
  TT_CHECK("close.then_eof", got == 0, "read %zd", got);
  tt_expect_errno("close.then_epipe", write(c[1], "x", 1), EPIPE);
  signal(SIGPIPE, SIG_DFL);
  for (int i = 0; i < 3; i++) close(c[i]);
  close(nb);
}

static void check_peercred(void) {
  int sv[2];
  pair(SOCK_STREAM, sv);
  struct ucred cr;
  socklen_t len = sizeof cr;
  int r = getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &len);
  TT_CHECK("so_peercred.socketpair", r == 0 && cr.pid == getpid() && cr.uid == geteuid() && cr.gid == getegid(),
           "r %d pid %d uid %u gid %u", r, cr.pid, cr.uid, cr.gid);
  close(sv[0]);
  close(sv[1]);
  int l = bound(SOCK_STREAM, P("cred.sock"), 5);
  pid_t child = fork();
  if (child == 0) {
    int c = connected(SOCK_STREAM, P("cred.sock"));
    char b;
    read(c, &b, 1);
    _exit(0);
  }
  int s = accept(l, NULL, NULL);
  len = sizeof cr;
  r = getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len);
  TT_CHECK("so_peercred.accepted_is_client", r == 0 && cr.pid == child, "r %d pid %d, child %d", r, cr.pid, child);
  write(s, "x", 1);
  tt_wait_timeout(child, 10);
  close(s);
  close(l);
}

/* ---- SCM_RIGHTS ----------------------------------------------------------- */

static ssize_t send_fds(int s, const int *fds, int n) {
  char data = 'F';
  struct iovec io = {&data, 1};
  char control[CMSG_SPACE(sizeof(int) * 8)];
  memset(control, 0, sizeof control);
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  m.msg_control = control;
  m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int) * n);
  memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
  return sendmsg(s, &m, 0);
}

/* Receives one byte and up to `room` descriptors; returns how many came. */
static int recv_fds(int s, int *fds, int room, int flags, int *msg_flags) {
  char data;
  struct iovec io = {&data, 1};
  char control[CMSG_SPACE(sizeof(int) * 8)];
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  m.msg_control = control;
  m.msg_controllen = room ? CMSG_SPACE(sizeof(int) * room) : 0;
  if (recvmsg(s, &m, flags) < 0) return -1;
  *msg_flags = m.msg_flags;
  int n = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
      memcpy(fds, CMSG_DATA(c), sizeof(int) * n);
    }
  return n;
}

static void check_rights(void) {
  int sv[2], p[2];
  pair(SOCK_STREAM, sv);
  if (pipe(p) != 0) tt_die("pipe");
  ssize_t w = send_fds(sv[0], &p[1], 1);
  close(p[1]); /* in flight: the pipe's write end lives on */
  int got[8], flags = 0;
  int n = recv_fds(sv[1], got, 1, 0, &flags);
  TT_CHECK("scm_rights.one_fd_arrives", w == 1 && n == 1 && got[0] >= 0, "sendmsg %zd, %d fds", w, n);
  if (n == 1) {
    ssize_t ww = write(got[0], "via", 3);
    char buf[8];
    ssize_t rr = read(p[0], buf, sizeof buf);
    TT_CHECK("scm_rights.passed_fd_is_the_pipe", ww == 3 && rr == 3, "write %zd read %zd", ww, rr);
    int fdflags = fcntl(got[0], F_GETFD);
    TT_CHECK("scm_rights.no_cloexec_by_default", fdflags == 0, "F_GETFD %d", fdflags);
    close(got[0]);
  }
  /* MSG_CMSG_CLOEXEC */
  send_fds(sv[0], &p[0], 1);
  n = recv_fds(sv[1], got, 1, MSG_CMSG_CLOEXEC, &flags);
  TT_CHECK("scm_rights.msg_cmsg_cloexec", n == 1 && fcntl(got[0], F_GETFD) == FD_CLOEXEC, "%d fds, F_GETFD %d", n,
           n == 1 ? fcntl(got[0], F_GETFD) : -1);
  if (n == 1) close(got[0]);
  /* No room for the descriptors: MSG_CTRUNC, and they are gone. */
  int three[3] = {p[0], p[0], p[0]};
  send_fds(sv[0], three, 3);
  n = recv_fds(sv[1], got, 1, 0, &flags);
  /* CMSG_SPACE(sizeof(int)) is padded to 8 bytes: room for two of the three. */
  TT_CHECK("scm_rights.msg_ctrunc_when_cut", n == 2 && (flags & MSG_CTRUNC), "%d fds, msg_flags %#x", n, flags);
  for (int i = 0; i < n; i++) close(got[i]);
  send_fds(sv[0], &p[0], 1);
  n = recv_fds(sv[1], got, 0, 0, &flags);
  TT_CHECK("scm_rights.msg_ctrunc_without_control", n == 0 && (flags & MSG_CTRUNC), "%d fds, msg_flags %#x", n,
           flags);
  int bad = 999;
  tt_expect_errno("scm_rights.ebadf", send_fds(sv[0], &bad, 1), EBADF);
  /* A datagram carries them too. */
  int dv[2];
  pair(SOCK_DGRAM, dv);
  send_fds(dv[0], &p[0], 1);
  n = recv_fds(dv[1], got, 1, 0, &flags);
  TT_CHECK("scm_rights.over_dgram", n == 1, "%d fds", n);
  if (n == 1) close(got[0]);
  /* A receiver that never reads, and a socket sent over itself: closing
   * everything must not leak (the memory check below looks at it). */
  send_fds(dv[0], &p[0], 1);
  send_fds(sv[0], &sv[0], 1);
  send_fds(sv[1], &sv[1], 1);
  close(dv[0]);
  close(dv[1]);
  close(sv[0]);
  close(sv[1]);
  close(p[0]);
}

/* ---- stress: memory comes back ------------------------------------------- */

static long mem_free_kib(void) {
  char buf[512];
  if (tt_read_file("/proc/meminfo", buf, sizeof buf) <= 0) return -1;
  char *at = strstr(buf, "MemFree:");
  return at ? strtol(at + 8, NULL, 10) : -1;
}

static void one_round(int l, const char *path, int fds_to_pass) {
  int c = connected(SOCK_STREAM, path);
  int s = accept(l, NULL, NULL);
  if (s < 0) tt_die("accept");
  for (int i = 0; i < fds_to_pass; i++) send_fds(c, &c, 1); /* never read: released at close */
  close(c);
  close(s);
}

static void check_stress(void) {
  int l = bound(SOCK_STREAM, P("stress.sock"), 5);
  int sv[2], p[2];
  /* A first round of each kind: the kernel heap grows to what they need
   * at the most, and keeps it; after that, nothing may be lost. */
  one_round(l, P("stress.sock"), 100);
  pair(SOCK_STREAM, sv);
  send_fds(sv[0], &sv[1], 1);
  send_fds(sv[1], &sv[0], 1);
  close(sv[0]);
  close(sv[1]);
  long before = mem_free_kib();
  long files_before = tt_open_files();
  for (int i = 0; i < 10000; i++) one_round(l, P("stress.sock"), 0);
  for (int i = 0; i < 10; i++) one_round(l, P("stress.sock"), 100); /* 1,000 descriptors in flight */
  for (int i = 0; i < 100; i++) { /* cycles: each end sent over itself */
    pair(SOCK_STREAM, sv);
    send_fds(sv[0], &sv[1], 1);
    send_fds(sv[1], &sv[0], 1);
    close(sv[0]);
    close(sv[1]);
  }
  if (pipe(p) == 0) { /* one more UNIX close, so the collector runs after the last cycle */
    pair(SOCK_STREAM, sv);
    close(sv[0]);
    close(sv[1]);
    close(p[0]);
    close(p[1]);
  }
  long after = mem_free_kib();
  long files_after = tt_open_files();
  close(l);
  if (!tt_on_tether()) {
    tt_skip("stress.memory_returns", "Linux's MemFree moves with everything else on the host");
    tt_skip("stress.open_files_return", "Linux's fs.file-nr counts every process's files");
    return;
  }
  TT_CHECK("stress.open_files_return", files_before > 0 && files_after == files_before,
           "open files (fs.file-nr) %ld before, %ld after", files_before, files_after);
  TT_CHECK("stress.memory_returns", before > 0 && after >= before - 64, "MemFree %ld kB before, %ld kB after", before,
           after);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  dir = tt_make_scratch("unix_sockets");
  if (!dir) return tt_done();
  check_socketpair();
  check_seqpacket_and_dgram();
  check_bind();
  check_unlink_and_names();
  check_abstract();
  check_backlog_and_poll();
  check_peercred();
  check_rights();
  check_stress();
  tt_remove_tree(dir);
  return tt_done();
}
