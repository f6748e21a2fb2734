/* vfs_namespace: the calls that add, remove and move names.
 *
 * mkdir, rmdir, unlink, link, symlink, readlink, rename and getdents64, with
 * their errors: EEXIST, ENOENT, ENOTDIR, ENOTEMPTY, EISDIR, EINVAL, EPERM,
 * EBUSY. (EXDEV needs two file systems; Tether has one ramfs, so it is not
 * tested.)
 *
 * Sources: POSIX mkdir(), rmdir(), unlink(), link(), symlink(), readlink(),
 * rename(); Linux mkdir(2), rmdir(2), unlink(2) (EISDIR for a directory),
 * link(2) (EPERM for a directory), symlink(2) (ENOENT for an empty target),
 * readlink(2), rename(2), getdents64(2).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static bool exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

static ino_t ino_of(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0 ? st.st_ino : 0;
}

static nlink_t nlink_of(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0 ? st.st_nlink : 0;
}

static void check_mkdir_rmdir(void) {
  struct stat st;
  TT_CHECK("mkdir.creates_dir", mkdir("d", 0777) == 0 && stat("d", &st) == 0 && S_ISDIR(st.st_mode),
           "mkdir(\"d\"): %s", strerror(errno));
  TT_CHECK("mkdir.mode_minus_umask", (st.st_mode & 0777) == 0755, "mkdir 0777 under umask 022: %04o",
           st.st_mode & 07777);
  TT_CHECK("mkdir.new_dir_nlink_2", st.st_nlink == 2, "a new directory has %lu links, expected 2 (. and its name)",
           (unsigned long)st.st_nlink);
  mkdir("d/sub", 0755);
  TT_CHECK("mkdir.parent_nlink_counts_subdir", nlink_of("d") == 3, "d has %lu links with one subdirectory",
           (unsigned long)nlink_of("d"));
  tt_expect_errno("mkdir.existing_dir_eexist", mkdir("d", 0755), EEXIST);
  tt_write_file("file", "content", 0644);
  tt_expect_errno("mkdir.existing_file_eexist", mkdir("file", 0755), EEXIST);
  symlink("nowhere", "dangling");
  tt_expect_errno("mkdir.dangling_symlink_eexist", mkdir("dangling", 0755), EEXIST);
  tt_expect_errno("mkdir.missing_parent_enoent", mkdir("nope/x", 0755), ENOENT);
  tt_expect_errno("mkdir.parent_is_file_enotdir", mkdir("file/x", 0755), ENOTDIR);
  tt_expect_errno("mkdir.empty_path_enoent", mkdir("", 0755), ENOENT);

  tt_expect_errno("rmdir.not_empty_enotempty", rmdir("d"), ENOTEMPTY);
  TT_CHECK("rmdir.empty_dir", rmdir("d/sub") == 0 && !exists("d/sub"), "rmdir(\"d/sub\"): %s", strerror(errno));
  TT_CHECK("rmdir.parent_nlink_drops", nlink_of("d") == 2, "d has %lu links after removing its subdirectory",
           (unsigned long)nlink_of("d"));
  tt_write_file("d/f", "", 0644);
  tt_expect_errno("rmdir.dir_with_file_enotempty", rmdir("d"), ENOTEMPTY);
  unlink("d/f");
  tt_expect_errno("rmdir.file_enotdir", rmdir("file"), ENOTDIR);
  tt_expect_errno("rmdir.missing_enoent", rmdir("nope"), ENOENT);
  symlink("d", "link_to_d");
  tt_expect_errno("rmdir.symlink_to_dir_enotdir", rmdir("link_to_d"), ENOTDIR);
  TT_CHECK("rmdir.symlink_left_dir_alone", exists("d"), "the directory went away");
  tt_expect_errno("rmdir.dot_einval", rmdir("d/."), EINVAL);
  tt_expect_errno("rmdir.dotdot_enotempty", rmdir("d/.."), ENOTEMPTY);
  tt_expect_errno("rmdir.root_ebusy", rmdir("/"), EBUSY);
  TT_CHECK("rmdir.removes_dir", rmdir("d") == 0 && !exists("d"), "rmdir(\"d\"): %s", strerror(errno));
  unlink("link_to_d");
}

static void check_unlink_link(void) {
  char buf[64];
  tt_write_file("u", "abc", 0644);
  TT_CHECK("unlink.removes_name", unlink("u") == 0 && !exists("u"), "unlink: %s", strerror(errno));
  tt_expect_errno("unlink.missing_enoent", unlink("u"), ENOENT);
  mkdir("dd", 0755);
  tt_expect_errno("unlink.dir_eisdir", unlink("dd"), EISDIR);
  tt_expect_errno("unlink.prefix_is_file_enotdir", unlink("file/x"), ENOTDIR);
  tt_write_file("target", "T", 0644);
  symlink("target", "sl");
  TT_CHECK("unlink.symlink_removes_link_only", unlink("sl") == 0 && !exists("sl") && exists("target"),
           "unlink of a symlink: %s", strerror(errno));

  /* An unlinked file lives on while it is open. */
  tt_write_file("open_then_unlinked", "still here", 0644);
  int fd = open("open_then_unlinked", O_RDWR);
  unlink("open_then_unlinked");
  memset(buf, 0, sizeof buf);
  ssize_t n = read(fd, buf, sizeof buf - 1);
  TT_CHECK("unlink.open_file_still_readable", n == 10 && strcmp(buf, "still here") == 0, "read %ld: \"%s\"", (long)n,
           buf);
  struct stat st;
  TT_CHECK("unlink.open_file_nlink_0", fstat(fd, &st) == 0 && st.st_nlink == 0, "nlink %lu",
           (unsigned long)st.st_nlink);
  TT_CHECK("unlink.open_file_still_writable", pwrite(fd, "X", 1, 0) == 1, "pwrite: %s", strerror(errno));
  close(fd);

  /* Hard links. */
  tt_write_file("orig", "linked", 0644);
  TT_CHECK("link.creates_second_name", link("orig", "second") == 0, "link: %s", strerror(errno));
  TT_CHECK("link.same_inode", ino_of("orig") == ino_of("second") && ino_of("orig") != 0, "inodes %lu and %lu",
           (unsigned long)ino_of("orig"), (unsigned long)ino_of("second"));
  TT_CHECK("link.nlink_2", nlink_of("orig") == 2, "nlink %lu", (unsigned long)nlink_of("orig"));
  tt_write_file("second", "changed", 0644);
  tt_read_file("orig", buf, sizeof buf);
  TT_CHECK("link.shares_content", strcmp(buf, "changed") == 0, "orig holds \"%s\"", buf);
  unlink("orig");
  tt_read_file("second", buf, sizeof buf);
  TT_CHECK("link.unlink_one_name_keeps_other", strcmp(buf, "changed") == 0 && nlink_of("second") == 1,
           "second holds \"%s\", nlink %lu", buf, (unsigned long)nlink_of("second"));
  tt_expect_errno("link.new_exists_eexist", link("second", "target"), EEXIST);
  tt_expect_errno("link.old_missing_enoent", link("missing", "new"), ENOENT);
  tt_expect_errno("link.new_dir_missing_enoent", link("second", "nope/new"), ENOENT);
  tt_expect_errno("link.directory_eperm", link("dd", "dd_link"), EPERM);
  tt_expect_errno("link.new_prefix_file_enotdir", link("second", "file/x"), ENOTDIR);
  tt_expect_errno("link.old_trailing_slash_enotdir", link("second/", "x"), ENOTDIR);
}

