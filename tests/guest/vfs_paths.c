/* vfs_paths: how a path name is resolved.
 *
 * Absolute and relative paths, ".", "..", repeated slashes, the current
 * directory (chdir, fchdir, getcwd), ENOENT and ENOTDIR in every position,
 * trailing slashes, ENAMETOOLONG at its exact boundaries, and symbolic links:
 * relative and absolute targets, "..", a cycle, and chains of 40 and 41
 * links (ELOOP).
 *
 * Sources: POSIX XBD 4.13 "Pathname Resolution", POSIX stat(), chdir(),
 * getcwd(); Linux path_resolution(7), getcwd(2), symlink(7).
 *
 * Limits: a component longer than NAME_MAX (255) bytes is ENAMETOOLONG on
 * both systems. A whole path longer than 1023 bytes is ENAMETOOLONG on Tether
 * (FreeBSD's PATH_MAX of 1024 with the NUL); Linux allows 4095, so the
 * 1023/1024 checks are Tether's own and SKIP on Linux. 4096 bytes is too long
 * everywhere. Linux follows at most 40 links in one resolution (MAXSYMLINKS,
 * path_resolution(7)); Tether the same.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static const char *scratch;

/* The inode of path (following links), or 0. */
static ino_t ino_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? st.st_ino : 0;
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Checks that stat(path) succeeds and finds the same inode as `want`. */
static void expect_same(const char *id, const char *path, const char *want) {
  ino_t a = ino_of(path), b = ino_of(want);
  if (a == 0) tt_fail(id, "stat(\"%s\"): %s", path, strerror(errno));
  else TT_CHECK(id, a == b, "\"%s\" is inode %lu, \"%s\" is %lu", path, (unsigned long)a, want, (unsigned long)b);
}

