/* procfs: /proc as Linux lays it out, and Tether's /proc/sys with its fail
 * points.
 *
 * On both systems: /proc/self is a link to the caller's pid; status of the
 * caller, of a forked child (sleeping, then with another uid, then a
 * zombie) and what goes when it is reaped; cmdline; the /proc listing;
 * meminfo and uptime; that no name can be made, moved or removed there
 * (ENOENT, EXDEV, EPERM, EBUSY for /proc itself); and /proc/sys
 * permissions: a non-root writer gets EACCES, a read-only setting refuses
 * even root, an unknown path is ENOENT, a bad value EINVAL.
 *
 * On Tether only (SKIP on Linux, whose sysctls have other names):
 * kern.clockrate, the /proc/sys listing, setting a value, and the fail
 * points debug.fail.vfs_io (the next read or write of a regular file fails
 * with EIO, the one after succeeds) and debug.fail.vfs_lookup (the next
 * path resolution fails with EIO), neither set off by reading its own file.
 *
 * Sources: Linux proc(5) (/proc/self, /proc/pid/status, cmdline, meminfo,
 * uptime, /proc/sys), fs/proc/array.c for the status layout, sysctl_perm()
 * for root and read-only settings. The test runs as root on both systems.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

#define USER 1000

/* A writable sysctl whose value a test may set, and a read-only one: on
 * Linux, two that every kernel has (the test never changes the writable
 * one there: it only writes a bad value, which Linux refuses). */
static const char *writable_sysctl(void) {
  return tt_on_tether() ? "/proc/sys/debug/fail/vfs_io" : "/proc/sys/vm/swappiness";
}
static const char *read_only_sysctl(void) {
  return tt_on_tether() ? "/proc/sys/kern/clockrate" : "/proc/sys/kernel/osrelease";
}

/* The whole file into buf (NUL-terminated): its length, or -1. */
static ssize_t read_text(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  size_t got = 0;
  ssize_t n;
  while (got < size - 1 && (n = read(fd, buf + got, size - 1 - got)) > 0) got += (size_t)n;
  close(fd);
  buf[got] = '\0';
  return (ssize_t)got;
}

/* Writes text to path in one write(2): 0, or -1 with errno. */
static int write_text(const char *path, const char *text) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  int saved = errno;
  close(fd);
  errno = saved;
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* The value after "Key:" in a status or meminfo text, or NULL. */
static const char *field(const char *text, const char *key) {
  size_t n = strlen(key);
  for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (strncmp(line, key, n) == 0 && line[n] == ':') return line + n + 1;
  }
  return NULL;
}

static long field_number(const char *text, const char *key) {
  const char *value = field(text, key);
  return value ? strtol(value, NULL, 10) : -1;
}

/* The state letter of /proc/PID/status, or 0. */
static char state_of(pid_t pid) {
  char path[64], text[4096];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  if (read_text(path, text, sizeof text) < 0) return 0;
  const char *value = field(text, "State");
  while (value && (*value == ' ' || *value == '\t')) value++;
  return value ? *value : 0;
}

/* Waits up to 5 s for /proc/PID/status to show the state letter. */
static bool wait_for_state(pid_t pid, char state) {
  for (int i = 0; i < 500; i++) {
    if (state_of(pid) == state) return true;
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
  }
  return false;
}

static void check_self(void) {
  char link[64], expected[64];
  snprintf(expected, sizeof expected, "%d", (int)getpid());
  ssize_t n = readlink("/proc/self", link, sizeof link - 1);
  if (n >= 0) link[n] = '\0';
  TT_CHECK("self.link_is_pid", n >= 0 && strcmp(link, expected) == 0, "readlink(/proc/self) = \"%s\" (%s), pid %s",
           n >= 0 ? link : "", n >= 0 ? "ok" : strerror(errno), expected);

  struct stat through_link, direct;
  char path[64];
  snprintf(path, sizeof path, "/proc/%d", (int)getpid());
  TT_CHECK("self.same_directory_as_pid",
           stat("/proc/self", &through_link) == 0 && stat(path, &direct) == 0 && S_ISDIR(direct.st_mode) &&
               through_link.st_ino == direct.st_ino,
           "stat(/proc/self) and stat(%s) differ", path);
  TT_CHECK("self.is_symlink", lstat("/proc/self", &through_link) == 0 && S_ISLNK(through_link.st_mode),
           "lstat(/proc/self): mode %o", through_link.st_mode);
}

