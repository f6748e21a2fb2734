/* vfs_permissions: file permission checks, as an unprivileged user and as
 * root.
 *
 * The test runs as root (on Tether and on the Linux host). The parent, as
 * root, lays out a tree with chosen owners and modes; children drop to uid
 * 1000 (setgroups(0, NULL), setgid(1000), setuid(1000)) and check:
 * search permission on every directory of a path, the owner/group/other
 * class that applies (only one class is used), read/write/execute bits,
 * write and search on the parent for creating, removing and renaming, the
 * sticky bit, EPERM from chmod/chown by a non-owner, access(2) with real
 * rather than effective ids, and the set-ID bits a write or truncate by the
 * user clears. Then root's bypass.
 *
 * Sources: POSIX XBD 4.5 "File Access Permissions", open(), execve(),
 * unlink(), rename(), chmod(), chown(), access(); Linux path_resolution(7),
 * access(2), chown(2), unlink(2) (EPERM with the sticky bit), execve(2);
 * Linux's fs/inode.c file_remove_privs/should_remove_suid (a write or
 * truncate without CAP_FSETID clears S_ISUID, and S_ISGID if group-execute
 * is set) and fs/open.c do_truncate (truncate, ftruncate, O_TRUNC).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

#define USER 1000
#define GROUP 1000
#define OTHER_GROUP 2000

static const char *scratch;

/* Creates path with mode and owner exactly (umask is 0 in this test). */
static void make_file(const char *path, mode_t mode, uid_t uid, gid_t gid) {
  tt_write_file(path, "data", 0600);
  chown(path, uid, gid);
  chmod(path, mode);
}

static void make_dir(const char *path, mode_t mode, uid_t uid, gid_t gid) {
  mkdir(path, 0700);
  chown(path, uid, gid);
  chmod(path, mode);
}

static bool opens(const char *path, int flags) {
  int fd = open(path, flags);
  if (fd < 0) return false;
  close(fd);
  return true;
}

/* The tree, made by root:
 *   noexec/      0644 root  (readable, not searchable) holding f
 *   xonly/       0711 root  (searchable, not readable) holding f 0644
 *   deep/a/b/    a is 0700 root, so deep/a/b/f is out of reach
 *   ro           0444 root      wo  0222 root      none 0000 root
 *   own_noperm   0077 USER  (owner class has nothing; others have all)
 *   grp_noperm   0707 root:GROUP (group class has nothing)
 *   grp_read     0040 root:GROUP
 *   sup_read     0040 root:OTHER_GROUP (for supplementary groups)
 *   rootdir/     0755 root  holding victim (0666) and emptydir/
 *   open/, open2/ 0777 root; open/ holds rootsecret (0000) and rootsub/ (0755)
 *   mine_othergroup 0644 USER:OTHER_GROUP
 *   sticky/      01777 root holding rootfile (root, 0666) and userfile (USER)
 *   mine, mine2  0644 USER:GROUP
 *   prog_x       a copy of this program, 0755; prog_nox, 0644
 *   secret       0600 root (for access with real ids)
 */
static void make_tree(void) {
  make_dir("noexec", 0755, 0, 0);
  make_file("noexec/f", 0644, 0, 0);
  chmod("noexec", 0644);
  make_dir("xonly", 0711, 0, 0);
  make_file("xonly/f", 0644, 0, 0);
  make_dir("deep", 0755, 0, 0);
  make_dir("deep/a", 0755, 0, 0);
  make_dir("deep/a/b", 0755, 0, 0);
  make_file("deep/a/b/f", 0644, 0, 0);
  chmod("deep/a", 0700);
  make_file("setgid_foreign", 02746, 0, 0);
  make_file("ro", 0444, 0, 0);
  make_file("wo", 0222, 0, 0);
  make_file("none", 0000, 0, 0);
  make_file("own_noperm", 0077, USER, GROUP);
  make_file("grp_noperm", 0707, 0, GROUP);
  make_file("grp_read", 0040, 0, GROUP);
  make_file("sup_read", 0040, 0, OTHER_GROUP);
  make_dir("rootdir", 0755, 0, 0);
  make_file("rootdir/victim", 0666, 0, 0);
  make_dir("rootdir/emptydir", 0777, 0, 0);
  make_dir("open", 0777, 0, 0);
  make_file("open/rootsecret", 0000, 0, 0);
  make_dir("open/rootsub", 0755, 0, 0);
  make_dir("open2", 0777, 0, 0);
  make_file("mine_othergroup", 0644, USER, OTHER_GROUP);
  make_dir("sticky", 01777, 0, 0);
  make_file("sticky/rootfile", 0666, 0, 0);
  make_file("sticky/userfile", 0644, USER, GROUP);
  make_file("mine", 0644, USER, GROUP);
  make_file("mine2", 0644, USER, GROUP);
  make_file("secret", 0600, 0, 0);
  tt_copy_file(tt_self_path(), "prog_x", 0755);
  tt_copy_file(tt_self_path(), "prog_nox", 0644);
  symlink("noexec/f", "link_through_noexec");
}

