/* poll: poll, ppoll, select and pselect over pipes, /dev/null and regular
 * files.
 *
 * What is ready when (a pipe's read end with data, or with no writer left:
 * POLLHUP; its write end with room, or with no reader: POLLERR; /dev/null
 * and regular files always), POLLERR/POLLHUP reported unasked, POLLNVAL and
 * negative fds, timeouts of 0 and 50 ms (never early), a blocking poll woken
 * by another process's write or close, EINTR from a SIGALRM handler (never
 * restarted, even with SA_RESTART), ppoll's and pselect's temporary signal
 * masks, select's three sets and the time it writes back, EFAULT and EINVAL,
 * 200 pipes in one call, and that nothing is left subscribed to a pipe after
 * a poll ends (by timeout, or by SIGKILL in the middle of the wait).
 *
 * Sources: POSIX poll(), select()/pselect(); Linux poll(2), select(2),
 * select_tut(2), pipe(7) ("I/O on pipes and FIFOs"), signal(7) ("Interruption
 * of system calls and library functions by signal handlers": poll, ppoll,
 * select, pselect are never restarted), getrlimit(2) (RLIMIT_NOFILE).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

/* A poll of one descriptor: the return value, and its revents in *revents. */
static int poll1(int fd, short events, int timeout, short *revents) {
  struct pollfd p = {fd, events, 0x7777};
  int r = poll(&p, 1, timeout);
  *revents = p.revents;
  return r;
}

static void make_pipe(int p[2]) {
  if (pipe(p) != 0) {
    printf("# pipe: %s\n", strerror(errno));
    exit(1);
  }
}

/* --- What is ready --- */

static void check_always_ready(void) {
  short rev;
  int fd = open("/dev/null", O_RDWR);
  int r = poll1(fd, POLLIN | POLLOUT, 0, &rev);
  TT_CHECK("devnull.readable_and_writable", r == 1 && rev == (POLLIN | POLLOUT), "poll = %d, revents %#x", r, rev);
  r = poll1(fd, POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM, 0, &rev);
  TT_CHECK("devnull.rdnorm_wrnorm", r == 1 && rev == (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM),
           "poll = %d, revents %#x", r, rev);
  close(fd);

  char name[64];
  snprintf(name, sizeof name, "/tmp/poll_regular.%d", (int)getpid());
  fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
  unlink(name);
  r = poll1(fd, POLLIN | POLLOUT, 0, &rev);
  TT_CHECK("regular.always_ready", r == 1 && rev == (POLLIN | POLLOUT), "empty file: poll = %d, revents %#x", r, rev);
  close(fd);
}