static void check_own_status(void) {
  char text[4096];
  if (!TT_CHECK("status.self_readable", read_text("/proc/self/status", text, sizeof text) > 0, "%s",
                strerror(errno)))
    return;
  TT_CHECK("status.self_name", field(text, "Name") != NULL, "no Name: line");
  TT_CHECK("status.self_pid", field_number(text, "Pid") == getpid(), "Pid: %ld, getpid() %d", field_number(text, "Pid"),
           (int)getpid());
  TT_CHECK("status.self_tgid", field_number(text, "Tgid") == getpid(), "Tgid: %ld", field_number(text, "Tgid"));
  TT_CHECK("status.self_ppid", field_number(text, "PPid") == getppid(), "PPid: %ld, getppid() %d",
           field_number(text, "PPid"), (int)getppid());
  TT_CHECK("status.self_running", state_of(getpid()) == 'R', "State: %c", state_of(getpid()));
  unsigned r = 99, e = 99, s = 99, f = 99;
  const char *uid = field(text, "Uid");
  TT_CHECK("status.self_uid", uid && sscanf(uid, "%u %u %u %u", &r, &e, &s, &f) == 4 && r == getuid() &&
                                  e == geteuid() && s == geteuid() && f == geteuid(),
           "Uid: %u %u %u %u, getuid() %u", r, e, s, f, (unsigned)getuid());
  const char *gid = field(text, "Gid");
  TT_CHECK("status.self_gid", gid && sscanf(gid, "%u %u %u %u", &r, &e, &s, &f) == 4 && r == getgid() &&
                                  e == getegid(),
           "Gid: %u %u %u %u, getgid() %u", r, e, s, f, (unsigned)getgid());
  TT_CHECK("status.self_groups_line", field(text, "Groups") != NULL, "no Groups: line");
  const char *rss = field(text, "VmRSS");
  TT_CHECK("status.self_vmrss_kb", rss && strtol(rss, NULL, 10) > 0 && strstr(rss, " kB\n") != NULL,
           "VmRSS:%.20s", rss ? rss : " (none)");
}

/* The child of check_child: tells the parent it is ready, then waits, as
 * root and then as USER, for the parent to let it go on. */
static void child_body(int ready, int go) {
  char c;
  write(ready, "1", 1);
  read(go, &c, 1);
  if (setgid(USER) < 0 || setuid(USER) < 0) _exit(2);
  write(ready, "2", 1);
  read(go, &c, 1);
  _exit(7);
}