static void check_basic_resolution(void) {
  /* Layout: a/b/f (a file), a/b/g, top (a file). */
  mkdir("a", 0755);
  mkdir("a/b", 0755);
  tt_write_file("a/b/f", "f", 0644);
  tt_write_file("top", "top", 0644);
  char abs[512];
  snprintf(abs, sizeof abs, "%s/a/b/f", scratch);

  expect_same("path.relative", "a/b/f", abs);
  expect_same("path.absolute", abs, "a/b/f");
  expect_same("path.dot_components", "./a/./b/./f", "a/b/f");
  expect_same("path.dotdot_components", "a/b/../b/../../a/b/f", "a/b/f");
  expect_same("path.repeated_slashes", "a//b///f", "a/b/f");
  expect_same("path.dot_is_cwd", ".", scratch);
  expect_same("path.dotdot_of_root_is_root", "/..", "/");
  expect_same("path.dotdot_above_root_stays_at_root", "/../../..", "/");
  char up[600];
  snprintf(up, sizeof up, "/../..%s/a", scratch);
  expect_same("path.dotdot_at_root_then_down", up, "a");
  expect_same("path.slashes_only_is_root", "///", "/");

  tt_expect_errno("path.empty_enoent", open("", O_RDONLY), ENOENT);
  struct stat st;
  tt_expect_errno("stat.empty_path_enoent", stat("", &st), ENOENT);
  tt_expect_errno("path.enoent.last", stat("a/b/missing", &st), ENOENT);
  tt_expect_errno("path.enoent.prefix", stat("a/missing/f", &st), ENOENT);
  tt_expect_errno("path.enoent.first", stat("missing/b/f", &st), ENOENT);
  tt_expect_errno("path.enotdir.prefix_is_file", stat("top/x", &st), ENOTDIR);
  tt_expect_errno("path.enotdir.deep_prefix_is_file", stat("a/b/f/x/y", &st), ENOTDIR);
  tt_expect_errno("path.enotdir.file_then_dotdot", stat("a/b/f/..", &st), ENOTDIR);
  tt_expect_errno("path.enotdir.file_then_dot", stat("a/b/f/.", &st), ENOTDIR);
  tt_expect_errno("path.enotdir.devnull_prefix", stat("/dev/null/x", &st), ENOTDIR);

  /* Trailing slashes: the path must resolve to a directory. */
  TT_CHECK("path.trailing_slash.dir_ok", is_dir("a/b/"), "stat(\"a/b/\"): %s", strerror(errno));
  TT_CHECK("path.trailing_slashes.dir_ok", is_dir("a/b//"), "stat(\"a/b//\"): %s", strerror(errno));
  tt_expect_errno("path.trailing_slash.file_enotdir", stat("top/", &st), ENOTDIR);
  tt_expect_errno("path.trailing_slash.open_file_enotdir", open("top/", O_RDONLY), ENOTDIR);
  tt_expect_errno("path.trailing_slash.missing_enoent", stat("nothing/", &st), ENOENT);
  symlink("a", "link_to_a");
  symlink("top", "link_to_top");
  /* A trailing slash makes even lstat follow a link to a directory. */
  TT_CHECK("path.trailing_slash.lstat_follows_link_to_dir", lstat("link_to_a/", &st) == 0 && S_ISDIR(st.st_mode),
           "lstat(\"link_to_a/\"): %s, mode %o", strerror(errno), st.st_mode);
  tt_expect_errno("path.trailing_slash.link_to_file_enotdir", stat("link_to_top/", &st), ENOTDIR);
  TT_CHECK("path.trailing_slash.mkdir_ok", mkdir("made/", 0755) == 0 && is_dir("made"), "mkdir(\"made/\"): %s",
           strerror(errno));
  TT_CHECK("path.trailing_slash.rmdir_ok", rmdir("made/") == 0 && !is_dir("made"), "rmdir(\"made/\"): %s",
           strerror(errno));
  tt_expect_errno("path.trailing_slash.unlink_file_enotdir", unlink("top/"), ENOTDIR);
  TT_CHECK("path.trailing_slash.unlink_left_file", ino_of("top") != 0, "\"top\" is gone after unlink(\"top/\")");
  /* A new name with a trailing slash can only be a directory made by
   * mkdir: creating anything else that way fails and creates nothing (XBD
   * 4.13). The errno differs between calls, so only the failure is checked. */
  struct stat nst;
  int fd = open("newf/", O_CREAT | O_WRONLY, 0644);
  TT_CHECK("path.trailing_slash.creat_fails_creates_nothing", fd < 0 && lstat("newf", &nst) < 0,
           "open(\"newf/\", O_CREAT) returned %d", fd);
  if (fd >= 0) close(fd);
  TT_CHECK("path.trailing_slash.link_fails_creates_nothing", link("top", "newl/") < 0 && lstat("newl", &nst) < 0,
           "link(\"top\", \"newl/\") succeeded");
  TT_CHECK("path.trailing_slash.symlink_fails_creates_nothing",
           symlink("top", "news/") < 0 && lstat("news", &nst) < 0, "symlink(\"top\", \"news/\") succeeded");
  tt_expect_errno("path.trailing_slash.rename_file_to_slash_enotdir", rename("top", "newr/"), ENOTDIR);
  TT_CHECK("path.trailing_slash.rename_failed_changed_nothing", ino_of("top") != 0 && lstat("newr", &nst) < 0,
           "a name moved");
}

