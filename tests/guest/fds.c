/* fds: file descriptors and the open file descriptions behind them.
 *
 * dup/dup2/dup3 and fcntl (F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD/F_SETFD,
 * F_GETFL/F_SETFL), what is shared between duplicates and across fork, close
 * on exec (this program re-executes itself with a marker argument and
 * reports through its exit status), pipes (EOF, EPIPE and SIGPIPE,
 * O_NONBLOCK and EAGAIN, pipe2 flags, ESPIPE), and /dev/null and /dev/zero.
 *
 * Sources: POSIX dup(), dup2(), fcntl(), pipe(), read(), write() (pipes and
 * O_NONBLOCK, PIPE_BUF atomicity), lseek() (ESPIPE), fork(), exec
 * (FD_CLOEXEC); Linux dup(2) (dup3 EINVAL), pipe(2), fcntl(2), pipe(7),
 * null(4), zero(4).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static const char *scratch;

static bool is_open(int fd) { return fcntl(fd, F_GETFD) >= 0; }

static void check_dup(void) {
  int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  write(fd, "0123456789", 10);
  lseek(fd, 0, SEEK_SET);

  int d = dup(fd);
  TT_CHECK("dup.returns_new_fd", d >= 0 && d != fd, "dup(%d) = %d (%s)", fd, d, strerror(errno));
  lseek(d, 4, SEEK_SET);
  TT_CHECK("dup.shares_offset", lseek(fd, 0, SEEK_CUR) == 4, "offset of the original %ld after lseek on the dup",
           (long)lseek(fd, 0, SEEK_CUR));
  fcntl(d, F_SETFL, O_APPEND);
  TT_CHECK("dup.shares_status_flags", (fcntl(fd, F_GETFL) & O_APPEND) != 0, "O_APPEND set on the dup not seen");
  fcntl(d, F_SETFL, 0);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  int d2 = dup(fd);
  TT_CHECK("dup.clears_cloexec", fcntl(d2, F_GETFD) == 0, "F_GETFD of a dup of a close-on-exec fd = %d",
           fcntl(d2, F_GETFD));
  fcntl(fd, F_SETFD, 0);
  close(d2);
  /* Lowest free number. */
  close(d);
  int d3 = dup(fd);
  TT_CHECK("dup.lowest_free_fd", d3 == d, "after closing %d, dup returned %d", d, d3);
  close(d3);
  tt_expect_errno("dup.bad_fd_ebadf", dup(999), EBADF);
  tt_expect_errno("dup.negative_fd_ebadf", dup(-1), EBADF);
  close(fd);
  TT_CHECK("dup.close_original_keeps_dup", (fd = open("f", O_RDONLY), d = dup(fd), close(fd), read(d, &fd, 1) == 1),
           "read from a dup after closing the original: %s", strerror(errno));
  close(d);

  /* dup2 */
  fd = open("f", O_RDONLY);
  int target = open("/dev/null", O_RDONLY);
  TT_CHECK("dup2.to_given_number", dup2(fd, 50) == 50 && is_open(50), "dup2(fd, 50): %s", strerror(errno));
  TT_CHECK("dup2.closes_open_target", dup2(fd, target) == target, "dup2 onto an open fd: %s", strerror(errno));
  char c = 0;
  TT_CHECK("dup2.target_now_same_file", read(target, &c, 1) == 1 && c == '0', "read '%c' from the replaced fd", c);
  TT_CHECK("dup2.same_fd_returns_it", dup2(fd, fd) == fd && is_open(fd), "dup2(fd, fd): %s", strerror(errno));
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  dup2(fd, fd);
  TT_CHECK("dup2.same_fd_keeps_cloexec", fcntl(fd, F_GETFD) == FD_CLOEXEC,
           "F_GETFD = %d after dup2(fd, fd): it must do nothing", fcntl(fd, F_GETFD));
  fcntl(fd, F_SETFD, 0);
  tt_expect_errno("dup2.same_bad_fd_ebadf", dup2(999, 999), EBADF);
  tt_expect_errno("dup2.bad_old_ebadf", dup2(999, 51), EBADF);
  TT_CHECK("dup2.bad_old_leaves_target", !is_open(51), "fd 51 was opened");
  tt_expect_errno("dup2.negative_new_ebadf", dup2(fd, -1), EBADF);
  tt_expect_errno("dup2.huge_new_ebadf", dup2(fd, 1 << 30), EBADF);
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  dup2(fd, 52);
  TT_CHECK("dup2.new_fd_not_cloexec", fcntl(52, F_GETFD) == 0, "F_GETFD = %d", fcntl(52, F_GETFD));

  /* dup3 */
  TT_CHECK("dup3.cloexec", dup3(fd, 53, O_CLOEXEC) == 53 && (fcntl(53, F_GETFD) & FD_CLOEXEC), "dup3: %s",
           strerror(errno));
  TT_CHECK("dup3.no_flags", dup3(fd, 54, 0) == 54 && fcntl(54, F_GETFD) == 0, "dup3: %s", strerror(errno));
  tt_expect_errno("dup3.same_fd_einval", dup3(fd, fd, 0), EINVAL);
  tt_expect_errno("dup3.bad_flags_einval", dup3(fd, 55, O_NONBLOCK), EINVAL);
  tt_expect_errno("dup3.bad_old_ebadf", dup3(999, 55, 0), EBADF);
  close(50);
  close(52);
  close(53);
  close(54);
  close(target);

  /* fcntl F_DUPFD */
  int f1 = fcntl(fd, F_DUPFD, 60);
  TT_CHECK("fcntl.dupfd_at_least_arg", f1 == 60, "F_DUPFD 60 = %d", f1);
  int f2 = fcntl(fd, F_DUPFD, 60);
  TT_CHECK("fcntl.dupfd_next_free", f2 == 61, "second F_DUPFD 60 = %d", f2);
  TT_CHECK("fcntl.dupfd_not_cloexec", fcntl(f1, F_GETFD) == 0, "F_GETFD = %d", fcntl(f1, F_GETFD));
  int f3 = fcntl(fd, F_DUPFD_CLOEXEC, 60);
  TT_CHECK("fcntl.dupfd_cloexec", f3 == 62 && (fcntl(f3, F_GETFD) & FD_CLOEXEC), "F_DUPFD_CLOEXEC = %d, flags %d", f3,
           fcntl(f3, F_GETFD));
  tt_expect_errno("fcntl.dupfd_negative_einval", fcntl(fd, F_DUPFD, -1), EINVAL);
  tt_expect_errno("fcntl.dupfd_huge_einval", fcntl(fd, F_DUPFD, 1 << 30), EINVAL);
  close(f1);
  close(f2);
  close(f3);

  /* F_GETFD / F_SETFD, F_GETFL, errors. */
  fcntl(fd, F_SETFD, 0);
  TT_CHECK("fcntl.setfd_clear", fcntl(fd, F_GETFD) == 0, "F_GETFD = %d", fcntl(fd, F_GETFD));
  fcntl(fd, F_SETFD, FD_CLOEXEC);
  TT_CHECK("fcntl.setfd_set", fcntl(fd, F_GETFD) == FD_CLOEXEC, "F_GETFD = %d", fcntl(fd, F_GETFD));
  tt_expect_errno("fcntl.bad_fd_ebadf", fcntl(999, F_GETFD), EBADF);
  tt_expect_errno("fcntl.bad_cmd_einval", fcntl(fd, 12345), EINVAL);
  /* Record locks answer (file_locks.c tests them); leases exist on Linux,
   * not in Tether (ENOSYS). */
  struct flock lock;
  memset(&lock, 0, sizeof lock);
  lock.l_type = F_RDLCK;
  TT_CHECK("fcntl.getlk_unlocked", fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type == F_UNLCK,
           "F_GETLK: %s, l_type %d", strerror(errno), lock.l_type);
  if (tt_on_tether()) {
    tt_expect_errno("fcntl.leases_enosys", fcntl(fd, 1025 /* F_GETLEASE */), ENOSYS);
  } else {
    tt_skip("fcntl.leases_enosys", "Linux has leases");
  }
  close(fd);
}

