/* efault_paths: EFAULT for a bad pointer in every path- and buffer-taking
 * system call, and no side effect from the failed call.
 *
 * Each call is tried with three bad pointers: the page at NULL + 4096
 * ("low"), a kernel address ("kernel"), and a page that was mapped and then
 * unmapped in the middle of user space ("unmapped"). Paths are also tried as
 * a string that runs off the end of a mapped page into an unmapped one,
 * with no NUL before the hole ("runs_off").
 *
 * The calls are made with syscall() directly, so nothing in libc touches the
 * pointer first. Each group runs in a child, so a kernel that faults the
 * process instead of returning EFAULT costs one group, not the whole test.
 *
 * Sources: POSIX lists EFAULT as "may fail"; the Linux man pages of every
 * call here list "EFAULT ... outside your accessible address space".
 * efault.c covers write/read on pipes, uname, clock_gettime and execve's
 * path; this test covers the rest.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static const char *scratch;

struct bad {
  const char *name;
  void *ptr;
};
static struct bad bads[4];
static int nbad;

/* A path "abc" with its last byte the last byte of a mapped page, the next
 * page unmapped: no NUL anywhere the kernel may read. */
static char *runs_off_path;

static void setup_bad_pointers(void) {
  bads[0] = (struct bad){"low", TT_LOW_PAGE};
  bads[1] = (struct bad){"kernel", TT_KERNEL_ADDR};
  bads[2] = (struct bad){"unmapped", tt_unmapped_page()};
  nbad = 3;
  char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p != MAP_FAILED && munmap(p + 4096, 4096) == 0) {
    memcpy(p + 4096 - 3, "abc", 3);
    runs_off_path = p + 4096 - 3;
  }
}

/* One EFAULT check: id is "CALL.WHAT.efault_" + pointer name. */
static void expect_efault(const char *call, const char *bad_name, long ret) {
  char id[128];
  snprintf(id, sizeof id, "%s.efault_%s", call, bad_name);
  tt_expect_errno(id, ret, EFAULT);
}

static bool exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

