/* nc_tool: /bin/nc (userland/nc/nc.c) run as a student runs it, against
 * listeners and senders this program makes itself on loopback.
 *
 * Sources: OpenBSD nc(1) for the options, the messages and the exit status
 * ("Connection to H P port [tcp/...] succeeded!", "nc: connect to H port P
 * (tcp) failed: ...", 0/1); connect(2) for the non-blocking connect behind
 * -w; listen(2) for the full accept queue that makes -w time out (Linux
 * and Tether both drop the SYN that finds the queue of a listen(fd, 0)
 * socket holding one connection); udp(7), unix(7).
 *
 *   nc.args.*   usage, unknown option, bad port, timeout and address, -z -l
 *   nc.z.*      -z on open and closed TCP ports (IPv4, IPv6, localhost, a
 *               range), -v messages and exit codes; UDP -z (open, and closed
 *               through the ICMP port unreachable)
 *   nc.tcp.*    data both ways with half-close (127.0.0.1, ::1), 256 KiB each
 *               way at once, a refused connect, -l (also -6 -p) accepting
 *   nc.udp.*    datagrams to a peer and back; -u -l replying to the first
 *               sender and ignoring another
 *   nc.unix.*   -U connecting and -lU accepting (the name removed after)
 *   nc.w.*      -w: a connect to a full accept queue times out; an idle
 *               connection ends
 *
 * The program under test: $NC_PROGRAM if set; else /bin/nc on Tether, and
 * on Linux the build's copy next to this test (build/guest/nc.d/nc, the
 * Tether-libc binary; host.nc_tool_glibc sets NC_PROGRAM to the glibc one).
 * Every wait has a 30 s bound against hangs; no result depends on timing:
 * -w 1 cases wait for something that can never come. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

#define LIMIT_S 30

static char program[512];

static void die(const char *what) {
  printf("# %s: %s\n", what, strerror(errno));
  tt_fail("nc.setup", "%s: %s", what, strerror(errno));
  exit(tt_done());
}

/* ---- running nc ---- */

struct nc_run {
  pid_t pid;
  int in, out, err;  /* our ends of its stdin, stdout, stderr */
  char errbuf[2048]; /* what it printed on stderr so far */
  size_t errlen;
  char outbuf[2048]; /* and on stdout */
  size_t outlen;
};

/* Starts nc with args (NULL-terminated, without argv[0]). */
static void nc_start(struct nc_run *r, const char *const *args) {
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) die("pipe");
  char *argv[16] = {"nc"};
  for (int i = 0; args[i] && i < 14; i++) argv[i + 1] = (char *)args[i];
  r->pid = fork();
  if (r->pid < 0) die("fork");
  if (r->pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd = 3; fd < 64; fd++) close(fd);
    execv(program, argv);
    _exit(100 + errno);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  r->in = in[1];
  r->out = out[0];
  r->err = err[0];
  r->errlen = r->outlen = 0;
  r->errbuf[0] = r->outbuf[0] = '\0';
}

static void close_stdin(struct nc_run *r) {
  if (r->in >= 0) close(r->in);
  r->in = -1;
}

static void feed(struct nc_run *r, const char *text) {
  ssize_t n = write(r->in, text, strlen(text));
  /* nc may have ended before reading (a refused connect, on a fast host):
   * EPIPE then, and its status and output say what happened. */
  if (n < 0 && errno == EPIPE) return;
  if (n != (ssize_t)strlen(text)) die("write to nc's stdin");
}

/* Reads what stderr has now (after waiting up to ms for it); false at EOF. */
static bool read_stderr(struct nc_run *r, int ms) {
  struct pollfd p = {.fd = r->err, .events = POLLIN};
  if (r->err < 0 || poll(&p, 1, ms) <= 0) return r->err >= 0;
  ssize_t n = read(r->err, r->errbuf + r->errlen, sizeof r->errbuf - 1 - r->errlen);
  if (n <= 0) {
    close(r->err);
    r->err = -1;
    return false;
  }
  r->errlen += (size_t)n;
  r->errbuf[r->errlen] = '\0';
  return true;
}

/* Waits until stderr holds a whole line starting with prefix; returns the
 * rest of that line (static), or NULL at EOF or after LIMIT_S. */
static const char *stderr_line(struct nc_run *r, const char *prefix) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    for (char *line = r->errbuf; line && *line;) {
      char *end = strchr(line, '\n');
      if (!end) break;
      if (strncmp(line, prefix, strlen(prefix)) == 0) {
        static char rest[256];
        snprintf(rest, sizeof rest, "%.*s", (int)(end - line - strlen(prefix)), line + strlen(prefix));
        return rest;
      }
      line = end + 1;
    }
    if (tt_ms_since(&start) > LIMIT_S * 1000L || !read_stderr(r, 100)) return NULL;
  }
}