static void check_symlink_readlink(void) {
  char buf[64];
  struct stat st;
  TT_CHECK("symlink.creates_link", symlink("some/target", "ln") == 0, "symlink: %s", strerror(errno));
  TT_CHECK("symlink.lstat_is_link", lstat("ln", &st) == 0 && S_ISLNK(st.st_mode), "mode %o", st.st_mode);
  TT_CHECK("symlink.lstat_size_is_target_length", st.st_size == 11, "st_size %ld, expected 11", (long)st.st_size);
  memset(buf, '#', sizeof buf);
  ssize_t n = readlink("ln", buf, sizeof buf);
  TT_CHECK("readlink.returns_target", n == 11 && memcmp(buf, "some/target", 11) == 0, "readlink = %ld \"%.*s\"",
           (long)n, n > 0 ? (int)n : 0, buf);
  TT_CHECK("readlink.no_nul_appended", buf[11] == '#', "byte after the target was changed to %#x", buf[11]);
  memset(buf, '#', sizeof buf);
  n = readlink("ln", buf, 4);
  TT_CHECK("readlink.truncates_to_bufsiz", n == 4 && memcmp(buf, "some", 4) == 0 && buf[4] == '#',
           "readlink with 4 bytes = %ld \"%.4s\"", (long)n, buf);
  tt_expect_errno("readlink.bufsiz_0_einval", readlink("ln", buf, 0), EINVAL);
  tt_expect_errno("readlink.regular_file_einval", readlink("file", buf, sizeof buf), EINVAL);
  tt_expect_errno("readlink.directory_einval", readlink("dd", buf, sizeof buf), EINVAL);
  tt_expect_errno("readlink.missing_enoent", readlink("nolink", buf, sizeof buf), ENOENT);
  tt_expect_errno("readlink.prefix_file_enotdir", readlink("file/x", buf, sizeof buf), ENOTDIR);
  symlink("dd", "ln_dd");
  symlink("inner_target", "dd/inner");
  n = readlink("ln_dd/inner", buf, sizeof buf);
  TT_CHECK("readlink.follows_links_in_prefix", n == 12 && memcmp(buf, "inner_target", 12) == 0, "readlink = %ld",
           (long)n);

  tt_expect_errno("symlink.existing_eexist", symlink("x", "file"), EEXIST);
  tt_expect_errno("symlink.existing_link_eexist", symlink("x", "ln"), EEXIST);
  tt_expect_errno("symlink.dangling_existing_eexist", symlink("x", "dangling"), EEXIST);
  tt_expect_errno("symlink.empty_target_enoent", symlink("", "empty_target"), ENOENT);
  tt_expect_errno("symlink.missing_dir_enoent", symlink("x", "nope/ln"), ENOENT);
  tt_expect_errno("symlink.prefix_file_enotdir", symlink("x", "file/ln"), ENOTDIR);
  TT_CHECK("symlink.dangling_allowed", symlink("does/not/exist", "ln2") == 0, "symlink to nowhere: %s",
           strerror(errno));
}