static void path_calls(void *arg) {
  (void)arg;
  struct stat st;
  char buf[256];
  for (int i = 0; i < nbad; i++) {
    void *b = bads[i].ptr;
    const char *n = bads[i].name;
    expect_efault("open.path", n, syscall(SYS_open, b, O_RDONLY));
    expect_efault("open.creat_path", n, syscall(SYS_open, b, O_CREAT | O_WRONLY, 0644));
    expect_efault("openat.path", n, syscall(SYS_openat, AT_FDCWD, b, O_RDONLY));
    expect_efault("stat.path", n, syscall(SYS_stat, b, &st));
    expect_efault("lstat.path", n, syscall(SYS_lstat, b, &st));
    expect_efault("newfstatat.path", n, syscall(SYS_newfstatat, AT_FDCWD, b, &st, 0));
    expect_efault("access.path", n, syscall(SYS_access, b, F_OK));
    expect_efault("faccessat.path", n, syscall(SYS_faccessat, AT_FDCWD, b, F_OK));
    expect_efault("mkdir.path", n, syscall(SYS_mkdir, b, 0755));
    expect_efault("rmdir.path", n, syscall(SYS_rmdir, b));
    expect_efault("unlink.path", n, syscall(SYS_unlink, b));
    expect_efault("unlinkat.path", n, syscall(SYS_unlinkat, AT_FDCWD, b, 0));
    expect_efault("chdir.path", n, syscall(SYS_chdir, b));
    expect_efault("chmod.path", n, syscall(SYS_chmod, b, 0644));
    expect_efault("chown.path", n, syscall(SYS_chown, b, 0, 0));
    expect_efault("lchown.path", n, syscall(SYS_lchown, b, 0, 0));
    expect_efault("truncate.path", n, syscall(SYS_truncate, b, 0));
    expect_efault("readlink.path", n, syscall(SYS_readlink, b, buf, sizeof buf));
    expect_efault("rename.old", n, syscall(SYS_rename, b, "renamed"));
    expect_efault("rename.new", n, syscall(SYS_rename, "file", b));
    expect_efault("link.old", n, syscall(SYS_link, b, "linked"));
    expect_efault("link.new", n, syscall(SYS_link, "file", b));
    expect_efault("symlink.target", n, syscall(SYS_symlink, b, "symlinked"));
    expect_efault("symlink.linkpath", n, syscall(SYS_symlink, "file", b));
    /* The *at() forms and the other path calls. */
    expect_efault("mkdirat.path", n, syscall(SYS_mkdirat, AT_FDCWD, b, 0755));
    expect_efault("mknod.path", n, syscall(SYS_mknod, b, S_IFREG | 0644, 0));
    expect_efault("mknodat.path", n, syscall(SYS_mknodat, AT_FDCWD, b, S_IFREG | 0644, 0));
    expect_efault("creat.path", n, syscall(SYS_creat, b, 0644));
    expect_efault("faccessat2.path", n, syscall(SYS_faccessat2, AT_FDCWD, b, F_OK, 0));
    expect_efault("renameat.old", n, syscall(SYS_renameat, AT_FDCWD, b, AT_FDCWD, "renamed"));
    expect_efault("renameat.new", n, syscall(SYS_renameat, AT_FDCWD, "file", AT_FDCWD, b));
    expect_efault("linkat.old", n, syscall(SYS_linkat, AT_FDCWD, b, AT_FDCWD, "linked", 0));
    expect_efault("linkat.new", n, syscall(SYS_linkat, AT_FDCWD, "file", AT_FDCWD, b, 0));
    expect_efault("symlinkat.target", n, syscall(SYS_symlinkat, b, AT_FDCWD, "symlinked"));
    expect_efault("symlinkat.linkpath", n, syscall(SYS_symlinkat, "file", AT_FDCWD, b));
    expect_efault("readlinkat.path", n, syscall(SYS_readlinkat, AT_FDCWD, b, buf, sizeof buf));
    expect_efault("fchmodat.path", n, syscall(SYS_fchmodat, AT_FDCWD, b, 0644));
    expect_efault("fchownat.path", n, syscall(SYS_fchownat, AT_FDCWD, b, 0, 0, 0));
    expect_efault("utimensat.path", n, syscall(SYS_utimensat, AT_FDCWD, b, NULL, 0));
  }
  TT_CHECK("efault.path.no_side_effects",
           exists("file") && exists("dir") && exists("link") && !exists("renamed") && !exists("linked") &&
               !exists("symlinked"),
           "a failed call created or removed a name");
  if (runs_off_path) {
    tt_expect_errno("open.path.efault_runs_off", syscall(SYS_open, runs_off_path, O_RDONLY), EFAULT);
    tt_expect_errno("stat.path.efault_runs_off", syscall(SYS_stat, runs_off_path, &st), EFAULT);
    tt_expect_errno("mkdir.path.efault_runs_off", syscall(SYS_mkdir, runs_off_path, 0755), EFAULT);
    tt_expect_errno("chdir.path.efault_runs_off", syscall(SYS_chdir, runs_off_path), EFAULT);
  } else {
    tt_fail("open.path.efault_runs_off", "could not map a page and unmap the next");
  }
}