/* The marker mode: argv = self --cloexec-child FD_CLOEXEC FD_KEPT FD_SETFD.
 * Exit status bit 0: the O_CLOEXEC fd is still open (wrong); bit 1: the
 * plain fd is closed (wrong); bit 2: the F_SETFD fd is open (wrong); bit 3:
 * the kept fd's offset is not 3 (wrong: exec keeps open descriptions). */
static int cloexec_child(char **argv) {
  int a = atoi(argv[2]), b = atoi(argv[3]), c = atoi(argv[4]);
  int result = 0;
  if (is_open(a)) result |= 1;
  if (!is_open(b)) result |= 2;
  if (is_open(c)) result |= 4;
  if (lseek(b, 0, SEEK_CUR) != 3) result |= 8;
  return result;
}

static void check_cloexec_exec(void) {
  int a = open("f", O_RDONLY | O_CLOEXEC);
  int b = open("f", O_RDONLY);
  int c = open("f", O_RDONLY);
  fcntl(c, F_SETFD, FD_CLOEXEC);
  lseek(b, 3, SEEK_SET);
  char sa[16], sb[16], sc[16];
  snprintf(sa, sizeof sa, "%d", a);
  snprintf(sb, sizeof sb, "%d", b);
  snprintf(sc, sizeof sc, "%d", c);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char *args[] = {(char *)tt_self_path(), "--cloexec-child", sa, sb, sc, NULL};
    execve(tt_self_path(), args, environ);
    _exit(100);
  }
  int status = tt_wait_timeout(pid, 10);
  if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) >= 16) {
    tt_fail("exec.cloexec_fd_closed", "the re-executed child %s", tt_status_str(status));
    return;
  }
  int r = WEXITSTATUS(status);
  TT_CHECK("exec.cloexec_fd_closed", !(r & 1), "an O_CLOEXEC fd survived execve");
  TT_CHECK("exec.plain_fd_kept", !(r & 2), "an fd without FD_CLOEXEC was closed by execve");
  TT_CHECK("exec.setfd_cloexec_fd_closed", !(r & 4), "an fd with F_SETFD FD_CLOEXEC survived execve");
  TT_CHECK("exec.kept_fd_keeps_offset", !(r & 8), "the kept fd's offset changed across execve");
  close(a);
  close(b);
  close(c);
}

