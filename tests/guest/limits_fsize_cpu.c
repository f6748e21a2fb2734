/* limits_fsize_cpu: RLIMIT_FSIZE and RLIMIT_CPU enforced.
 *
 * Sources: getrlimit(2) RLIMIT_FSIZE: "This is the maximum size in bytes
 * of files that the process may create. Attempts to extend a file beyond
 * this limit result in delivery of a SIGXFSZ signal. By default, this
 * signal terminates a process, but a process can catch this signal
 * instead, in which case the relevant system call (e.g., write(2),
 * truncate(2)) fails with the error EFBIG." write(2) EFBIG: "An attempt was
 * made to write a file that exceeds the implementation-defined maximum file
 * size or the process's file size limit, or to write at a position past the
 * maximum allowed offset." Linux's generic_write_check_limits: a write at or
 * past the limit gets SIGXFSZ (send_sig: SI_USER from the writer) and EFBIG;
 * one that crosses it is cut at the limit, without a signal; O_APPEND writes
 * at the end of file; a zero-length write returns 0 first. inode_newsize_ok
 * (truncate(2), ftruncate(2)): only growing past the limit is refused.
 * signal(7): SIGXFSZ and SIGXCPU are "Core" signals (terminate).
 *
 * getrlimit(2) RLIMIT_CPU: "When the process reaches the soft limit, it is
 * sent a SIGXCPU signal. ... If the process continues to consume CPU time,
 * it will be sent SIGXCPU once per second until the hard limit is reached,
 * at which time it is sent SIGKILL. (This latter point describes Linux
 * behavior.)" Linux's check_process_timers does it by raising the soft
 * limit one second with each SIGXCPU (getrlimit shows it), and checks the
 * hard limit first: with soft == hard the process gets SIGKILL and no
 * SIGXCPU. A limit set below the time already used acts on the next tick.
 *
 * Every check with a lowered RLIMIT_FSIZE runs in a child, which raises it
 * again before reporting: stdout may be a file past the limit. No check
 * depends on timing: the CPU children spin for a bounded CPU time and the
 * verdict is how they ended. The CPU cases use about 5 s of CPU in all.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

#define LIMIT 1000 /* bytes: the RLIMIT_FSIZE of the file cases */

static const char *scratch;
static char buf[4096];

static char *path_of(const char *name) {
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", scratch, name);
  return path;
}

/* A regular file of `size` bytes (written before any limit), open O_RDWR
 * plus extra_flags. */
static int sized_file(const char *name, size_t size, int extra_flags) {
  int fd = open(path_of(name), O_RDWR | O_CREAT | O_TRUNC | extra_flags, 0644);
  if (fd < 0) tt_die("open");
  if (size && pwrite(fd, buf, size, 0) != (ssize_t)size) tt_die("pwrite");
  return fd;
}

static long file_size(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? (long)st.st_size : -1;
}

static void set_soft_limit(int resource, rlim_t soft) {
  struct rlimit r;
  if (getrlimit(resource, &r) != 0) tt_die("getrlimit");
  r.rlim_cur = soft;
  if (setrlimit(resource, &r) != 0) tt_die("setrlimit");
}

/* Back to the hard limit (allowed without privilege) before reporting. */
static void unlimit_fsize(void) {
  struct rlimit r;
  if (getrlimit(RLIMIT_FSIZE, &r) != 0) tt_die("getrlimit");
  r.rlim_cur = r.rlim_max;
  if (setrlimit(RLIMIT_FSIZE, &r) != 0) tt_die("setrlimit");
}

/* SIGXFSZ counted, with the siginfo of the last one. */
static volatile sig_atomic_t xfsz_hits;
static volatile int xfsz_code, xfsz_pid;
static void on_xfsz(int sig, siginfo_t *info, void *ctx) {
  (void)sig;
  (void)ctx;
  xfsz_hits++;
  xfsz_code = info->si_code;
  xfsz_pid = info->si_pid;
}

static void handle_xfsz(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_xfsz;
  sa.sa_flags = SA_SIGINFO;
  if (sigaction(SIGXFSZ, &sa, NULL) != 0) tt_die("sigaction");
}

