/* vfs_attrs: what stat reports and the calls that change it.
 *
 * stat/lstat/fstat/newfstatat fields, chmod/fchmod, chown/fchown/lchown as
 * root, umask (and its inheritance), truncate/ftruncate, timestamps moving
 * forward, and access(2) as root.
 *
 * Sources: POSIX <sys/stat.h>, stat(), chmod(), chown(), umask(), truncate(),
 * ftruncate(), access(), and "File Times Update" (XBD 4.9); Linux stat(2),
 * chmod(2), chown(2), truncate(2) (EINVAL for a descriptor not open for
 * writing), access(2) (a privileged X_OK needs one execute bit).
 * Permission checks as an unprivileged user are in vfs_permissions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static bool ts_after(struct timespec a, struct timespec b) {
  return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

static void check_stat_fields(void) {
  struct stat st, fst, lst;
  time_t now = time(NULL);
  tt_write_file("f", "12345", 0644);
  if (!TT_CHECK("stat.regular_file", stat("f", &st) == 0 && S_ISREG(st.st_mode), "stat: %s", strerror(errno))) return;
  TT_CHECK("stat.mode_bits", (st.st_mode & 07777) == 0644, "mode %04o, expected 0644", st.st_mode & 07777);
  TT_CHECK("stat.size", st.st_size == 5, "st_size %ld, expected 5", (long)st.st_size);
  TT_CHECK("stat.nlink_1", st.st_nlink == 1, "st_nlink %lu", (unsigned long)st.st_nlink);
  TT_CHECK("stat.owner_is_creator", st.st_uid == geteuid() && st.st_gid == getegid(), "owner %u:%u", st.st_uid,
           st.st_gid);
  TT_CHECK("stat.ino_nonzero", st.st_ino != 0, "st_ino 0");
  TT_CHECK("stat.blksize_positive", st.st_blksize > 0, "st_blksize %ld", (long)st.st_blksize);
  TT_CHECK("stat.mtime_is_now", st.st_mtim.tv_sec >= now - 5 && st.st_mtim.tv_sec <= now + 5,
           "st_mtime %ld, time() %ld", (long)st.st_mtim.tv_sec, (long)now);
  TT_CHECK("stat.nsec_in_range",
           st.st_atim.tv_nsec >= 0 && st.st_atim.tv_nsec < 1000000000L && st.st_mtim.tv_nsec >= 0 &&
               st.st_mtim.tv_nsec < 1000000000L && st.st_ctim.tv_nsec >= 0 && st.st_ctim.tv_nsec < 1000000000L,
           "a tv_nsec out of [0, 1e9)");

  int fd = open("f", O_RDONLY);
  TT_CHECK("fstat.matches_stat",
           fstat(fd, &fst) == 0 && fst.st_ino == st.st_ino && fst.st_dev == st.st_dev && fst.st_size == st.st_size &&
               fst.st_mode == st.st_mode,
           "fstat: %s", strerror(errno));
  close(fd);
  tt_expect_errno("fstat.bad_fd_ebadf", fstat(-1, &fst), EBADF);
  TT_CHECK("lstat.regular_file_same_as_stat", lstat("f", &lst) == 0 && lst.st_ino == st.st_ino, "lstat: %s",
           strerror(errno));
  TT_CHECK("fstatat.at_fdcwd", fstatat(AT_FDCWD, "f", &fst, 0) == 0 && fst.st_ino == st.st_ino, "%s",
           strerror(errno));

  symlink("f", "l");
  TT_CHECK("stat.follows_symlink", stat("l", &fst) == 0 && fst.st_ino == st.st_ino, "stat(link) ino %lu, file %lu",
           (unsigned long)fst.st_ino, (unsigned long)st.st_ino);
  TT_CHECK("lstat.symlink", lstat("l", &lst) == 0 && S_ISLNK(lst.st_mode) && lst.st_ino != st.st_ino &&
                                lst.st_size == 1,
           "lstat(link): mode %o size %ld", lst.st_mode, (long)lst.st_size);
  TT_CHECK("fstatat.symlink_nofollow",
           fstatat(AT_FDCWD, "l", &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode), "%s", strerror(errno));
  int dfd = open(".", O_RDONLY | O_DIRECTORY);
  TT_CHECK("fstatat.relative_to_dirfd", fstatat(dfd, "f", &fst, 0) == 0 && fst.st_ino == st.st_ino, "%s",
           strerror(errno));
  TT_CHECK("fstatat.empty_path_is_dirfd", fstatat(dfd, "", &fst, AT_EMPTY_PATH) == 0 && S_ISDIR(fst.st_mode),
           "AT_EMPTY_PATH: %s", strerror(errno));
  tt_expect_errno("fstatat.bad_flags_einval", fstatat(dfd, "f", &fst, 0x40000000), EINVAL);
  close(dfd);

  mkdir("d", 0755);
  TT_CHECK("stat.directory", stat("d", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755,
           "mode %o", st.st_mode);
  TT_CHECK("stat.root_is_directory", stat("/", &st) == 0 && S_ISDIR(st.st_mode), "stat(\"/\"): %s", strerror(errno));
  TT_CHECK("stat.dev_null_is_char_device", stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev != 0,
           "mode %o rdev %#lx", st.st_mode, (unsigned long)st.st_rdev);
  TT_CHECK("stat.dev_zero_is_char_device", stat("/dev/zero", &st) == 0 && S_ISCHR(st.st_mode), "mode %o",
           st.st_mode);
  int p[2];
  pipe(p);
  TT_CHECK("fstat.pipe_is_fifo", fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "mode %o", st.st_mode);
  close(p[0]);
  close(p[1]);
}

static void check_chmod(void) {
  struct stat st;
  tt_write_file("c", "", 0644);
  TT_CHECK("chmod.sets_bits", chmod("c", 0600) == 0 && stat("c", &st) == 0 && (st.st_mode & 07777) == 0600,
           "mode %04o after chmod 0600", st.st_mode & 07777);
  TT_CHECK("chmod.keeps_file_type", S_ISREG(st.st_mode), "mode %o", st.st_mode);
  TT_CHECK("chmod.special_bits", chmod("c", 07755) == 0 && stat("c", &st) == 0 && (st.st_mode & 07777) == 07755,
           "mode %04o after chmod 07755 as root", st.st_mode & 07777);
  int fd = open("c", O_RDONLY);
  TT_CHECK("fchmod.sets_bits", fchmod(fd, 0604) == 0 && stat("c", &st) == 0 && (st.st_mode & 07777) == 0604,
           "mode %04o", st.st_mode & 07777);
  close(fd);
  tt_expect_errno("fchmod.bad_fd_ebadf", fchmod(fd, 0644), EBADF);
  tt_expect_errno("chmod.missing_enoent", chmod("nope", 0644), ENOENT);
  tt_expect_errno("chmod.prefix_file_enotdir", chmod("c/x", 0644), ENOTDIR);
  symlink("c", "cl");
  struct stat lst;
  lstat("cl", &lst);
  chmod("cl", 0611);
  TT_CHECK("chmod.follows_symlink", stat("c", &st) == 0 && (st.st_mode & 07777) == 0611, "target mode %04o",
           st.st_mode & 07777);
  chmod("d", 0700);
  TT_CHECK("chmod.directory", stat("d", &st) == 0 && (st.st_mode & 07777) == 0700 && S_ISDIR(st.st_mode), "mode %o",
           st.st_mode);
  chmod("d", 0755);
}

static void check_chown(void) {
  struct stat st, lst;
  tt_write_file("o", "", 0644);
  TT_CHECK("chown.root_sets_owner", chown("o", 1000, 1001) == 0 && stat("o", &st) == 0 && st.st_uid == 1000 &&
                                         st.st_gid == 1001,
           "owner %u:%u after chown 1000:1001 (%s)", st.st_uid, st.st_gid, strerror(errno));
  TT_CHECK("chown.minus_one_keeps_uid", chown("o", (uid_t)-1, 1002) == 0 && stat("o", &st) == 0 &&
                                             st.st_uid == 1000 && st.st_gid == 1002,
           "owner %u:%u after chown -1:1002", st.st_uid, st.st_gid);
  TT_CHECK("chown.minus_one_keeps_gid", chown("o", 1003, (gid_t)-1) == 0 && stat("o", &st) == 0 &&
                                             st.st_uid == 1003 && st.st_gid == 1002,
           "owner %u:%u after chown 1003:-1", st.st_uid, st.st_gid);
  int fd = open("o", O_RDONLY);
  TT_CHECK("fchown.sets_owner", tt_fchown(fd, 7, 8) == 0 && stat("o", &st) == 0 && st.st_uid == 7 && st.st_gid == 8,
           "owner %u:%u (%s)", st.st_uid, st.st_gid, strerror(errno));
  close(fd);
  tt_expect_errno("fchown.bad_fd_ebadf", tt_fchown(fd, 0, 0), EBADF);
  symlink("o", "ol");
  TT_CHECK("chown.follows_symlink", chown("ol", 20, 21) == 0 && stat("o", &st) == 0 && st.st_uid == 20 &&
                                        lstat("ol", &lst) == 0 && lst.st_uid == 0,
           "target %u, link %u", st.st_uid, lst.st_uid);
  TT_CHECK("lchown.changes_link_only", tt_lchown("ol", 30, 31) == 0 && lstat("ol", &lst) == 0 && lst.st_uid == 30 &&
                                           lst.st_gid == 31 && stat("o", &st) == 0 && st.st_uid == 20,
           "link %u:%u, target %u (%s)", lst.st_uid, lst.st_gid, st.st_uid, strerror(errno));
  tt_expect_errno("chown.missing_enoent", chown("nope", 0, 0), ENOENT);
  tt_expect_errno("lchown.missing_enoent", tt_lchown("nope", 0, 0), ENOENT);
}

static int umask_in_child(void *arg) {
  (void)arg;
  mode_t m = umask(0);
  return m == 027 ? 0 : 1;
}

static void check_umask(void) {
  mode_t old = umask(077);
  TT_CHECK("umask.returns_previous", old == 022, "umask returned %04o, expected 022", old);
  TT_CHECK("umask.returns_what_was_set", umask(027) == 077, "second umask call");
  struct stat st;
  int fd = open("um", O_CREAT | O_WRONLY, 0777);
  fstat(fd, &st);
  close(fd);
  TT_CHECK("umask.applies_to_open", (st.st_mode & 0777) == 0750, "0777 under 027: %04o", st.st_mode & 0777);
  mkdir("umd", 0777);
  stat("umd", &st);
  TT_CHECK("umask.applies_to_mkdir", (st.st_mode & 0777) == 0750, "0777 under 027: %04o", st.st_mode & 0777);
  chmod("um", 0777);
  stat("um", &st);
  TT_CHECK("umask.not_applied_to_chmod", (st.st_mode & 0777) == 0777, "chmod 0777 under 027: %04o",
           st.st_mode & 0777);
  int status = tt_fork_status(umask_in_child, NULL, 10);
  TT_CHECK("umask.inherited_by_child", status == 0, "child: %s", tt_status_str(status));
  TT_CHECK("umask.only_low_bits", umask(0777 | 07000) == 027 && umask(022) == 0777, "umask keeps only 0777");
}

static void check_truncate(void) {
  char buf[128];
  tt_write_file("t", "0123456789", 0644);
  TT_CHECK("truncate.shrinks", truncate("t", 4) == 0 && tt_read_file("t", buf, sizeof buf) == 4 &&
                                   strcmp(buf, "0123") == 0,
           "content \"%s\" after truncate to 4 (%s)", buf, strerror(errno));
  truncate("t", 100);
  struct stat st;
  stat("t", &st);
  ssize_t n = tt_read_file("t", buf, sizeof buf);
  bool zeros = n == 100;
  for (int i = 4; zeros && i < 100; i++) zeros = buf[i] == 0;
  TT_CHECK("truncate.extends_with_zeros", st.st_size == 100 && zeros, "size %ld, read %ld", (long)st.st_size,
           (long)n);
  int fd = open("t", O_RDWR);
  TT_CHECK("ftruncate.shrinks", ftruncate(fd, 2) == 0 && fstat(fd, &st) == 0 && st.st_size == 2, "size %ld (%s)",
           (long)st.st_size, strerror(errno));
  TT_CHECK("ftruncate.keeps_offset", lseek(fd, 0, SEEK_CUR) == 0, "offset moved");
  close(fd);
  tt_expect_errno("truncate.negative_einval", truncate("t", -1), EINVAL);
  tt_expect_errno("truncate.directory_eisdir", truncate("d", 0), EISDIR);
  tt_expect_errno("truncate.missing_enoent", truncate("nope", 0), ENOENT);
  tt_expect_errno("truncate.prefix_file_enotdir", truncate("t/x", 0), ENOTDIR);
  fd = open("t", O_RDONLY);
  tt_expect_errno("ftruncate.rdonly_fd_einval", ftruncate(fd, 0), EINVAL);
  close(fd);
  fd = open("t", O_RDWR);
  tt_expect_errno("ftruncate.negative_einval", ftruncate(fd, -1), EINVAL);
  close(fd);
  tt_expect_errno("ftruncate.bad_fd_ebadf", ftruncate(fd, 0), EBADF);
  int p[2];
  pipe(p);
  tt_expect_errno("ftruncate.pipe_einval", ftruncate(p[1], 0), EINVAL);
  close(p[0]);
  close(p[1]);
}

static void check_times(void) {
  struct stat a, b;
  tt_write_file("tm", "x", 0644);
  stat("tm", &a);
  tt_sleep_ms(30);
  int fd = open("tm", O_WRONLY);
  write(fd, "y", 1);
  fstat(fd, &b);
  TT_CHECK("times.write_moves_mtime", ts_after(b.st_mtim, a.st_mtim), "mtime %ld.%09ld then %ld.%09ld",
           (long)a.st_mtim.tv_sec, a.st_mtim.tv_nsec, (long)b.st_mtim.tv_sec, b.st_mtim.tv_nsec);
  TT_CHECK("times.write_moves_ctime", ts_after(b.st_ctim, a.st_ctim), "ctime did not move");
  close(fd);
  a = b;
  tt_sleep_ms(30);
  chmod("tm", 0600);
  stat("tm", &b);
  TT_CHECK("times.chmod_moves_ctime", ts_after(b.st_ctim, a.st_ctim), "ctime did not move");
  TT_CHECK("times.chmod_keeps_mtime", b.st_mtim.tv_sec == a.st_mtim.tv_sec && b.st_mtim.tv_nsec == a.st_mtim.tv_nsec,
           "mtime moved");
  a = b;
  tt_sleep_ms(30);
  truncate("tm", 0);
  stat("tm", &b);
  TT_CHECK("times.truncate_moves_mtime", ts_after(b.st_mtim, a.st_mtim), "mtime did not move");
  a = b;
  tt_sleep_ms(30);
  chown("tm", 5, 5);
  stat("tm", &b);
  if (geteuid() == 0) TT_CHECK("times.chown_moves_ctime", ts_after(b.st_ctim, a.st_ctim), "ctime did not move");

  struct stat d1, d2;
  stat(".", &d1);
  tt_sleep_ms(30);
  tt_write_file("newentry", "", 0644);
  stat(".", &d2);
  TT_CHECK("times.create_moves_dir_mtime", ts_after(d2.st_mtim, d1.st_mtim), "directory mtime did not move");
  d1 = d2;
  tt_sleep_ms(30);
  unlink("newentry");
  stat(".", &d2);
  TT_CHECK("times.unlink_moves_dir_mtime", ts_after(d2.st_mtim, d1.st_mtim), "directory mtime did not move");
  TT_CHECK("times.unlink_moves_dir_ctime", ts_after(d2.st_ctim, d1.st_ctim), "directory ctime did not move");
}

/* open(2): "if the set-group-ID bit is set on the parent directory, then
 * BSD semantics apply": a new file takes the directory's group, a new
 * subdirectory its group and its set-group-ID bit. */