/* Reads what stdout has now into r->outbuf (after waiting up to ms);
 * false at EOF. What does not fit is dropped. */
static bool read_stdout(struct nc_run *r, int ms) {
  struct pollfd p = {.fd = r->out, .events = POLLIN};
  if (r->out < 0 || poll(&p, 1, ms) <= 0) return r->out >= 0;
  char scratch[4096];
  size_t room = sizeof r->outbuf - 1 - r->outlen;
  ssize_t n = read(r->out, room ? r->outbuf + r->outlen : scratch, room ? room : sizeof scratch);
  if (n <= 0) {
    close(r->out);
    r->out = -1;
    return false;
  }
  if (room) r->outlen += (size_t)n;
  r->outbuf[r->outlen] = '\0';
  return true;
}

/* Waits until stdout holds want (true), or EOF or LIMIT_S (false). */
static bool stdout_until(struct nc_run *r, const char *want) {
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (!strstr(r->outbuf, want))
    if (tt_ms_since(&start) > LIMIT_S * 1000L || !read_stdout(r, 100)) return strstr(r->outbuf, want) != NULL;
  return true;
}

/* Closes its stdin, reads stdout and stderr to EOF, and reaps it. The
 * wait status, or -2 if it had not ended after LIMIT_S (then killed). */
static int nc_finish(struct nc_run *r) {
  close_stdin(r);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while ((r->out >= 0 || r->err >= 0) && tt_ms_since(&start) < LIMIT_S * 1000L) {
    struct pollfd p[2] = {{.fd = r->out, .events = POLLIN}, {.fd = r->err, .events = POLLIN}};
    if (poll(p, 2, 100) <= 0) continue;
    if (p[0].revents) read_stdout(r, 0);
    if (p[1].revents) read_stderr(r, 0);
  }
  if (r->out >= 0) close(r->out);
  if (r->err >= 0) close(r->err);
  return tt_wait_timeout(r->pid, 1);
}

/* Runs nc to its end with stdin_text as its whole input. */
static int run_nc(const char *const *args, const char *stdin_text, struct nc_run *r) {
  nc_start(r, args);
  if (stdin_text) feed(r, stdin_text);
  return nc_finish(r);
}

static bool exited(int status, int code) { return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == code; }

/* ---- sockets for nc to talk to ---- */

static struct sockaddr_storage loopback(int family, int port, socklen_t *len) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  if (family == AF_INET) {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((unsigned short)port);
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    *len = sizeof *a;
  } else {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((unsigned short)port);
    a->sin6_addr = in6addr_loopback;
    *len = sizeof *a;
  }
  return ss;
}

