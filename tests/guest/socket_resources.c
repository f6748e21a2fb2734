/* socket_resources: every resource a TCP connect takes (its socket, its
 * lwIP pcb, its receive buffer, its ephemeral port) comes back, whether
 * the connect succeeds or fails.
 *
 * Thousands of connects: refused blocking ones, refused non-blocking ones
 * (completed through poll), ones that fail for lack of a buffer (the fail
 * point debug.fail.net_pcb, row B13: "no leak afterwards", issue 5), and
 * successful ones closed by both sides. Before and after, /proc/net/sockstat
 * (sockets, TCP ports in use, connections still closing), the open files
 * (/proc/sys/fs/file-nr) and MemFree in /proc/meminfo. TIME_WAIT is bounded (net.inet.tcp.maxtcptw), so the
 * connections that end in it may keep a bounded amount of memory.
 *
 * On Linux the same loops run, but the counters are the whole host's,
 * shared with every process running meanwhile: those checks SKIP there.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

#define NET_PCB_FAIL "/proc/sys/debug/fail/net_pcb"

struct counts {
  long sockets, tcp_inuse, tcp_orphan, tcp_tw, tcp_alloc;
  long mem_free_kb;
  long open_files; /* fs.file-nr */
};

static bool read_counts(struct counts *c) {
  char buf[1024];
  memset(c, 0, sizeof *c);
  if (tt_read_file("/proc/net/sockstat", buf, sizeof buf - 1) <= 0) return false;
  const char *tcp = strstr(buf, "TCP:");
  if (sscanf(buf, "sockets: used %ld", &c->sockets) != 1 || !tcp ||
      sscanf(tcp, "TCP: inuse %ld orphan %ld tw %ld alloc %ld", &c->tcp_inuse, &c->tcp_orphan, &c->tcp_tw,
             &c->tcp_alloc) != 4)
    return false;
  /* 0 is a real answer: Linux's file-nr is a per-CPU estimate, 0 in a
   * guest that has just booted. */
  c->open_files = tt_open_files();
  c->mem_free_kb = tt_mem_free_kb();
  return c->mem_free_kb >= 0 && c->open_files >= 0;
}

/* Each loop returns how many iterations went as expected. */

/* The first outcome that was not the expected one, for the FAIL line. */
static char first_other[96] = "none";

static void note_other(int round, int r, int e) {
  if (strcmp(first_other, "none") == 0)
    snprintf(first_other, sizeof first_other, "round %d: %s", round, tt_ret_str(r, e));
}

static int refused_blocking(int rounds, unsigned short port) {
  int ok = 0;
  for (int i = 0; i < rounds; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int r = tt_connect_loopback4(fd, port);
    if (r == -1 && errno == ECONNREFUSED) ok++;
    else note_other(i, r, errno);
    close(fd);
  }
  return ok;
}

static int refused_nonblocking(int rounds, unsigned short port) {
  int ok = 0;
  for (int i = 0; i < rounds; i++) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (tt_connect_loopback4(fd, port) == -1 && errno == EINPROGRESS && tt_poll1(fd, POLLOUT, 10000) > 0 &&
        tt_so_error(fd) == ECONNREFUSED)
      ok++;
    close(fd);
  }
  return ok;
}

static int no_buffer(int rounds, unsigned short port) {
  int ok = 0;
  for (int i = 0; i < rounds; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (tt_write_text(NET_PCB_FAIL, "1") && tt_connect_loopback4(fd, port) == -1 && errno == ENOBUFS) ok++;
    close(fd);
  }
  return ok;
}

