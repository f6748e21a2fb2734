/* bench.h: what every benchmark program shares (plain POSIX C, so the same
 * source builds against Tether's libc and against glibc with `gcc -static`).
 *
 * Every program prints exactly one line on stdout:
 *   BENCH <name> <value> <unit>        e.g. BENCH null_syscall 412.3 ns
 *   BENCH <name> n/a <ERRNO-NAME>      the kernel lacks the feature
 *                                      (socket() failed with ENOSYS...)
 * and exits 0; any other failure is a line on stderr and exit status 1.
 * scripts/bench runs them, collects the lines and makes the table. */
#ifndef TETHER_BENCH_H
#define TETHER_BENCH_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


/* Monotonic time in seconds. */
static inline double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline void bench_report(const char *name, double value, const char *unit) {
  printf("BENCH %s %.1f %s\n", name, value, unit);
  fflush(stdout);
}

/* The errno names a missing feature shows up as. */
static inline const char *bench_errno_name(int e) {
  switch (e) {
    case ENOSYS: return "ENOSYS";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    default: return NULL;
  }
}

/* socket(), or, when the kernel has no such socket (an unimplemented family
 * or type: not a failure of the benchmark), the "n/a" line and exit 0. */
static inline int bench_socket_or_na(const char *name, int domain, int type) {
  int fd = socket(domain, type, 0);
  if (fd >= 0) return fd;
  const char *missing = bench_errno_name(errno);
  if (missing) {
    printf("BENCH %s n/a %s\n", name, missing);
    exit(0);
  }
  fprintf(stderr, "%s: socket: %s\n", name, strerror(errno));
  exit(1);
}

/* A failed call ends the program: the figure would be meaningless. */
static inline void bench_check(int ok, const char *name, const char *what) {
  if (!ok) {
    fprintf(stderr, "%s: %s: %s\n", name, what, strerror(errno));
    exit(1);
  }
}

/* Options shared by every program:
 *   -n COUNT       iterations (or KiB for the throughput programs)
 *   -h ADDRESS     the host peer's IPv4 address (default 10.0.2.2, QEMU's
 *                  user network's name for the host's loopback)
 *   -p PORT        the host peer's port
 * Parsed by hand: the same code on both libcs, no getopt differences. */
struct bench_args {
  long count;
  const char *host;
  int port;
};

static inline struct bench_args bench_parse(int argc, char **argv, long default_count) {
  struct bench_args a = {default_count, "10.0.2.2", 0};
  for (int i = 1; i < argc; i++) {
    if (i + 1 < argc && strcmp(argv[i], "-n") == 0) {
      a.count = strtol(argv[++i], NULL, 10);
    } else if (i + 1 < argc && strcmp(argv[i], "-h") == 0) {
      a.host = argv[++i];
    } else if (i + 1 < argc && strcmp(argv[i], "-p") == 0) {
      a.port = (int)strtol(argv[++i], NULL, 10);
    } else {
      fprintf(stderr, "usage: %s [-n COUNT] [-h HOST] [-p PORT]\n", argv[0]);
      exit(2);
    }
  }
  if (a.count < 1) {
    fprintf(stderr, "%s: -n wants a positive count\n", argv[0]);
    exit(2);
  }
  return a;
}

static inline struct sockaddr_in bench_inet(const char *ip, int port) {
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_port = htons((unsigned short)port);
  if (inet_pton(AF_INET, ip, &sin.sin_addr) != 1) {
    fprintf(stderr, "bad IPv4 address '%s'\n", ip);
    exit(2);
  }
  return sin;
}

/* A TCP listener on 127.0.0.1, on a port the kernel picks; *sin gets it. */
static inline int bench_tcp_listener(const char *name, struct sockaddr_in *sin) {
  int fd = bench_socket_or_na(name, AF_INET, SOCK_STREAM);
  *sin = bench_inet("127.0.0.1", 0);
  socklen_t len = sizeof *sin;
  bench_check(bind(fd, (struct sockaddr *)sin, sizeof *sin) == 0, name, "bind");
  bench_check(listen(fd, 16) == 0, name, "listen");
  bench_check(getsockname(fd, (struct sockaddr *)sin, &len) == 0, name, "getsockname");
  return fd;
}