static int port_of(int fd) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) die("getsockname");
  if (ss.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
  return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* A socket of `type` bound to loopback (port 0: the kernel picks),
 * listening with `backlog` unless backlog < 0 (then, for TCP, a closed port
 * nobody else can take while we hold it). -1 if the port is taken. */
static int bound_at(int family, int type, int port, int backlog) {
  int fd = socket(family, type, 0);
  if (fd < 0) die("socket");
  socklen_t len;
  struct sockaddr_storage ss = loopback(family, port, &len);
  if (bind(fd, (struct sockaddr *)&ss, len) != 0) {
    if (errno == EADDRINUSE && port != 0) {
      close(fd);
      return -1;
    }
    die("bind");
  }
  if (backlog >= 0 && listen(fd, backlog) != 0) die("listen");
  return fd;
}

static int bound(int family, int type, int backlog) { return bound_at(family, type, 0, backlog); }

static int connect_to(int family, int port) {
  int fd = socket(family, SOCK_STREAM, 0);
  socklen_t len;
  struct sockaddr_storage ss = loopback(family, port, &len);
  if (fd < 0 || connect(fd, (struct sockaddr *)&ss, len) != 0) die("connect");
  return fd;
}

/* accept, or -1 after LIMIT_S. */
static int accept_within(int listener) {
  struct pollfd p = {.fd = listener, .events = POLLIN};
  if (poll(&p, 1, LIMIT_S * 1000) != 1) return -1;
  return accept(listener, NULL, NULL);
}

/* Reads fd to EOF (or size-1 bytes, or LIMIT_S) into buf; the count. */
static size_t read_to_eof(int fd, char *buf, size_t size) {
  size_t got = 0;
  struct pollfd p = {.fd = fd, .events = POLLIN};
  while (got + 1 < size && poll(&p, 1, LIMIT_S * 1000) == 1) {
    ssize_t n = read(fd, buf + got, size - 1 - got);
    if (n <= 0) break;
    got += (size_t)n;
  }
  buf[got] = '\0';
  return got;
}

static void text_port(char *text, int port) { snprintf(text, 8, "%d", port); }

/* ---- nc.args ---- */

static void expect_args(const char *id, const char *const *args, const char *want_err_prefix) {
  struct nc_run r;
  int status = run_nc(args, NULL, &r);
  TT_CHECK(id, exited(status, 1) && strncmp(r.errbuf, want_err_prefix, strlen(want_err_prefix)) == 0 && !r.outbuf[0],
           "%s, stderr \"%s\"; want exit 1 and stderr starting \"%s\"", tt_status_str(status), r.errbuf,
           want_err_prefix);
}

static void check_args(void) {
  expect_args("nc.args.no_arguments_usage", (const char *[]){NULL}, "usage: nc [-46dNnuvz]");
  expect_args("nc.args.one_argument_usage", (const char *[]){"127.0.0.1", NULL}, "usage: nc");
  expect_args("nc.args.unknown_option", (const char *[]){"-Q", "127.0.0.1", "80", NULL},
              "nc: invalid option -- 'Q'\nusage: nc");
  expect_args("nc.args.missing_w_value", (const char *[]){"-w", NULL},
              "nc: option requires an argument -- 'w'\nusage: nc");
  expect_args("nc.args.port_too_large", (const char *[]){"127.0.0.1", "65536", NULL},
              "nc: port number too large: 65536\n");
  expect_args("nc.args.port_zero", (const char *[]){"127.0.0.1", "0", NULL}, "nc: port number too small: 0\n");
  expect_args("nc.args.port_text", (const char *[]){"127.0.0.1", "http", NULL}, "nc: port number invalid: http\n");
  expect_args("nc.args.range_needs_z", (const char *[]){"127.0.0.1", "20-30", NULL}, "nc: a port range needs -z");
  expect_args("nc.args.timeout_invalid", (const char *[]){"-w", "soon", "127.0.0.1", "80", NULL},
              "nc: timeout invalid: soon\n");
  expect_args("nc.args.timeout_zero", (const char *[]){"-w", "0", "127.0.0.1", "80", NULL},
              "nc: timeout too small: 0\n");
  expect_args("nc.args.not_numeric_host", (const char *[]){"example.org", "80", NULL},
              "nc: example.org: not a numeric IPv4 or IPv6 address");
  expect_args("nc.args.v6_address_with_4", (const char *[]){"-4", "::1", "80", NULL},
              "nc: ::1: not a numeric IPv4 address");
  expect_args("nc.args.z_with_l", (const char *[]){"-l", "-z", "7000", NULL}, "nc: cannot use -z and -l\n");
}

/* ---- nc.z ---- */

static void expect_scan(const char *id, const char *const *args, int want_status, const char *want_err) {
  struct nc_run r;
  int status = run_nc(args, NULL, &r);
  TT_CHECK(id, exited(status, want_status) && strcmp(r.errbuf, want_err) == 0 && !r.outbuf[0],
           "%s, stderr \"%s\", stdout \"%s\"; want exit %d and \"%s\"", tt_status_str(status), r.errbuf, r.outbuf,
           want_status, want_err);
}

static void check_scan(void) {
  char want[160], port[8], closed_port[8], range[16];
  int l = bound(AF_INET, SOCK_STREAM, 4), closed = bound(AF_INET, SOCK_STREAM, -1);
  text_port(port, port_of(l));
  text_port(closed_port, port_of(closed));

  snprintf(want, sizeof want, "Connection to 127.0.0.1 %s port [tcp/*] succeeded!\n", port);
  expect_scan("nc.z.open_tcp4_verbose", (const char *[]){"-vz", "127.0.0.1", port, NULL}, 0, want);
  int c = accept_within(l);
  char buf[16];
  TT_CHECK("nc.z.no_data_sent", c >= 0 && read_to_eof(c, buf, sizeof buf) == 0, "the listener saw %s",
           c < 0 ? "no connection" : "data");
  if (c >= 0) close(c);
  expect_scan("nc.z.open_tcp4_quiet", (const char *[]){"-z", "127.0.0.1", port, NULL}, 0, "");
  /* nc has ended, so its connection is already in the accept queue. */
  struct pollfd queued = {.fd = l, .events = POLLIN};
  c = poll(&queued, 1, 0) == 1 ? accept(l, NULL, NULL) : -1;
  TT_CHECK("nc.z.quiet_did_connect", c >= 0, "no connection waits on the listener");
  if (c >= 0) close(c);
  snprintf(want, sizeof want, "Connection to localhost %s port [tcp/*] succeeded!\n", port);
  expect_scan("nc.z.localhost", (const char *[]){"-zv", "localhost", port, NULL}, 0, want);

  snprintf(want, sizeof want, "nc: connect to 127.0.0.1 port %s (tcp) failed: Connection refused\n", closed_port);
  expect_scan("nc.z.closed_tcp4_verbose", (const char *[]){"-v", "-z", "127.0.0.1", closed_port, NULL}, 1, want);
  expect_scan("nc.z.closed_tcp4_quiet", (const char *[]){"-z", "127.0.0.1", closed_port, NULL}, 1, "");

  int l6 = bound(AF_INET6, SOCK_STREAM, 4);
  char port6[8];
  text_port(port6, port_of(l6));
  snprintf(want, sizeof want, "Connection to ::1 %s port [tcp/*] succeeded!\n", port6);
  expect_scan("nc.z.open_tcp6", (const char *[]){"-6", "-vz", "::1", port6, NULL}, 0, want);
  snprintf(want, sizeof want, "Connection to localhost %s port [tcp/*] succeeded!\n", port6);
  expect_scan("nc.z.localhost_6", (const char *[]){"-6vz", "localhost", port6, NULL}, 0, want);

  /* A range: an open port P and a closed P+1 (retried until P+1 is free
   * to hold), in either order. */
  int open_r = -1, closed_r = -1;
  for (int tries = 0; tries < 50 && closed_r < 0; tries++) {
    if (open_r >= 0) close(open_r);
    open_r = bound(AF_INET, SOCK_STREAM, 4);
    closed_r = bound_at(AF_INET, SOCK_STREAM, port_of(open_r) + 1, -1);
  }
  if (closed_r < 0) {
    tt_fail("nc.z.range", "found no two free adjacent ports");
  } else {
    int p = port_of(open_r);
    snprintf(range, sizeof range, "%d-%d", p + 1, p);
    snprintf(want, sizeof want,
             "Connection to 127.0.0.1 %d port [tcp/*] succeeded!\n"
             "nc: connect to 127.0.0.1 port %d (tcp) failed: Connection refused\n",
             p, p + 1);
    expect_scan("nc.z.range_one_open", (const char *[]){"-vz", "127.0.0.1", range, NULL}, 0, want);
    close(open_r);
    snprintf(want, sizeof want,
             "nc: connect to 127.0.0.1 port %d (tcp) failed: Connection refused\n"
             "nc: connect to 127.0.0.1 port %d (tcp) failed: Connection refused\n",
             p, p + 1);
    expect_scan("nc.z.range_none_open_exit_1", (const char *[]){"-vz", "127.0.0.1", range, NULL}, 1, want);
    close(closed_r);
  }

  /* UDP: an open port gets the probe byte and stays silent (-w 1 is how
   * long nc waits for a refusal that never comes); a closed one answers
   * with an ICMP port unreachable (-w 20 only bounds the wait). */
  int u = bound(AF_INET, SOCK_DGRAM, -1);
  char uport[8];
  text_port(uport, port_of(u));
  snprintf(want, sizeof want, "Connection to 127.0.0.1 %s port [udp/*] succeeded!\n", uport);
  expect_scan("nc.z.udp_open", (const char *[]){"-uvz", "-w", "1", "127.0.0.1", uport, NULL}, 0, want);
  ssize_t n = recv(u, buf, sizeof buf, MSG_DONTWAIT);
  TT_CHECK("nc.z.udp_probe_byte", n == 1 && buf[0] == 'X', "the UDP socket received %zd bytes", n);
  close(u); /* now a closed UDP port */
  snprintf(want, sizeof want, "nc: connect to 127.0.0.1 port %s (udp) failed: Connection refused\n", uport);
  expect_scan("nc.z.udp_closed", (const char *[]){"-uvz", "-w", "20", "127.0.0.1", uport, NULL}, 1, want);
  close(l);
  close(l6);
  close(closed);
}

/* ---- nc.tcp ---- */

/* nc HOST PORT with a line on stdin: the listener reads it and then EOF
 * (nc half-closes on stdin's EOF) while nc still runs; then answers, and
 * nc prints the answer and ends with 0. */
static void check_both_ways(const char *id, int family, const char *host) {
  char port[8], got[64];
  int l = bound(family, SOCK_STREAM, 4);
  text_port(port, port_of(l));
  struct nc_run r;
  nc_start(&r, (const char *[]){host, port, NULL});
  feed(&r, "hello from stdin\n");
  close_stdin(&r);
  int c = accept_within(l);
  size_t n = c >= 0 ? read_to_eof(c, got, sizeof got) : 0;
  char id2[64];
  snprintf(id2, sizeof id2, "%s.half_close", id);
  TT_CHECK(id2, c >= 0 && strcmp(got, "hello from stdin\n") == 0, "the peer read %zu bytes \"%s\" before EOF", n, got);
  if (c >= 0) {
    if (write(c, "the answer\n", 11) != 11) die("write");
    close(c);
  }
  int status = nc_finish(&r);
  snprintf(id2, sizeof id2, "%s.answer_exit_0", id);
  TT_CHECK(id2, exited(status, 0) && strcmp(r.outbuf, "the answer\n") == 0 && r.errlen == 0,
           "%s, stdout \"%s\", stderr \"%s\"", tt_status_str(status), r.outbuf, r.errbuf);
  close(l);
}

static unsigned char pattern(size_t i, unsigned seed) { return (unsigned char)((i * 7 + seed) & 0xff); }

/* 256 KiB each way at once, with this side reading and writing through one
 * poll loop: nc must keep reading the network while its sends wait (a
 * blocking nc would fill both socket buffers and both sides would stop). */
static void check_bulk(void) {
  enum { N = 256 * 1024 };
  static char to_stdin[N], to_sock[N], from_stdout[N + 1], from_sock[N + 1];
  for (size_t i = 0; i < N; i++) {
    to_stdin[i] = (char)pattern(i, 13);
    to_sock[i] = (char)pattern(i, 101);
  }
  char port[8];
  int l = bound(AF_INET, SOCK_STREAM, 4);
  text_port(port, port_of(l));
  struct nc_run r;
  nc_start(&r, (const char *[]){"127.0.0.1", port, NULL});
  int s = accept_within(l);
  if (s < 0) {
    tt_fail("nc.tcp.bulk_both_ways", "no connection");
    nc_finish(&r);
    close(l);
    return;
  }
  fcntl(s, F_SETFL, O_NONBLOCK);
  fcntl(r.in, F_SETFL, O_NONBLOCK);
  size_t in_done = 0, sock_done = 0, out_got = 0, sock_got = 0;
  bool sock_eof = false, out_eof = false;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while ((!sock_eof || !out_eof) && tt_ms_since(&start) < LIMIT_S * 1000L) {
    struct pollfd p[3] = {{.fd = r.in, .events = POLLOUT},
                          {.fd = s, .events = POLLIN | (sock_done < N ? POLLOUT : 0)},
                          {.fd = out_eof ? -1 : r.out, .events = POLLIN}};
    if (poll(p, 3, 100) <= 0) continue;
    if (r.in >= 0 && (p[0].revents & (POLLOUT | POLLERR))) {
      ssize_t n = write(r.in, to_stdin + in_done, N - in_done);
      if (n > 0) in_done += (size_t)n;
      if (in_done == N || (n < 0 && errno != EAGAIN)) close_stdin(&r);
    }
    if (sock_done < N && (p[1].revents & POLLOUT)) {
      ssize_t n = write(s, to_sock + sock_done, N - sock_done);
      if (n > 0) sock_done += (size_t)n;
      if (sock_done == N) shutdown(s, SHUT_WR);
    }
    if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(s, from_sock + sock_got, N + 1 - sock_got);
      if (n > 0)
        sock_got += (size_t)n;
      else if (n == 0 || errno != EAGAIN)
        sock_eof = true;
    }
    if (p[2].revents) {
      ssize_t n = read(r.out, from_stdout + out_got, N + 1 - out_got);
      if (n > 0)
        out_got += (size_t)n;
      else
        out_eof = true;
    }
  }
  int status = nc_finish(&r);
  TT_CHECK("nc.tcp.bulk_both_ways",
           exited(status, 0) && sock_got == N && out_got == N && memcmp(from_sock, to_stdin, N) == 0 &&
               memcmp(from_stdout, to_sock, N) == 0,
           "%s; the peer got %zu of %d bytes (%s), stdout %zu (%s); stdin took %zu, the socket %zu",
           tt_status_str(status), sock_got, N, memcmp(from_sock, to_stdin, sock_got) ? "wrong" : "right", out_got,
           memcmp(from_stdout, to_sock, out_got) ? "wrong" : "right", in_done, sock_done);
  close(s);
  close(l);
}