static void buffer_calls(void *arg) {
  (void)arg;
  int fd = open("file", O_RDWR);
  int dfd = open("dir", O_RDONLY | O_DIRECTORY);
  char buf[256];
  for (int i = 0; i < nbad; i++) {
    void *b = bads[i].ptr;
    const char *n = bads[i].name;
    expect_efault("stat.buf", n, syscall(SYS_stat, "file", b));
    expect_efault("lstat.buf", n, syscall(SYS_lstat, "link", b));
    expect_efault("fstat.buf", n, syscall(SYS_fstat, fd, b));
    expect_efault("newfstatat.buf", n, syscall(SYS_newfstatat, AT_FDCWD, "file", b, 0));
    expect_efault("readlink.buf", n, syscall(SYS_readlink, "link", b, 64));
    expect_efault("getcwd.buf", n, syscall(SYS_getcwd, b, 256));
    expect_efault("read.buf", n, syscall(SYS_read, fd, b, 4));
    expect_efault("pread64.buf", n, syscall(SYS_pread64, fd, b, 4, 0));
    expect_efault("write.buf", n, syscall(SYS_write, fd, b, 4));
    expect_efault("pwrite64.buf", n, syscall(SYS_pwrite64, fd, b, 4, 0));
    expect_efault("getdents64.buf", n, syscall(SYS_getdents64, dfd, b, 4096));
    expect_efault("uname.buf", n, syscall(SYS_uname, b));
    expect_efault("readlinkat.buf", n, syscall(SYS_readlinkat, AT_FDCWD, "link", b, 64));
    expect_efault("utimensat.times", n, syscall(SYS_utimensat, AT_FDCWD, "file", b, 0));
    expect_efault("getrandom.buf", n, syscall(SYS_getrandom, b, 16, 0));
    /* readv/writev: a bad iovec array, and a good array with a bad base. */
    struct {
      void *base;
      size_t len;
    } iov = {b, 4};
    expect_efault("readv.iov", n, syscall(SYS_readv, fd, b, 1));
    expect_efault("readv.iov_base", n, syscall(SYS_readv, fd, &iov, 1));
    expect_efault("writev.iov", n, syscall(SYS_writev, fd, b, 1));
    expect_efault("writev.iov_base", n, syscall(SYS_writev, fd, &iov, 1));
    int p[2];
    pipe(p);
    write(p[1], "xy", 2);
    expect_efault("ioctl.fionread_arg", n, syscall(SYS_ioctl, p[0], 0x541B /* FIONREAD */, b));
    expect_efault("ioctl.fionbio_arg", n, syscall(SYS_ioctl, p[0], 0x5421 /* FIONBIO */, b));
    close(p[0]);
    close(p[1]);
    expect_efault("arch_prctl.get_fs_addr", n, syscall(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, b));
  }
  /* Nothing read or written: the offset did not move and the data is whole. */
  off_t off = lseek(fd, 0, SEEK_CUR);
  ssize_t got = pread(fd, buf, sizeof buf, 0);
  TT_CHECK("efault.buffer.no_side_effects", off == 0 && got == 8 && memcmp(buf, "contents", 8) == 0,
           "offset %ld, file holds %ld bytes", (long)off, (long)got);
  /* A failed getdents64 must not move the directory offset either. */
  long n = syscall(SYS_getdents64, dfd, buf, sizeof buf);
  TT_CHECK("efault.getdents64.entries_not_lost", n > 0, "getdents64 after the failures returned %ld", n);
  close(fd);
  close(dfd);
}

/* pipe with a bad array must not leave descriptors behind. */
static void fd_calls(void *arg) {
  (void)arg;
  for (int i = 0; i < nbad; i++) {
    int probe = dup(0);
    close(probe);
    expect_efault("pipe.fds", bads[i].name, syscall(SYS_pipe, bads[i].ptr));
    expect_efault("pipe2.fds", bads[i].name, syscall(SYS_pipe2, bads[i].ptr, 0));
    int after = dup(0);
    close(after);
    char id[64];
    snprintf(id, sizeof id, "pipe.efault_%s_no_fd_leak", bads[i].name);
    TT_CHECK(id, after == probe, "the lowest free fd was %d before, %d after", probe, after);
  }
}

static void process_calls(void *arg) {
  (void)arg;
  for (int i = 0; i < nbad; i++) {
    void *b = bads[i].ptr;
    const char *n = bads[i].name;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(7);
    long r = syscall(SYS_wait4, pid, b, 0, NULL);
    expect_efault("wait4.status", n, r);
    /* Linux reaps the child before it finds the status pointer bad; either
     * way, clean up. */
    tt_wait_timeout(pid, 5);

    char *argv_ok[] = {"x", NULL};
    char *envp_ok[] = {NULL};
    expect_efault("execve.path", n, syscall(SYS_execve, b, argv_ok, envp_ok));
    expect_efault("execve.argv", n, syscall(SYS_execve, tt_self_path(), b, envp_ok));
    expect_efault("execve.envp", n, syscall(SYS_execve, tt_self_path(), argv_ok, b));
    char *argv_bad_elem[] = {"x", b, NULL};
    expect_efault("execve.argv_element", n, syscall(SYS_execve, tt_self_path(), argv_bad_elem, envp_ok));
    char *envp_bad_elem[] = {"A=1", b, NULL};
    expect_efault("execve.envp_element", n, syscall(SYS_execve, tt_self_path(), argv_ok, envp_bad_elem));
  }
  TT_CHECK("execve.efault_process_survives", getpid() > 0, "still running");
}