static void check_pipe_states(void) {
  int p[2];
  short rev;
  make_pipe(p);
  int r = poll1(p[0], POLLIN, 0, &rev);
  TT_CHECK("pipe.empty_not_readable", r == 0 && rev == 0, "poll = %d, revents %#x", r, rev);
  r = poll1(p[1], POLLOUT, 0, &rev);
  TT_CHECK("pipe.empty_writable", r == 1 && rev == POLLOUT, "poll = %d, revents %#x", r, rev);
  r = poll1(p[1], POLLIN, 0, &rev);
  TT_CHECK("pipe.write_end_never_readable", r == 0 && rev == 0, "poll = %d, revents %#x", r, rev);

  write(p[1], "x", 1);
  r = poll1(p[0], POLLIN | POLLRDNORM, 0, &rev);
  TT_CHECK("pipe.data_readable", r == 1 && rev == (POLLIN | POLLRDNORM), "poll = %d, revents %#x", r, rev);
  r = poll1(p[0], POLLOUT, 0, &rev);
  TT_CHECK("pipe.unasked_events_not_reported", r == 0 && rev == 0, "events POLLOUT on the read end: %d, %#x", r, rev);

  /* Full: no room for a PIPE_BUF write, so not writable (pipe(7)). */
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  static char block[4096];
  while (write(p[1], block, sizeof block) > 0) {
  }
  while (write(p[1], block, 1) > 0) {
  }
  r = poll1(p[1], POLLOUT, 0, &rev);
  TT_CHECK("pipe.full_not_writable", r == 0 && rev == 0, "poll = %d, revents %#x", r, rev);
  /* Drain it all: writable again. */
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  while (read(p[0], block, sizeof block) > 0) {
  }
  r = poll1(p[1], POLLOUT, 0, &rev);
  TT_CHECK("pipe.drained_writable_again", r == 1 && rev == POLLOUT, "poll = %d, revents %#x", r, rev);

  /* The writer goes: POLLHUP on the read end, asked for or not; with data
   * still inside, POLLIN too. */
  write(p[1], "y", 1);
  close(p[1]);
  r = poll1(p[0], POLLIN, 0, &rev);
  TT_CHECK("pipe.data_and_hangup", r == 1 && rev == (POLLIN | POLLHUP), "poll = %d, revents %#x", r, rev);
  read(p[0], block, 1);
  r = poll1(p[0], POLLIN, 0, &rev);
  TT_CHECK("pipe.no_writer_pollhup", r == 1 && rev == POLLHUP, "poll = %d, revents %#x", r, rev);
  r = poll1(p[0], 0, 0, &rev);
  TT_CHECK("pipe.pollhup_unasked", r == 1 && rev == POLLHUP, "events 0: poll = %d, revents %#x", r, rev);
  close(p[0]);

  /* The reader goes: POLLERR on the write end, asked for or not. */
  make_pipe(p);
  close(p[0]);
  r = poll1(p[1], POLLOUT, 0, &rev);
  TT_CHECK("pipe.no_reader_pollerr", r == 1 && (rev & POLLERR), "poll = %d, revents %#x", r, rev);
  r = poll1(p[1], 0, 0, &rev);
  TT_CHECK("pipe.pollerr_unasked", r == 1 && rev == POLLERR, "events 0: poll = %d, revents %#x", r, rev);
  close(p[1]);
}

static void check_invalid_entries(void) {
  int p[2];
  make_pipe(p);
  int closed = dup(p[0]);
  close(closed);
  write(p[1], "z", 1);
  struct pollfd f[4] = {
      {closed, POLLIN, 0x7777}, /* not open: POLLNVAL, and it counts */
      {-1, POLLIN, 0x7777},     /* negative: ignored, revents 0 */
      {p[0], POLLIN, 0x7777},   /* ready */
      {p[0], POLLIN, 0x7777},   /* the same fd twice: each entry counts */
  };
  int r = poll(f, 4, 0);
  TT_CHECK("nval.closed_fd", f[0].revents == POLLNVAL, "revents %#x", f[0].revents);
  TT_CHECK("nval.negative_fd_ignored", f[1].revents == 0, "revents %#x", f[1].revents);
  TT_CHECK("nval.count", r == 3 && f[2].revents == POLLIN && f[3].revents == POLLIN,
           "poll = %d, revents %#x %#x", r, f[2].revents, f[3].revents);
  struct pollfd only_negative = {-5, POLLIN, 0x7777};
  r = poll(&only_negative, 1, 0);
  TT_CHECK("nval.only_negative_is_zero", r == 0 && only_negative.revents == 0, "poll = %d, revents %#x", r,
           only_negative.revents);
  close(p[0]);
  close(p[1]);
}

/* --- Timeouts and waking --- */

static void check_timeouts(void) {
  int p[2];
  short rev;
  make_pipe(p);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int r = poll1(p[0], POLLIN, 0, &rev);
  long ms = tt_ms_since(&start);
  TT_CHECK("timeout.zero_returns_now", r == 0 && ms < 1000, "poll = %d after %ld ms", r, ms);
  clock_gettime(CLOCK_MONOTONIC, &start);
  r = poll1(p[0], POLLIN, 50, &rev);
  ms = tt_ms_since(&start);
  TT_CHECK("timeout.50ms_not_early", r == 0 && rev == 0 && ms >= 50, "poll = %d after %ld ms", r, ms);
  clock_gettime(CLOCK_MONOTONIC, &start);
  r = poll(NULL, 0, 50);
  ms = tt_ms_since(&start);
  TT_CHECK("timeout.no_fds_sleeps", r == 0 && ms >= 50, "poll(NULL, 0, 50) = %d after %ld ms", r, ms);
  close(p[0]);
  close(p[1]);
}