static void check_refused(void) {
  char port[8], want[128];
  int closed = bound(AF_INET, SOCK_STREAM, -1);
  text_port(port, port_of(closed));
  struct nc_run r;
  int status = run_nc((const char *[]){"-v", "127.0.0.1", port, NULL}, "unsent\n", &r);
  snprintf(want, sizeof want, "nc: connect to 127.0.0.1 port %s (tcp) failed: Connection refused\n", port);
  TT_CHECK("nc.tcp.refused_message_exit_1", exited(status, 1) && strcmp(r.errbuf, want) == 0, "%s, stderr \"%s\"",
           tt_status_str(status), r.errbuf);
  close(closed);
}

/* nc -l: it says where it listens (port 0: the kernel's choice), we
 * connect, it says who came, and data goes both ways. */
static void check_listen(const char *id, int family, const char *const *args) {
  char got[64], want[96];
  struct nc_run r;
  nc_start(&r, args);
  const char *where = stderr_line(&r, "Listening on ");
  int port = -1;
  const char *space = where ? strrchr(where, ' ') : NULL;
  if (space) port = atoi(space + 1);
  char sub[80];
  snprintf(sub, sizeof sub, "%s.listening_message", id);
  if (!TT_CHECK(sub, port > 0 && strncmp(where, family == AF_INET ? "127.0.0.1 " : "::1 ", space - where + 1) == 0,
                "stderr \"%s\"", r.errbuf)) {
    kill(r.pid, SIGKILL);
    nc_finish(&r);
    return;
  }
  int c = connect_to(family, port);
  snprintf(want, sizeof want, "%s %d", family == AF_INET ? "127.0.0.1" : "::1", port_of(c));
  const char *who = stderr_line(&r, "Connection received on ");
  snprintf(sub, sizeof sub, "%s.received_message", id);
  TT_CHECK(sub, who && strcmp(who, want) == 0, "stderr \"%s\", want \"Connection received on %s\"", r.errbuf, want);
  if (write(c, "from the client\n", 16) != 16) die("write");
  shutdown(c, SHUT_WR);
  feed(&r, "from the listener\n");
  close_stdin(&r);
  read_to_eof(c, got, sizeof got);
  int status = nc_finish(&r);
  snprintf(sub, sizeof sub, "%s.both_ways_exit_0", id);
  TT_CHECK(sub,
           exited(status, 0) && strcmp(r.outbuf, "from the client\n") == 0 && strcmp(got, "from the listener\n") == 0,
           "%s, stdout \"%s\", the client read \"%s\"", tt_status_str(status), r.outbuf, got);
  close(c);
}