/* exec path with the marker argument; the exit status tells how it went:
 * 0 when the program ran, 100 + errno when execve failed. */
static int try_exec(void *arg) {
  const char *path = arg;
  char *argv[] = {(char *)path, "--exec-marker", NULL};
  execve(path, argv, environ);
  return 100 + errno;
}

static void as_user(void *arg) {
  (void)arg;
  if (!tt_become_user(USER, GROUP)) {
    tt_fail("perm.drop_to_uid_1000", "could not drop to uid 1000: %s", strerror(errno));
    return;
  }
  TT_CHECK("perm.drop_to_uid_1000", getuid() == USER && geteuid() == USER && getgid() == GROUP,
           "ids %u/%u/%u", getuid(), geteuid(), getgid());
  struct stat st;
  char buf[64];

  /* Search permission on every directory of the path. */
  tt_expect_errno("eacces.search.stat_in_unsearchable_dir", stat("noexec/f", &st), EACCES);
  tt_expect_errno("eacces.search.open_in_unsearchable_dir", open("noexec/f", O_RDONLY), EACCES);
  tt_expect_errno("eacces.search.deep_prefix", stat("deep/a/b/f", &st), EACCES);
  tt_expect_errno("eacces.search.chdir", chdir("noexec"), EACCES);
  tt_expect_errno("eacces.search.creat_in_unsearchable_dir", open("noexec/new", O_CREAT | O_WRONLY, 0644), EACCES);
  tt_expect_errno("eacces.search.through_symlink_target", stat("link_through_noexec", &st), EACCES);
  tt_expect_errno("eacces.search.readlink_under_unsearchable", readlink("deep/a/b/f", buf, sizeof buf), EACCES);
  TT_CHECK("eacces.search.stat_of_unsearchable_dir_itself_ok", stat("noexec", &st) == 0, "stat(\"noexec\"): %s",
           strerror(errno));
  TT_CHECK("perm.search_without_read_ok", stat("xonly/f", &st) == 0 && opens("xonly/f", O_RDONLY),
           "a file in a 0711 directory: %s", strerror(errno));
  tt_expect_errno("eacces.read_dir_without_r", open("xonly", O_RDONLY | O_DIRECTORY), EACCES);
  int dfd = open("noexec", O_RDONLY | O_DIRECTORY);
  TT_CHECK("perm.open_readable_unsearchable_dir_ok", dfd >= 0, "%s", strerror(errno));
  tt_expect_errno("eacces.fchdir_unsearchable", fchdir(dfd), EACCES);
  if (dfd >= 0) close(dfd);
  TT_CHECK("perm.chdir_with_x_only_ok", chdir("xonly") == 0 && chdir(scratch) == 0, "%s", strerror(errno));

  /* Read and write bits. */
  TT_CHECK("perm.read_0444_ok", opens("ro", O_RDONLY), "%s", strerror(errno));
  tt_expect_errno("eacces.write_0444", open("ro", O_WRONLY), EACCES);
  tt_expect_errno("eacces.rdwr_0444", open("ro", O_RDWR), EACCES);
  tt_expect_errno("eacces.truncate_0444", truncate("ro", 0), EACCES);
  TT_CHECK("perm.write_0222_ok", opens("wo", O_WRONLY), "%s", strerror(errno));
  tt_expect_errno("eacces.read_0222", open("wo", O_RDONLY), EACCES);
  tt_expect_errno("eacces.read_0000", open("none", O_RDONLY), EACCES);
  tt_expect_errno("eacces.write_0000", open("none", O_WRONLY), EACCES);
  TT_CHECK("perm.trunc_failed_kept_data", stat("ro", &st) == 0 && st.st_size == 4, "size %ld", (long)st.st_size);

  /* Only one class applies: the owner's even when "other" would allow. */
  tt_expect_errno("eacces.owner_class_wins_over_other", open("own_noperm", O_RDONLY), EACCES);
  tt_expect_errno("eacces.group_class_wins_over_other", open("grp_noperm", O_RDONLY), EACCES);
  TT_CHECK("perm.group_class_read", opens("grp_read", O_RDONLY), "0040 root:%d: %s", GROUP, strerror(errno));
  tt_expect_errno("eacces.not_in_group", open("sup_read", O_RDONLY), EACCES);

  /* Execute. */
  int status = tt_fork_status(try_exec, "prog_x", 10);
  TT_CHECK("perm.exec_0755_ok", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %s",
           tt_status_str(status));
  status = tt_fork_status(try_exec, "prog_nox", 10);
  TT_CHECK("eacces.exec_without_x", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 100 + EACCES,
           "execve of a 0644 file: child %s (100 + errno)", tt_status_str(status));
  status = tt_fork_status(try_exec, "noexec/f", 10);
  TT_CHECK("eacces.exec_in_unsearchable_dir", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 100 + EACCES,
           "child %s (100 + errno)", tt_status_str(status));

  /* Write and search on the directory for changing its entries. */
  tt_expect_errno("eacces.creat_in_0755_root_dir", open("rootdir/new", O_CREAT | O_WRONLY, 0644), EACCES);
  tt_expect_errno("eacces.mkdir_in_0755_root_dir", mkdir("rootdir/newdir", 0755), EACCES);
  tt_expect_errno("eacces.unlink_in_0755_root_dir", unlink("rootdir/victim"), EACCES);
  tt_expect_errno("eacces.rename_out_of_0755_root_dir", rename("rootdir/victim", "open/stolen"), EACCES);
  tt_expect_errno("eacces.rename_into_0755_root_dir", rename("mine", "rootdir/mine"), EACCES);
  tt_expect_errno("eacces.symlink_in_0755_root_dir", symlink("x", "rootdir/ln"), EACCES);
  tt_expect_errno("eacces.link_in_0755_root_dir", link("mine", "rootdir/ln"), EACCES);
  tt_expect_errno("eacces.rmdir_in_0755_root_dir", rmdir("rootdir/emptydir"), EACCES);
  TT_CHECK("perm.write_to_0666_file_in_root_dir_ok", opens("rootdir/victim", O_WRONLY), "%s", strerror(errno));
  int fd = open("open/made", O_CREAT | O_WRONLY, 0640);
  TT_CHECK("perm.creat_in_0777_dir", fd >= 0 && fstat(fd, &st) == 0 && st.st_uid == USER && st.st_gid == GROUP,
           "fd %d owner %u:%u (%s)", fd, st.st_uid, st.st_gid, strerror(errno));
  if (fd >= 0) close(fd);
  TT_CHECK("perm.unlink_in_0777_dir", unlink("open/made") == 0, "%s", strerror(errno));
  /* O_CREAT on an existing file creates nothing: no write needed on the
   * directory. */
  fd = open("rootdir/victim", O_CREAT | O_RDONLY, 0644);
  TT_CHECK("perm.creat_existing_in_unwritable_dir_ok", fd >= 0, "O_CREAT of an existing file in a 0755 root dir: %s",
           strerror(errno));
  if (fd >= 0) close(fd);
  /* Removing a name needs write on the directory, nothing on the file. */
  TT_CHECK("perm.unlink_needs_no_file_permission", unlink("open/rootsecret") == 0,
           "unlink of root's 0000 file in a 0777 dir: %s", strerror(errno));
  /* Moving a directory to another parent rewrites its "..": write
   * permission on the directory itself is needed (rename(2), EACCES). */
  tt_expect_errno("eacces.rename_dir_to_other_parent_without_write_on_it", rename("open/rootsub", "open2/rootsub"),
                  EACCES);

  /* Sticky directory: only the file's (or directory's) owner may remove. */
  tt_expect_errno("eperm.sticky_unlink_others_file", unlink("sticky/rootfile"), EPERM);
  tt_expect_errno("eperm.sticky_rename_others_file", rename("sticky/rootfile", "sticky/moved"), EPERM);
  TT_CHECK("perm.sticky_unlink_own_file", unlink("sticky/userfile") == 0, "%s", strerror(errno));

  /* chmod and chown. */
  tt_expect_errno("eperm.chmod_not_owner", chmod("ro", 0666), EPERM);
  TT_CHECK("perm.chmod_owner_ok", chmod("mine", 0600) == 0 && stat("mine", &st) == 0 && (st.st_mode & 0777) == 0600,
           "%s", strerror(errno));
  tt_expect_errno("eperm.chown_give_away", chown("mine", 0, (gid_t)-1), EPERM);
  tt_expect_errno("eperm.chown_not_owner", chown("ro", USER, GROUP), EPERM);
  tt_expect_errno("eperm.chown_to_group_not_member", chown("mine", (uid_t)-1, OTHER_GROUP), EPERM);
  TT_CHECK("perm.chown_to_own_group_ok", chown("mine", (uid_t)-1, GROUP) == 0, "%s", strerror(errno));
  /* chmod(2): S_ISGID is cleared, without an error, when the file's group
   * is not one of the caller's. */
  TT_CHECK("perm.chmod_setgid_cleared_when_not_in_group",
           chmod("mine_othergroup", 02755) == 0 && stat("mine_othergroup", &st) == 0 && (st.st_mode & 07777) == 0755,
           "mode %04o after chmod 02755 of a file whose group is not ours (%s)", st.st_mode & 07777, strerror(errno));
  chmod("mine", 04755);
  chown("mine", (uid_t)-1, GROUP);
  TT_CHECK("perm.chown_by_non_root_clears_setuid", stat("mine", &st) == 0 && (st.st_mode & 07777) == 0755,
           "mode %04o after an unprivileged chown of a 04755 file, expected 0755", st.st_mode & 07777);

  /* access() as the user. */
  TT_CHECK("access.user_r_ok_0444", access("ro", R_OK) == 0, "%s", strerror(errno));
  tt_expect_errno("access.user_w_ok_0444_eacces", access("ro", W_OK), EACCES);
  tt_expect_errno("access.user_x_ok_0644_eacces", access("prog_nox", X_OK), EACCES);
  tt_expect_errno("access.user_search_denied_eacces", access("noexec/f", F_OK), EACCES);
}