static void check_woken_by_child(void) {
  int p[2];
  short rev;
  make_pipe(p);
  pid_t pid = fork();
  if (pid == 0) {
    tt_sleep_ms(50);
    write(p[1], "w", 1);
    _exit(0);
  }
  int r = poll1(p[0], POLLIN, -1, &rev);
  TT_CHECK("wake.write_from_child", r == 1 && rev == POLLIN, "poll = %d, revents %#x (%s)", r, rev, strerror(errno));
  tt_wait_timeout(pid, 10);
  char c;
  read(p[0], &c, 1);

  /* The child holds the only other write end; the parent's goes first. */
  pid = fork();
  if (pid == 0) {
    close(p[0]);
    tt_sleep_ms(50);
    _exit(0); /* closes its write end */
  }
  close(p[1]);
  r = poll1(p[0], POLLIN, 5000, &rev);
  TT_CHECK("wake.pollhup_when_writer_closes", r == 1 && rev == POLLHUP, "poll = %d, revents %#x", r, rev);
  tt_wait_timeout(pid, 10);
  close(p[0]);

  /* And POLLERR for a writer when the reader goes away during its wait. */
  make_pipe(p);
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  static char block[4096];
  while (write(p[1], block, sizeof block) > 0) {
  }
  pid = fork();
  if (pid == 0) {
    close(p[1]);
    tt_sleep_ms(50);
    _exit(0);
  }
  close(p[0]);
  r = poll1(p[1], POLLOUT, 5000, &rev);
  TT_CHECK("wake.pollerr_when_reader_closes", r == 1 && (rev & POLLERR), "poll = %d, revents %#x", r, rev);
  tt_wait_timeout(pid, 10);
  close(p[1]);
}

/* --- Signals --- */

static volatile sig_atomic_t handled;
static void on_signal(int sig) {
  (void)sig;
  handled++;
}

static void set_itimer_ms(long ms) {
  struct tt_itimerval v = {{0, 0}, {ms / 1000, ms % 1000 * 1000}};
  tt_setitimer(ITIMER_REAL, &v, NULL);
}

static void check_eintr(void *arg) {
  (void)arg;
  int p[2];
  short rev;
  make_pipe(p);
  tt_handle(SIGALRM, on_signal, 0, 0);
  handled = 0;
  set_itimer_ms(50);
  int r = poll1(p[0], POLLIN, -1, &rev);
  int e = errno;
  TT_CHECK("eintr.poll_sigalrm", r == -1 && e == EINTR && handled == 1, "poll = %d (%s), handler ran %d times", r,
           strerror(e), (int)handled);

  /* signal(7): never restarted, SA_RESTART or not. */
  tt_handle(SIGALRM, on_signal, SA_RESTART, 0);
  handled = 0;
  set_itimer_ms(50);
  r = poll1(p[0], POLLIN, 5000, &rev);
  e = errno;
  TT_CHECK("eintr.poll_not_restarted", r == -1 && e == EINTR && handled == 1, "poll = %d (%s), handler ran %d times",
           r, strerror(e), (int)handled);

  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  handled = 0;
  set_itimer_ms(50);
  r = select(p[0] + 1, &rd, NULL, NULL, NULL);
  e = errno;
  TT_CHECK("eintr.select_not_restarted", r == -1 && e == EINTR && handled == 1,
           "select = %d (%s), handler ran %d times", r, strerror(e), (int)handled);
  close(p[0]);
  close(p[1]);
}