/* ---- nc.udp ---- */

static ssize_t recv_within(int fd, char *buf, size_t size, struct sockaddr_storage *from) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  if (poll(&p, 1, LIMIT_S * 1000) != 1) return -1;
  socklen_t len = sizeof *from;
  ssize_t n = recvfrom(fd, buf, size - 1, 0, (struct sockaddr *)from, &len);
  buf[n > 0 ? n : 0] = '\0';
  return n;
}

/* nc -u: a line on stdin is one datagram, a datagram from the peer goes
 * to stdout. UDP has no EOF, so nc runs until -w or a signal: Ctrl-C, here
 * SIGTERM once everything was seen (a -w would race with this side). */
static void check_udp_client(void) {
  char port[8], got[64];
  int u = bound(AF_INET, SOCK_DGRAM, -1);
  text_port(port, port_of(u));
  struct nc_run r;
  nc_start(&r, (const char *[]){"-u", "127.0.0.1", port, NULL});
  feed(&r, "ping\n");
  struct sockaddr_storage from;
  ssize_t n = recv_within(u, got, sizeof got, &from);
  TT_CHECK("nc.udp.datagram_sent", n == 5 && strcmp(got, "ping\n") == 0, "received %zd bytes \"%s\"", n, got);
  if (n > 0) sendto(u, "pong\n", 5, 0, (struct sockaddr *)&from, sizeof(struct sockaddr_in));
  close_stdin(&r); /* no EOF for the peer, and nc still listens */
  bool answered = stdout_until(&r, "pong\n");
  kill(r.pid, SIGTERM);
  int status = nc_finish(&r);
  TT_CHECK(
      "nc.udp.answer_on_stdout",
      answered && status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM && strcmp(r.outbuf, "pong\n") == 0,
      "%s, stdout \"%s\", stderr \"%s\"", tt_status_str(status), r.outbuf, r.errbuf);
  close(u);
}