/* A call's result and errno, kept while the limit is low. */
struct outcome {
  long ret;
  int err;
};
#define OUTCOME(call)            \
  __extension__({                \
    errno = 0;                   \
    long r_ = (long)(call);      \
    (struct outcome){r_, errno}; \
  })

static bool is_efbig(struct outcome o) { return o.ret == -1 && o.err == EFBIG; }
static const char *said(struct outcome o) {
  static char text[64];
  if (o.ret == -1) snprintf(text, sizeof text, "-1 %s", tt_errno_name(o.err));
  else snprintf(text, sizeof text, "%ld", o.ret);
  return text;
}

/* --- RLIMIT_FSIZE --- */

static void write_past_limit_ignored(void *arg) {
  (void)arg;
  signal(SIGXFSZ, SIG_IGN);
  int fd = sized_file("ignored", LIMIT, 0);
  set_soft_limit(RLIMIT_FSIZE, LIMIT);
  lseek(fd, LIMIT, SEEK_SET);
  struct outcome at = OUTCOME(write(fd, buf, 10));
  long size_after_at = file_size(fd);
  lseek(fd, 3 * LIMIT, SEEK_SET);
  struct outcome past = OUTCOME(write(fd, buf, 10));
  long size_after_past = file_size(fd);
  unlimit_fsize();
  TT_CHECK("rlimit.fsize.write_at_limit_efbig", is_efbig(at), "write at the limit, SIGXFSZ ignored: %s", said(at));
  TT_CHECK("rlimit.fsize.write_past_limit_efbig", is_efbig(past), "write past the limit, SIGXFSZ ignored: %s",
           said(past));
  TT_CHECK("rlimit.fsize.write_past_limit_size_unchanged", size_after_at == LIMIT && size_after_past == LIMIT,
           "size %ld after the write at the limit, %ld after the one past it (want %d)", size_after_at, size_after_past,
           LIMIT);
  close(fd);
}

static void write_straddling_limit(void *arg) {
  (void)arg;
  handle_xfsz();
  int fd = sized_file("straddle", 0, 0);
  set_soft_limit(RLIMIT_FSIZE, LIMIT);
  lseek(fd, LIMIT - 50, SEEK_SET);
  struct outcome cut = OUTCOME(write(fd, buf, 100));
  long offset = (long)lseek(fd, 0, SEEK_CUR);
  long size = file_size(fd);
  int hits = xfsz_hits;
  struct iovec iov[2] = {{buf, 60}, {buf, 60}};
  lseek(fd, LIMIT - 100, SEEK_SET);
  struct outcome vec = OUTCOME(writev(fd, iov, 2));
  int hits_after_writev = xfsz_hits;
  unlimit_fsize();
  TT_CHECK("rlimit.fsize.write_straddling_limit_short", cut.ret == 50 && offset == LIMIT && size == LIMIT,
           "100 bytes at %d: %s, offset %ld, size %ld (want 50 ending at %d)", LIMIT - 50, said(cut), offset, size,
           LIMIT);
  TT_CHECK("rlimit.fsize.write_straddling_no_signal", hits == 0, "%d SIGXFSZ for a shortened write", hits);
  TT_CHECK("rlimit.fsize.writev_straddling_limit_short", vec.ret == 100 && hits_after_writev == 0,
           "writev of 2 x 60 bytes at %d: %s, %d SIGXFSZ (want 100, none)", LIMIT - 100, said(vec), hits_after_writev);
  close(fd);
}

static void write_with_handler(void *arg) {
  (void)arg;
  handle_xfsz();
  int fd = sized_file("handler", LIMIT, 0);
  set_soft_limit(RLIMIT_FSIZE, LIMIT);
  lseek(fd, LIMIT, SEEK_SET);
  struct outcome at = OUTCOME(write(fd, buf, 10));
  int hits = xfsz_hits;
  struct outcome empty = OUTCOME(write(fd, buf, 0));
  int hits_after_empty = xfsz_hits;
  unlimit_fsize();
  TT_CHECK("rlimit.fsize.handler_runs_once_efbig", is_efbig(at) && hits == 1,
           "write at the limit with a handler: %s, the handler ran %d times (want EFBIG, once)", said(at), hits);
  TT_CHECK("rlimit.fsize.sigxfsz_si_user_from_writer", xfsz_code == SI_USER && xfsz_pid == getpid(),
           "si_code %d si_pid %d (want SI_USER %d from pid %d)", xfsz_code, xfsz_pid, SI_USER, getpid());
  TT_CHECK("rlimit.fsize.zero_length_write_at_limit", empty.ret == 0 && hits_after_empty == hits,
           "write of 0 bytes at the limit: %s, %d more SIGXFSZ (want 0, none)", said(empty), hits_after_empty - hits);
  close(fd);
}