/* write() all of buf, or end the program. */
static inline void bench_write_all(int fd, const char *buf, size_t n, const char *name) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0 && errno == EINTR) continue;
    bench_check(w > 0, name, "write");
    buf += w;
    n -= (size_t)w;
  }
}

/* read() until EOF; the byte count. */
static inline long long bench_read_to_eof(int fd, char *buf, size_t size, const char *name) {
  long long total = 0;
  for (;;) {
    ssize_t r = read(fd, buf, size);
    if (r < 0 && errno == EINTR) continue;
    bench_check(r >= 0, name, "read");
    if (r == 0) return total;
    total += r;
  }
}

/* A UNIX-domain stream listener bound at /tmp/bench-TAG.PID (*addr), or
 * "n/a" and exit when the kernel has no AF_UNIX sockets. */
static inline int bench_unix_listener(const char *name, const char *tag, int backlog, struct sockaddr_un *addr) {
  int listener = bench_socket_or_na(name, AF_UNIX, SOCK_STREAM);
  memset(addr, 0, sizeof *addr);
  addr->sun_family = AF_UNIX;
  snprintf(addr->sun_path, sizeof addr->sun_path, "/tmp/bench-%s.%d", tag, (int)getpid());
  unlink(addr->sun_path);
  bench_check(bind(listener, (struct sockaddr *)addr, sizeof *addr) == 0, name, "bind");
  bench_check(listen(listener, backlog) == 0, name, "listen");
  return listener;
}

/* COUNT times: socket, connect to addr (the listener's), accept, close
 * both, all in this process. Microseconds per connection. */
static inline double bench_connect_loop(const char *name, int listener, const struct sockaddr *addr, socklen_t length,
                                        long count) {
  double start = bench_now();
  for (long i = 0; i < count; i++) {
    int client = socket(addr->sa_family, SOCK_STREAM, 0);
    bench_check(client >= 0, name, "socket");
    bench_check(connect(client, addr, length) == 0, name, "connect");
    int server = accept(listener, NULL, NULL);
    bench_check(server >= 0, name, "accept");
    close(server);
    close(client);
  }
  return (bench_now() - start) / count * 1e6;
}

/* A bulk transfer between two processes: a child connects to addr and
 * writes BYTES in BENCH_CHUNK writes, then closes; this process accepts
 * and reads to EOF. MiB/s from accept to EOF; the program ends if a byte
 * is missing. */
static inline double bench_stream_throughput(const char *name, int listener, const struct sockaddr *addr,
                                             socklen_t length, long long bytes) {
  static char buf[65536];
  pid_t child = fork();
  bench_check(child >= 0, name, "fork");
  if (child == 0) {
    int fd = socket(addr->sa_family, SOCK_STREAM, 0);
    bench_check(fd >= 0, name, "socket");
    bench_check(connect(fd, addr, length) == 0, name, "connect");
    memset(buf, 'x', sizeof buf);
    for (long long left = bytes; left > 0; left -= (long long)sizeof buf) bench_write_all(fd, buf, sizeof buf, name);
    close(fd);
    _exit(0);
  }
  int fd = accept(listener, NULL, NULL);
  bench_check(fd >= 0, name, "accept");
  double start = bench_now();
  long long got = bench_read_to_eof(fd, buf, sizeof buf, name);
  double elapsed = bench_now() - start;
  int status;
  waitpid(child, &status, 0);
  if (got != bytes || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "%s: received %lld of %lld bytes (writer status %d)\n", name, got, bytes, status);
    exit(1);
  }
  return bytes / (1024.0 * 1024.0) / elapsed;
}

#define BENCH_MIB (1024.0 * 1024.0)
/* 64 KiB per write() and read(): large enough that the per-call cost does
 * not dominate, the usual size of benchmark tools (iperf's default is 128). */
#define BENCH_CHUNK 65536

#endif