static void check_ppoll_mask(void *arg) {
  (void)arg;
  int p[2];
  make_pipe(p);
  tt_handle(SIGUSR1, on_signal, 0, 0);

  /* The mask blocks SIGUSR1 while waiting: a SIGUSR1 sent meanwhile does not
   * interrupt; it is delivered once ppoll has put the old mask back. */
  sigset_t block_usr1 = tt_sigset_of(SIGUSR1);
  handled = 0;
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    tt_sleep_ms(30);
    kill(parent, SIGUSR1);
    _exit(0);
  }
  struct pollfd f = {p[0], POLLIN, 0};
  struct timespec t = {0, 300 * 1000000L};
  int r = ppoll(&f, 1, &t, &block_usr1);
  int after = handled;
  tt_wait_timeout(pid, 10);
  TT_CHECK("ppoll.masked_signal_no_eintr", r == 0, "ppoll = %d (%s), handler ran %d times during it", r,
           strerror(errno), after);
  TT_CHECK("ppoll.masked_signal_delivered_after", after == 1, "handler ran %d times by ppoll's return", after);
  TT_CHECK("ppoll.timeout_argument_kept", t.tv_sec == 0 && t.tv_nsec == 300 * 1000000L,
           "the wrapper's timeout became %ld.%09ld", (long)t.tv_sec, t.tv_nsec);

  /* The other way round: SIGUSR1 blocked and pending, the mask unblocks it:
   * EINTR at once, and afterwards the old mask (SIGUSR1 blocked) is back. */
  sigset_t empty, now;
  sigemptyset(&empty);
  sigprocmask(SIG_BLOCK, &block_usr1, NULL);
  raise(SIGUSR1);
  handled = 0;
  r = ppoll(&f, 1, NULL, &empty);
  int e = errno;
  TT_CHECK("ppoll.unmasked_pending_eintr", r == -1 && e == EINTR && handled == 1,
           "ppoll = %d (%s), handler ran %d times", r, strerror(e), (int)handled);
  sigprocmask(SIG_SETMASK, NULL, &now);
  TT_CHECK("ppoll.old_mask_restored", sigismember(&now, SIGUSR1) == 1, "SIGUSR1 not blocked after ppoll");

  /* A mask that changes nothing, with something ready: the mask comes back. */
  write(p[1], "r", 1);
  r = ppoll(&f, 1, NULL, &empty);
  sigprocmask(SIG_SETMASK, NULL, &now);
  TT_CHECK("ppoll.ready_restores_mask", r == 1 && sigismember(&now, SIGUSR1) == 1,
           "ppoll = %d, SIGUSR1 blocked after: %d", r, sigismember(&now, SIGUSR1));

  /* pselect: the same, pending SIGUSR1 let through by its mask. */
  char c;
  read(p[0], &c, 1);
  raise(SIGUSR1);
  handled = 0;
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  r = pselect(p[0] + 1, &rd, NULL, NULL, NULL, &empty);
  e = errno;
  sigprocmask(SIG_SETMASK, NULL, &now);
  TT_CHECK("pselect.unmasked_pending_eintr", r == -1 && e == EINTR && handled == 1 && sigismember(&now, SIGUSR1) == 1,
           "pselect = %d (%s), handler ran %d times, SIGUSR1 blocked after: %d", r, strerror(e), (int)handled,
           sigismember(&now, SIGUSR1));

  /* The raw ppoll writes the time left back (the wrapper hides it). */
  struct timespec left = {0, 50 * 1000000L};
  r = (int)syscall(SYS_ppoll, &f, 1, &left, NULL, 8);
  TT_CHECK("ppoll.raw_writes_time_left", r == 0 && left.tv_sec == 0 && left.tv_nsec == 0,
           "ppoll = %d, time left %ld.%09ld", r, (long)left.tv_sec, left.tv_nsec);
  close(p[0]);
  close(p[1]);
}

/* --- select --- */