static void check_rename(void) {
  char buf[64];
  tt_write_file("r1", "one", 0644);
  ino_t ino = ino_of("r1");
  TT_CHECK("rename.file", rename("r1", "r2") == 0 && !exists("r1") && ino_of("r2") == ino, "rename: %s",
           strerror(errno));
  tt_write_file("victim", "old", 0644);
  TT_CHECK("rename.over_existing_file", rename("r2", "victim") == 0 && !exists("r2") && ino_of("victim") == ino,
           "rename over a file: %s", strerror(errno));
  tt_read_file("victim", buf, sizeof buf);
  TT_CHECK("rename.over_existing_file_content", strcmp(buf, "one") == 0, "victim holds \"%s\"", buf);
  TT_CHECK("rename.same_name_noop", rename("victim", "victim") == 0 && ino_of("victim") == ino, "rename(a, a): %s",
           strerror(errno));
  link("victim", "hard");
  TT_CHECK("rename.hard_links_same_file_noop", rename("victim", "hard") == 0 && exists("victim") && exists("hard"),
           "rename between two links of one file: %s; both names must remain", strerror(errno));
  unlink("hard");
  tt_expect_errno("rename.missing_enoent", rename("nothing", "x"), ENOENT);
  tt_expect_errno("rename.new_dir_missing_enoent", rename("victim", "nope/x"), ENOENT);
  TT_CHECK("rename.failed_keeps_old", exists("victim"), "victim went away after a failed rename");

  mkdir("rd", 0755);
  mkdir("rd/child", 0755);
  mkdir("empty", 0755);
  mkdir("full", 0755);
  tt_write_file("full/f", "", 0644);
  tt_expect_errno("rename.file_over_dir_eisdir", rename("victim", "empty"), EISDIR);
  tt_expect_errno("rename.dir_over_file_enotdir", rename("empty", "victim"), ENOTDIR);
  tt_expect_errno("rename.dir_over_nonempty_dir_enotempty", rename("rd", "full"), ENOTEMPTY);
  tt_expect_errno("rename.dir_into_itself_einval", rename("rd", "rd/child/x"), EINVAL);
  tt_expect_errno("rename.dir_onto_own_child_einval", rename("rd", "rd/child"), EINVAL);
  ino_t rd = ino_of("rd");
  TT_CHECK("rename.dir_over_empty_dir", rename("rd", "empty") == 0 && !exists("rd") && ino_of("empty") == rd,
           "rename(dir, empty dir): %s", strerror(errno));
  TT_CHECK("rename.dir_children_move", exists("empty/child"), "empty/child missing after the move");
  /* The moved directory's ".." now names its new parent. */
  mkdir("newparent", 0755);
  TT_CHECK("rename.dir_to_other_parent", rename("empty", "newparent/moved") == 0, "%s", strerror(errno));
  struct stat a, b;
  stat("newparent/moved/..", &a);
  stat("newparent", &b);
  TT_CHECK("rename.dir_dotdot_updated", a.st_ino == b.st_ino, "moved/.. is inode %lu, newparent is %lu",
           (unsigned long)a.st_ino, (unsigned long)b.st_ino);
  TT_CHECK("rename.dir_nlink_of_parents", nlink_of("newparent") == 3 && nlink_of(".") >= 2,
           "newparent has %lu links with one subdirectory", (unsigned long)nlink_of("newparent"));

  symlink("victim", "rl");
  TT_CHECK("rename.symlink_moves_link", rename("rl", "rl2") == 0 && !exists("rl") && readlink("rl2", buf, 64) == 6 &&
                                            exists("victim"),
           "rename of a symlink: %s", strerror(errno));
  tt_expect_errno("rename.old_trailing_slash_file_enotdir", rename("victim/", "v2"), ENOTDIR);
  tt_expect_errno("rename.dot_last_component_ebusy", rename("newparent/.", "np2"), EBUSY);
}