static void check_child(void) {
  int ready[2], go[2];
  if (pipe(ready) < 0 || pipe(go) < 0) {
    tt_fail("status.child", "pipe: %s", strerror(errno));
    return;
  }
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    close(ready[0]);
    close(go[1]);
    child_body(ready[1], go[0]);
  }
  close(ready[1]);
  close(go[0]);
  char c, path[64], text[4096];
  snprintf(path, sizeof path, "/proc/%d/status", (int)child);

  read(ready[0], &c, 1);
  TT_CHECK("status.child_readable", read_text(path, text, sizeof text) > 0, "%s: %s", path, strerror(errno));
  TT_CHECK("status.child_pid", field_number(text, "Pid") == child, "Pid: %ld, child %d", field_number(text, "Pid"),
           (int)child);
  TT_CHECK("status.child_ppid_is_parent", field_number(text, "PPid") == getpid(), "PPid: %ld, parent %d",
           field_number(text, "PPid"), (int)getpid());
  TT_CHECK("status.child_sleeping", wait_for_state(child, 'S'), "State: %c while blocked in read", state_of(child));

  write(go[1], "x", 1);
  read(ready[0], &c, 1);
  unsigned r = 0, e = 0, s = 0, f = 0;
  read_text(path, text, sizeof text);
  const char *uid = field(text, "Uid");
  TT_CHECK("status.child_uid_after_setuid",
           c == '2' && uid && sscanf(uid, "%u %u %u %u", &r, &e, &s, &f) == 4 && r == USER && e == USER &&
               s == USER && f == USER,
           "Uid: %u %u %u %u, expected %d four times", r, e, s, f, USER);

  write(go[1], "x", 1);
  TT_CHECK("status.zombie", wait_for_state(child, 'Z'), "State: %c after exit, before wait", state_of(child));
  snprintf(path, sizeof path, "/proc/%d/cmdline", (int)child);
  TT_CHECK("cmdline.zombie_empty", read_text(path, text, sizeof text) == 0, "%s is not empty", path);

  int status;
  struct stat st;
  waitpid(child, &status, 0);
  snprintf(path, sizeof path, "/proc/%d", (int)child);
  tt_expect_errno("status.reaped_gone_enoent", stat(path, &st), ENOENT);
  close(ready[0]);
  close(go[1]);
}

static void check_cmdline(int argc, char **argv) {
  char expected[4096], text[4096];
  size_t length = 0;
  for (int i = 0; i < argc && length + strlen(argv[i]) + 1 <= sizeof expected; i++) {
    memcpy(expected + length, argv[i], strlen(argv[i]) + 1);
    length += strlen(argv[i]) + 1;
  }
  ssize_t n = read_text("/proc/self/cmdline", text, sizeof text);
  TT_CHECK("cmdline.self_is_argv", n == (ssize_t)length && memcmp(text, expected, length) == 0,
           "%zd bytes, expected %zu (argv[0] \"%s\")", n, length, argv[0]);
}

static bool directory_has(const char *dir_path, const char *name) {
  DIR *dir = opendir(dir_path);
  if (!dir) return false;
  bool found = false;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL)
    if (strcmp(e->d_name, name) == 0) found = true;
  closedir(dir);
  return found;
}

static void check_listing(void) {
  char pid[32];
  snprintf(pid, sizeof pid, "%d", (int)getpid());
  TT_CHECK("list.proc_has_self", directory_has("/proc", "self"), "no self in /proc");
  TT_CHECK("list.proc_has_own_pid", directory_has("/proc", pid), "no %s in /proc", pid);
  TT_CHECK("list.proc_has_meminfo", directory_has("/proc", "meminfo"), "no meminfo in /proc");
  TT_CHECK("list.proc_has_sys", directory_has("/proc", "sys"), "no sys in /proc");
  TT_CHECK("list.pid_has_status", directory_has("/proc/self", "status"), "no status in /proc/self");
  if (!tt_on_tether()) {
    tt_skip("list.sys_debug_fail", "Tether's fail points are not Linux sysctls");
    return;
  }
  TT_CHECK("list.sys_debug_fail",
           directory_has("/proc/sys/debug/fail", "vfs_io") && directory_has("/proc/sys/debug/fail", "vfs_lookup"),
           "/proc/sys/debug/fail lacks vfs_io or vfs_lookup");
  TT_CHECK("list.sys_has_kern", directory_has("/proc/sys", "kern"), "no kern in /proc/sys");
}

