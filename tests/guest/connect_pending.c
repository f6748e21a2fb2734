/* connect_pending: TCP connect attempts that do not finish at once, over
 * loopback: interrupted by a signal, given up on, or refused for lack of
 * memory.
 *
 * Rows of shared/spec/conditions.md checked here: C3 (a blocking connect
 * interrupted by a caught signal: EINTR), C4 (another connect while the
 * interrupted attempt is pending: EALREADY when non-blocking; a blocking
 * call on Linux waits for the attempt again, so a second signal ends it
 * with EINTR again), N11 (after EINTR the connection is established in the
 * background: writable, SO_ERROR 0, the listener accepts it), B5 (the SYN
 * is never answered: ETIMEDOUT; Tether only, with net.inet.tcp.keepinit
 * shortened, since Linux gives up only after about two minutes of
 * retransmissions) and B13 (no buffer for the connection: ENOBUFS, ENOSR on
 * illumos; Tether only, through the fail point debug.fail.net_pcb), and
 * N16 as real Linux answers it: the socket after a failed non-blocking
 * connect (SO_ERROR, read, ECONNABORTED, a new attempt).
 *
 * C3, C4, N11 and B5 run under each personality (linux, freebsd, darwin,
 * illumos; ids of the others end in .freebsd...), N16 under linux, B13
 * under each.
 *
 * A connect is kept pending by a listener whose accept queue is full
 * (listen(fd, 0) with one connection queued and never accepted): the
 * listener drops the next SYN, on Linux and on Tether alike.
 *
 * Sources: the five pages in shared/spec/manpages/ ("EINTR The system call
 * was interrupted by a signal that was caught", Linux; "the connection will
 * be established asynchronously", FreeBSD and illumos; "EALREADY The socket
 * is non-blocking and a previous connection attempt has not yet been
 * completed"; "ETIMEDOUT Timeout while attempting connection"; "ENOBUFS The
 * system call was unable to allocate a needed buffer"; illumos "ENOSR
 * There were insufficient STREAMS resources available"), FreeBSD tcp(4)
 * for keepinit.
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
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

#define ID(base) tt_persona_id(base)
#define KEEPINIT "/proc/sys/net/inet/tcp/keepinit"
#define NET_PCB_FAIL "/proc/sys/debug/fail/net_pcb"

/* A listener on 127.0.0.1 whose accept queue is full (tt_full_listener,
 * tether_net.h), without the probe that stayed pending: the cases make
 * their own pending connects. False (errno kept) if none stayed pending. */
static bool fill_listener(struct tt_full_listener *f) {
  if (!tt_full_listener_open(f)) return false;
  close(f->pending); /* the probe stayed pending: the queue is full */
  return true;
}

static void arm_alarm_ms(long ms) {
  struct tt_itimerval v;
  memset(&v, 0, sizeof v);
  v.it_value.tv_sec = ms / 1000;
  v.it_value.tv_usec = (ms % 1000) * 1000;
  tt_setitimer(TT_ITIMER_REAL, &v, NULL);
}

/* ---- C3, C4, N11 ----------------------------------------------------------- */