static void check_cwd(void) {
  char buf[600], want[600];
  TT_CHECK("getcwd.is_scratch", getcwd(buf, sizeof buf) && strcmp(buf, scratch) == 0, "getcwd = \"%s\", expected %s",
           buf, scratch);
  if (!TT_CHECK("chdir.relative", chdir("a/b") == 0, "chdir(\"a/b\"): %s", strerror(errno))) return;
  snprintf(want, sizeof want, "%s/a/b", scratch);
  TT_CHECK("getcwd.after_chdir", getcwd(buf, sizeof buf) && strcmp(buf, want) == 0, "getcwd = \"%s\", expected %s",
           buf, want);
  expect_same("chdir.relative_paths_follow_cwd", "f", "../b/f");
  TT_CHECK("chdir.dotdot", chdir("../..") == 0 && getcwd(buf, sizeof buf) && strcmp(buf, scratch) == 0,
           "after chdir(\"../..\") getcwd = \"%s\"", buf);

  /* The raw call returns the length with the NUL (getcwd(2), "C library/kernel
   * differences"); a buffer one byte short is ERANGE. */
  size_t len = strlen(scratch);
  long r = syscall(SYS_getcwd, buf, sizeof buf);
  TT_CHECK("getcwd.syscall_returns_length_with_nul", r == (long)len + 1, "returned %ld, expected %zu", r, len + 1);
  tt_expect_errno("getcwd.buffer_one_short_erange", syscall(SYS_getcwd, buf, len), ERANGE);
  r = syscall(SYS_getcwd, buf, len + 1);
  TT_CHECK("getcwd.buffer_exact_fits", r == (long)len + 1, "getcwd with exactly %zu bytes: %ld (%s)", len + 1, r,
           r < 0 ? strerror(errno) : "");
  tt_expect_errno("getcwd.libc_size_0_einval", getcwd(buf, 0) ? 0 : -1, EINVAL);

  int fd = open("a", O_RDONLY | O_DIRECTORY);
  snprintf(want, sizeof want, "%s/a", scratch);
  TT_CHECK("fchdir.to_dir", fchdir(fd) == 0 && getcwd(buf, sizeof buf) && strcmp(buf, want) == 0,
           "after fchdir getcwd = \"%s\", expected %s (%s)", buf, want, strerror(errno));
  close(fd);
  chdir(scratch);
  fd = open("top", O_RDONLY);
  tt_expect_errno("fchdir.file_enotdir", fchdir(fd), ENOTDIR);
  close(fd);
  tt_expect_errno("fchdir.closed_fd_ebadf", fchdir(fd), EBADF);
  tt_expect_errno("chdir.file_enotdir", chdir("top"), ENOTDIR);
  tt_expect_errno("chdir.missing_enoent", chdir("missing"), ENOENT);
  tt_expect_errno("chdir.prefix_file_enotdir", chdir("top/x"), ENOTDIR);
  TT_CHECK("chdir.failed_keeps_cwd", getcwd(buf, sizeof buf) && strcmp(buf, scratch) == 0, "getcwd = \"%s\"", buf);
  TT_CHECK("chdir.through_symlink", chdir("link_to_a") == 0 && ino_of(".") == ino_of(want),
           "chdir(\"link_to_a\"): %s", strerror(errno));
  snprintf(want, sizeof want, "%s/a", scratch);
  TT_CHECK("getcwd.after_chdir_through_symlink_is_physical", getcwd(buf, sizeof buf) && strcmp(buf, want) == 0,
           "getcwd = \"%s\", expected %s", buf, want);
  chdir(scratch);

  /* getcwd names the directory, wherever it has moved since chdir. */
  mkdir("w1", 0755);
  chdir("w1");
  char from[600], to[600];
  snprintf(from, sizeof from, "%s/w1", scratch);
  snprintf(to, sizeof to, "%s/w2", scratch);
  rename(from, to);
  TT_CHECK("getcwd.after_cwd_renamed", getcwd(buf, sizeof buf) && strcmp(buf, to) == 0,
           "getcwd = \"%s\", expected %s", buf, to);
  chdir(scratch);

  /* The current directory is per process: a child's chdir leaves ours. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(chdir("/") == 0 ? 0 : 1);
  tt_wait_timeout(pid, 10);
  TT_CHECK("chdir.child_does_not_move_parent", getcwd(buf, sizeof buf) && strcmp(buf, scratch) == 0,
           "getcwd = \"%s\"", buf);
}

/* A name of n copies of c. */
static char *name_of(size_t n, char c) {
  char *s = malloc(n + 1);
  memset(s, c, n);
  s[n] = '\0';
  return s;
}

/* An absolute path of exactly `len` bytes that names existing file "top" in
 * the scratch directory: scratch + "/" + padding of "./" and "/" + "top". */
static char *path_of_length(size_t len) {
  size_t base = strlen(scratch) + 1 + strlen("top");
  if (len < base) return NULL;
  char *p = malloc(len + 1);
  size_t pad = len - base;
  size_t at = 0;
  at += (size_t)sprintf(p, "%s/", scratch);
  while (pad >= 2) {
    p[at++] = '.';
    p[at++] = '/';
    pad -= 2;
  }
  if (pad == 1) p[at++] = '/';
  strcpy(p + at, "top");
  return p;
}

static void check_name_lengths(void) {
  struct stat st;
  char *n255 = name_of(255, 'n');
  char *n256 = name_of(256, 'n');
  int fd = open(n255, O_CREAT | O_WRONLY, 0644);
  TT_CHECK("enametoolong.component_255_ok", fd >= 0, "open(O_CREAT) of a 255-byte name: %s", strerror(errno));
  if (fd >= 0) close(fd);
  TT_CHECK("enametoolong.component_255_stat_ok", stat(n255, &st) == 0, "stat: %s", strerror(errno));
  tt_expect_errno("enametoolong.component_256_open", open(n256, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
  tt_expect_errno("enametoolong.component_256_stat", stat(n256, &st), ENAMETOOLONG);
  tt_expect_errno("enametoolong.component_256_mkdir", mkdir(n256, 0755), ENAMETOOLONG);
  tt_expect_errno("enametoolong.component_256_symlink", symlink("top", n256), ENAMETOOLONG);
  tt_expect_errno("enametoolong.component_256_rename_to", rename("top", n256), ENAMETOOLONG);
  char prefixed[600];
  snprintf(prefixed, sizeof prefixed, "%s/x", n256);
  tt_expect_errno("enametoolong.component_256_in_prefix", stat(prefixed, &st), ENAMETOOLONG);
  TT_CHECK("enametoolong.component_255_unlink_ok", unlink(n255) == 0, "unlink: %s", strerror(errno));

  char *p1023 = path_of_length(1023), *p1024 = path_of_length(1024), *p4096 = path_of_length(4096);
  if (!p1023) {
    tt_fail("enametoolong.path_1023_ok", "scratch path too long to build the test path");
    return;
  }
  if (tt_on_tether()) {
    TT_CHECK("enametoolong.path_1023_ok", stat(p1023, &st) == 0, "stat of a %zu-byte path: %s", strlen(p1023),
             strerror(errno));
    tt_expect_errno("enametoolong.path_1024", stat(p1024, &st), ENAMETOOLONG);
    tt_expect_errno("enametoolong.path_1024_open", open(p1024, O_RDONLY), ENAMETOOLONG);
    tt_expect_errno("enametoolong.path_1024_chdir", chdir(p1024), ENAMETOOLONG);
  } else {
    const char *why = "Linux's path limit is 4095 bytes; 1023/1024 is Tether's (FreeBSD's) boundary";
    tt_skip("enametoolong.path_1023_ok", "%s", why);
    tt_skip("enametoolong.path_1024", "%s", why);
    tt_skip("enametoolong.path_1024_open", "%s", why);
    tt_skip("enametoolong.path_1024_chdir", "%s", why);
  }
  tt_expect_errno("enametoolong.path_4096", stat(p4096, &st), ENAMETOOLONG);
  /* Linux's own boundary, which also checks how the test builds its paths. */
  char *p4095 = path_of_length(4095);
  if (tt_on_tether()) tt_skip("enametoolong.linux_path_4095_ok", "Linux's boundary; Tether's is 1023 (above)");
  else TT_CHECK("enametoolong.linux_path_4095_ok", stat(p4095, &st) == 0, "stat: %s", strerror(errno));
  free(p4095);
  free(n255);
  free(n256);
  free(p1023);
  free(p1024);
  free(p4096);
}

static void check_symlinks(void) {
  struct stat st;
  char abs[600];
  mkdir("s", 0755);
  tt_write_file("s/file", "x", 0644);
  symlink("../top", "s/rel_up");
  expect_same("symlink.relative_target_from_link_dir", "s/rel_up", "top");
  snprintf(abs, sizeof abs, "%s/s/file", scratch);
  symlink(abs, "abs_link");
  expect_same("symlink.absolute_target", "abs_link", "s/file");
  symlink("a/b", "link_to_b");
  /* ".." after a link is taken in the directory the link leads to. */
  expect_same("symlink.dotdot_after_link_is_physical", "link_to_b/..", "a");
  symlink("link_to_b", "link_to_link");
  expect_same("symlink.link_to_link", "link_to_link/f", "a/b/f");
  symlink("s/missing", "dangling");
  tt_expect_errno("symlink.dangling_stat_enoent", stat("dangling", &st), ENOENT);
  TT_CHECK("symlink.dangling_lstat_ok", lstat("dangling", &st) == 0 && S_ISLNK(st.st_mode), "lstat: %s",
           strerror(errno));
  symlink("top/", "link_slash_to_file");
  tt_expect_errno("symlink.target_with_trailing_slash_to_file_enotdir", stat("link_slash_to_file", &st), ENOTDIR);
  symlink("top", "link_to_file");
  tt_expect_errno("symlink.to_file_in_prefix_enotdir", stat("link_to_file/x", &st), ENOTDIR);

  /* Cycles. */
  symlink("self", "self");
  tt_expect_errno("eloop.self_link", stat("self", &st), ELOOP);
  symlink("cyc_b", "cyc_a");
  symlink("cyc_a", "cyc_b");
  tt_expect_errno("eloop.two_link_cycle_stat", stat("cyc_a", &st), ELOOP);
  tt_expect_errno("eloop.two_link_cycle_open", open("cyc_a", O_RDONLY), ELOOP);
  tt_expect_errno("eloop.cycle_in_prefix", stat("cyc_a/x", &st), ELOOP);
  tt_expect_errno("eloop.cycle_chdir", chdir("cyc_a"), ELOOP);
  tt_expect_errno("eloop.cycle_open_creat", open("cyc_a", O_CREAT | O_WRONLY, 0644), ELOOP);
  TT_CHECK("eloop.cycle_lstat_ok", lstat("cyc_a", &st) == 0 && S_ISLNK(st.st_mode), "lstat of a link in a cycle: %s",
           strerror(errno));
  char buf[64];
  ssize_t n = readlink("cyc_a", buf, sizeof buf);
  TT_CHECK("eloop.cycle_readlink_ok", n == 5 && memcmp(buf, "cyc_b", 5) == 0, "readlink: %ld (%s)", (long)n,
           strerror(errno));
  TT_CHECK("eloop.cycle_unlink_ok", unlink("self") == 0, "unlink of a self-link: %s", strerror(errno));

  /* Chains: ch/N -> ch/N+1 -> ... -> ch/END (a directory holding "f").
   * Following from link k takes (END - k) links. */
  mkdir("ch", 0755);
  mkdir("ch/end", 0755);
  tt_write_file("ch/end/f", "f", 0644);
  char from[64], to[64];
  const int total = 41;
  for (int i = 0; i < total; i++) {
    snprintf(from, sizeof from, "ch/l%d", i);
    if (i == total - 1) snprintf(to, sizeof to, "end");
    else snprintf(to, sizeof to, "l%d", i + 1);
    symlink(to, from);
  }
  /* ch/l1 .. ch/l40: 40 links to reach "end"; ch/l0: 41. */
  TT_CHECK("eloop.chain_40_ok", stat("ch/l1", &st) == 0 && S_ISDIR(st.st_mode), "stat through 40 links: %s",
           strerror(errno));
  TT_CHECK("eloop.chain_40_in_prefix_ok", stat("ch/l1/f", &st) == 0 && S_ISREG(st.st_mode),
           "stat of a file behind 40 links: %s", strerror(errno));
  tt_expect_errno("eloop.chain_41", stat("ch/l0", &st), ELOOP);
  tt_expect_errno("eloop.chain_41_in_prefix", stat("ch/l0/f", &st), ELOOP);
  tt_expect_errno("eloop.chain_41_open", open("ch/l0/f", O_RDONLY), ELOOP);
  /* The count is per resolution, not per link followed from one name:
   * "end/up" is a link back to ch/l21, so "ch/lK/up" takes (41 - K) links,
   * then 1 for "up", then 20 from l21: 40 for K = 22, 41 for K = 21. */
  symlink("../l21", "ch/end/up");
  TT_CHECK("eloop.chain_two_parts_40_ok", stat("ch/l22/up", &st) == 0, "19 + 1 + 20 links: %s", strerror(errno));
  tt_expect_errno("eloop.chain_two_parts_41", stat("ch/l21/up", &st), ELOOP);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  scratch = tt_make_scratch("vfs_paths");
  if (!scratch || chdir(scratch) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  umask(022);
  check_basic_resolution();
  check_cwd();
  check_name_lengths();
  check_symlinks();
  chdir("/");
  tt_remove_tree(scratch);
  return tt_done();
}