static void check_meminfo_and_uptime(void) {
  char text[8192];
  if (!TT_CHECK("meminfo.readable", read_text("/proc/meminfo", text, sizeof text) > 0, "%s", strerror(errno))) return;
  long total = field_number(text, "MemTotal"), free = field_number(text, "MemFree");
  long available = field_number(text, "MemAvailable");
  TT_CHECK("meminfo.total_positive", total > 0, "MemTotal: %ld", total);
  TT_CHECK("meminfo.free_at_most_total", free >= 0 && free <= total, "MemFree: %ld, MemTotal: %ld", free, total);
  TT_CHECK("meminfo.available_at_most_total", available >= 0 && available <= total, "MemAvailable: %ld", available);
  TT_CHECK("meminfo.in_kb", strncmp(text, "MemTotal:", 9) == 0 && strstr(text, " kB\n") != NULL,
           "first line: %.40s", text);

  long up_seconds = -1, up_hundredths = -1, idle_seconds = -1, idle_hundredths = -1;
  read_text("/proc/uptime", text, sizeof text);
  int fields = sscanf(text, "%ld.%ld %ld.%ld", &up_seconds, &up_hundredths, &idle_seconds, &idle_hundredths);
  TT_CHECK("uptime.two_numbers", fields == 4 && (up_seconds > 0 || up_hundredths > 0) && idle_seconds >= 0,
           "/proc/uptime: \"%.40s\"", text);
}

static void check_nothing_created(void) {
  tt_expect_errno("create.file_in_proc_enoent", open("/proc/tether_test_file", O_CREAT | O_WRONLY, 0644), ENOENT);
  tt_expect_errno("create.directory_in_proc_enoent", mkdir("/proc/tether_test_dir", 0755), ENOENT);
  tt_expect_errno("create.link_out_of_proc_exdev", link("/proc/meminfo", "/tmp/procfs_meminfo_link"), EXDEV);
  tt_expect_errno("create.rename_out_of_proc_exdev", rename("/proc/self", "/tmp/procfs_self"), EXDEV);
  tt_expect_errno("create.unlink_in_proc_eperm", unlink("/proc/self"), EPERM);
  tt_expect_errno("create.rmdir_proc_ebusy", rmdir("/proc"), EBUSY);
}

/* As USER, opening a writable sysctl for writing. */
static void check_non_root_write(void) {
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    if (setgid(USER) < 0 || setuid(USER) < 0) _exit(2);
    int fd = open(writable_sysctl(), O_WRONLY);
    _exit(fd < 0 && errno == EACCES ? 0 : fd < 0 ? 3 : 4);
  }
  int status = -1;
  waitpid(child, &status, 0);
  TT_CHECK("sys.non_root_write_eacces", WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "%s as uid %d: %s", writable_sysctl(), USER,
           !WIFEXITED(status) ? "child died" : WEXITSTATUS(status) == 2 ? "setuid failed"
                                             : WEXITSTATUS(status) == 4 ? "opened for writing"
                                                                        : "another errno than EACCES");
}

static void check_sysctl_errors(void) {
  tt_expect_errno("sys.read_only_root_write_eacces", open(read_only_sysctl(), O_WRONLY), EACCES);
  tt_expect_errno("sys.unknown_path_enoent", open("/proc/sys/kern/no_such_setting", O_RDONLY), ENOENT);
  tt_expect_errno("sys.unknown_path_write_enoent", open("/proc/sys/debug/no_such_setting", O_WRONLY), ENOENT);
  tt_expect_errno("sys.bad_value_einval", write_text(writable_sysctl(), "not a number\n"), EINVAL);
  if (tt_on_tether()) tt_expect_errno("sys.negative_count_einval", write_text(writable_sysctl(), "-1\n"), EINVAL);
  else tt_skip("sys.negative_count_einval", "a Tether fail point's rule");
}

static void check_tether_sysctls(void) {
  if (!tt_on_tether()) {
    tt_skip("sys.clockrate_number", "kern.clockrate is FreeBSD's name; Linux has no such file");
    tt_skip("sys.write_then_read", "debug.fail.* are Tether's");
    return;
  }
  char text[256];
  ssize_t n = read_text("/proc/sys/kern/clockrate", text, sizeof text);
  char *end = NULL;
  long rate = n > 0 ? strtol(text, &end, 10) : -1;
  TT_CHECK("sys.clockrate_number", rate > 0 && end && strcmp(end, "\n") == 0, "\"%s\"", n > 0 ? text : strerror(errno));

  bool written = write_text("/proc/sys/debug/fail/vfs_io", "3\n") == 0;
  read_text("/proc/sys/debug/fail/vfs_io", text, sizeof text);
  TT_CHECK("sys.write_then_read", written && strcmp(text, "3\n") == 0, "wrote 3 (%s), read \"%s\"",
           written ? "ok" : strerror(errno), text);
  write_text("/proc/sys/debug/fail/vfs_io", "0\n");
}