static void check_select(void) {
  int a[2], b[2];
  make_pipe(a);
  make_pipe(b);
  write(a[1], "a", 1);
  fd_set rd, wr, ex;
  FD_ZERO(&rd);
  FD_ZERO(&wr);
  FD_ZERO(&ex);
  FD_SET(a[0], &rd); /* ready: data */
  FD_SET(b[0], &rd); /* not ready */
  FD_SET(b[1], &wr); /* ready: room */
  FD_SET(a[0], &ex); /* no urgent data on a pipe */
  int nfds = (a[0] > b[1] ? a[0] : b[1]) + 1;
  nfds = (nfds > b[0] + 1 ? nfds : b[0] + 1);
  struct timeval tv = {5, 0};
  int r = select(nfds, &rd, &wr, &ex, &tv);
  TT_CHECK("select.counts_bits", r == 2, "select = %d (%s)", r, strerror(errno));
  TT_CHECK("select.sets_modified", FD_ISSET(a[0], &rd) && !FD_ISSET(b[0], &rd) && FD_ISSET(b[1], &wr) &&
                                       !FD_ISSET(a[0], &ex),
           "read a %d b %d, write b %d, except a %d", FD_ISSET(a[0], &rd), FD_ISSET(b[0], &rd), FD_ISSET(b[1], &wr),
           FD_ISSET(a[0], &ex));
  /* Ready at once: a little under the 5 s given is left (select(2), NOTES). */
  TT_CHECK("select.time_left_written", tv.tv_sec == 4, "timeout became %ld.%06ld", (long)tv.tv_sec,
           (long)tv.tv_usec);

  /* Nothing ready: 0 after the timeout, the sets emptied, no time left. */
  FD_ZERO(&rd);
  FD_SET(b[0], &rd);
  tv.tv_sec = 0;
  tv.tv_usec = 50000;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  r = select(b[0] + 1, &rd, NULL, NULL, &tv);
  long ms = tt_ms_since(&start);
  TT_CHECK("select.timeout", r == 0 && !FD_ISSET(b[0], &rd) && ms >= 50, "select = %d after %ld ms, bit %d", r, ms,
           FD_ISSET(b[0], &rd));
  TT_CHECK("select.timeout_left_zero", tv.tv_sec == 0 && tv.tv_usec == 0, "timeout became %ld.%06ld",
           (long)tv.tv_sec, (long)tv.tv_usec);

  /* A hang-up counts as readable (a read would return 0 at once). */
  close(b[1]);
  FD_ZERO(&rd);
  FD_SET(b[0], &rd);
  tv.tv_sec = 0;
  tv.tv_usec = 0;
  r = select(b[0] + 1, &rd, NULL, NULL, &tv);
  TT_CHECK("select.hangup_readable", r == 1 && FD_ISSET(b[0], &rd), "select = %d", r);

  /* A closed descriptor in a set: EBADF. */
  FD_ZERO(&rd);
  FD_SET(b[1], &rd);
  tt_expect_errno("select.closed_fd_ebadf", select(b[1] + 1, &rd, NULL, NULL, &tv), EBADF);
  tt_expect_errno("select.negative_nfds_einval", select(-1, NULL, NULL, NULL, &tv), EINVAL);
  struct timeval bad = {-1, 0};
  tt_expect_errno("select.negative_seconds_einval", select(0, NULL, NULL, NULL, &bad), EINVAL);
  bad.tv_sec = 0;
  bad.tv_usec = -1;
  tt_expect_errno("select.negative_usec_einval", select(0, NULL, NULL, NULL, &bad), EINVAL);
  struct timespec bad_ts = {0, 1000000000L};
  tt_expect_errno("pselect.nsec_1e9_einval", pselect(0, NULL, NULL, NULL, &bad_ts, NULL), EINVAL);
  close(a[0]);
  close(a[1]);
  close(b[0]);
}

/* --- Bad arguments --- */