/* Supplementary groups count for the group class. */
static void as_user_with_groups(void *arg) {
  (void)arg;
  gid_t groups[] = {OTHER_GROUP};
  if (tt_setgroups(1, groups) < 0 || setgid(GROUP) < 0 || setuid(USER) < 0) {
    tt_fail("perm.supplementary_group_read", "could not set up the ids: %s", strerror(errno));
    return;
  }
  TT_CHECK("perm.supplementary_group_read", opens("sup_read", O_RDONLY), "0040 root:%d with that group: %s",
           OTHER_GROUP, strerror(errno));
  TT_CHECK("perm.chown_to_supplementary_group_ok", chown("mine2", (uid_t)-1, OTHER_GROUP) == 0,
           "chown of an own file to a supplementary group: %s", strerror(errno));
}

/* access() checks the real ids, open() the effective ones. */
static void real_vs_effective(void *arg) {
  (void)arg;
  if (tt_setgroups(0, NULL) < 0 || tt_setresgid(GROUP, GROUP, GROUP) < 0 || tt_setresuid(USER, 0, 0) < 0) {
    tt_fail("access.uses_real_uid", "setresuid(1000, 0, 0): %s", strerror(errno));
    return;
  }
  tt_expect_errno("access.uses_real_uid", access("secret", R_OK), EACCES);
  TT_CHECK("open.uses_effective_uid", opens("secret", O_RDONLY), "euid 0 could not open a 0600 root file: %s",
           strerror(errno));
  /* Now the other way round: real root, effective 1000. */
  if (tt_setresuid(0, USER, 0) < 0) {
    tt_fail("access.real_root_effective_user", "setresuid(0, 1000, 0): %s", strerror(errno));
    return;
  }
  TT_CHECK("access.real_root_effective_user", access("secret", R_OK) == 0, "access: %s", strerror(errno));
  tt_expect_errno("open.effective_user_eacces", open("secret", O_RDONLY), EACCES);
}