static void check_fail_points(void) {
  if (!tt_on_tether()) {
    tt_skip("fail.vfs_io_read", "debug.fail.vfs_io is Tether's");
    tt_skip("fail.vfs_lookup", "debug.fail.vfs_lookup is Tether's");
    return;
  }
  const char *file = "/tmp/procfs_fail_point";
  int fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0644);
  write(fd, "data", 4);
  char buf[16], text[64];

  /* Armed: reading the fail point's own file does not use it up. */
  write_text("/proc/sys/debug/fail/vfs_io", "1\n");
  read_text("/proc/sys/debug/fail/vfs_io", text, sizeof text);
  TT_CHECK("fail.vfs_io_own_file_does_not_fire", strcmp(text, "1\n") == 0, "after arming, it reads \"%s\"", text);
  tt_expect_errno("fail.vfs_io_read_eio", pread(fd, buf, sizeof buf, 0), EIO);
  TT_CHECK("fail.vfs_io_next_read_succeeds", pread(fd, buf, sizeof buf, 0) == 4 && memcmp(buf, "data", 4) == 0,
           "second read: %s", strerror(errno));
  read_text("/proc/sys/debug/fail/vfs_io", text, sizeof text);
  TT_CHECK("fail.vfs_io_back_to_zero", strcmp(text, "0\n") == 0, "after firing, it reads \"%s\"", text);

  write_text("/proc/sys/debug/fail/vfs_io", "1\n");
  tt_expect_errno("fail.vfs_io_write_eio", pwrite(fd, "more", 4, 4), EIO);
  TT_CHECK("fail.vfs_io_next_write_succeeds", pwrite(fd, "more", 4, 4) == 4, "%s", strerror(errno));
  close(fd);

  struct stat st;
  write_text("/proc/sys/debug/fail/vfs_lookup", "1\n");
  read_text("/proc/sys/debug/fail/vfs_lookup", text, sizeof text);
  TT_CHECK("fail.vfs_lookup_own_file_does_not_fire", strcmp(text, "1\n") == 0, "after arming, it reads \"%s\"", text);
  tt_expect_errno("fail.vfs_lookup_stat_eio", stat(file, &st), EIO);
  TT_CHECK("fail.vfs_lookup_next_stat_succeeds", stat(file, &st) == 0 && st.st_size == 8, "%s", strerror(errno));
  unlink(file);
}

/* The sysctl-by-name call, SYS_tether_sysctl(name, oldbuf, oldlenp, newbuf,
 * newlen): FreeBSD's sysctlbyname(3) shape with text values. A private
 * number, so Linux answers ENOSYS, which is checked there. */
static long sysctl_by_name(const char *name, void *old, size_t *oldlen, const void *new_value, size_t newlen) {
  return syscall(SYS_tether_sysctl, name, old, oldlen, new_value, newlen);
}