static int write_at_limit_default_child(void *arg) {
  (void)arg;
  struct rlimit no_core = {0, 0}; /* no core file on a host */
  setrlimit(RLIMIT_CORE, &no_core);
  signal(SIGXFSZ, SIG_DFL);
  int fd = sized_file("default", LIMIT, 0);
  set_soft_limit(RLIMIT_FSIZE, LIMIT);
  lseek(fd, LIMIT, SEEK_SET);
  ssize_t n = write(fd, buf, 10);
  return n < 0 ? 10 + (errno & 0x7f) : 2; /* still alive: how the write ended */
}

static void truncate_above_limit(void *arg) {
  (void)arg;
  handle_xfsz();
  int fd = sized_file("truncate", 100, 0);
  set_soft_limit(RLIMIT_FSIZE, LIMIT);
  struct outcome above = OUTCOME(ftruncate(fd, LIMIT + 1));
  int hits_ftruncate = xfsz_hits;
  long size_after_above = file_size(fd);
  struct outcome by_path = OUTCOME(truncate(path_of("truncate"), 2 * LIMIT));
  int hits_truncate = xfsz_hits - hits_ftruncate;
  struct outcome at = OUTCOME(ftruncate(fd, LIMIT));
  long size_at = file_size(fd);
  struct outcome below = OUTCOME(ftruncate(fd, 10));
  long size_below = file_size(fd);
  int hits_after = xfsz_hits;
  unlimit_fsize();
  TT_CHECK("rlimit.fsize.ftruncate_above_limit_efbig",
           is_efbig(above) && hits_ftruncate == 1 && size_after_above == 100,
           "ftruncate to %d: %s, %d SIGXFSZ, size %ld (want EFBIG, one, 100)", LIMIT + 1, said(above), hits_ftruncate,
           size_after_above);
  TT_CHECK("rlimit.fsize.truncate_above_limit_efbig", is_efbig(by_path) && hits_truncate == 1,
           "truncate to %d: %s, %d SIGXFSZ (want EFBIG, one)", 2 * LIMIT, said(by_path), hits_truncate);
  TT_CHECK("rlimit.fsize.ftruncate_to_limit_ok", at.ret == 0 && size_at == LIMIT, "ftruncate to %d: %s, size %ld",
           LIMIT, said(at), size_at);
  TT_CHECK("rlimit.fsize.ftruncate_below_limit_ok", below.ret == 0 && size_below == 10 && hits_after == 2,
           "ftruncate to 10: %s, size %ld, %d SIGXFSZ in all (want 2)", said(below), size_below, hits_after);
  close(fd);
}

/* Only growth is limited: a file already past the limit may shrink, and
 * be written below the limit. */
static void file_already_past_limit(void *arg) {
  (void)arg;
  handle_xfsz();
  int fd = sized_file("big", 3 * LIMIT, 0);
  set_soft_limit(RLIMIT_FSIZE, LIMIT);
  struct outcome shrink = OUTCOME(ftruncate(fd, 2 * LIMIT));
  long size_shrunk = file_size(fd);
  int hits_shrink = xfsz_hits;
  struct outcome regrow = OUTCOME(ftruncate(fd, 2 * LIMIT + 500));
  int hits_regrow = xfsz_hits - hits_shrink;
  struct outcome low = OUTCOME(pwrite(fd, buf, 10, 0));
  struct outcome high = OUTCOME(pwrite(fd, buf, 10, LIMIT + 10));
  long size_end = file_size(fd);
  unlimit_fsize();
  TT_CHECK("rlimit.fsize.ftruncate_shrink_above_limit_ok",
           shrink.ret == 0 && size_shrunk == 2 * LIMIT && hits_shrink == 0,
           "ftruncate from %d to %d: %s, size %ld, %d SIGXFSZ", 3 * LIMIT, 2 * LIMIT, said(shrink), size_shrunk,
           hits_shrink);
  TT_CHECK("rlimit.fsize.ftruncate_regrow_above_limit_efbig", is_efbig(regrow) && hits_regrow == 1,
           "ftruncate from %d to %d: %s, %d SIGXFSZ", 2 * LIMIT, 2 * LIMIT + 500, said(regrow), hits_regrow);
  TT_CHECK("rlimit.fsize.write_below_limit_of_big_file_ok", low.ret == 10, "pwrite at 0: %s", said(low));
  TT_CHECK("rlimit.fsize.write_inside_big_file_past_limit_efbig", is_efbig(high) && size_end == 2 * LIMIT,
           "pwrite at %d inside a file of %d: %s, size %ld", LIMIT + 10, 2 * LIMIT, said(high), size_end);
  close(fd);
}