static void interrupted_connect(void) {
  struct tt_full_listener f;
  if (!TT_CHECK(ID("connect.c3.setup_full_listener"), fill_listener(&f), "no connect stayed pending (%s)",
                strerror(errno)))
    return;
  /* No SA_RESTART: the handler's signal ends the wait with EINTR. */
  tt_handle(SIGALRM, tt_counting_handler, 0, tt_sigset_of(SIGALRM));
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int hits = tt_signal_hits;
  arm_alarm_ms(300);
  int r = tt_connect_loopback4(fd, f.port);
  int e = errno;
  TT_CHECK(ID("connect.c3.eintr"), r == -1 && e == EINTR && tt_signal_hits == hits + 1,
           "connect = %d (%s), handler ran %d time(s)", r, tt_errno_name(r ? e : 0), (int)(tt_signal_hits - hits));

  /* C4: still pending. Under linux a blocking connect waits for it again
   * (Linux's __inet_stream_connect), so a second alarm interrupts that one
   * too. The other pages word EALREADY for any connect while an attempt is
   * pending (FreeBSD's soconnect answers it whatever the blocking mode). */
  if (tt_persona == TT_P_LINUX) {
    hits = tt_signal_hits;
    arm_alarm_ms(300);
    r = tt_connect_loopback4(fd, f.port);
    e = errno;
    TT_CHECK(ID("connect.c4.blocking_waits_for_the_attempt"), r == -1 && e == EINTR && tt_signal_hits == hits + 1,
             "second blocking connect = %d (%s)", r, tt_errno_name(r ? e : 0));
  } else if (!tt_persona_skip(ID("connect.c4.blocking_ealready"),
                              "C4 differs by personality; Linux ignores personality(2) and waits")) {
    r = tt_connect_loopback4(fd, f.port);
    e = errno;
    TT_CHECK(ID("connect.c4.blocking_ealready"), r == -1 && e == EALREADY, "second blocking connect = %d (%s)", r,
             tt_errno_name(r ? e : 0));
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  r = tt_connect_loopback4(fd, f.port);
  e = errno;
  TT_CHECK(ID("connect.c4.nonblocking_ealready"), r == -1 && e == EALREADY, "non-blocking connect = %d (%s)", r,
           tt_errno_name(r ? e : 0));
  int rev = tt_poll1(fd, POLLOUT, 0);
  TT_CHECK(ID("connect.n11.still_pending"), rev == 0, "poll POLLOUT while pending: %#x", rev);

  /* N11: "the connection will be established asynchronously". */
  tt_full_listener_make_room(&f);
  rev = tt_poll1(fd, POLLOUT, 10000);
  TT_CHECK(ID("connect.n11.established_in_background"), rev > 0 && (rev & POLLOUT) && !(rev & POLLERR),
           "poll POLLOUT (10 s) after the listener made room: %#x", rev);
  int se = tt_so_error(fd);
  TT_CHECK(ID("connect.n11.so_error_0"), se == 0, "SO_ERROR = %d (%s)", se, tt_errno_name(se));
  struct sockaddr_in peer;
  socklen_t n = sizeof peer;
  r = getpeername(fd, (struct sockaddr *)&peer, &n);
  TT_CHECK(ID("connect.n11.getpeername"), r == 0 && ntohs(peer.sin_port) == f.port, "getpeername = %d (%s), port %u",
           r, strerror(errno), r == 0 ? ntohs(peer.sin_port) : 0);
  int accepted = tt_poll1(f.fd, POLLIN, 5000) > 0 ? accept(f.fd, NULL, NULL) : -1;
  TT_CHECK(ID("connect.n11.listener_accepts_it"), accepted >= 0, "accept: %s", strerror(errno));
  if (accepted >= 0) {
    ssize_t w = write(fd, "x", 1);
    char c = 0;
    ssize_t got = tt_poll1(accepted, POLLIN, 5000) > 0 ? read(accepted, &c, 1) : -1;
    TT_CHECK(ID("connect.n11.data_flows"), w == 1 && got == 1 && c == 'x', "write %zd, read %zd", w, got);
    close(accepted);
  }
  close(fd);
  tt_handle(SIGALRM, SIG_DFL, 0, tt_sigset_of(SIGALRM));
  tt_full_listener_close(&f);
}

/* ---- B5: the attempt times out --------------------------------------------- */

static void timed_out_connect(void) {
  if (!tt_on_tether()) {
    tt_skip(ID("connect.b5.etimedout"), "needs net.inet.tcp.keepinit (Tether's sysctl); Linux gives up after its SYN retries, about 2 minutes");
    return;
  }
  char saved[32] = {0};
  ssize_t n = tt_read_file(KEEPINIT, saved, sizeof saved - 1);
  if (!TT_CHECK(ID("connect.b5.keepinit_readable"), n > 0, "%s: %s", KEEPINIT, strerror(errno))) return;
  struct tt_full_listener f;
  if (!TT_CHECK(ID("connect.b5.setup_full_listener"), fill_listener(&f), "no connect stayed pending")) return;
  TT_CHECK(ID("connect.b5.keepinit_shortened"), tt_write_text(KEEPINIT, "1000"), "write %s: %s", KEEPINIT, strerror(errno));

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int r = tt_connect_loopback4(fd, f.port);
  int e = errno;
  TT_CHECK(ID("connect.b5.etimedout"), r == -1 && e == ETIMEDOUT, "blocking connect = %d (%s)", r,
           tt_errno_name(r ? e : 0));
  close(fd);

  /* Non-blocking: the same failure arrives through poll and SO_ERROR. */
  fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  r = tt_connect_loopback4(fd, f.port);
  e = errno;
  int rev = tt_poll1(fd, POLLOUT, 10000);
  int se = tt_so_error(fd);
  TT_CHECK(ID("connect.b5.nonblocking_so_error_etimedout"), r == -1 && e == EINPROGRESS && rev > 0 && se == ETIMEDOUT,
           "connect %s, poll %#x, SO_ERROR %s", tt_errno_name(r ? e : 0), rev, tt_errno_name(se));
  close(fd);
  TT_CHECK(ID("connect.b5.keepinit_restored"), tt_write_text(KEEPINIT, saved), "write %s back", KEEPINIT);
  tt_full_listener_close(&f);
}

/* ---- B13: no buffer ----------------------------------------------------------- */

/* B13's errno per personality (tt_personas order): ENOBUFS, but ENOSR on
 * illumos. */
static const int no_buffer_errno[TT_P_COUNT] = {ENOBUFS, ENOBUFS, ENOBUFS, ENOSR};

static void no_buffer_in(void *arg) {
  int i = *(int *)arg;
  char id[64];
  snprintf(id, sizeof id, "connect.b13.%s", tt_personas[i].name);
  tt_personality(tt_personas[i].value);
  uint16_t port;
  int l = tt_tcp_listener4(&port, 4);
  if (l < 0) {
    tt_fail(id, "listener: %s", strerror(errno));
    return;
  }
  struct sockaddr_in a = tt_loopback4(port);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (!tt_write_text(NET_PCB_FAIL, "1")) {
    tt_fail(id, "write %s: %s", NET_PCB_FAIL, strerror(errno));
    return;
  }
  tt_expect_errno(id, connect(fd, (struct sockaddr *)&a, sizeof a), no_buffer_errno[i]);
  /* Only the next allocation fails: the same socket then connects. */
  snprintf(id, sizeof id, "connect.b13.%s.next_attempt_connects", tt_personas[i].name);
  TT_CHECK(id, connect(fd, (struct sockaddr *)&a, sizeof a) == 0, "second connect: %s", strerror(errno));
  close(fd);
  close(l);
}

static void no_buffer(void) {
  if (!tt_on_tether()) {
    tt_skip("connect.b13", "needs the fail point debug.fail.net_pcb (Tether's); Linux cannot be made to fail this allocation");
    return;
  }
  for (int i = 0; i < TT_P_COUNT; i++) {
    char id[64];
    snprintf(id, sizeof id, "connect.b13.%s.child", tt_personas[i].name);
    tt_run_in_child(id, no_buffer_in, &i, 20);
  }
}

/* ---- N16: the socket after a failed non-blocking connect (linux) ---------- */

/* Linux's __inet_stream_connect: once the attempt has failed, SO_ERROR
 * gives its errno (and clears it), read(2) sees end of file, and the next
 * connect reports the failure a second time as ECONNABORTED (the error
 * having been read) and leaves the socket unconnected, so the one after
 * that starts a new attempt. The pages leave the state unspecified (N16:
 * "close it, make a new socket"); this is what real Linux does. */
static void after_failed_nonblocking(void) {
  unsigned short closed = tt_free_tcp_port(); /* nothing listens there now */
  if (closed == 0) {
    tt_fail("connect.n16.setup", "a free port: %s", strerror(errno));
    return;
  }

  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int r = tt_connect_loopback4(fd, closed);
  int e = errno;
  int rev = tt_poll1(fd, POLLOUT, 10000);
  int se = tt_so_error(fd);
  TT_CHECK("connect.n16.nonblocking_refused", r == -1 && e == EINPROGRESS && rev > 0 && se == ECONNREFUSED,
           "connect %s, poll %#x, SO_ERROR %s", tt_errno_name(r ? e : 0), rev, tt_errno_name(se));
  char c;
  ssize_t got = read(fd, &c, 1);
  TT_CHECK("connect.n16.read_after_failure_eof", got == 0, "read = %zd (%s)", got, strerror(errno));
  r = tt_connect_loopback4(fd, closed);
  e = errno;
  TT_CHECK("connect.n16.second_connect_econnaborted", r == -1 && e == ECONNABORTED, "second connect = %d (%s)", r,
           tt_errno_name(r ? e : 0));
  r = tt_connect_loopback4(fd, closed);
  e = errno;
  TT_CHECK("connect.n16.third_connect_new_attempt", r == -1 && e == EINPROGRESS, "third connect = %d (%s)", r,
           tt_errno_name(r ? e : 0));
  rev = tt_poll1(fd, POLLOUT, 10000);
  se = tt_so_error(fd);
  TT_CHECK("connect.n16.new_attempt_refused_too", rev > 0 && se == ECONNREFUSED, "poll %#x, SO_ERROR %s", rev,
           tt_errno_name(se));
  close(fd);

  /* A blocking socket may simply try again (the Linux NOTES). */
  fd = socket(AF_INET, SOCK_STREAM, 0);
  r = tt_connect_loopback4(fd, closed);
  e = errno;
  int r2 = tt_connect_loopback4(fd, closed);
  int e2 = errno;
  TT_CHECK("connect.n16.blocking_retry_allowed", r == -1 && e == ECONNREFUSED && r2 == -1 && e2 == ECONNREFUSED,
           "first %s, retry %s", tt_errno_name(r ? e : 0), tt_errno_name(r2 ? e2 : 0));
  close(fd);
}

/* C3, C4, N11 and B5 under one personality (a child; the alarm handler
 * and the personality stay in it). */
static void run_persona(void *arg) {
  tt_persona = *(int *)arg;
  tt_personality(tt_personas[tt_persona].value);
  interrupted_connect();
  timed_out_connect();
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  for (int i = 0; i < TT_P_COUNT; i++) {
    tt_persona = i;
    tt_run_in_child(ID("connect.c3.child"), run_persona, &i, 60);
  }
  tt_persona = TT_P_LINUX;
  after_failed_nonblocking();
  no_buffer();
  return tt_done();
}