static void check_sysctl_by_name(void) {
  size_t len = 0;
  if (!tt_on_tether()) {
    tt_expect_errno("sysctl.by_name.linux_enosys", sysctl_by_name("kern.clockrate", NULL, &len, NULL, 0), ENOSYS);
    return;
  }
  char file[64], value[64];
  read_text("/proc/sys/kern/clockrate", file, sizeof file);
  TT_CHECK("sysctl.by_name.size_query", sysctl_by_name("kern.clockrate", NULL, &len, NULL, 0) == 0 &&
                                            len == strlen(file),
           "length %zu, the file has %zu bytes (%s)", len, strlen(file), strerror(errno));
  memset(value, 0, sizeof value);
  len = sizeof value;
  TT_CHECK("sysctl.by_name.read_same_as_file",
           sysctl_by_name("kern.clockrate", value, &len, NULL, 0) == 0 && len == strlen(file) &&
               strcmp(value, file) == 0,
           "\"%s\" (%zu bytes), the file says \"%s\"", value, len, file);
  /* FreeBSD: a buffer too small gets what fits, and ENOMEM. */
  memset(value, 0, sizeof value);
  len = 1;
  tt_expect_errno("sysctl.by_name.short_buffer_enomem", sysctl_by_name("kern.clockrate", value, &len, NULL, 0),
                  ENOMEM);
  TT_CHECK("sysctl.by_name.short_buffer_partial", len == 1 && value[0] == file[0] && value[1] == 0,
           "len %zu, \"%s\"", len, value);

  TT_CHECK("sysctl.by_name.write", sysctl_by_name("debug.fail.vfs_io", NULL, NULL, "0", 1) == 0, "%s",
           strerror(errno));
  len = sizeof value;
  memset(value, 0, sizeof value);
  TT_CHECK("sysctl.by_name.write_seen_in_file",
           sysctl_by_name("debug.fail.vfs_io", NULL, NULL, "0", 1) == 0 &&
               read_text("/proc/sys/debug/fail/vfs_io", file, sizeof file) > 0 && strcmp(file, "0\n") == 0,
           "the file reads \"%s\"", file);
  tt_expect_errno("sysctl.by_name.unknown_enoent", sysctl_by_name("kern.no_such_setting", NULL, &len, NULL, 0),
                  ENOENT);
  tt_expect_errno("sysctl.by_name.read_only_eperm", sysctl_by_name("kern.clockrate", NULL, NULL, "5", 1), EPERM);
  tt_expect_errno("sysctl.by_name.bad_value_einval", sysctl_by_name("debug.fail.vfs_io", NULL, NULL, "x", 1),
                  EINVAL);

  /* EFAULT for each pointer. */
  len = sizeof value;
  tt_expect_errno("sysctl.by_name.name_efault", sysctl_by_name((const char *)TT_LOW_PAGE, NULL, &len, NULL, 0),
                  EFAULT);
  tt_expect_errno("sysctl.by_name.oldlenp_efault", sysctl_by_name("kern.clockrate", value, (size_t *)TT_LOW_PAGE,
                                                                  NULL, 0),
                  EFAULT);
  tt_expect_errno("sysctl.by_name.oldbuf_efault", sysctl_by_name("kern.clockrate", TT_KERNEL_ADDR, &len, NULL, 0),
                  EFAULT);
  tt_expect_errno("sysctl.by_name.newbuf_efault", sysctl_by_name("debug.fail.vfs_io", NULL, NULL, TT_LOW_PAGE, 1),
                  EFAULT);

  /* Setting needs root (FreeBSD: EPERM), reading does not. */
  pid_t pid = fork();
  if (pid == 0) {
    if (setuid(USER) < 0) _exit(10);
    size_t n = sizeof value;
    if (sysctl_by_name("kern.clockrate", value, &n, NULL, 0) < 0) _exit(11);
    if (sysctl_by_name("debug.fail.vfs_io", NULL, NULL, "1", 1) == 0) _exit(12);
    _exit(errno == EPERM ? 0 : 13);
  }
  int status = -1;
  waitpid(pid, &status, 0);
  TT_CHECK("sysctl.by_name.non_root_reads_but_write_eperm", WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "child status %#x (10 setuid, 11 read failed, 12 write allowed, 13 not EPERM)", status);
}

int main(int argc, char **argv) {
  check_self();
  check_own_status();
  check_child();
  check_cmdline(argc, argv);
  check_listing();
  check_meminfo_and_uptime();
  check_nothing_created();
  check_non_root_write();
  check_sysctl_errors();
  check_tether_sysctls();
  check_fail_points();
  check_sysctl_by_name();
  return tt_done();
}
