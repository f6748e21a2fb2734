/* tether_net: helpers the socket tests share. See tether_net.h. */
#include "tether_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "tether_util.h"

/* ---- addresses ---------------------------------------------------------- */

struct sockaddr_in tt_loopback4(uint16_t port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

struct sockaddr_in6 tt_loopback6(uint16_t port) {
  struct sockaddr_in6 a;
  memset(&a, 0, sizeof a);
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(port);
  a.sin6_addr.s6_addr[15] = 1; /* ::1 */
  return a;
}

socklen_t tt_unix_addr(struct sockaddr_un *a, const char *path) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  strncpy(a->sun_path, path, sizeof a->sun_path - 1);
  return (socklen_t)sizeof *a;
}

int tt_connect_loopback4(int fd, uint16_t port) {
  struct sockaddr_in a = tt_loopback4(port);
  return connect(fd, (struct sockaddr *)&a, sizeof a);
}

int tt_connect_loopback6(int fd, uint16_t port) {
  struct sockaddr_in6 a = tt_loopback6(port);
  return connect(fd, (struct sockaddr *)&a, sizeof a);
}

int tt_local_port(int fd) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  memset(&ss, 0, sizeof ss);
  if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) return -1;
  if (ss.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&ss)->sin_port);
  if (ss.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
  return -1;
}

/* ---- sockets on loopback ------------------------------------------------ */

/* Binds fd to the address, listens unless backlog < 0, reads the port back;
 * on failure closes fd keeping errno. */
static int bind_listen_port(int fd, const struct sockaddr *a, socklen_t len, int backlog, uint16_t *port) {
  int p = -1;
  if (bind(fd, a, len) != 0 || (backlog >= 0 && listen(fd, backlog) != 0) || (p = tt_local_port(fd)) <= 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  *port = (uint16_t)p;
  return fd;
}

int tt_bound4(int type, uint16_t *port, int backlog) {
  int fd = socket(AF_INET, type, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a = tt_loopback4(0);
  return bind_listen_port(fd, (struct sockaddr *)&a, sizeof a, backlog, port);
}

int tt_bound6(int type, uint16_t *port, int backlog) {
  int fd = socket(AF_INET6, type, 0);
  if (fd < 0) return -1;
  struct sockaddr_in6 a = tt_loopback6(0);
  return bind_listen_port(fd, (struct sockaddr *)&a, sizeof a, backlog, port);
}

uint16_t tt_free_tcp_port(void) {
  uint16_t port;
  int fd = tt_tcp_listener4(&port, -1);
  if (fd < 0) return 0;
  close(fd);
  return port;
}

void tt_recv_timeout(int fd, int seconds) {
  struct timeval tv = {seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

bool tt_full_listener_open(struct tt_full_listener *f) {
  f->count = 0;
  f->pending = -1;
  f->fd = tt_tcp_listener4(&f->port, 0);
  if (f->fd < 0) return false;
  while (f->count < TT_FULL_LISTENER_MAX) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) return false;
    int r = tt_connect_loopback4(fd, f->port);
    if (r != 0 && errno != EINPROGRESS) {
      int e = errno;
      close(fd);
      errno = e;
      return false;
    }
    if (r == 0 || tt_poll1(fd, POLLOUT, 1500) > 0) {
      f->queued[f->count++] = fd; /* accepted into the queue */
      continue;
    }
    f->pending = fd; /* not writable: its SYN was dropped, the queue is full */
    return true;
  }
  return false;
}

void tt_full_listener_make_room(struct tt_full_listener *f) {
  for (int i = 0; i < f->count; i++) {
    if (tt_poll1(f->fd, POLLIN, 2000) <= 0) break;
    int a = accept(f->fd, NULL, NULL);
    if (a >= 0) close(a);
  }
}

void tt_full_listener_close(struct tt_full_listener *f) {
  for (int i = 0; i < f->count; i++) close(f->queued[i]);
  if (f->fd >= 0) close(f->fd);
}

/* ---- results ------------------------------------------------------------ */

int tt_poll1(int fd, short events, int ms) {
  struct pollfd p = {fd, events, 0};
  int r = poll(&p, 1, ms);
  return r < 0 ? -1 : r == 0 ? 0 : p.revents;
}

int tt_so_error(int fd) {
  int e = -12345;
  socklen_t len = sizeof e;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0) return -1;
  return e;
}

const char *tt_ret_str(int r, int e) {
  static char buf[4][64];
  static int next;
  char *b = buf[next++ % 4];
  if (r == 0) snprintf(b, sizeof buf[0], "0");
  else snprintf(b, sizeof buf[0], "%d %s", r, tt_errno_name(e));
  return b;
}

void tt_expect_result(const char *id, int r, int e, int want) {
  if (want == 0) {
    TT_CHECK(id, r == 0, "expected 0, got %s", tt_ret_str(r, e));
  } else {
    errno = e;
    tt_expect_errno(id, r, want);
  }
}

/* ---- personalities ------------------------------------------------------ */

const struct tt_persona_info tt_personas[TT_P_COUNT] = {
    {"linux", 0x0000UL}, {"freebsd", 0x0006UL}, {"darwin", 0x0020UL}, {"illumos", 0x000dUL}};

int tt_persona = TT_P_LINUX;

void tt_persona_detect(void) {
  long now = tt_personality(0xffffffffUL); /* 0xffffffff: query, change nothing */
  tt_persona = TT_P_LINUX;
  for (int p = 0; p < TT_P_COUNT; p++)
    if (now == (long)tt_personas[p].value) tt_persona = p;
}

const char *tt_persona_id(const char *base) {
  static char buf[8][128];
  static int next;
  char *b = buf[next++ % 8];
  /* strncat/strcat, not snprintf: an argument beside a connect() call
   * must not touch errno. */
  b[0] = '\0';
  strncat(b, base, 100);
  if (tt_persona != TT_P_LINUX) {
    strcat(b, ".");
    strcat(b, tt_personas[tt_persona].name);
  }
  return b;
}

bool tt_persona_skip(const char *id, const char *fmt, ...) {
  if (tt_persona == TT_P_LINUX || tt_on_tether()) return false;
  char why[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  tt_skip(id, "%s", why);
  return true;
}