/* Mode bits of a file after `change` on it; -1 when it failed. */
static int mode_after(const char *path, mode_t mode, const char *change) {
  if (!tt_write_file(path, "12345", 0600) || chmod(path, mode) < 0) return -1;
  int fd = -1, ok;
  if (strcmp(change, "write") == 0) ok = (fd = open(path, O_WRONLY)) >= 0 && write(fd, "x", 1) == 1;
  else if (strcmp(change, "write0") == 0) ok = (fd = open(path, O_WRONLY)) >= 0 && write(fd, "x", 0) == 0;
  else if (strcmp(change, "pwrite") == 0) ok = (fd = open(path, O_WRONLY)) >= 0 && pwrite(fd, "x", 1, 3) == 1;
  else if (strcmp(change, "truncate") == 0) ok = truncate(path, 2) == 0;
  else if (strcmp(change, "ftruncate") == 0) ok = (fd = open(path, O_WRONLY)) >= 0 && ftruncate(fd, 9) == 0;
  else ok = (fd = open(path, O_WRONLY | O_TRUNC)) >= 0;
  if (fd >= 0) close(fd);
  struct stat st;
  return ok && stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static void check_mode_after(const char *id, mode_t mode, const char *change, int expected) {
  int got = mode_after("open/setid", mode, change);
  TT_CHECK(id, got == expected, "%04o after %s: %04o, expected %04o (%s)", (unsigned)mode, change, (unsigned)got,
           (unsigned)expected, strerror(errno));
}

/* Writing or truncating a set-ID file clears the bits (so a modified
 * program does not run with its owner's ids), unless the writer is root. */
static void setid_cleared_by_user(void *arg) {
  (void)arg;
  if (!tt_become_user(USER, GROUP)) {
    tt_fail("setid.write_clears_setuid_setgid", "could not become uid %d", USER);
    return;
  }
  check_mode_after("setid.write_clears_setuid_setgid", 06755, "write", 0755);
  check_mode_after("setid.pwrite_clears_setuid", 04700, "pwrite", 0700);
  check_mode_after("setid.write_keeps_setgid_without_group_exec", 06745, "write", 02745);
  check_mode_after("setid.empty_write_keeps_bits", 06755, "write0", 06755);
  check_mode_after("setid.truncate_clears_setuid_setgid", 06755, "truncate", 0755);
  check_mode_after("setid.ftruncate_clears_setuid_setgid", 06755, "ftruncate", 0755);
  check_mode_after("setid.o_trunc_clears_setuid_setgid", 06755, "o_trunc", 0755);
  unlink("open/setid");
  /* Root's file in group 0, which we are not in: since Linux 6.2 even a
   * setgid without group-execute goes at our write. */
  int fd = open("setgid_foreign", O_WRONLY);
  struct stat st;
  bool wrote = fd >= 0 && write(fd, "x", 1) == 1 && fstat(fd, &st) == 0;
  if (fd >= 0) close(fd);
  if (!tt_linux_at_least(6, 2))
    tt_skip("setid.write_by_non_member_clears_setgid", "the host's Linux is older than 6.2 (it keeps the bit)");
  else
    TT_CHECK("setid.write_by_non_member_clears_setgid", wrote && (st.st_mode & 07777) == 0746,
             "02746 root:root after our write: %04o (%s)", wrote ? (unsigned)(st.st_mode & 07777) : 0u,
             wrote ? "written" : strerror(errno));
}

static void check_root_bypass(void) {
  struct stat st;
  TT_CHECK("root.reads_0000", opens("none", O_RDONLY), "%s", strerror(errno));
  TT_CHECK("root.writes_0000", opens("none", O_WRONLY), "%s", strerror(errno));
  TT_CHECK("root.searches_0644_dir", stat("noexec/f", &st) == 0, "%s", strerror(errno));
  TT_CHECK("root.reads_owner_noperm", opens("own_noperm", O_RDWR), "%s", strerror(errno));
  chmod("rootdir", 0555);
  int fd = open("rootdir/rootnew", O_CREAT | O_WRONLY, 0644);
  TT_CHECK("root.creates_in_0555_dir", fd >= 0, "%s", strerror(errno));
  if (fd >= 0) close(fd);
  TT_CHECK("root.unlinks_in_sticky_dir", unlink("sticky/rootfile") == 0, "%s", strerror(errno));
  TT_CHECK("root.chmods_others_file", chmod("mine", 0644) == 0, "%s", strerror(errno));
  /* Root has CAP_FSETID: its writes keep the set-ID bits. */
  check_mode_after("setid.root_write_keeps_bits", 06755, "write", 06755);
  check_mode_after("setid.root_truncate_keeps_bits", 06755, "truncate", 06755);
  int status = tt_fork_status(try_exec, "prog_nox", 10);
  TT_CHECK("root.exec_needs_an_x_bit", status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 100 + EACCES,
           "execve of a 0644 file as root: child %s (100 + errno)", tt_status_str(status));
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--exec-marker") == 0) return 0;
  tt_init(argc, argv);
  if (geteuid() != 0) {
    tt_skip("perm.all", "must start as root to lay out files and drop to uid %d", USER);
    return tt_done();
  }
  scratch = tt_make_scratch("vfs_permissions");
  if (!scratch || chdir(scratch) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  umask(0);
  make_tree();
  tt_run_in_child("perm.user_child", as_user, NULL, 30);
  tt_run_in_child("perm.groups_child", as_user_with_groups, NULL, 10);
  tt_run_in_child("perm.real_ids_child", real_vs_effective, NULL, 10);
  tt_run_in_child("setid.user_child", setid_cleared_by_user, NULL, 10);
  check_root_bypass();
  chdir("/");
  tt_remove_tree(scratch);
  return tt_done();
}
