/* tether_net: helpers the socket tests share.
 *
 * - loopback addresses (127.0.0.1, ::1) with a port, connects to them, and
 *   sockets bound to them on a port the system picks;
 * - a TCP listener whose accept queue is full, so that a connect to it
 *   stays pending (its SYN is dropped), on Linux and on Tether alike;
 * - poll on one descriptor, SO_ERROR, and a call's result in words;
 * - the four personalities the conformance tests run under, and the ids
 *   that name one (conformance ids, tests/guest/README.md).
 *
 * Functions that make something return -1 (or false) with errno kept when
 * a step fails, and print nothing: the caller decides whether that is a
 * FAIL or a "# setup failed" exit.
 */
#ifndef TETHER_NET_H
#define TETHER_NET_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "tether_test.h"

/* ---- addresses ---------------------------------------------------------- */

/* 127.0.0.1:port. */
struct sockaddr_in tt_loopback4(uint16_t port);
/* [::1]:port. */
struct sockaddr_in6 tt_loopback6(uint16_t port);
/* An AF_UNIX address for path (cut to fit sun_path); returns its length,
 * the whole struct as bind(2) and connect(2) take it. */
socklen_t tt_unix_addr(struct sockaddr_un *a, const char *path);

/* connect(fd) to 127.0.0.1:port / [::1]:port; connect's return, errno as
 * connect left it (nothing else runs after the call). */
int tt_connect_loopback4(int fd, uint16_t port);
int tt_connect_loopback6(int fd, uint16_t port);

/* The local port of a socket (host order), from getsockname; -1 if that
 * fails or the family is not AF_INET/AF_INET6. */
int tt_local_port(int fd);

/* ---- sockets on loopback ------------------------------------------------ */

/* A socket of `type` (SOCK_STREAM, SOCK_DGRAM, with flags) bound to
 * 127.0.0.1 (tt_bound4) or ::1 (tt_bound6) on a port the system picks,
 * written to *port; listening with `backlog` unless backlog < 0. -1 (the
 * socket closed, errno kept) if a step fails. */
int tt_bound4(int type, uint16_t *port, int backlog);
int tt_bound6(int type, uint16_t *port, int backlog);

/* A TCP listener on 127.0.0.1 and its port. With backlog < 0 the socket is
 * bound only: a closed port (connects are refused) that nobody else can
 * take while it is held. */
static inline int tt_tcp_listener4(uint16_t *port, int backlog) { return tt_bound4(SOCK_STREAM, port, backlog); }
static inline int tt_tcp_listener6(uint16_t *port, int backlog) { return tt_bound6(SOCK_STREAM, port, backlog); }

/* A TCP port on 127.0.0.1 that nobody listens on now: bound, read, closed
 * again (so, unlike a held tt_tcp_listener4(&p, -1), another socket may
 * take it later). 0 if no socket could be bound, errno kept. */
uint16_t tt_free_tcp_port(void);

/* SO_RCVTIMEO of `seconds` on fd: a blocking receive that would wait for a
 * lost datagram fails the case instead of hanging the test. */
void tt_recv_timeout(int fd, int seconds);

/* A TCP listener on 127.0.0.1 whose accept queue is full: listen(fd, 0),
 * then non-blocking connects until one is not writable within 1.5 s (the
 * listener dropped its SYN). That connect stays pending as long as nobody
 * accepts; tt_full_listener_make_room lets it through. */
enum { TT_FULL_LISTENER_MAX = 8 };
struct tt_full_listener {
  int fd;                           /* the listener, -1 if it could not be made */
  uint16_t port;
  int queued[TT_FULL_LISTENER_MAX]; /* the connections that filled its queue */
  int count;
  int pending;                      /* the non-blocking connect left pending, or -1 */
};
/* Makes and fills it. False (errno kept) when the listener could not be
 * made (f->fd < 0), a connect failed, or all TT_FULL_LISTENER_MAX
 * connects completed; what was made is in *f either way, for
 * tt_full_listener_close. */
bool tt_full_listener_open(struct tt_full_listener *f);
/* Accepts (and closes) as many connections as filled the queue, waiting
 * up to 2 s for each, so that the pending connect's next SYN gets in. */
void tt_full_listener_make_room(struct tt_full_listener *f);
/* Closes the queued connections and the listener (not f->pending). */
void tt_full_listener_close(struct tt_full_listener *f);

/* ---- results ------------------------------------------------------------ */

/* poll(2) on one descriptor: its revents, 0 on timeout, -1 on error. */
int tt_poll1(int fd, short events, int ms);

/* getsockopt(SO_ERROR): the pending error (reading clears it), or -1 if
 * getsockopt failed. */
int tt_so_error(int fd);

/* "0" or "-1 EXXX": what a call returned (r) with errno e, for messages.
 * Four rotating buffers, so a message may hold four at once. */
const char *tt_ret_str(int r, int e);

/* PASS id iff the call returned 0 when want is 0, or failed (r == -1) with
 * errno e == want otherwise; e is the errno saved right after the call. */
void tt_expect_result(const char *id, int r, int e, int want);

/* ---- personalities ------------------------------------------------------ */

/* The personality values of libc/include/tether/personality.h (the tests
 * are also built with the host's compiler, which does not have that
 * header), in the order the conformance tests run them. */
enum { TT_P_LINUX, TT_P_FREEBSD, TT_P_DARWIN, TT_P_ILLUMOS, TT_P_COUNT };
struct tt_persona_info {
  const char *name; /* "linux", "freebsd", "darwin", "illumos" */
  unsigned long value;
};
extern const struct tt_persona_info tt_personas[TT_P_COUNT];

/* The personality this process's ids name (TT_P_LINUX to start with). A
 * test sets it, besides calling personality(2), when it changes. */
extern int tt_persona;

/* Sets tt_persona from personality(2)'s current value (TT_P_LINUX when it
 * is none of the four): for a program run under /bin/persona. */
void tt_persona_detect(void);

/* The id of a case under tt_persona: base itself for linux,
 * "base.freebsd" (".darwin", ".illumos") for the others. Eight rotating
 * buffers, so a few ids may be alive at once; base is cut at 100 bytes.
 * Touches no errno, so it may stand beside a call in a check's arguments. */
const char *tt_persona_id(const char *base);

/* For a case whose expectation differs between personalities: true (after
 * SKIP id with the message) when tt_persona is not linux and the kernel
 * is not Tether, since Linux stores the personality and ignores it, so
 * only Tether can give that personality's value. False (nothing printed)
 * otherwise: run the case. */
bool tt_persona_skip(const char *id, const char *fmt, ...) TT_PRINTF(2, 3);

#endif