/* nc -u -l: the first sender becomes the peer, its datagram goes to stdout
 * and stdin goes back to it; another sender is ignored (nc connected its
 * socket to the first). */
static void check_udp_listen(void) {
  char got[64];
  struct nc_run r;
  nc_start(&r, (const char *[]){"-ulv", "127.0.0.1", "0", NULL});
  const char *where = stderr_line(&r, "Bound on 127.0.0.1 ");
  int port = where ? atoi(where) : -1;
  if (!TT_CHECK("nc.udp.listen_bound_message", port > 0, "stderr \"%s\"", r.errbuf)) {
    kill(r.pid, SIGKILL);
    nc_finish(&r);
    return;
  }
  int first = bound(AF_INET, SOCK_DGRAM, -1), other = bound(AF_INET, SOCK_DGRAM, -1);
  socklen_t len;
  struct sockaddr_storage to = loopback(AF_INET, port, &len);
  sendto(first, "first\n", 6, 0, (struct sockaddr *)&to, len);
  char want[64];
  snprintf(want, sizeof want, "127.0.0.1 %d", port_of(first));
  const char *who = stderr_line(&r, "Connection received on ");
  TT_CHECK("nc.udp.listen_received_message", who && strcmp(who, want) == 0, "stderr \"%s\"; want %s", r.errbuf, want);
  feed(&r, "reply\n");
  struct sockaddr_storage from;
  ssize_t n = recv_within(first, got, sizeof got, &from);
  TT_CHECK("nc.udp.listen_replies_to_sender", n == 6 && strcmp(got, "reply\n") == 0, "received %zd \"%s\"", n, got);
  /* Sent in this order over loopback: the stranger's datagram would be on
   * stdout before "second" if nc took it. */
  sendto(other, "stranger\n", 9, 0, (struct sockaddr *)&to, len);
  sendto(first, "second\n", 7, 0, (struct sockaddr *)&to, len);
  bool seen = stdout_until(&r, "second\n");
  kill(r.pid, SIGTERM);
  int status = nc_finish(&r);
  TT_CHECK("nc.udp.listen_only_first_sender", seen && strcmp(r.outbuf, "first\nsecond\n") == 0,
           "%s, stdout \"%s\", stderr \"%s\"", tt_status_str(status), r.outbuf, r.errbuf);
  close(first);
  close(other);
}