static void check_setgid_directory(void) {
  struct stat st;
  mkdir("sgid", 0755);
  chown("sgid", 0, 2000);
  chmod("sgid", 02775);
  tt_write_file("sgid/f", "", 0644);
  TT_CHECK("creat.in_setgid_dir_takes_dir_group", stat("sgid/f", &st) == 0 && st.st_gid == 2000,
           "group %u, expected 2000 (the directory's)", st.st_gid);
  mkdir("sgid/sub", 0755);
  TT_CHECK("mkdir.in_setgid_dir_takes_group_and_bit",
           stat("sgid/sub", &st) == 0 && st.st_gid == 2000 && (st.st_mode & S_ISGID), "group %u, mode %04o",
           st.st_gid, st.st_mode & 07777);
  tt_write_file("plain_dir_file", "", 0644);
  TT_CHECK("creat.in_plain_dir_takes_egid", stat("plain_dir_file", &st) == 0 && st.st_gid == getegid(),
           "group %u, egid %u", st.st_gid, getegid());
}

static void check_access_as_root(void) {
  tt_write_file("none", "", 0000);
  chmod("none", 0000);
  TT_CHECK("access.f_ok_exists", access("none", F_OK) == 0, "%s", strerror(errno));
  tt_expect_errno("access.f_ok_missing_enoent", access("nope", F_OK), ENOENT);
  tt_expect_errno("access.prefix_file_enotdir", access("none/x", F_OK), ENOTDIR);
  TT_CHECK("access.root_reads_mode_0000", access("none", R_OK) == 0, "R_OK: %s", strerror(errno));
  TT_CHECK("access.root_writes_mode_0000", access("none", W_OK) == 0, "W_OK: %s", strerror(errno));
  tt_expect_errno("access.root_x_ok_needs_an_x_bit", access("none", X_OK), EACCES);
  chmod("none", 0001);
  TT_CHECK("access.root_x_ok_with_other_x", access("none", X_OK) == 0, "X_OK on 0001: %s", strerror(errno));
  TT_CHECK("access.root_x_ok_on_directory", access("d", X_OK) == 0, "%s", strerror(errno));
  tt_expect_errno("access.bad_mode_einval", access("none", 0100), EINVAL);

  /* faccessat2(2) (the kernel call, with flags): AT_EMPTY_PATH and "" ask
   * about the file open as dirfd; AT_EACCESS uses the effective ids. */
  int fd = open("none", O_RDONLY);
  TT_CHECK("faccessat2.empty_path_is_dirfd", syscall(SYS_faccessat2, fd, "", F_OK, AT_EMPTY_PATH) == 0,
           "faccessat2(fd, \"\", F_OK, AT_EMPTY_PATH): %s", strerror(errno));
  chmod("none", 0000);
  tt_expect_errno("faccessat2.empty_path_root_x_needs_an_x_bit",
                  syscall(SYS_faccessat2, fd, "", X_OK, AT_EMPTY_PATH), EACCES);
  tt_expect_errno("faccessat2.empty_path_without_flag_enoent", syscall(SYS_faccessat2, fd, "", F_OK, 0), ENOENT);
  TT_CHECK("faccessat2.eaccess_flag", syscall(SYS_faccessat2, AT_FDCWD, "d", X_OK, AT_EACCESS) == 0,
           "faccessat2(AT_EACCESS): %s", strerror(errno));
  tt_expect_errno("faccessat2.bad_flags_einval", syscall(SYS_faccessat2, AT_FDCWD, "d", F_OK, 0x1), EINVAL);
  /* Linux's do_faccessat checks mode and flags before it reads the path or
   * looks at dirfd: EINVAL wins over EFAULT and EBADF. */
  tt_expect_errno("faccessat2.bad_mode_before_bad_fd_einval",
                  syscall(SYS_faccessat2, -1, "", 0100, AT_EMPTY_PATH), EINVAL);
  tt_expect_errno("faccessat2.bad_flags_before_bad_fd_einval",
                  syscall(SYS_faccessat2, -1, "", F_OK, AT_EMPTY_PATH | 0x1), EINVAL);
  tt_expect_errno("access.bad_mode_before_bad_path_einval", access(tt_unmapped_page(), 0100), EINVAL);
  close(fd);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  const char *dir = tt_make_scratch("vfs_attrs");
  if (!dir || chdir(dir) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  umask(022);
  check_stat_fields();
  check_chmod();
  if (geteuid() == 0) check_chown();
  else tt_skip("chown.root_sets_owner", "not running as root");
  check_umask();
  check_truncate();
  check_times();
  if (geteuid() == 0) check_setgid_directory();
  else tt_skip("creat.in_setgid_dir_takes_dir_group", "chown to group 2000 needs root");
  if (geteuid() == 0) check_access_as_root();
  else tt_skip("access.root_reads_mode_0000", "not running as root");
  chdir("/");
  tt_remove_tree(dir);
  return tt_done();
}