static void pwrite_past_limit(void *arg) {
  (void)arg;
  handle_xfsz();
  int fd = sized_file("pwrite", 0, 0);
  set_soft_limit(RLIMIT_FSIZE, LIMIT);
  struct outcome past = OUTCOME(pwrite(fd, buf, 10, LIMIT + 100));
  int hits_past = xfsz_hits;
  long size_past = file_size(fd);
  struct outcome cut = OUTCOME(pwrite(fd, buf, 10, LIMIT - 4));
  struct outcome inside = OUTCOME(pwrite(fd, buf, 10, 0));
  long offset = (long)lseek(fd, 0, SEEK_CUR);
  int hits_end = xfsz_hits;
  unlimit_fsize();
  TT_CHECK("rlimit.fsize.pwrite_past_limit_efbig", is_efbig(past) && hits_past == 1 && size_past == 0,
           "pwrite at %d: %s, %d SIGXFSZ, size %ld (want EFBIG, one, 0)", LIMIT + 100, said(past), hits_past,
           size_past);
  TT_CHECK("rlimit.fsize.pwrite_straddling_limit_short", cut.ret == 4 && hits_end == 1,
           "pwrite of 10 at %d: %s, %d more SIGXFSZ (want 4, none)", LIMIT - 4, said(cut), hits_end - hits_past);
  TT_CHECK("rlimit.fsize.pwrite_below_limit_ok", inside.ret == 10 && offset == 0, "pwrite at 0: %s, offset %ld",
           said(inside), offset);
  close(fd);
}

static void append_uses_end_of_file(void *arg) {
  (void)arg;
  handle_xfsz();
  int fd = sized_file("append", LIMIT - 10, O_APPEND);
  set_soft_limit(RLIMIT_FSIZE, LIMIT);
  lseek(fd, 0, SEEK_SET); /* O_APPEND writes at the end anyway */
  struct outcome cut = OUTCOME(write(fd, buf, 20));
  int hits_cut = xfsz_hits;
  lseek(fd, 0, SEEK_SET);
  struct outcome full = OUTCOME(write(fd, buf, 1));
  int hits_full = xfsz_hits;
  long size = file_size(fd);
  unlimit_fsize();
  TT_CHECK("rlimit.fsize.append_straddling_limit_short", cut.ret == 10 && hits_cut == 0,
           "O_APPEND write of 20 to a file of %d at offset 0: %s, %d SIGXFSZ (want 10, none)", LIMIT - 10, said(cut),
           hits_cut);
  TT_CHECK("rlimit.fsize.append_at_limit_efbig", is_efbig(full) && hits_full == 1 && size == LIMIT,
           "O_APPEND write to a full file at offset 0: %s, %d SIGXFSZ, size %ld (want EFBIG, one, %d)", said(full),
           hits_full, size, LIMIT);
  close(fd);
}