static void check_fork_sharing(void) {
  int fd = open("shared", O_RDWR | O_CREAT | O_TRUNC, 0644);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(write(fd, "child", 5) == 5 ? 0 : 1);
  tt_wait_timeout(pid, 10);
  TT_CHECK("fork.shares_offset", lseek(fd, 0, SEEK_CUR) == 5, "parent's offset %ld after the child wrote 5 bytes",
           (long)lseek(fd, 0, SEEK_CUR));
  close(fd);
  int p[2];
  pipe(p);
  pid = fork();
  if (pid == 0) {
    close(p[0]);
    _exit(write(p[1], "hi", 2) == 2 ? 0 : 1);
  }
  close(p[1]);
  char buf[8] = {0};
  ssize_t n = read(p[0], buf, sizeof buf);
  TT_CHECK("fork.child_writes_inherited_pipe", n == 2 && memcmp(buf, "hi", 2) == 0, "read %ld", (long)n);
  TT_CHECK("pipe.eof_after_writers_closed", read(p[0], buf, 1) == 0, "read after the only writer exited");
  close(p[0]);
  tt_wait_timeout(pid, 10);
}

static int write_to_readerless_pipe(void *arg) {
  bool ignore = arg != NULL;
  if (ignore) signal(SIGPIPE, SIG_IGN);
  int p[2];
  pipe(p);
  close(p[0]);
  ssize_t n = write(p[1], "x", 1);
  if (n < 0 && errno == EPIPE) return 42;
  return 1;
}

