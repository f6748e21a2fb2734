/* file_locks: advisory file locking, the three kinds Linux has.
 *
 * - POSIX record locks (fcntl F_GETLK, F_SETLK, F_SETLKW): byte ranges
 *   owned by the process; conflicts (EAGAIN), F_GETLK's report of the
 *   holder, l_whence/l_start/l_len (negative l_len, 0 = to the end and
 *   beyond), split/merge/conversion of one's own locks, release at close of
 *   ANY descriptor for the file and at exit, not inherited by fork, kept
 *   across execve (unless the descriptor is close-on-exec), F_SETLKW waiting
 *   and waking, EDEADLK for a two-process cycle, EINTR (and the SA_RESTART
 *   restart), a waiter killed with SIGKILL, and the errors EBADF, EINVAL,
 *   EOVERFLOW, EFAULT; a counter file shared by forked processes.
 * - Open file description locks (F_OFD_*): owned by the open file
 *   description, shared by dup and fork, released at its last close,
 *   conflicting with POSIX locks even in one process; l_pid 0 (EINVAL) and
 *   reported as -1.
 * - flock(2): whole-file, per open file description, shared/exclusive,
 *   LOCK_NB (EWOULDBLOCK), conversion (not atomic: a refused one drops the
 *   old lock, as Linux), independent of POSIX locks, EINVAL, EBADF, EINTR.
 * - lockf(3) (F_LOCK, F_TLOCK, F_ULOCK, F_TEST) on top of fcntl.
 *
 * Processes are sequenced with pipes: a helper child reports each step as a
 * byte ('T' about to lock, 'L' locked, 'E' + errno failed, 'u' unlocked).
 * The only sleeps are "nothing happened yet" checks (a waiter must not get a
 * lock that is held); the timeouts only stop hangs.
 *
 * Sources: fcntl(2) ("Advisory record locking", "Open file description
 * locks", ERRORS), flock(2), lockf(3), signal(7) (F_SETLKW and flock are
 * restarted under SA_RESTART), POSIX XSH fcntl and lockf; Linux fs/locks.c
 * for the order of the checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static const char *scratch;

/* A file of its own for each scenario: POSIX locks go when the process
 * closes any descriptor for the file, so scenarios must not share one. */
static const char *new_file(const char *name) {
  static char paths[8][256];
  static int next;
  char *path = paths[next++ % 8];
  snprintf(path, 256, "%s/%s", scratch, name);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) tt_die("create the lock file");
  char data[100];
  memset(data, 'x', sizeof data);
  if (write(fd, data, sizeof data) != (ssize_t)sizeof data) tt_die("write the lock file");
  close(fd);
  return path;
}

static int open_or_die(const char *path, int flags) {
  int fd = open(path, flags);
  if (fd < 0) tt_die("open the lock file");
  return fd;
}

static struct flock make_flock(short type, short whence, off_t start, off_t len) {
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = type;
  fl.l_whence = whence;
  fl.l_start = start;
  fl.l_len = len;
  fl.l_pid = 0;
  return fl;
}

/* fcntl lock command cmd over [start, start+len) from SEEK_SET. */
static int lock_range(int fd, int cmd, short type, off_t start, off_t len) {
  struct flock fl = make_flock(type, SEEK_SET, start, len);
  return fcntl(fd, cmd, &fl);
}

static const char *type_name(int type) {
  return type == F_RDLCK ? "F_RDLCK" : type == F_WRLCK ? "F_WRLCK" : type == F_UNLCK ? "F_UNLCK" : "?";
}

/* --- A helper process, driven through two pipes --- */

struct proc {
  pid_t pid;
  int to;   /* commands to it; closing it tells it to exit */
  int from; /* its reports */
};

/* A byte from fd within timeout_ms; -1 on timeout or EOF. 'S' bytes (a
 * signal handler's "I ran") are skipped unless wanted. */
static int read_byte(int fd, int timeout_ms, bool skip_signals) {
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    unsigned char c;
    if (read(fd, &c, 1) != 1) return -1;
    if (skip_signals && c == 'S') continue;
    return c;
  }
}

static void send_byte(int fd, char c) {
  if (write(fd, &c, 1) != 1) {
    /* the other end is gone: whoever waits for its answer fails */
  }
}

/* Forks a child running body(in, out, arg) with only stdio and its pipes
 * open (so it shares no open file description with us), then _exit(0). */
static void proc_start(struct proc *p, void (*body)(int in, int out, void *arg), void *arg) {
  int down[2], up[2];
  if (pipe(down) < 0 || pipe(up) < 0) tt_die("pipe");
  fflush(stdout);
  p->pid = fork();
  if (p->pid < 0) tt_die("fork");
  if (p->pid == 0) {
    for (int fd = 3; fd < 256; fd++)
      if (fd != down[0] && fd != up[1]) close(fd);
    body(down[0], up[1], arg);
    _exit(0);
  }
  close(down[0]);
  close(up[1]);
  p->to = down[1];
  p->from = up[0];
}

/* Waits for the report byte `want` (10 s at most); false and a reason in
 * why otherwise. An 'E' report carries an errno byte. */
static bool proc_expect(struct proc *p, int want, char *why, size_t why_size) {
  int c = read_byte(p->from, 10000, want != 'S');
  if (c == want) return true;
  if (c == 'E') {
    int e = read_byte(p->from, 1000, false);
    snprintf(why, why_size, "expected '%c', the child failed with %s", want, tt_errno_name(e));
  } else if (c < 0) {
    snprintf(why, why_size, "expected '%c', got nothing in 10 s", want);
  } else {
    snprintf(why, why_size, "expected '%c', got '%c'", want, c);
  }
  return false;
}

/* Nothing reported for ms milliseconds (a waiter still waiting). */
static bool proc_quiet(struct proc *p, int ms) { return read_byte(p->from, ms, true) < 0; }