static int connected(int rounds) {
  uint16_t port;
  int listener = tt_tcp_listener4(&port, 8);
  if (listener < 0) return 0;
  int ok = 0;
  for (int i = 0; i < rounds; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (tt_connect_loopback4(fd, port) == 0) {
      int c = accept(listener, NULL, NULL);
      char byte = 'x';
      if (c >= 0 && write(fd, &byte, 1) == 1 && read(c, &byte, 1) == 1) ok++;
      if (c >= 0) close(c);
    }
    close(fd);
  }
  close(listener);
  return ok;
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  bool tether = tt_on_tether();
  struct counts before, after;
  bool have = TT_CHECK("resources.read_counters", read_counts(&before), "/proc/net/sockstat or /proc/meminfo");
  printf("# before: sockets %ld, TCP inuse %ld orphan %ld tw %ld alloc %ld, MemFree %ld kB\n", before.sockets,
         before.tcp_inuse, before.tcp_orphan, before.tcp_tw, before.tcp_alloc, before.mem_free_kb);

  unsigned short port = tt_free_tcp_port();
  enum { kRefused = 1000, kNonBlocking = 500, kNoBuffer = 500, kConnected = 300 };
  int got = refused_blocking(kRefused, port);
  TT_CHECK("resources.refused_blocking", got == kRefused, "%d of %d connects were ECONNREFUSED (first other: %s)", got,
           kRefused, first_other);
  got = refused_nonblocking(kNonBlocking, port);
  TT_CHECK("resources.refused_nonblocking", got == kNonBlocking, "%d of %d reported ECONNREFUSED through SO_ERROR",
           got, kNonBlocking);
  if (tether) {
    got = no_buffer(kNoBuffer, port);
    TT_CHECK("resources.enobufs", got == kNoBuffer, "%d of %d connects were ENOBUFS", got, kNoBuffer);
  } else {
    tt_skip("resources.enobufs", "needs the fail point debug.fail.net_pcb (Tether's)");
  }
  got = connected(kConnected);
  TT_CHECK("resources.connected", got == kConnected, "%d of %d connections carried a byte", got, kConnected);

  if (!tether) {
    tt_skip("resources.counts_return", "the host's /proc/net/sockstat counts every process's sockets");
    tt_skip("resources.memory_returns", "the host's MemFree moves with every process");
    tt_skip("resources.open_files_return", "the host's fs.file-nr counts every process's files");
    return tt_done();
  }
  /* The connections closed last may still be finishing their FIN
   * exchange in the net thread: give them a moment (no timing is judged,
   * the wait only ends early). */
  for (int i = 0; i < 50; i++) {
    if (!read_counts(&after)) break;
    if (after.sockets == before.sockets && after.tcp_inuse == before.tcp_inuse && after.tcp_orphan == 0) break;
    tt_sleep_ms(100);
  }
  have = have && read_counts(&after);
  printf("# after:  sockets %ld, TCP inuse %ld orphan %ld tw %ld alloc %ld, MemFree %ld kB\n", after.sockets,
         after.tcp_inuse, after.tcp_orphan, after.tcp_tw, after.tcp_alloc, after.mem_free_kb);
  TT_CHECK("resources.counts_return",
           have && after.sockets == before.sockets && after.tcp_alloc == before.tcp_alloc &&
               after.tcp_inuse == before.tcp_inuse && after.tcp_orphan == 0,
           "sockets %ld -> %ld, TCP alloc %ld -> %ld, ports in use %ld -> %ld, orphans %ld", before.sockets,
           after.sockets, before.tcp_alloc, after.tcp_alloc, before.tcp_inuse, after.tcp_inuse, after.tcp_orphan);
  TT_CHECK("resources.open_files_return", have && after.open_files == before.open_files,
           "open files (fs.file-nr) %ld -> %ld", before.open_files, after.open_files);
  /* What may stay: at most maxtcptw (64) TIME_WAIT pcbs, a few hundred
   * bytes each; 256 kB is far below what 2300 leaked connects would keep
   * (each has a 128 KiB receive buffer). */
  long lost = before.mem_free_kb - after.mem_free_kb;
  TT_CHECK("resources.memory_returns", have && lost < 256, "MemFree %ld kB -> %ld kB (%ld kB kept)",
           before.mem_free_kb, after.mem_free_kb, lost);
  return tt_done();
}