static void check_pipes(void) {
  int p[2];
  TT_CHECK("pipe.creates_two_fds", pipe(p) == 0 && p[0] >= 0 && p[1] >= 0 && p[0] != p[1], "pipe: %s",
           strerror(errno));
  TT_CHECK("pipe.ends_access_modes",
           (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY && (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY,
           "F_GETFL %#x / %#x", fcntl(p[0], F_GETFL), fcntl(p[1], F_GETFL));
  char buf[8192];
  tt_expect_errno("pipe.write_on_read_end_ebadf", write(p[0], "x", 1), EBADF);
  tt_expect_errno("pipe.read_on_write_end_ebadf", read(p[1], buf, 1), EBADF);
  tt_expect_errno("lseek.pipe_espipe", lseek(p[0], 0, SEEK_SET), ESPIPE);
  tt_expect_errno("lseek.pipe_write_end_espipe", lseek(p[1], 0, SEEK_CUR), ESPIPE);
  tt_expect_errno("pread.pipe_espipe", pread(p[0], buf, 1, 0), ESPIPE);
  tt_expect_errno("pwrite.pipe_espipe", pwrite(p[1], "x", 1, 0), ESPIPE);
  write(p[1], "abc", 3);
  ssize_t n = read(p[0], buf, sizeof buf);
  TT_CHECK("pipe.read_returns_what_is_there", n == 3, "read of 8192 with 3 bytes in the pipe returned %ld", (long)n);
  write(p[1], "12", 2);
  write(p[1], "34", 2);
  n = read(p[0], buf, 3);
  TT_CHECK("pipe.byte_stream_order", n == 3 && memcmp(buf, "123", 3) == 0, "read \"%.3s\"", buf);
  n = read(p[0], buf, 3);
  TT_CHECK("pipe.rest_after_partial_read", n == 1 && buf[0] == '4', "read %ld", (long)n);

  /* Non-blocking. */
  fcntl(p[0], F_SETFL, O_NONBLOCK);
  tt_expect_errno("pipe.nonblock_empty_read_eagain", read(p[0], buf, 1), EAGAIN);
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  memset(buf, 'w', sizeof buf);
  long total = 0;
  int rounds = 0;
  for (;;) {
    n = write(p[1], buf, 4096);
    if (n <= 0) break;
    total += n;
    if (++rounds > 1024) break;
  }
  TT_CHECK("pipe.nonblock_fills_then_eagain", n < 0 && errno == EAGAIN && total >= 4096,
           "after %ld bytes the write returned %ld (%s)", total, (long)n, n < 0 ? strerror(errno) : "no error");
  tt_expect_errno("pipe.nonblock_full_one_byte_eagain", write(p[1], "x", 1), EAGAIN);
  /* Drain 100 bytes: a write of 4096 (<= PIPE_BUF) must not be split, so it
   * is EAGAIN or all, never part. */
  read(p[0], buf, 100);
  ssize_t atomic = write(p[1], buf, 4096);
  TT_CHECK("pipe.pipe_buf_write_atomic", (atomic < 0 && errno == EAGAIN) || atomic == 4096,
           "a 4096-byte write returned %ld", (long)atomic);
  long drained = 0;
  while ((n = read(p[0], buf, sizeof buf)) > 0) drained += n;
  long expected = total - 100 + (atomic == 4096 ? 4096 : 0);
  TT_CHECK("pipe.all_written_bytes_readable", drained == expected, "drained %ld bytes, expected %ld", drained,
           expected);
  close(p[0]);
  close(p[1]);

  /* pipe2 flags. */
  TT_CHECK("pipe2.nonblock_both_ends", pipe2(p, O_NONBLOCK) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK) &&
                                           (fcntl(p[1], F_GETFL) & O_NONBLOCK),
           "pipe2(O_NONBLOCK): %s", strerror(errno));
  close(p[0]);
  close(p[1]);
  TT_CHECK("pipe2.cloexec_both_ends", pipe2(p, O_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC &&
                                          fcntl(p[1], F_GETFD) == FD_CLOEXEC,
           "pipe2(O_CLOEXEC): %s", strerror(errno));
  close(p[0]);
  close(p[1]);
  TT_CHECK("pipe2.no_flags", pipe2(p, 0) == 0 && fcntl(p[0], F_GETFD) == 0 && !(fcntl(p[1], F_GETFL) & O_NONBLOCK),
           "pipe2(0): %s", strerror(errno));
  close(p[0]);
  close(p[1]);
  tt_expect_errno("pipe2.bad_flags_einval", pipe2(p, O_APPEND | O_RDWR), EINVAL);

  /* Writing with no reader: SIGPIPE, or EPIPE when it is ignored. */
  int status = tt_fork_status(write_to_readerless_pipe, NULL, 10);
  TT_CHECK("pipe.no_reader_sigpipe", status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
           "child %s, expected killed by SIGPIPE (%d)", tt_status_str(status), SIGPIPE);
  status = tt_fork_status(write_to_readerless_pipe, (void *)1, 10);
  TT_CHECK("pipe.no_reader_ignored_sigpipe_epipe", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 42,
           "child %s, expected exit 42 (EPIPE)", tt_status_str(status));

  /* A blocked reader wakes for a writer that comes later. */
  pipe(p);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    tt_sleep_ms(100);
    write(p[1], "late", 4);
    _exit(0);
  }
  close(p[1]);
  memset(buf, 0, 8);
  n = read(p[0], buf, sizeof buf);
  TT_CHECK("pipe.blocking_read_waits_for_writer", n == 4 && memcmp(buf, "late", 4) == 0, "read %ld (%s)", (long)n,
           n < 0 ? strerror(errno) : "");
  close(p[0]);
  tt_wait_timeout(pid, 10);
}

/* Opening past the descriptor limit: EMFILE, for every call that makes a
 * descriptor. Runs in a child. Where getrlimit works (Linux), a high limit is
 * first lowered to 1024 so the loop stays short; Tether's table is fixed. */
static void check_emfile(void *arg) {
  (void)arg;
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 4096) {
    rl.rlim_cur = 1024;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  int last = -1, fd;
  long opened = 0;
  while ((fd = open("/dev/null", O_RDONLY)) >= 0 && opened < 100000) {
    last = fd;
    opened++;
  }
  int e = errno;
  if (!TT_CHECK("open.table_full_emfile", fd < 0 && e == EMFILE, "after %ld opens (last fd %d): %s", opened, last,
                fd < 0 ? strerror(e) : "no failure"))
    return;
  int p[2];
  tt_expect_errno("dup.table_full_emfile", dup(0), EMFILE);
  tt_expect_errno("fcntl.dupfd_table_full_emfile", fcntl(0, F_DUPFD, 0), EMFILE);
  tt_expect_errno("pipe.table_full_emfile", pipe(p), EMFILE);
  tt_expect_errno("dup2.beyond_table_ebadf", dup2(0, last + 1), EBADF);
  TT_CHECK("dup2.onto_open_fd_with_full_table", dup2(0, last) == last, "dup2(0, %d): %s", last, strerror(errno));
  close(last - 1);
  fd = open("/dev/null", O_RDONLY);
  TT_CHECK("open.after_close_reuses_slot", fd == last - 1, "open returned %d, expected %d", fd, last - 1);
  /* pipe needs two: with one free slot it fails and leaves the slot free. */
  close(fd);
  tt_expect_errno("pipe.one_free_slot_emfile", pipe(p), EMFILE);
  fd = open("/dev/null", O_RDONLY);
  TT_CHECK("pipe.emfile_leaks_nothing", fd == last - 1, "open after the failed pipe returned %d, expected %d", fd,
           last - 1);
}

static void check_devices(void) {
  int fd = open("/dev/null", O_RDWR);
  char buf[64];
  TT_CHECK("devnull.write_swallows", write(fd, "abc", 3) == 3, "write: %s", strerror(errno));
  TT_CHECK("devnull.read_eof", read(fd, buf, sizeof buf) == 0, "read did not return 0");
  close(fd);
  fd = open("/dev/zero", O_RDWR);
  memset(buf, 'x', sizeof buf);
  ssize_t n = read(fd, buf, sizeof buf);
  bool zeros = n == (ssize_t)sizeof buf;
  for (size_t i = 0; zeros && i < sizeof buf; i++) zeros = buf[i] == 0;
  TT_CHECK("devzero.read_fills_zeros", zeros, "read %ld bytes, not all zero", (long)n);
  TT_CHECK("devzero.write_accepted", write(fd, "abc", 3) == 3, "write: %s", strerror(errno));
  close(fd);
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "--cloexec-child") == 0) return cloexec_child(argv);
  tt_init(argc, argv);
  scratch = tt_make_scratch("fds");
  if (!scratch || chdir(scratch) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  check_dup();
  check_cloexec_exec();
  check_fork_sharing();
  check_pipes();
  check_devices();
  tt_run_in_child("fds.emfile_child", check_emfile, NULL, 30);
  chdir("/");
  tt_remove_tree(scratch);
  return tt_done();
}