/* Pipes, sockets and /dev/null have no file size. */
static void not_regular_files(void *arg) {
  (void)arg;
  handle_xfsz();
  int pipe_fds[2], pair[2];
  if (pipe(pipe_fds) != 0) tt_die("pipe");
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) tt_die("socketpair");
  int null_fd = open("/dev/null", O_WRONLY);
  if (null_fd < 0) tt_die("open /dev/null");
  set_soft_limit(RLIMIT_FSIZE, 10);
  struct outcome to_pipe = OUTCOME(write(pipe_fds[1], buf, 100));
  struct outcome to_socket = OUTCOME(write(pair[0], buf, 100));
  struct outcome to_null = OUTCOME(write(null_fd, buf, 100));
  int hits = xfsz_hits;
  unlimit_fsize();
  TT_CHECK("rlimit.fsize.pipe_write_not_limited", to_pipe.ret == 100, "100 bytes into a pipe, limit 10: %s",
           said(to_pipe));
  TT_CHECK("rlimit.fsize.socket_write_not_limited", to_socket.ret == 100, "100 bytes into a socket, limit 10: %s",
           said(to_socket));
  TT_CHECK("rlimit.fsize.dev_null_write_not_limited", to_null.ret == 100, "100 bytes to /dev/null, limit 10: %s",
           said(to_null));
  TT_CHECK("rlimit.fsize.not_regular_no_signal", hits == 0, "%d SIGXFSZ", hits);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  close(pair[0]);
  close(pair[1]);
  close(null_fd);
}

static void infinity_is_no_limit(void *arg) {
  (void)arg;
  handle_xfsz();
  int fd = sized_file("infinity", 0, 0);
  set_soft_limit(RLIMIT_FSIZE, LIMIT);
  set_soft_limit(RLIMIT_FSIZE, RLIM_INFINITY); /* the hard limit is RLIM_INFINITY, as by default */
  struct outcome far = OUTCOME(pwrite(fd, buf, 10, 1 << 20));
  unlimit_fsize();
  TT_CHECK("rlimit.fsize.infinity_unlimited", far.ret == 10 && xfsz_hits == 0,
           "pwrite at 1 MiB with RLIM_INFINITY: %s, %d SIGXFSZ", said(far), xfsz_hits);
  close(fd);
}

static void fsize_cases(void) {
  struct rlimit r;
  if (getrlimit(RLIMIT_FSIZE, &r) != 0) tt_die("getrlimit");
  if (r.rlim_max != RLIM_INFINITY) {
    tt_skip("rlimit.fsize", "the hard RLIMIT_FSIZE is %llu, not RLIM_INFINITY", (unsigned long long)r.rlim_max);
    return;
  }
  tt_run_in_child("rlimit.fsize.ignored_child", write_past_limit_ignored, NULL, 30);
  tt_run_in_child("rlimit.fsize.straddle_child", write_straddling_limit, NULL, 30);
  tt_run_in_child("rlimit.fsize.handler_child", write_with_handler, NULL, 30);
  int status = tt_fork_status(write_at_limit_default_child, NULL, 30);
  /* Tether writes no core file; Linux may, and then sets the core bit. */
  TT_CHECK("rlimit.fsize.write_at_limit_default_killed_by_sigxfsz",
           status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ, "child %s", tt_status_str(status));
  tt_run_in_child("rlimit.fsize.truncate_child", truncate_above_limit, NULL, 30);
  tt_run_in_child("rlimit.fsize.big_file_child", file_already_past_limit, NULL, 30);
  tt_run_in_child("rlimit.fsize.pwrite_child", pwrite_past_limit, NULL, 30);
  tt_run_in_child("rlimit.fsize.append_child", append_uses_end_of_file, NULL, 30);
  tt_run_in_child("rlimit.fsize.not_regular_child", not_regular_files, NULL, 30);
  tt_run_in_child("rlimit.fsize.infinity_child", infinity_is_no_limit, NULL, 30);
}

/* --- RLIMIT_CPU --- */

static long cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Spins until the process has used `until` ms of CPU time in all. */
static void spin_until(long until) {
  volatile unsigned long x = 0;
  while (cpu_ms() < until)
    for (int i = 0; i < 100000; i++) x += i;
}

/* Each SIGXCPU writes one byte to report_fd: the soft limit the handler
 * sees (Linux raised it when it sent the signal). */
static int report_fd = -1;
static void on_xcpu(int sig) {
  (void)sig;
  struct rlimit r;
  unsigned char soft = getrlimit(RLIMIT_CPU, &r) == 0 && r.rlim_cur < 255 ? (unsigned char)r.rlim_cur : 255;
  (void)write(report_fd, &soft, 1);
}

struct cpu_run {
  int status;             /* the child's wait status */
  unsigned char soft[16]; /* the soft limit seen by each SIGXCPU handler */
  int signals;            /* SIGXCPU handled */
};