static void check_efault(void) {
  int p[2];
  make_pipe(p);
  tt_expect_errno("efault.poll_fds", poll(TT_LOW_PAGE, 1, 0), EFAULT);
  tt_expect_errno("efault.poll_fds_kernel", poll(TT_KERNEL_ADDR, 1, 0), EFAULT);
  /* Readable but not writable: the copy back of revents faults. */
  struct pollfd *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ro->fd = p[1];
  ro->events = POLLOUT;
  mprotect(ro, 4096, PROT_READ);
  tt_expect_errno("efault.poll_revents_readonly", poll(ro, 1, 0), EFAULT);
  munmap(ro, 4096);

  fd_set rd;
  tt_expect_errno("efault.select_readfds", select(1, TT_LOW_PAGE, NULL, NULL, NULL), EFAULT);
  tt_expect_errno("efault.select_writefds", select(1, NULL, TT_KERNEL_ADDR, NULL, NULL), EFAULT);
  tt_expect_errno("efault.select_exceptfds", select(1, NULL, NULL, tt_unmapped_page(), NULL), EFAULT);
  FD_ZERO(&rd);
  tt_expect_errno("efault.select_timeout", select(1, &rd, NULL, NULL, TT_LOW_PAGE), EFAULT);

  struct pollfd f = {p[0], POLLIN, 0};
  struct timespec zero = {0, 0};
  sigset_t empty = 0;
  tt_expect_errno("efault.ppoll_timeout", syscall(SYS_ppoll, &f, 1, TT_LOW_PAGE, NULL, 8), EFAULT);
  tt_expect_errno("efault.ppoll_sigmask", syscall(SYS_ppoll, &f, 1, &zero, TT_LOW_PAGE, 8), EFAULT);
  tt_expect_errno("efault.pselect6_timeout", syscall(SYS_pselect6, 0, NULL, NULL, NULL, TT_LOW_PAGE, NULL), EFAULT);
  tt_expect_errno("efault.pselect6_mask_arg", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, TT_LOW_PAGE), EFAULT);
  struct {
    void *mask;
    unsigned long size;
  } arg = {TT_LOW_PAGE, 8};
  tt_expect_errno("efault.pselect6_sigmask", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &arg), EFAULT);

  tt_expect_errno("einval.ppoll_sigsetsize", syscall(SYS_ppoll, &f, 1, &zero, &empty, 4), EINVAL);
  arg.mask = &empty;
  arg.size = 4;
  tt_expect_errno("einval.pselect6_sigsetsize", syscall(SYS_pselect6, 0, NULL, NULL, NULL, &zero, &arg), EINVAL);
  struct timespec bad = {-1, 0};
  tt_expect_errno("einval.ppoll_negative_timeout", syscall(SYS_ppoll, &f, 1, &bad, NULL, 8), EINVAL);
  close(p[0]);
  close(p[1]);
}

/* nfds above RLIMIT_NOFILE: EINVAL (poll(2)). Tether's limit is 1024; on
 * Linux the child sets its soft limit to 1024 first. */
static void check_nfds_limit(void *arg) {
  (void)arg;
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != 1024) {
    rl.rlim_cur = 1024;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  static struct pollfd many[1025];
  for (int i = 0; i < 1025; i++) many[i].fd = -1;
  tt_expect_errno("einval.poll_nfds_over_limit", poll(many, 1025, 0), EINVAL);
  int r = poll(many, 1024, 0);
  TT_CHECK("poll.nfds_at_limit_ok", r == 0, "poll(1024 negative fds) = %d (%s)", r, strerror(errno));
}

/* --- Many descriptors --- */