static void time_calls(void *arg) {
  (void)arg;
  struct timespec ts = {0, 1000};
  for (int i = 0; i < nbad; i++) {
    void *b = bads[i].ptr;
    const char *n = bads[i].name;
    expect_efault("clock_gettime.ts", n, syscall(SYS_clock_gettime, CLOCK_REALTIME, b));
    expect_efault("clock_getres.res", n, syscall(SYS_clock_getres, CLOCK_MONOTONIC, b));
    expect_efault("gettimeofday.tv", n, syscall(SYS_gettimeofday, b, NULL));
    expect_efault("time.tloc", n, syscall(SYS_time, b));
    expect_efault("nanosleep.req", n, syscall(SYS_nanosleep, b, NULL));
    expect_efault("clock_nanosleep.req", n, syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, b, NULL));
    expect_efault("setitimer.new", n, syscall(SYS_setitimer, TT_ITIMER_REAL, b, NULL));
    expect_efault("getitimer.value", n, syscall(SYS_getitimer, TT_ITIMER_REAL, b));
  }
  (void)ts;
}

static void handler(int sig) { (void)sig; }

static void signal_calls(void *arg) {
  (void)arg;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigaction(SIGUSR1, &sa, NULL);
  sigset_t set = 0;
  for (int i = 0; i < nbad; i++) {
    void *b = bads[i].ptr;
    const char *n = bads[i].name;
    expect_efault("rt_sigaction.act", n, syscall(SYS_rt_sigaction, SIGUSR2, b, NULL, sizeof(sigset_t)));
    expect_efault("rt_sigaction.oldact", n, syscall(SYS_rt_sigaction, SIGUSR1, NULL, b, sizeof(sigset_t)));
    expect_efault("rt_sigprocmask.set", n, syscall(SYS_rt_sigprocmask, SIG_BLOCK, b, NULL, sizeof(sigset_t)));
    expect_efault("rt_sigprocmask.oldset", n, syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, b, sizeof(sigset_t)));
    expect_efault("rt_sigpending.set", n, syscall(SYS_rt_sigpending, b, sizeof(sigset_t)));
    expect_efault("rt_sigsuspend.mask", n, syscall(SYS_rt_sigsuspend, b, sizeof(sigset_t)));
  }
  /* rt_sigaction with a bad act must leave the old action in place. */
  struct sigaction now;
  sigaction(SIGUSR2, NULL, &now);
  TT_CHECK("rt_sigaction.efault_act_keeps_old", now.sa_handler == SIG_DFL, "SIGUSR2's handler changed to %p",
           (void *)now.sa_handler);
}

static void identity_calls(void *arg) {
  (void)arg;
  uid_t r, e, s;
  /* One supplementary group, so getgroups has something to write. */
  gid_t one = 0;
  tt_setgroups(1, &one);
  for (int i = 0; i < nbad; i++) {
    void *b = bads[i].ptr;
    const char *n = bads[i].name;
    expect_efault("getgroups.list", n, syscall(SYS_getgroups, 16, b));
    expect_efault("setgroups.list", n, syscall(SYS_setgroups, 1, b));
    expect_efault("getresuid.ruid", n, syscall(SYS_getresuid, b, &e, &s));
    expect_efault("getresuid.euid", n, syscall(SYS_getresuid, &r, b, &s));
    expect_efault("getresuid.suid", n, syscall(SYS_getresuid, &r, &e, b));
    expect_efault("getresgid.rgid", n, syscall(SYS_getresgid, b, &e, &s));
  }
  long count = syscall(SYS_getgroups, 0, TT_LOW_PAGE);
  TT_CHECK("getgroups.size_0_ignores_list", count == 1, "getgroups(0, bad) = %ld (%s); it only counts", count,
           count < 0 ? strerror(errno) : "");
  gid_t g[4];
  TT_CHECK("setgroups.efault_keeps_groups", tt_getgroups(4, g) == 1 && g[0] == 0, "the group list changed");
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  scratch = tt_make_scratch("efault_paths");
  if (!scratch || chdir(scratch) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  setup_bad_pointers();
  tt_write_file("file", "contents", 0644);
  mkdir("dir", 0755);
  symlink("file", "link");
  tt_run_in_child("efault.path_calls", path_calls, NULL, 30);
  tt_run_in_child("efault.buffer_calls", buffer_calls, NULL, 30);
  tt_run_in_child("efault.fd_calls", fd_calls, NULL, 30);
  tt_run_in_child("efault.process_calls", process_calls, NULL, 30);
  tt_run_in_child("efault.time_calls", time_calls, NULL, 30);
  tt_run_in_child("efault.signal_calls", signal_calls, NULL, 30);
  if (geteuid() == 0) tt_run_in_child("efault.identity_calls", identity_calls, NULL, 30);
  else tt_skip("efault.identity_calls", "setgroups needs root");
  chdir("/");
  tt_remove_tree(scratch);
  return tt_done();
}