/* ---- nc.unix ---- */

static void check_unix(void) {
  char path[64], path2[64], got[64];
  snprintf(path, sizeof path, "/tmp/nc_tool.%d.a", (int)getpid());
  snprintf(path2, sizeof path2, "/tmp/nc_tool.%d.b", (int)getpid());
  unlink(path);
  unlink(path2);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  strcpy(a.sun_path, path);
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 1) != 0) die("unix listener");

  struct nc_run r;
  nc_start(&r, (const char *[]){"-U", path, NULL});
  feed(&r, "over unix\n");
  close_stdin(&r);
  int c = accept_within(l);
  size_t n = c >= 0 ? read_to_eof(c, got, sizeof got) : 0;
  if (c >= 0 && write(c, "back\n", 5) != 5) die("write");
  if (c >= 0) close(c);
  int status = nc_finish(&r);
  TT_CHECK("nc.unix.connect_both_ways",
           exited(status, 0) && strcmp(got, "over unix\n") == 0 && strcmp(r.outbuf, "back\n") == 0,
           "%s, the listener read %zu \"%s\", stdout \"%s\", stderr \"%s\"", tt_status_str(status), n, got, r.outbuf,
           r.errbuf);
  close(l);
  unlink(path);

  char want[96];
  snprintf(want, sizeof want, "nc: %s: No such file or directory\n", path);
  status = run_nc((const char *[]){"-U", path, NULL}, NULL, &r);
  TT_CHECK("nc.unix.missing_path_message", exited(status, 1) && strcmp(r.errbuf, want) == 0, "%s, stderr \"%s\"",
           tt_status_str(status), r.errbuf);

  nc_start(&r, (const char *[]){"-lvU", path2, NULL});
  bool listening = stderr_line(&r, "Listening on ") != NULL;
  strcpy(a.sun_path, path2);
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  if (!listening || connect(c, (struct sockaddr *)&a, sizeof a) != 0) {
    tt_fail("nc.unix.listen_both_ways", "cannot connect to nc -lU: %s; stderr \"%s\"", strerror(errno), r.errbuf);
    kill(r.pid, SIGKILL);
    nc_finish(&r);
    close(c);
    return;
  }
  if (write(c, "to nc\n", 6) != 6) die("write");
  shutdown(c, SHUT_WR);
  feed(&r, "from nc\n");
  close_stdin(&r);
  read_to_eof(c, got, sizeof got);
  status = nc_finish(&r);
  TT_CHECK("nc.unix.listen_both_ways",
           exited(status, 0) && strcmp(r.outbuf, "to nc\n") == 0 && strcmp(got, "from nc\n") == 0,
           "%s, stdout \"%s\", the client read \"%s\", stderr \"%s\"", tt_status_str(status), r.outbuf, got, r.errbuf);
  TT_CHECK("nc.unix.listen_removes_name", access(path2, F_OK) != 0 && errno == ENOENT, "%s is still there", path2);
  close(c);
  unlink(path2);
}