/* Reads every entry name of dir with getdents64 into a sorted, comma-joined
 * string; also checks d_type of the names given. */
struct linux_dirent64 {
  unsigned long d_ino;
  long d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void check_getdents(void) {
  mkdir("g", 0755);
  tt_write_file("g/reg", "", 0644);
  mkdir("g/sub", 0755);
  symlink("reg", "g/lnk");
  int fd = open("g", O_RDONLY | O_DIRECTORY);
  char buf[1024];
  char *names[16];
  int count = 0;
  bool types_ok = true, inos_ok = true;
  char type_note[128] = "";
  long n;
  int calls = 0;
  while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0 && calls++ < 10) {
    for (long off = 0; off < n;) {
      struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
      if (count < 16) names[count++] = strdup(d->d_name);
      unsigned char want = strcmp(d->d_name, "reg") == 0 ? DT_REG : strcmp(d->d_name, "lnk") == 0 ? DT_LNK : DT_DIR;
      if (d->d_type != want) {
        types_ok = false;
        snprintf(type_note, sizeof type_note, "%s has d_type %d, expected %d", d->d_name, d->d_type, want);
      }
      if (d->d_ino == 0) inos_ok = false;
      if (d->d_reclen == 0) break;
      off += d->d_reclen;
    }
  }
  TT_CHECK("getdents64.end_returns_0", n == 0, "the last call returned %ld (%s)", n, n < 0 ? strerror(errno) : "");
  qsort(names, (size_t)count, sizeof names[0], cmp_str);
  char joined[256] = "";
  for (int i = 0; i < count; i++) {
    strcat(joined, names[i]);
    if (i + 1 < count) strcat(joined, ",");
    free(names[i]);
  }
  TT_CHECK("getdents64.lists_all_names", strcmp(joined, ".,..,lnk,reg,sub") == 0,
           "names \"%s\", expected \".,..,lnk,reg,sub\"", joined);
  TT_CHECK("getdents64.d_type", types_ok, "%s", type_note);
  TT_CHECK("getdents64.d_ino_nonzero", inos_ok, "an entry has d_ino 0");

  /* A buffer too small for one entry: EINVAL. */
  lseek(fd, 0, SEEK_SET);
  tt_expect_errno("getdents64.buffer_too_small_einval", syscall(SYS_getdents64, fd, buf, 8), EINVAL);
  close(fd);

  unlink("g/reg");
  fd = open("g", O_RDONLY | O_DIRECTORY);
  bool found = false;
  while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
    for (long off = 0; off < n;) {
      struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
      if (strcmp(d->d_name, "reg") == 0) found = true;
      off += d->d_reclen ? d->d_reclen : n;
    }
  }
  TT_CHECK("getdents64.unlinked_name_gone", !found, "\"reg\" still listed after unlink");
  close(fd);

  fd = open("file", O_RDONLY);
  tt_expect_errno("getdents64.regular_file_enotdir", syscall(SYS_getdents64, fd, buf, sizeof buf), ENOTDIR);
  close(fd);
  tt_expect_errno("getdents64.bad_fd_ebadf", syscall(SYS_getdents64, 999, buf, sizeof buf), EBADF);
}