/* Tells it to exit and reaps it: true if it exited 0. */
static bool proc_stop(struct proc *p) {
  close(p->to);
  int status = tt_wait_timeout(p->pid, 10);
  close(p->from);
  return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* What a locking child does. */
enum lock_kind { KIND_FCNTL, KIND_FLOCK, KIND_LOCKF };
enum interruption { NO_SIGNAL, SIGNAL_EINTR, SIGNAL_RESTART };
struct lock_job {
  const char *path;
  int open_flags;
  enum lock_kind kind;
  int cmd;     /* fcntl: F_SETLK, F_SETLKW, F_OFD_*; flock: the operation; lockf: the command */
  short type;  /* fcntl */
  off_t start; /* fcntl: from SEEK_SET; lockf: lseek there first */
  off_t len;
  enum interruption signals;
  bool unlock_on_failure; /* (deadlock) let go of everything when the lock fails */
};

static int report_fd = -1;
static void report_signal(int sig) {
  (void)sig;
  if (report_fd >= 0) send_byte(report_fd, 'S');
}

static int take_lock(int fd, const struct lock_job *job) {
  switch (job->kind) {
    case KIND_FCNTL: {
      struct flock fl = make_flock(job->type, SEEK_SET, job->start, job->len);
      return fcntl(fd, job->cmd, &fl);
    }
    case KIND_FLOCK:
      return flock(fd, job->cmd);
    case KIND_LOCKF:
      if (lseek(fd, job->start, SEEK_SET) < 0) return -1;
      return lockf(fd, job->cmd, job->len);
  }
  return -1;
}

static void unlock_all(int fd, const struct lock_job *job) {
  if (job->kind == KIND_FLOCK) {
    flock(fd, LOCK_UN);
  } else {
    int cmd = job->kind == KIND_FCNTL && (job->cmd == F_OFD_SETLK || job->cmd == F_OFD_SETLKW) ? F_OFD_SETLK : F_SETLK;
    lock_range(fd, cmd, F_UNLCK, 0, 0);
  }
}

/* Opens, reports 'T', locks (perhaps with a timer interrupting it), reports
 * 'L' or 'E' errno; then obeys: 'U' unlock everything, report 'u'; 'C'
 * close the descriptor, report 'c'; EOF: exit. */
static void lock_body(int in, int out, void *arg) {
  const struct lock_job *job = arg;
  int fd = open(job->path, job->open_flags ? job->open_flags : O_RDWR);
  if (fd < 0) {
    send_byte(out, 'E');
    send_byte(out, (char)errno);
    return;
  }
  if (job->signals != NO_SIGNAL) {
    report_fd = job->signals == SIGNAL_RESTART ? out : -1;
    sigset_t none;
    sigemptyset(&none);
    tt_handle(SIGALRM, report_signal, job->signals == SIGNAL_RESTART ? SA_RESTART : 0, none);
    struct tt_itimerval every = {{0, 50000}, {0, 50000}};
    tt_setitimer(TT_ITIMER_REAL, &every, NULL);
  }
  send_byte(out, 'T');
  int r = take_lock(fd, job);
  int e = errno;
  if (job->signals != NO_SIGNAL) {
    struct tt_itimerval off = {{0, 0}, {0, 0}};
    tt_setitimer(TT_ITIMER_REAL, &off, NULL);
  }
  if (r == 0) {
    send_byte(out, 'L');
  } else {
    if (job->unlock_on_failure) unlock_all(fd, job);
    send_byte(out, 'E');
    send_byte(out, (char)e);
  }
  char c;
  while (read(in, &c, 1) == 1) {
    if (c == 'U') {
      unlock_all(fd, job);
      send_byte(out, 'u');
    } else if (c == 'C') {
      close(fd);
      send_byte(out, 'c');
    } else if (c == 'G') {
      /* the deadlock test's second lock: byte 0, waiting */
      struct flock fl = make_flock(F_WRLCK, SEEK_SET, 0, 1);
      if (fcntl(fd, F_SETLKW, &fl) == 0) {
        send_byte(out, 'L');
      } else {
        e = errno;
        unlock_all(fd, job);
        send_byte(out, 'E');
        send_byte(out, (char)e);
      }
    }
  }
}

static struct lock_job fcntl_job(const char *path, int cmd, short type, off_t start, off_t len) {
  struct lock_job job;
  memset(&job, 0, sizeof job);
  job.path = path;
  job.kind = KIND_FCNTL;
  job.cmd = cmd;
  job.type = type;
  job.start = start;
  job.len = len;
  return job;
}

static struct lock_job flock_job(const char *path, int operation) {
  struct lock_job job;
  memset(&job, 0, sizeof job);
  job.path = path;
  job.kind = KIND_FLOCK;
  job.cmd = operation;
  return job;
}

/* Starts a child holding a lock; false (and FAIL id) if it could not. */
static bool start_holder(const char *id, struct proc *p, struct lock_job *job) {
  proc_start(p, lock_body, job);
  char why[128];
  if (proc_expect(p, 'T', why, sizeof why) && proc_expect(p, 'L', why, sizeof why)) return true;
  tt_fail(id, "setting up the holder: %s", why);
  proc_stop(p);
  return false;
}

/* --- Probes: F_GETLK from a process of its own --- */

struct probe {
  int cmd; /* F_GETLK or F_OFD_GETLK */
  short type;
  off_t start, len;
  struct flock result;
  int error;
};

/* Runs F_GETLK (type, [start, start+len)) in a new process with a new open
 * of path, so nothing of ours is its own. */
static bool probe_lock(const char *path, struct probe *q) {
  int fds[2];
  if (pipe(fds) < 0) tt_die("pipe");
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) tt_die("fork");
  if (pid == 0) {
    close(fds[0]);
    int fd = open(path, O_RDONLY);
    struct flock fl = make_flock(q->type, SEEK_SET, q->start, q->len);
    int r = fd < 0 ? -1 : fcntl(fd, q->cmd ? q->cmd : F_GETLK, &fl);
    int e = r < 0 ? errno : 0;
    if (write(fds[1], &e, sizeof e) != (ssize_t)sizeof e || write(fds[1], &fl, sizeof fl) != (ssize_t)sizeof fl)
      _exit(1);
    _exit(0);
  }
  close(fds[1]);
  bool ok = read(fds[0], &q->error, sizeof q->error) == (ssize_t)sizeof q->error &&
            read(fds[0], &q->result, sizeof q->result) == (ssize_t)sizeof q->result;
  close(fds[0]);
  int status = tt_wait_timeout(pid, 10);
  return ok && status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Checks that another process asking for type over [start, start+len) sees
 * the lock (want_type, want_start, want_len, want_pid), or F_UNLCK. */
static void expect_probe(const char *id, const char *path, short type, off_t start, off_t len, short want_type,
                         off_t want_start, off_t want_len, pid_t want_pid) {
  struct probe q = {F_GETLK, type, start, len, {0}, 0};
  if (!probe_lock(path, &q)) {
    tt_fail(id, "the probing process failed");
    return;
  }
  if (q.error) {
    tt_fail(id, "F_GETLK: %s", tt_errno_name(q.error));
    return;
  }
  const struct flock *r = &q.result;
  if (want_type == F_UNLCK) {
    TT_CHECK(id, r->l_type == F_UNLCK, "F_GETLK %s at %ld+%ld: expected F_UNLCK, got %s %ld+%ld pid %d",
             type_name(type), (long)start, (long)len, type_name(r->l_type), (long)r->l_start, (long)r->l_len,
             (int)r->l_pid);
    return;
  }
  TT_CHECK(id,
           r->l_type == want_type && r->l_whence == SEEK_SET && r->l_start == want_start && r->l_len == want_len &&
               r->l_pid == want_pid,
           "F_GETLK %s at %ld+%ld: expected %s %ld+%ld pid %d, got %s whence %d %ld+%ld pid %d", type_name(type),
           (long)start, (long)len, type_name(want_type), (long)want_start, (long)want_len, (int)want_pid,
           type_name(r->l_type), r->l_whence, (long)r->l_start, (long)r->l_len, (int)r->l_pid);
}

/* ======================= POSIX record locks ======================= */

static void posix_conflicts(void *unused) {
  (void)unused;
  const char *path = new_file("conflicts");
  struct lock_job job = fcntl_job(path, F_SETLK, F_WRLCK, 0, 50);
  struct proc holder;
  if (!start_holder("lock.posix.conflict_eagain", &holder, &job)) return;
  int fd = open_or_die(path, O_RDWR);
  tt_expect_errno("lock.posix.conflict_eagain", lock_range(fd, F_SETLK, F_WRLCK, 40, 20), EAGAIN);
  tt_expect_errno("lock.posix.read_conflicts_with_write", lock_range(fd, F_SETLK, F_RDLCK, 49, 1), EAGAIN);
  TT_CHECK("lock.posix.outside_the_range_no_conflict", lock_range(fd, F_SETLK, F_WRLCK, 50, 10) == 0,
           "F_SETLK [50,60) beside [0,50): %s", strerror(errno));

  struct flock fl = make_flock(F_RDLCK, SEEK_SET, 0, 0);
  int r = fcntl(fd, F_GETLK, &fl);
  TT_CHECK("lock.posix.getlk_reports_holder",
           r == 0 && fl.l_type == F_WRLCK && fl.l_whence == SEEK_SET && fl.l_start == 0 && fl.l_len == 50 &&
               fl.l_pid == holder.pid,
           "F_GETLK = %d: %s whence %d %ld+%ld pid %d (holder %d)", r, type_name(fl.l_type), fl.l_whence,
           (long)fl.l_start, (long)fl.l_len, (int)fl.l_pid, (int)holder.pid);
  /* One's own locks are never reported: [50,60) is ours. */
  fl = make_flock(F_WRLCK, SEEK_SET, 50, 10);
  r = fcntl(fd, F_GETLK, &fl);
  TT_CHECK("lock.posix.getlk_own_lock_invisible", r == 0 && fl.l_type == F_UNLCK, "F_GETLK = %d, l_type %s", r,
           type_name(fl.l_type));
  /* No conflict: l_type F_UNLCK, and the rest as it was given. */
  fl = make_flock(F_WRLCK, SEEK_CUR, 70, 5);
  fl.l_pid = 4242;
  r = fcntl(fd, F_GETLK, &fl);
  TT_CHECK("lock.posix.getlk_free_leaves_the_rest",
           r == 0 && fl.l_type == F_UNLCK && fl.l_whence == SEEK_CUR && fl.l_start == 70 && fl.l_len == 5 &&
               fl.l_pid == 4242,
           "F_GETLK = %d: %s whence %d %ld+%ld pid %d", r, type_name(fl.l_type), fl.l_whence, (long)fl.l_start,
           (long)fl.l_len, (int)fl.l_pid);

  /* The holder unlocks: ours now. */
  char why[128];
  send_byte(holder.to, 'U');
  if (proc_expect(&holder, 'u', why, sizeof why))
    TT_CHECK("lock.posix.free_after_unlock", lock_range(fd, F_SETLK, F_WRLCK, 0, 50) == 0, "F_SETLK: %s",
             strerror(errno));
  else tt_fail("lock.posix.free_after_unlock", "%s", why);
  proc_stop(&holder);
  close(fd);
}

static void posix_read_locks_share(void *unused) {
  (void)unused;
  const char *path = new_file("shared");
  struct lock_job job = fcntl_job(path, F_SETLK, F_RDLCK, 0, 100);
  struct proc holder;
  if (!start_holder("lock.posix.read_locks_share", &holder, &job)) return;
  int fd = open_or_die(path, O_RDWR);
  TT_CHECK("lock.posix.read_locks_share", lock_range(fd, F_SETLK, F_RDLCK, 10, 10) == 0, "F_SETLK F_RDLCK: %s",
           strerror(errno));
  tt_expect_errno("lock.posix.write_over_read_eagain", lock_range(fd, F_SETLK, F_WRLCK, 0, 1), EAGAIN);
  /* Our own read lock may not become a write lock over the other's either. */
  tt_expect_errno("lock.posix.upgrade_over_other_read_eagain", lock_range(fd, F_SETLK, F_WRLCK, 10, 10), EAGAIN);
  proc_stop(&holder);
  TT_CHECK("lock.posix.released_at_exit", lock_range(fd, F_SETLK, F_WRLCK, 0, 0) == 0,
           "F_SETLK after the holder exited: %s", strerror(errno));
  close(fd);
}

static void posix_ranges(void *unused) {
  (void)unused;
  pid_t me = getpid();
  const char *path = new_file("ranges");
  int fd = open_or_die(path, O_RDWR);

  /* Length 0: to the end of the file and beyond (reported as 0). */
  if (lock_range(fd, F_SETLK, F_WRLCK, 200, 0) != 0) tt_die("F_SETLK");
  expect_probe("lock.posix.len0_to_eof_and_beyond", path, F_RDLCK, 1000000, 1, F_WRLCK, 200, 0, me);
  /* Negative length: the bytes before l_start. */
  struct flock fl = make_flock(F_WRLCK, SEEK_SET, 10, -5);
  TT_CHECK("lock.posix.negative_len_accepted", fcntl(fd, F_SETLK, &fl) == 0, "l_start 10 l_len -5: %s",
           strerror(errno));
  expect_probe("lock.posix.negative_len_covers_before", path, F_RDLCK, 0, 10, F_WRLCK, 5, 5, me);
  expect_probe("lock.posix.negative_len_excludes_start", path, F_WRLCK, 10, 1, F_UNLCK, 0, 0, 0);
  /* SEEK_CUR counts from the offset, SEEK_END from the size (100). */
  lseek(fd, 40, SEEK_SET);
  fl = make_flock(F_RDLCK, SEEK_CUR, 2, 3);
  TT_CHECK("lock.posix.seek_cur_accepted", fcntl(fd, F_SETLK, &fl) == 0, "%s", strerror(errno));
  expect_probe("lock.posix.seek_cur_from_offset", path, F_WRLCK, 30, 20, F_RDLCK, 42, 3, me);
  fl = make_flock(F_WRLCK, SEEK_END, -10, 5);
  TT_CHECK("lock.posix.seek_end_accepted", fcntl(fd, F_SETLK, &fl) == 0, "%s", strerror(errno));
  expect_probe("lock.posix.seek_end_from_size", path, F_RDLCK, 50, 100, F_WRLCK, 90, 5, me);
  /* The very last byte an off_t can name. */
  fl = make_flock(F_WRLCK, SEEK_SET, LLONG_MAX, 1);
  TT_CHECK("lock.posix.last_byte", fcntl(fd, F_SETLK, &fl) == 0, "l_start LLONG_MAX l_len 1: %s", strerror(errno));
  close(fd);
}

static void posix_split_and_merge(void *unused) {
  (void)unused;
  pid_t me = getpid();
  const char *path = new_file("split");
  int fd = open_or_die(path, O_RDWR);
  if (lock_range(fd, F_SETLK, F_WRLCK, 0, 100) != 0) tt_die("F_SETLK");
  /* A read lock in the middle splits the write lock in three. */
  TT_CHECK("lock.posix.split_read_in_write", lock_range(fd, F_SETLK, F_RDLCK, 40, 20) == 0, "%s", strerror(errno));
  expect_probe("lock.posix.split_left_part", path, F_WRLCK, 0, 1, F_WRLCK, 0, 40, me);
  expect_probe("lock.posix.split_middle_read", path, F_WRLCK, 50, 1, F_RDLCK, 40, 20, me);
  expect_probe("lock.posix.split_right_part", path, F_WRLCK, 70, 1, F_WRLCK, 60, 40, me);
  expect_probe("lock.posix.split_middle_shared", path, F_RDLCK, 40, 20, F_UNLCK, 0, 0, 0);
  /* Write again over the middle: one lock again. */
  TT_CHECK("lock.posix.merge_back", lock_range(fd, F_SETLK, F_WRLCK, 40, 20) == 0, "%s", strerror(errno));
  expect_probe("lock.posix.merged_into_one", path, F_RDLCK, 99, 1, F_WRLCK, 0, 100, me);
  /* Touching locks of one type merge. */
  if (lock_range(fd, F_SETLK, F_WRLCK, 100, 50) != 0) tt_die("F_SETLK");
  expect_probe("lock.posix.adjacent_merge", path, F_RDLCK, 0, 0, F_WRLCK, 0, 150, me);
  /* Unlock in the middle. */
  TT_CHECK("lock.posix.unlock_middle", lock_range(fd, F_SETLK, F_UNLCK, 50, 50) == 0, "%s", strerror(errno));
  expect_probe("lock.posix.unlock_middle_hole", path, F_WRLCK, 50, 50, F_UNLCK, 0, 0, 0);
  expect_probe("lock.posix.unlock_middle_right", path, F_WRLCK, 50, 0, F_WRLCK, 100, 50, me);
  /* Convert all of it to read. */
  TT_CHECK("lock.posix.convert_to_read", lock_range(fd, F_SETLK, F_RDLCK, 0, 150) == 0, "%s", strerror(errno));
  expect_probe("lock.posix.converted_shares", path, F_RDLCK, 0, 0, F_UNLCK, 0, 0, 0);
  expect_probe("lock.posix.converted_whole", path, F_WRLCK, 0, 0, F_RDLCK, 0, 150, me);
  TT_CHECK("lock.posix.unlock_everything", lock_range(fd, F_SETLK, F_UNLCK, 0, 0) == 0, "%s", strerror(errno));
  expect_probe("lock.posix.all_gone", path, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
  TT_CHECK("lock.posix.unlock_unlocked_ok", lock_range(fd, F_SETLK, F_UNLCK, 0, 10) == 0, "%s", strerror(errno));

  /* Many records (every other byte), all released by one close. */
  bool all = true;
  for (int i = 0; i < 2000 && all; i++) all = lock_range(fd, F_SETLK, i % 4 ? F_RDLCK : F_WRLCK, 2 * i, 1) == 0;
  TT_CHECK("lock.posix.two_thousand_locks", all, "F_SETLK: %s", strerror(errno));
  expect_probe("lock.posix.two_thousand_first", path, F_WRLCK, 0, 0, F_WRLCK, 0, 1, me);
  close(fd);
  expect_probe("lock.posix.two_thousand_released_by_close", path, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
}

static void posix_close_rules(void *unused) {
  (void)unused;
  pid_t me = getpid();
  const char *path = new_file("close");
  int fd = open_or_die(path, O_RDWR);
  if (lock_range(fd, F_SETLK, F_WRLCK, 0, 10) != 0) tt_die("F_SETLK");
  /* Another open of the same file, closed: the lock goes (fcntl(2): "If a
   * process closes any file descriptor referring to a file, then all of the
   * process's locks on that file are released"). */
  int other = open_or_die(path, O_RDONLY);
  expect_probe("lock.posix.held_while_other_fd_open", path, F_WRLCK, 0, 1, F_WRLCK, 0, 10, me);
  close(other);
  expect_probe("lock.posix.close_any_fd_releases", path, F_WRLCK, 0, 1, F_UNLCK, 0, 0, 0);
  /* Through a dup, likewise. */
  if (lock_range(fd, F_SETLK, F_WRLCK, 0, 10) != 0) tt_die("F_SETLK");
  close(dup(fd));
  expect_probe("lock.posix.close_dup_releases", path, F_WRLCK, 0, 1, F_UNLCK, 0, 0, 0);
  /* dup2 over a descriptor for the file closes it: released too. */
  if (lock_range(fd, F_SETLK, F_WRLCK, 0, 10) != 0) tt_die("F_SETLK");
  int extra = open_or_die(path, O_RDONLY);
  int null_fd = open_or_die("/dev/null", O_RDONLY);
  dup2(null_fd, extra);
  expect_probe("lock.posix.dup2_over_fd_releases", path, F_WRLCK, 0, 1, F_UNLCK, 0, 0, 0);
  close(extra);
  close(null_fd);
  /* Closing a descriptor for another file releases nothing here. */
  if (lock_range(fd, F_SETLK, F_WRLCK, 0, 10) != 0) tt_die("F_SETLK");
  close(open_or_die(new_file("close_other"), O_RDONLY));
  expect_probe("lock.posix.other_file_close_keeps", path, F_WRLCK, 0, 1, F_WRLCK, 0, 10, me);
  close(fd);
}

/* A child of the lock holder: sees the parent's lock and cannot take it. */
static void fork_child_checks(void *arg) {
  int fd = *(int *)arg;
  pid_t parent = getppid();
  struct flock fl = make_flock(F_WRLCK, SEEK_SET, 0, 0);
  int r = fcntl(fd, F_GETLK, &fl);
  TT_CHECK("lock.posix.not_inherited_by_fork", r == 0 && fl.l_type == F_WRLCK && fl.l_pid == parent,
           "the child's F_GETLK on the inherited fd = %d: %s pid %d (parent %d)", r, type_name(fl.l_type),
           (int)fl.l_pid, (int)parent);
  tt_expect_errno("lock.posix.fork_child_conflicts", lock_range(fd, F_SETLK, F_RDLCK, 5, 1), EAGAIN);
  /* The child closing its copy releases nothing of the parent's. */
  close(fd);
}

static void posix_fork(void *unused) {
  (void)unused;
  const char *path = new_file("fork");
  int fd = open_or_die(path, O_RDWR);
  if (lock_range(fd, F_SETLK, F_WRLCK, 0, 10) != 0) tt_die("F_SETLK");
  tt_run_in_child("lock.posix.fork_child", fork_child_checks, &fd, 10);
  expect_probe("lock.posix.child_close_keeps_parents", path, F_WRLCK, 0, 1, F_WRLCK, 0, 10, getpid());
  close(fd);
}

/* execve keeps the process's locks, unless the descriptor was
 * close-on-exec (then its close releases them). */
static void posix_execve(void *unused) {
  (void)unused;
  for (int cloexec = 0; cloexec <= 1; cloexec++) {
    const char *id = cloexec ? "lock.posix.cloexec_close_at_execve_releases" : "lock.posix.survive_execve";
    const char *path = new_file(cloexec ? "exec_cloexec" : "exec");
    int up[2], down[2];
    if (pipe(up) < 0 || pipe(down) < 0) tt_die("pipe");
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) tt_die("fork");
    if (pid == 0) {
      close(up[0]);
      close(down[1]);
      int fd = open(path, O_RDWR | (cloexec ? O_CLOEXEC : 0));
      if (fd < 0 || lock_range(fd, F_SETLK, F_WRLCK, 0, 10) != 0) _exit(2);
      char ready[16], wait_fd[16];
      snprintf(ready, sizeof ready, "%d", up[1]);
      snprintf(wait_fd, sizeof wait_fd, "%d", down[0]);
      char *argv[] = {(char *)tt_self_path(), "--exec-holder", ready, wait_fd, NULL};
      execv(argv[0], argv);
      _exit(3);
    }
    close(up[1]);
    close(down[0]);
    int c = read_byte(up[0], 10000, false);
    if (c != 'X') {
      tt_fail(id, "the re-executed holder did not start (%d)", c);
    } else if (cloexec) {
      expect_probe(id, path, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
    } else {
      expect_probe(id, path, F_WRLCK, 0, 0, F_WRLCK, 0, 10, pid);
    }
    close(down[1]);
    close(up[0]);
    tt_wait_timeout(pid, 10);
  }
}

/* The program re-executed by posix_execve: says 'X', waits for EOF. */
static int exec_holder(char **argv) {
  int ready = atoi(argv[2]), wait_fd = atoi(argv[3]);
  send_byte(ready, 'X');
  char c;
  while (read(wait_fd, &c, 1) == 1) {
  }
  return 0;
}

static void posix_setlkw(void *unused) {
  (void)unused;
  const char *path = new_file("setlkw");
  char why[160];
  /* Held by one child; another waits in F_SETLKW; unlock wakes it. */
  struct lock_job hold = fcntl_job(path, F_SETLK, F_WRLCK, 0, 10);
  struct proc holder;
  if (!start_holder("lock.posix.setlkw_waits_then_gets", &holder, &hold)) return;
  struct lock_job wait = fcntl_job(path, F_SETLKW, F_WRLCK, 5, 10);
  struct proc waiter;
  proc_start(&waiter, lock_body, &wait);
  if (!proc_expect(&waiter, 'T', why, sizeof why)) {
    tt_fail("lock.posix.setlkw_waits_then_gets", "%s", why);
  } else {
    TT_CHECK("lock.posix.setlkw_blocks_while_held", proc_quiet(&waiter, 200),
             "F_SETLKW returned while the conflicting lock was held");
    send_byte(holder.to, 'U');
    TT_CHECK("lock.posix.setlkw_waits_then_gets", proc_expect(&waiter, 'L', why, sizeof why), "%s", why);
    expect_probe("lock.posix.setlkw_lock_is_the_waiters", path, F_RDLCK, 0, 0, F_WRLCK, 5, 10, waiter.pid);
  }
  proc_stop(&waiter);
  proc_stop(&holder);

  /* The holder's exit wakes a waiter too. */
  if (!start_holder("lock.posix.exit_wakes_waiter", &holder, &hold)) return;
  proc_start(&waiter, lock_body, &wait);
  if (proc_expect(&waiter, 'T', why, sizeof why)) {
    proc_stop(&holder);
    TT_CHECK("lock.posix.exit_wakes_waiter", proc_expect(&waiter, 'L', why, sizeof why), "%s", why);
  } else {
    tt_fail("lock.posix.exit_wakes_waiter", "%s", why);
    proc_stop(&holder);
  }
  proc_stop(&waiter);

  /* Four waiters for one lock: each gets it in turn. */
  const char *many_path = new_file("many");
  struct lock_job many_hold = fcntl_job(many_path, F_SETLK, F_WRLCK, 0, 0);
  if (!start_holder("lock.posix.four_waiters_all_served", &holder, &many_hold)) return;
  struct lock_job many_wait = fcntl_job(many_path, F_SETLKW, F_WRLCK, 0, 0);
  struct proc waiters[4];
  bool started = true;
  for (int i = 0; i < 4; i++) {
    proc_start(&waiters[i], lock_body, &many_wait);
    started = started && proc_expect(&waiters[i], 'T', why, sizeof why);
  }
  proc_stop(&holder);
  /* Exactly one holds it at a time; each, let go (it exits), lets the next in. */
  int served = 0;
  while (started && served < 4) {
    struct pollfd p[4];
    int n = 0, map[4];
    for (int i = 0; i < 4; i++) {
      if (!waiters[i].pid) continue;
      p[n].fd = waiters[i].from;
      p[n].events = POLLIN;
      p[n].revents = 0;
      map[n++] = i;
    }
    if (poll(p, (nfds_t)n, 10000) <= 0) break;
    int got = -1;
    for (int k = 0; k < n && got < 0; k++)
      if (p[k].revents && read_byte(p[k].fd, 0, true) == 'L') got = map[k];
    if (got < 0) break;
    served++;
    proc_stop(&waiters[got]);
    waiters[got].pid = 0;
  }
  TT_CHECK("lock.posix.four_waiters_all_served", served == 4, "%d of 4 waiters got the lock", served);
  for (int i = 0; i < 4; i++)
    if (waiters[i].pid) proc_stop(&waiters[i]);
}

static void posix_deadlock(void *unused) {
  (void)unused;
  const char *path = new_file("deadlock");
  char why[160];
  int fd = open_or_die(path, O_RDWR);
  if (lock_range(fd, F_SETLK, F_WRLCK, 0, 1) != 0) tt_die("F_SETLK byte 0");
  /* The child holds byte 1, then (on 'G') waits for byte 0; we wait for
   * byte 1. Whichever of us asks second closes the cycle: EDEADLK. */
  struct lock_job job = fcntl_job(path, F_SETLK, F_WRLCK, 1, 1);
  struct proc child;
  if (!start_holder("lock.posix.deadlock_edeadlk", &child, &job)) return;
  send_byte(child.to, 'G');
  sigset_t none;
  sigemptyset(&none);
  tt_handle(SIGALRM, tt_counting_handler, 0, none);
  alarm(20); /* a hang becomes EINTR and a FAIL */
  int r = lock_range(fd, F_SETLKW, F_WRLCK, 1, 1);
  int e = errno;
  alarm(0);
  if (r == 0) {
    /* We waited; the child's request found the cycle, gave up its lock. */
    int c = read_byte(child.from, 10000, false);
    int ce = c == 'E' ? read_byte(child.from, 1000, false) : 0;
    TT_CHECK("lock.posix.deadlock_edeadlk", c == 'E' && ce == EDEADLK,
             "we got the lock; the child answered '%c' %s, expected EDEADLK", c, tt_errno_name(ce));
  } else if (e == EDEADLK) {
    /* We asked second: let go of byte 0, and the child gets it. */
    lock_range(fd, F_SETLK, F_UNLCK, 0, 1);
    TT_CHECK("lock.posix.deadlock_edeadlk", proc_expect(&child, 'L', why, sizeof why),
             "we got EDEADLK, but the child: %s", why);
  } else {
    tt_fail("lock.posix.deadlock_edeadlk", "F_SETLKW = %d, %s; expected 0 or EDEADLK", r, tt_errno_name(e));
  }
  proc_stop(&child);
  close(fd);
}

static void posix_signals(void *unused) {
  (void)unused;
  const char *path = new_file("signals");
  char why[160];
  struct lock_job hold = fcntl_job(path, F_SETLK, F_WRLCK, 0, 0);
  struct proc holder;
  if (!start_holder("lock.posix.setlkw_eintr", &holder, &hold)) return;

  /* A handler without SA_RESTART: EINTR. */
  struct lock_job wait = fcntl_job(path, F_SETLKW, F_WRLCK, 0, 1);
  wait.signals = SIGNAL_EINTR;
  struct proc waiter;
  proc_start(&waiter, lock_body, &wait);
  bool ok = proc_expect(&waiter, 'T', why, sizeof why);
  int c = ok ? read_byte(waiter.from, 10000, true) : -1;
  int e = c == 'E' ? read_byte(waiter.from, 1000, false) : 0;
  TT_CHECK("lock.posix.setlkw_eintr", c == 'E' && e == EINTR, "expected EINTR, got '%c' %s", c, tt_errno_name(e));
  proc_stop(&waiter);

  /* With SA_RESTART the wait goes on through the handlers (signal(7)),
   * until the lock is free. */
  wait.signals = SIGNAL_RESTART;
  proc_start(&waiter, lock_body, &wait);
  ok = proc_expect(&waiter, 'T', why, sizeof why);
  for (int i = 0; i < 3 && ok; i++) ok = proc_expect(&waiter, 'S', why, sizeof why);
  if (!ok) {
    tt_fail("lock.posix.setlkw_sa_restart_restarts", "%s", why);
  } else {
    send_byte(holder.to, 'U');
    ok = proc_expect(&holder, 'u', why, sizeof why);
    TT_CHECK("lock.posix.setlkw_sa_restart_restarts", ok && proc_expect(&waiter, 'L', why, sizeof why), "%s", why);
  }
  proc_stop(&waiter);
  proc_stop(&holder);

  /* A waiter killed by SIGKILL leaves nothing behind: the lock can be taken
   * and waited for again. */
  if (!start_holder("lock.posix.sigkill_while_waiting", &holder, &hold)) return;
  struct lock_job wait_plain = fcntl_job(path, F_SETLKW, F_WRLCK, 0, 1);
  proc_start(&waiter, lock_body, &wait_plain);
  ok = proc_expect(&waiter, 'T', why, sizeof why) && proc_quiet(&waiter, 100);
  kill(waiter.pid, SIGKILL);
  int status = tt_wait_timeout(waiter.pid, 10);
  close(waiter.to);
  close(waiter.from);
  bool killed = status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  proc_start(&waiter, lock_body, &wait_plain);
  ok = ok && killed && proc_expect(&waiter, 'T', why, sizeof why);
  send_byte(holder.to, 'U');
  TT_CHECK("lock.posix.sigkill_while_waiting", ok && proc_expect(&waiter, 'L', why, sizeof why), "killed: %s; %s",
           tt_status_str(status), why);
  proc_stop(&waiter);
  proc_stop(&holder);
}

/* The coursework pattern: a counter in a file, incremented by forked
 * processes under a lock. */
static void count_with_fcntl(int fd, int rounds, bool use_flock) {
  for (int i = 0; i < rounds; i++) {
    if (use_flock ? flock(fd, LOCK_EX) != 0 : lock_range(fd, F_SETLKW, F_WRLCK, 0, 0) != 0) _exit(2);
    char buf[32] = {0};
    if (pread(fd, buf, sizeof buf - 1, 0) < 0) _exit(3);
    int n = atoi(buf);
    /* Give the scheduler a chance to interleave us. */
    if (i % 16 == 0) sched_yield();
    int len = snprintf(buf, sizeof buf, "%d\n", n + 1);
    if (pwrite(fd, buf, (size_t)len, 0) != len) _exit(4);
    if (use_flock ? flock(fd, LOCK_UN) != 0 : lock_range(fd, F_SETLK, F_UNLCK, 0, 0) != 0) _exit(5);
  }
}

static void counter_file(const char *id, bool use_flock) {
  const char *path = new_file(use_flock ? "counter_flock" : "counter");
  if (!tt_write_file(path, "0\n", 0644)) tt_die("write the counter");
  enum { kChildren = 4, kRounds = 100 };
  pid_t pids[kChildren];
  fflush(stdout);
  for (int i = 0; i < kChildren; i++) {
    pids[i] = fork();
    if (pids[i] < 0) tt_die("fork");
    if (pids[i] == 0) {
      int fd = open(path, O_RDWR);
      if (fd < 0) _exit(1);
      count_with_fcntl(fd, kRounds, use_flock);
      _exit(0);
    }
  }
  bool all_ok = true;
  for (int i = 0; i < kChildren; i++) {
    int status = tt_wait_timeout(pids[i], 60);
    if (!(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)) all_ok = false;
  }
  char buf[32] = {0};
  tt_read_file(path, buf, sizeof buf);
  TT_CHECK(id, all_ok && atoi(buf) == kChildren * kRounds, "children ok: %d, counter %d (expected %d)", all_ok,
           atoi(buf), kChildren * kRounds);
}

static void posix_counter(void *unused) {
  (void)unused;
  counter_file("lock.posix.counter_file", false);
}

static void posix_errors(void *unused) {
  (void)unused;
  const char *path = new_file("errors");
  int rd = open_or_die(path, O_RDONLY);
  int wr = open_or_die(path, O_WRONLY);
  int rw = open_or_die(path, O_RDWR);
  /* fcntl(2): EBADF when the open mode does not match the lock type. */
  tt_expect_errno("lock.posix.ebadf_read_lock_on_wronly", lock_range(wr, F_SETLK, F_RDLCK, 0, 1), EBADF);
  tt_expect_errno("lock.posix.ebadf_write_lock_on_rdonly", lock_range(rd, F_SETLK, F_WRLCK, 0, 1), EBADF);
  tt_expect_errno("lock.posix.ebadf_setlkw_mode", lock_range(rd, F_SETLKW, F_WRLCK, 0, 1), EBADF);
  TT_CHECK("lock.posix.read_lock_on_rdonly", lock_range(rd, F_SETLK, F_RDLCK, 0, 1) == 0, "%s", strerror(errno));
  TT_CHECK("lock.posix.write_lock_on_wronly", lock_range(wr, F_SETLK, F_WRLCK, 10, 1) == 0, "%s", strerror(errno));
  TT_CHECK("lock.posix.unlock_needs_no_mode", lock_range(rd, F_SETLK, F_UNLCK, 10, 1) == 0, "%s", strerror(errno));
  /* F_GETLK needs no particular mode. */
  struct flock fl = make_flock(F_WRLCK, SEEK_SET, 0, 1);
  TT_CHECK("lock.posix.getlk_write_on_rdonly", fcntl(rd, F_GETLK, &fl) == 0, "%s", strerror(errno));
  tt_expect_errno("lock.posix.ebadf_closed_fd", lock_range(-1, F_SETLK, F_WRLCK, 0, 1), EBADF);
  fl = make_flock(F_WRLCK, SEEK_SET, 0, 1);
  tt_expect_errno("lock.posix.ebadf_getlk_closed_fd", fcntl(999, F_GETLK, &fl), EBADF);

  /* EINVAL: l_type, l_whence, a range before offset 0. */
  tt_expect_errno("lock.posix.einval_type", lock_range(rw, F_SETLK, 7, 0, 1), EINVAL);
  fl = make_flock(F_UNLCK, SEEK_SET, 0, 1);
  tt_expect_errno("lock.posix.einval_getlk_unlck", fcntl(rw, F_GETLK, &fl), EINVAL);
  fl = make_flock(F_WRLCK, 3, 0, 1);
  tt_expect_errno("lock.posix.einval_whence", fcntl(rw, F_SETLK, &fl), EINVAL);
  fl = make_flock(F_WRLCK, 3, 0, 1);
  tt_expect_errno("lock.posix.einval_getlk_whence", fcntl(rw, F_GETLK, &fl), EINVAL);
  tt_expect_errno("lock.posix.einval_start_negative", lock_range(rw, F_SETLK, F_WRLCK, -1, 1), EINVAL);
  fl = make_flock(F_WRLCK, SEEK_SET, 2, -3);
  tt_expect_errno("lock.posix.einval_negative_len_before_start", fcntl(rw, F_SETLK, &fl), EINVAL);
  fl = make_flock(F_WRLCK, SEEK_END, -101, 1);
  tt_expect_errno("lock.posix.einval_seek_end_before_start", fcntl(rw, F_SETLK, &fl), EINVAL);
  /* EOVERFLOW: a range past the largest off_t. */
  fl = make_flock(F_WRLCK, SEEK_SET, LLONG_MAX, 2);
  tt_expect_errno("lock.posix.eoverflow_len", fcntl(rw, F_SETLK, &fl), EOVERFLOW);
  fl = make_flock(F_WRLCK, SEEK_END, LLONG_MAX, 1);
  tt_expect_errno("lock.posix.eoverflow_seek_end", fcntl(rw, F_SETLK, &fl), EOVERFLOW);
  fl = make_flock(F_WRLCK, SEEK_END, LLONG_MAX, 1);
  tt_expect_errno("lock.posix.eoverflow_getlk", fcntl(rw, F_GETLK, &fl), EOVERFLOW);
  /* EFAULT: the struct is read (and for F_GETLK written) through the pointer. */
  tt_expect_errno("lock.posix.efault_setlk", fcntl(rw, F_SETLK, TT_LOW_PAGE), EFAULT);
  tt_expect_errno("lock.posix.efault_getlk_kernel", fcntl(rw, F_GETLK, TT_KERNEL_ADDR), EFAULT);
  tt_expect_errno("lock.posix.efault_setlkw_null", fcntl(rw, F_SETLKW, (struct flock *)NULL), EFAULT);
  tt_expect_errno("lock.posix.efault_unmapped", fcntl(rw, F_GETLK, tt_unmapped_page()), EFAULT);

  /* Any file can be locked; a pipe too (Linux: every inode). */
  int p[2];
  if (pipe(p) < 0) tt_die("pipe");
  TT_CHECK("lock.posix.on_pipe", lock_range(p[1], F_SETLK, F_WRLCK, 0, 0) == 0, "%s", strerror(errno));
  close(p[0]);
  close(p[1]);
  close(rd);
  close(wr);
  close(rw);
}

/* ================= Open file description locks ================= */

static void ofd_locks(void *unused) {
  (void)unused;
  const char *path = new_file("ofd");
  int a = open_or_die(path, O_RDWR);
  int b = open_or_die(path, O_RDWR);
  /* Two open file descriptions in one process conflict. */
  TT_CHECK("lock.ofd.setlk", lock_range(a, F_OFD_SETLK, F_WRLCK, 0, 10) == 0, "F_OFD_SETLK: %s", strerror(errno));
  tt_expect_errno("lock.ofd.conflicts_within_process", lock_range(b, F_OFD_SETLK, F_WRLCK, 5, 1), EAGAIN);
  /* ... and with POSIX locks, even through the same descriptor. */
  tt_expect_errno("lock.ofd.conflicts_with_posix_other_fd", lock_range(b, F_SETLK, F_RDLCK, 5, 1), EAGAIN);
  tt_expect_errno("lock.ofd.conflicts_with_posix_same_fd", lock_range(a, F_SETLK, F_RDLCK, 5, 1), EAGAIN);
  /* A dup shares the description, so the lock is its own. */
  int a2 = dup(a);
  TT_CHECK("lock.ofd.shared_by_dup", lock_range(a2, F_OFD_SETLK, F_RDLCK, 0, 5) == 0, "%s", strerror(errno));
  /* F_OFD_GETLK through b: the holder, with l_pid -1. */
  struct flock fl = make_flock(F_WRLCK, SEEK_SET, 0, 0);
  int r = fcntl(b, F_OFD_GETLK, &fl);
  TT_CHECK("lock.ofd.getlk_pid_minus_one",
           r == 0 && fl.l_type == F_RDLCK && fl.l_start == 0 && fl.l_len == 5 && fl.l_pid == -1,
           "F_OFD_GETLK = %d: %s %ld+%ld pid %d", r, type_name(fl.l_type), (long)fl.l_start, (long)fl.l_len,
           (int)fl.l_pid);
  expect_probe("lock.ofd.posix_getlk_sees_pid_minus_one", path, F_WRLCK, 5, 1, F_WRLCK, 5, 5, -1);
  /* Closing another descriptor (another description) releases nothing. */
  close(b);
  expect_probe("lock.ofd.other_close_keeps", path, F_WRLCK, 0, 1, F_RDLCK, 0, 5, -1);
  /* Closing one of two descriptors of the description releases nothing;
   * the last close does. */
  close(a);
  expect_probe("lock.ofd.kept_while_dup_open", path, F_WRLCK, 0, 1, F_RDLCK, 0, 5, -1);
  close(a2);
  expect_probe("lock.ofd.released_at_last_close", path, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);

  /* l_pid must be 0 (EINVAL), checked after the open mode (EBADF). */
  a = open_or_die(path, O_RDWR);
  fl = make_flock(F_WRLCK, SEEK_SET, 0, 1);
  fl.l_pid = 1;
  tt_expect_errno("lock.ofd.einval_pid_setlk", fcntl(a, F_OFD_SETLK, &fl), EINVAL);
  fl = make_flock(F_WRLCK, SEEK_SET, 0, 1);
  fl.l_pid = getpid();
  tt_expect_errno("lock.ofd.einval_pid_getlk", fcntl(a, F_OFD_GETLK, &fl), EINVAL);
  int rd = open_or_die(path, O_RDONLY);
  fl = make_flock(F_WRLCK, SEEK_SET, 0, 1);
  fl.l_pid = 1;
  tt_expect_errno("lock.ofd.ebadf_before_pid", fcntl(rd, F_OFD_SETLK, &fl), EBADF);
  tt_expect_errno("lock.ofd.efault", fcntl(a, F_OFD_SETLK, TT_LOW_PAGE), EFAULT);
  close(rd);
  close(a);
}

/* A forked child shares the parent's open file description, so its OFD
 * lock. */
static void ofd_fork_child(void *arg) {
  int fd = *(int *)arg;
  TT_CHECK("lock.ofd.shared_with_fork_child", lock_range(fd, F_OFD_SETLK, F_WRLCK, 0, 10) == 0,
           "the child's F_OFD_SETLK on the inherited fd: %s", strerror(errno));
  close(fd); /* the parent's copy keeps the description open */
}

static void ofd_fork_and_wait(void *unused) {
  (void)unused;
  const char *path = new_file("ofd_fork");
  int fd = open_or_die(path, O_RDWR);
  if (lock_range(fd, F_OFD_SETLK, F_WRLCK, 0, 10) != 0) tt_die("F_OFD_SETLK");
  tt_run_in_child("lock.ofd.fork_child", ofd_fork_child, &fd, 10);
  expect_probe("lock.ofd.child_close_keeps", path, F_WRLCK, 0, 1, F_WRLCK, 0, 10, -1);
  /* F_OFD_SETLKW waits for it, and gets it at our last close. */
  struct lock_job wait = fcntl_job(path, F_OFD_SETLKW, F_WRLCK, 0, 1);
  struct proc waiter;
  char why[160];
  proc_start(&waiter, lock_body, &wait);
  if (proc_expect(&waiter, 'T', why, sizeof why)) {
    TT_CHECK("lock.ofd.setlkw_blocks_while_held", proc_quiet(&waiter, 200), "F_OFD_SETLKW returned while held");
    close(fd);
    TT_CHECK("lock.ofd.setlkw_gets_after_last_close", proc_expect(&waiter, 'L', why, sizeof why), "%s", why);
  } else {
    tt_fail("lock.ofd.setlkw_gets_after_last_close", "%s", why);
    close(fd);
  }
  proc_stop(&waiter);
}

/* ============================ flock(2) ============================ */

static void flock_basics(void *unused) {
  (void)unused;
  const char *path = new_file("flock");
  int a = open_or_die(path, O_RDWR);
  int b = open_or_die(path, O_RDWR);
  TT_CHECK("lock.flock.ex", flock(a, LOCK_EX) == 0, "%s", strerror(errno));
  /* Another open file description conflicts, even in this process. */
  tt_expect_errno("lock.flock.ex_nb_ewouldblock", flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  tt_expect_errno("lock.flock.sh_nb_against_ex", flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  /* The same description (a dup) holds it already. */
  int a2 = dup(a);
  TT_CHECK("lock.flock.same_description_no_conflict", flock(a2, LOCK_EX | LOCK_NB) == 0, "%s", strerror(errno));
  /* flock and fcntl locks are independent (Linux). */
  TT_CHECK("lock.flock.independent_of_posix", lock_range(b, F_SETLK, F_WRLCK, 0, 0) == 0,
           "F_SETLK under another's flock: %s", strerror(errno));
  lock_range(b, F_SETLK, F_UNLCK, 0, 0);
  /* Shared locks share. */
  TT_CHECK("lock.flock.convert_ex_to_sh", flock(a, LOCK_SH) == 0, "%s", strerror(errno));
  TT_CHECK("lock.flock.sh_shares", flock(b, LOCK_SH | LOCK_NB) == 0, "%s", strerror(errno));
  int c = open_or_die(path, O_RDONLY);
  tt_expect_errno("lock.flock.ex_against_sh", flock(c, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  /* A refused conversion is not atomic on Linux: a's shared lock is gone,
   * so b may now convert. */
  tt_expect_errno("lock.flock.conversion_refused", flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  TT_CHECK("lock.flock.refused_conversion_dropped_lock", flock(b, LOCK_EX | LOCK_NB) == 0,
           "b's conversion to LOCK_EX: %s (a's shared lock should be gone)", strerror(errno));
  /* Unlock; and an exclusive lock on a read-only descriptor is fine. */
  TT_CHECK("lock.flock.unlock", flock(b, LOCK_UN) == 0, "%s", strerror(errno));
  TT_CHECK("lock.flock.ex_on_rdonly", flock(c, LOCK_EX | LOCK_NB) == 0, "%s", strerror(errno));
  TT_CHECK("lock.flock.unlock_unlocked_ok", flock(a, LOCK_UN) == 0, "%s", strerror(errno));
  /* Released at the last close of the description only. */
  int c2 = dup(c);
  close(c);
  tt_expect_errno("lock.flock.kept_while_dup_open", flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  close(c2);
  TT_CHECK("lock.flock.released_at_last_close", flock(a, LOCK_EX | LOCK_NB) == 0, "%s", strerror(errno));
  /* Errors: the operation (EINVAL), the descriptor (EBADF). */
  tt_expect_errno("lock.flock.einval_zero", flock(a, 0), EINVAL);
  tt_expect_errno("lock.flock.einval_sh_and_ex", flock(a, LOCK_SH | LOCK_EX), EINVAL);
  tt_expect_errno("lock.flock.einval_nb_alone", flock(a, LOCK_NB), EINVAL);
  tt_expect_errno("lock.flock.einval_unknown_bit", flock(a, LOCK_SH | 64), EINVAL);
  tt_expect_errno("lock.flock.ebadf", flock(-1, LOCK_SH), EBADF);
  tt_expect_errno("lock.flock.ebadf_closed", flock(999, LOCK_EX | LOCK_NB), EBADF);
  close(a);
  close(a2);
  close(b);
}

struct fork_args {
  int fd;
  const char *path;
};
static void flock_fork_child_own(void *arg) {
  struct fork_args *f = arg;
  TT_CHECK("lock.flock.shared_with_fork_child", flock(f->fd, LOCK_EX | LOCK_NB) == 0,
           "the child's flock on the inherited description: %s", strerror(errno));
  int own = open_or_die(f->path, O_RDONLY);
  tt_expect_errno("lock.flock.child_own_open_conflicts", flock(own, LOCK_SH | LOCK_NB), EWOULDBLOCK);
}

static void flock_waiting(void *unused) {
  (void)unused;
  const char *path = new_file("flock_wait");
  int fd = open_or_die(path, O_RDWR);
  if (flock(fd, LOCK_EX) != 0) tt_die("flock");
  struct fork_args f = {fd, path};
  tt_run_in_child("lock.flock.fork_child", flock_fork_child_own, &f, 10);
  char why[160];
  /* A waiter blocks until we unlock. */
  struct lock_job wait = flock_job(path, LOCK_SH);
  struct proc waiter;
  proc_start(&waiter, lock_body, &wait);
  if (proc_expect(&waiter, 'T', why, sizeof why)) {
    TT_CHECK("lock.flock.blocks_while_held", proc_quiet(&waiter, 200), "flock returned while held");
    flock(fd, LOCK_UN);
    TT_CHECK("lock.flock.waits_then_gets", proc_expect(&waiter, 'L', why, sizeof why), "%s", why);
  } else {
    tt_fail("lock.flock.waits_then_gets", "%s", why);
  }
  proc_stop(&waiter);

  /* EINTR for a handler without SA_RESTART. */
  if (flock(fd, LOCK_EX) != 0) tt_die("flock");
  struct lock_job intr = flock_job(path, LOCK_EX);
  intr.signals = SIGNAL_EINTR;
  proc_start(&waiter, lock_body, &intr);
  bool ok = proc_expect(&waiter, 'T', why, sizeof why);
  int c = ok ? read_byte(waiter.from, 10000, true) : -1;
  int e = c == 'E' ? read_byte(waiter.from, 1000, false) : 0;
  TT_CHECK("lock.flock.eintr", c == 'E' && e == EINTR, "expected EINTR, got '%c' %s", c, tt_errno_name(e));
  proc_stop(&waiter);
  close(fd);
}

static void flock_counter(void *unused) {
  (void)unused;
  counter_file("lock.flock.counter_file", true);
}

/* ============================ lockf(3) ============================ */

static void lockf_cases(void *unused) {
  (void)unused;
  pid_t me = getpid();
  const char *path = new_file("lockf");
  int fd = open_or_die(path, O_RDWR);
  /* From the current offset, len bytes; 0: to the end and beyond. */
  lseek(fd, 50, SEEK_SET);
  TT_CHECK("lock.lockf.lock", lockf(fd, F_LOCK, 10) == 0, "%s", strerror(errno));
  expect_probe("lock.lockf.from_current_offset", path, F_RDLCK, 0, 0, F_WRLCK, 50, 10, me);
  TT_CHECK("lock.lockf.test_own_lock_zero", lockf(fd, F_TEST, 10) == 0, "F_TEST of our own lock: %s", strerror(errno));
  TT_CHECK("lock.lockf.ulock", lockf(fd, F_ULOCK, 10) == 0, "%s", strerror(errno));
  expect_probe("lock.lockf.ulock_released", path, F_WRLCK, 0, 0, F_UNLCK, 0, 0, 0);
  lseek(fd, 20, SEEK_SET);
  TT_CHECK("lock.lockf.tlock_len0", lockf(fd, F_TLOCK, 0) == 0, "%s", strerror(errno));
  expect_probe("lock.lockf.len0_to_eof", path, F_RDLCK, 0, 0, F_WRLCK, 20, 0, me);
  lseek(fd, 0, SEEK_SET);
  lockf(fd, F_ULOCK, 0);
  tt_expect_errno("lock.lockf.einval_command", lockf(fd, 99, 0), EINVAL);
  int rd = open_or_die(path, O_RDONLY);
  tt_expect_errno("lock.lockf.ebadf_rdonly", lockf(rd, F_TLOCK, 1), EBADF);
  close(rd); /* (releases nothing of ours: we hold none now) */

  /* Another process's lock: F_TLOCK and F_TEST refuse (EACCES or EAGAIN,
   * lockf(3); F_TEST: EACCES). */
  struct lock_job hold;
  memset(&hold, 0, sizeof hold);
  hold.path = path;
  hold.kind = KIND_LOCKF;
  hold.cmd = F_LOCK;
  hold.start = 0;
  hold.len = 30;
  struct proc holder;
  if (!start_holder("lock.lockf.tlock_conflict", &holder, &hold)) return;
  lseek(fd, 10, SEEK_SET);
  int r = lockf(fd, F_TLOCK, 5);
  int e = errno;
  TT_CHECK("lock.lockf.tlock_conflict", r == -1 && (e == EAGAIN || e == EACCES), "F_TLOCK = %d, %s", r,
           tt_errno_name(e));
  tt_expect_errno("lock.lockf.test_conflict_eacces", lockf(fd, F_TEST, 5), EACCES);
  lseek(fd, 30, SEEK_SET);
  TT_CHECK("lock.lockf.test_free_zero", lockf(fd, F_TEST, 5) == 0, "F_TEST past the holder's range: %s",
           strerror(errno));
  /* F_LOCK waits for the holder to let go. */
  char why[160];
  send_byte(holder.to, 'U');
  bool ok = proc_expect(&holder, 'u', why, sizeof why);
  lseek(fd, 0, SEEK_SET);
  TT_CHECK("lock.lockf.lock_after_release", ok && lockf(fd, F_LOCK, 30) == 0, "%s / %s", why, strerror(errno));
  proc_stop(&holder);
  close(fd);
}

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "--exec-holder") == 0) return exec_holder(argv);
  tt_init(argc, argv);
  scratch = tt_make_scratch("file_locks");
  if (!scratch) return 1;

  /* Each group in a child of its own: its locks, descriptors and signal
   * handlers go with it, and a hang or crash is one FAIL. */
  tt_run_in_child("lock.posix.conflicts_group", posix_conflicts, NULL, 60);
  tt_run_in_child("lock.posix.read_group", posix_read_locks_share, NULL, 60);
  tt_run_in_child("lock.posix.ranges_group", posix_ranges, NULL, 60);
  tt_run_in_child("lock.posix.split_group", posix_split_and_merge, NULL, 120);
  tt_run_in_child("lock.posix.close_group", posix_close_rules, NULL, 60);
  tt_run_in_child("lock.posix.fork_group", posix_fork, NULL, 60);
  tt_run_in_child("lock.posix.execve_group", posix_execve, NULL, 60);
  tt_run_in_child("lock.posix.setlkw_group", posix_setlkw, NULL, 120);
  tt_run_in_child("lock.posix.deadlock_group", posix_deadlock, NULL, 60);
  tt_run_in_child("lock.posix.signals_group", posix_signals, NULL, 60);
  tt_run_in_child("lock.posix.counter_group", posix_counter, NULL, 120);
  tt_run_in_child("lock.posix.errors_group", posix_errors, NULL, 60);
  tt_run_in_child("lock.ofd.group", ofd_locks, NULL, 60);
  tt_run_in_child("lock.ofd.fork_group", ofd_fork_and_wait, NULL, 60);
  tt_run_in_child("lock.flock.group", flock_basics, NULL, 60);
  tt_run_in_child("lock.flock.wait_group", flock_waiting, NULL, 60);
  tt_run_in_child("lock.flock.counter_group", flock_counter, NULL, 120);
  tt_run_in_child("lock.lockf.group", lockf_cases, NULL, 60);

  tt_remove_tree(scratch);
  return tt_done();
}