#define NPIPES 200
static void check_many(void) {
  static int pipes[NPIPES][2];
  static struct pollfd f[NPIPES];
  for (int i = 0; i < NPIPES; i++) {
    make_pipe(pipes[i]);
    f[i].fd = pipes[i][0];
    f[i].events = POLLIN;
    if (i % 3 == 0) write(pipes[i][1], "m", 1);
  }
  int r = poll(f, NPIPES, 0);
  int wrong = 0;
  for (int i = 0; i < NPIPES; i++) wrong += f[i].revents != (i % 3 == 0 ? POLLIN : 0);
  TT_CHECK("many.poll_200_pipes", r == (NPIPES + 2) / 3 && wrong == 0, "poll = %d, %d wrong revents", r, wrong);

  fd_set rd;
  FD_ZERO(&rd);
  int nfds = 0;
  for (int i = 0; i < NPIPES; i++) {
    FD_SET(pipes[i][0], &rd);
    if (pipes[i][0] >= nfds) nfds = pipes[i][0] + 1;
  }
  struct timeval tv = {0, 0};
  r = select(nfds, &rd, NULL, NULL, &tv);
  wrong = 0;
  for (int i = 0; i < NPIPES; i++) wrong += FD_ISSET(pipes[i][0], &rd) != (i % 3 == 0);
  TT_CHECK("many.select_200_pipes", r == (NPIPES + 2) / 3 && wrong == 0, "select = %d, %d wrong bits", r, wrong);

  /* Drain, then block on all 200 until a child writes into pipe 151. */
  char c;
  for (int i = 0; i < NPIPES; i += 3) read(pipes[i][0], &c, 1);
  pid_t pid = fork();
  if (pid == 0) {
    tt_sleep_ms(50);
    write(pipes[151][1], "m", 1);
    _exit(0);
  }
  r = poll(f, NPIPES, 5000);
  wrong = 0;
  for (int i = 0; i < NPIPES; i++) wrong += f[i].revents != (i == 151 ? POLLIN : 0);
  TT_CHECK("many.blocking_woken_by_one", r == 1 && wrong == 0, "poll = %d, %d wrong revents", r, wrong);
  tt_wait_timeout(pid, 10);
  for (int i = 0; i < NPIPES; i++) {
    close(pipes[i][0]);
    close(pipes[i][1]);
  }
}

/* --- Nothing stays subscribed --- */

/* A watcher left on a pipe after poll returned would be called on the next
 * write into memory that is long gone: the kernel would crash or the writes
 * below would misbehave. */
static void check_no_stale_watchers(void) {
  int p[2];
  short rev;
  make_pipe(p);
  for (int i = 0; i < 20; i++) poll1(p[0], POLLIN, 1, &rev); /* each times out after subscribing */
  write(p[1], "s", 1);
  int r = poll1(p[0], POLLIN, 0, &rev);
  TT_CHECK("stale.after_timeouts", r == 1 && rev == POLLIN, "poll = %d, revents %#x", r, rev);
  char c;
  read(p[0], &c, 1);

  /* A child asleep in poll on the pipe is killed: its wait ends, and it must
   * leave nothing behind on the pipe the parent goes on using. */
  pid_t pid = fork();
  if (pid == 0) {
    struct pollfd f[3] = {{p[0], POLLIN, 0}, {p[0], POLLIN, 0}, {p[1], POLLIN, 0}};
    poll(f, 3, -1);
    _exit(1);
  }
  tt_sleep_ms(50);
  kill(pid, SIGKILL);
  int status = tt_wait_timeout(pid, 10);
  TT_CHECK("stale.killed_poller", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child: %s",
           tt_status_str(status));
  write(p[1], "t", 1);
  r = poll1(p[0], POLLIN, 1000, &rev);
  TT_CHECK("stale.pipe_usable_after_kill", r == 1 && rev == POLLIN, "poll = %d, revents %#x", r, rev);
  close(p[0]);
  close(p[1]);
}

/* The console: writable; readable only once a line is typed, and nobody
 * types during a test. The host's console is not ours to poll. */
static void check_console(void) {
  if (!tt_on_tether()) {
    tt_skip("console.writable_not_readable", "the host's /dev/console belongs to the host");
    return;
  }
  int fd = open("/dev/console", O_RDWR);
  short rev;
  int r = poll1(fd, POLLIN | POLLOUT, 0, &rev);
  TT_CHECK("console.writable_not_readable", r == 1 && rev == POLLOUT, "poll = %d, revents %#x", r, rev);
  close(fd);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  check_always_ready();
  check_pipe_states();
  check_invalid_entries();
  check_timeouts();
  check_woken_by_child();
  tt_run_in_child("eintr", check_eintr, NULL, 20);
  tt_run_in_child("ppoll_mask", check_ppoll_mask, NULL, 20);
  check_select();
  check_efault();
  tt_run_in_child("nfds_limit", check_nfds_limit, NULL, 20);
  check_many();
  check_no_stale_watchers();
  check_console();
  return tt_done();
}