/* A child with RLIMIT_CPU {soft, hard} (set after `before_ms` of CPU time)
 * that handles SIGXCPU (or not) and spins until killed, or until `spin_ms`
 * of CPU time, when it exits 3. */
static struct cpu_run run_cpu_child(rlim_t soft, rlim_t hard, bool handle, long before_ms, long spin_ms) {
  struct cpu_run run;
  memset(&run, 0, sizeof run);
  int fds[2];
  if (pipe(fds) != 0) tt_die("pipe");
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) tt_die("fork");
  if (pid == 0) {
    close(fds[0]);
    report_fd = fds[1];
    struct rlimit no_core = {0, 0}; /* no core file on a host */
    setrlimit(RLIMIT_CORE, &no_core);
    if (handle) tt_handle(SIGXCPU, on_xcpu, 0, tt_sigset_of(SIGXCPU));
    else signal(SIGXCPU, SIG_DFL);
    spin_until(before_ms);
    struct rlimit r = {soft, hard};
    if (setrlimit(RLIMIT_CPU, &r) != 0) _exit(2);
    spin_until(spin_ms);
    _exit(3);
  }
  close(fds[1]);
  run.status = tt_wait_timeout(pid, 120);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  ssize_t n;
  while (run.signals < (int)sizeof run.soft && (n = read(fds[0], &run.soft[run.signals], 1)) == 1) run.signals++;
  close(fds[0]);
  return run;
}

static bool killed_by(int status, int sig) { return status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == sig; }

static void cpu_cases(void) {
  struct rlimit r;
  if (getrlimit(RLIMIT_CPU, &r) != 0) tt_die("getrlimit");
  if (r.rlim_max != RLIM_INFINITY) {
    tt_skip("rlimit.cpu", "the hard RLIMIT_CPU is %llu, not RLIM_INFINITY", (unsigned long long)r.rlim_max);
    return;
  }
  /* Soft 1 s, hard 3 s: SIGXCPU at 1 s (soft becomes 2) and at 2 s (soft
   * becomes 3), SIGKILL at 3 s. */
  struct cpu_run run = run_cpu_child(1, 3, true, 0, 10000);
  TT_CHECK("rlimit.cpu.hard_limit_sigkill", killed_by(run.status, SIGKILL), "child %s after %d SIGXCPU",
           tt_status_str(run.status), run.signals);
  TT_CHECK("rlimit.cpu.sigxcpu_at_soft_limit", run.signals >= 1, "%d SIGXCPU before the end", run.signals);
  TT_CHECK("rlimit.cpu.sigxcpu_again_each_second", run.signals == 2,
           "%d SIGXCPU between soft 1 s and hard 3 s (want 2: at 1 s and 2 s)", run.signals);
  TT_CHECK("rlimit.cpu.soft_limit_raised_per_sigxcpu", run.signals == 2 && run.soft[0] == 2 && run.soft[1] == 3,
           "soft limits seen in the handlers: %d, %d (want 2, 3)", run.signals > 0 ? run.soft[0] : -1,
           run.signals > 1 ? run.soft[1] : -1);

  /* Soft equal to hard: the hard limit is checked first. */
  run = run_cpu_child(1, 1, true, 0, 10000);
  TT_CHECK("rlimit.cpu.soft_equals_hard_sigkill_no_sigxcpu", killed_by(run.status, SIGKILL) && run.signals == 0,
           "soft = hard = 1 s: child %s after %d SIGXCPU (want SIGKILL, none)", tt_status_str(run.status), run.signals);

  /* Already 1.1 s used when soft 1 s is set: SIGXCPU on the next tick, and
   * its default action ends the child (which would exit 3 at 1.6 s). */
  run = run_cpu_child(1, 2, false, 1100, 1600);
  TT_CHECK("rlimit.cpu.set_below_used_default_killed_by_sigxcpu", killed_by(run.status, SIGXCPU),
           "child %s (want killed by SIGXCPU %d)", tt_status_str(run.status), SIGXCPU);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  memset(buf, 'x', sizeof buf);
  scratch = tt_make_scratch("limits_fsize_cpu");
  if (!scratch) return 1;
  fsize_cases();
  cpu_cases();
  tt_remove_tree(scratch);
  return tt_done();
}