/* Reads fd's entries with getdents64 in buffers of bufsize bytes; counts[k]
 * counts the entries named "eK". With stop_after > 0, stops after the call
 * that brings the total to at least that many. Returns the entries seen. */
static int list_entries(int fd, size_t bufsize, int counts[], int n, int stop_after) {
  char buf[4096];
  int seen = 0;
  long got;
  while ((got = syscall(SYS_getdents64, fd, buf, bufsize)) > 0) {
    for (long off = 0; off < got;) {
      struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
      int k;
      if (sscanf(d->d_name, "e%d", &k) == 1 && k >= 0 && k < n) counts[k]++;
      seen++;
      if (d->d_reclen == 0) return seen;
      off += d->d_reclen;
    }
    if (stop_after > 0 && seen >= stop_after) break;
  }
  return seen;
}

static void check_getdents_paging(void) {
  enum { N = 120 };
  mkdir("many", 0755);
  char name[64];
  for (int i = 0; i < N; i++) {
    snprintf(name, sizeof name, "many/e%d", i);
    tt_write_file(name, "", 0644);
  }
  int counts[N] = {0};
  int fd = open("many", O_RDONLY | O_DIRECTORY);
  int seen = list_entries(fd, 200, counts, N, 0);
  int once = 0;
  for (int i = 0; i < N; i++) once += counts[i] == 1;
  TT_CHECK("getdents64.small_buffer_pages_through_all", seen == N + 2 && once == N,
           "%d entries seen, %d of the %d files exactly once", seen, once, N);

  /* Rewinding with lseek(fd, 0, SEEK_SET) starts over. */
  memset(counts, 0, sizeof counts);
  lseek(fd, 0, SEEK_SET);
  seen = list_entries(fd, 200, counts, N, 0);
  TT_CHECK("getdents64.lseek_0_rewinds", seen == N + 2, "%d entries after rewinding", seen);
  close(fd);

  /* Removing names already returned must not make the listing skip or
   * repeat the others (POSIX leaves only the removed ones unspecified). */
  memset(counts, 0, sizeof counts);
  fd = open("many", O_RDONLY | O_DIRECTORY);
  list_entries(fd, 200, counts, N, 30);
  for (int i = 0; i < N; i++) {
    if (counts[i]) {
      snprintf(name, sizeof name, "many/e%d", i);
      unlink(name);
    }
  }
  list_entries(fd, 200, counts, N, 0);
  close(fd);
  once = 0;
  int twice = 0;
  for (int i = 0; i < N; i++) {
    once += counts[i] == 1;
    twice += counts[i] > 1;
  }
  TT_CHECK("getdents64.unlink_during_listing_loses_nothing", once == N && twice == 0,
           "%d of %d names seen exactly once, %d more than once", once, N, twice);
}

/* rmdir of the current directory: POSIX lets it fail with EBUSY; where it
 * succeeds (Linux), the directory is empty for good: getcwd fails with
 * ENOENT and nothing can be created in ".". */
static void check_rmdir_cwd(void) {
  char here[600], path[700];
  getcwd(here, sizeof here);
  mkdir("gone", 0755);
  snprintf(path, sizeof path, "%s/gone", here);
  chdir("gone");
  int r = rmdir(path);
  int e = errno;
  if (r < 0) {
    TT_CHECK("rmdir.cwd_allowed_or_ebusy", e == EBUSY, "rmdir of the cwd: %s", strerror(e));
    tt_skip("rmdir.cwd_then_getcwd_enoent", "rmdir of the cwd was refused (EBUSY)");
    tt_skip("rmdir.cwd_then_create_enoent", "rmdir of the cwd was refused (EBUSY)");
  } else {
    tt_pass("rmdir.cwd_allowed_or_ebusy");
    char buf[600];
    tt_expect_errno("rmdir.cwd_then_getcwd_enoent", syscall(SYS_getcwd, buf, sizeof buf), ENOENT);
    tt_expect_errno("rmdir.cwd_then_create_enoent", open("new", O_CREAT | O_WRONLY, 0644), ENOENT);
  }
  chdir(here);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  const char *dir = tt_make_scratch("vfs_namespace");
  if (!dir || chdir(dir) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  umask(022);
  check_mkdir_rmdir();
  check_unlink_link();
  check_symlink_readlink();
  check_rename();
  check_getdents();
  check_getdents_paging();
  check_rmdir_cwd();
  chdir("/");
  tt_remove_tree(dir);
  return tt_done();
}