/* ---- nc.w ---- */

/* A listen(fd, 0) socket holding one connection it never accepts drops
 * every later SYN: nc's connect can only end by -w. */
static void check_connect_timeout(void) {
  char port[8], want[128];
  int l = bound(AF_INET, SOCK_STREAM, 0);
  int queued = connect_to(AF_INET, port_of(l));
  text_port(port, port_of(l));
  struct nc_run r;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int status = run_nc((const char *[]){"-v", "-w", "1", "127.0.0.1", port, NULL}, NULL, &r);
  long ms = tt_ms_since(&start);
  snprintf(want, sizeof want, "nc: connect to 127.0.0.1 port %s (tcp) failed: Connection timed out\n", port);
  TT_CHECK("nc.w.connect_timeout", exited(status, 1) && strcmp(r.errbuf, want) == 0 && ms >= 1000,
           "%s after %ld ms, stderr \"%s\"", tt_status_str(status), ms, r.errbuf);
  close(queued);
  close(l);
}

/* Connected, stdin open, the peer silent: -w 1 ends nc (status 0, as
 * OpenBSD's), and the peer then sees it close. */
static void check_idle_timeout(void) {
  char port[8], got[16];
  int l = bound(AF_INET, SOCK_STREAM, 4);
  text_port(port, port_of(l));
  struct nc_run r;
  nc_start(&r, (const char *[]){"-w", "1", "127.0.0.1", port, NULL});
  int c = accept_within(l);
  size_t n = c >= 0 ? read_to_eof(c, got, sizeof got) : 99;
  int status = nc_finish(&r);
  TT_CHECK("nc.w.idle_ends_exit_0", c >= 0 && n == 0 && exited(status, 0) && !r.outbuf[0] && r.errlen == 0,
           "%s, the peer read %zu bytes before EOF, stderr \"%s\"", tt_status_str(status), n, r.errbuf);
  if (c >= 0) close(c);
  close(l);
}

/* ---- main ---- */

static bool find_program(void) {
  const char *env = getenv("NC_PROGRAM");
  if (env && *env) {
    snprintf(program, sizeof program, "%s", env);
  } else if (tt_on_tether()) {
    snprintf(program, sizeof program, "/bin/nc");
  } else {
    /* .../guest/nc_tool.d/nc_tool → .../guest/nc.d/nc */
    snprintf(program, sizeof program, "%s", tt_self_path());
    for (int up = 0; up < 2; up++) {
      char *slash = strrchr(program, '/');
      if (!slash) return false;
      *slash = '\0';
    }
    strncat(program, "/nc.d/nc", sizeof program - strlen(program) - 1);
  }
  return access(program, X_OK) == 0;
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  if (!find_program()) {
    if (tt_on_tether() || getenv("NC_PROGRAM"))
      tt_fail("nc.installed", "no program at %s", program);
    else
      tt_skip("nc.all", "no nc at %s (this test was copied out of the build; set NC_PROGRAM)", program);
    return tt_done();
  }
  printf("# testing %s\n", program);
  check_args();
  check_scan();
  check_both_ways("nc.tcp.v4", AF_INET, "127.0.0.1");
  check_both_ways("nc.tcp.v6", AF_INET6, "::1");
  check_bulk();
  check_refused();
  check_listen("nc.tcp.listen", AF_INET, (const char *[]){"-lv", "127.0.0.1", "0", NULL});
  check_listen("nc.tcp.listen_6p", AF_INET6, (const char *[]){"-6", "-lv", "-p", "0", "::1", NULL});
  check_udp_client();
  check_udp_listen();
  check_unix();
  check_connect_timeout();
  check_idle_timeout();
  return tt_done();
}
