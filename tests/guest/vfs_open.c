/* vfs_open: open(2)/openat(2)/creat and their flags, with read, write,
 * lseek, pread64/pwrite64 and close on the descriptors they return.
 *
 * Every expectation is from POSIX open(), read(), write(), lseek(), pread()
 * and the Linux man pages open(2), lseek(2), close(2). The test works in its
 * own directory, /tmp/vfs_open.PID, under umask 022.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

/* The size of path, or -1. */
static long size_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void check_creat(void) {
  int fd = open("new", O_CREAT | O_WRONLY, 0666);
  struct stat st;
  if (!TT_CHECK("open.creat.new_file", fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0,
                "open(O_CREAT) of a new name: fd %d, %s", fd, fd < 0 ? strerror(errno) : "not an empty regular file"))
    return;
  TT_CHECK("open.creat.mode_minus_umask", (st.st_mode & 07777) == 0644,
           "created with 0666 under umask 022: mode %04o, expected 0644", st.st_mode & 07777);
  TT_CHECK("open.creat.owner_is_euid", st.st_uid == geteuid() && st.st_gid == getegid(),
           "owner %u:%u, expected %u:%u", st.st_uid, st.st_gid, geteuid(), getegid());
  TT_CHECK("write.returns_count", write(fd, "hello", 5) == 5, "write of 5 bytes: %s", strerror(errno));
  close(fd);

  fd = open("new", O_CREAT | O_WRONLY, 0600);
  TT_CHECK("open.creat.existing_keeps_data", fd >= 0 && size_of("new") == 5,
           "O_CREAT without O_TRUNC on an existing 5-byte file: fd %d, size now %ld", fd, size_of("new"));
  if (fd >= 0) close(fd);
  TT_CHECK("open.creat.existing_keeps_mode", stat("new", &st) == 0 && (st.st_mode & 07777) == 0644,
           "mode %04o after a second O_CREAT with 0600, expected 0644 unchanged", st.st_mode & 07777);

  tt_expect_errno("open.excl.existing_eexist", open("new", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
  mkdir("adir", 0755);
  tt_expect_errno("open.excl.existing_dir_eexist", open("adir", O_CREAT | O_EXCL | O_RDONLY, 0644), EEXIST);
  symlink("nowhere", "dangling");
  /* POSIX: with O_CREAT and O_EXCL, a symbolic link in the last component
   * is not followed, even a dangling one: EEXIST. */
  tt_expect_errno("open.excl.dangling_symlink_eexist", open("dangling", O_CREAT | O_EXCL | O_WRONLY, 0644),
                  EEXIST);
  TT_CHECK("open.excl.dangling_symlink_target_not_created", size_of("nowhere") == -1 && errno == ENOENT,
           "the link's target exists after the failed O_EXCL open");
  fd = open("excl_new", O_CREAT | O_EXCL | O_RDWR, 0644);
  TT_CHECK("open.excl.new_name", fd >= 0, "O_CREAT|O_EXCL of a new name: %s", strerror(errno));
  if (fd >= 0) close(fd);

  /* Without O_EXCL, a dangling symlink is followed and its target created. */
  symlink("made_through_link", "dangling2");
  fd = open("dangling2", O_CREAT | O_WRONLY, 0644);
  struct stat lst;
  TT_CHECK("open.creat.through_dangling_symlink_creates_target",
           fd >= 0 && size_of("made_through_link") == 0 && lstat("dangling2", &lst) == 0 && S_ISLNK(lst.st_mode),
           "fd %d (%s); target size %ld", fd, fd < 0 ? strerror(errno) : "ok", size_of("made_through_link"));
  if (fd >= 0) close(fd);

  tt_expect_errno("open.noent.rdonly", open("missing", O_RDONLY), ENOENT);
  tt_expect_errno("open.noent.creat_in_missing_dir", open("missing_dir/f", O_CREAT | O_WRONLY, 0644), ENOENT);
  tt_expect_errno("open.enotdir.prefix_is_file", open("new/f", O_RDONLY), ENOTDIR);
  tt_expect_errno("open.enotdir.creat_under_file", open("new/f", O_CREAT | O_WRONLY, 0644), ENOTDIR);

  /* creat(path, mode) is open(path, O_CREAT|O_WRONLY|O_TRUNC, mode). */
  fd = creat("new", 0644);
  TT_CHECK("creat.truncates_existing", fd >= 0 && size_of("new") == 0, "creat: fd %d, size %ld", fd, size_of("new"));
  if (fd >= 0) {
    char c;
    tt_expect_errno("creat.is_write_only", read(fd, &c, 1), EBADF);
    close(fd);
  }
}

static void check_trunc_append(void) {
  tt_write_file("t", "0123456789", 0644);
  int fd = open("t", O_WRONLY | O_TRUNC);
  TT_CHECK("open.trunc.empties_file", fd >= 0 && size_of("t") == 0, "fd %d, size %ld", fd, size_of("t"));
  if (fd >= 0) close(fd);

  tt_write_file("a", "abc", 0644);
  fd = open("a", O_WRONLY | O_APPEND);
  if (fd < 0) {
    tt_fail("open.append.write_goes_to_end", "open(O_APPEND): %s", strerror(errno));
    return;
  }
  lseek(fd, 0, SEEK_SET);
  write(fd, "XY", 2);
  char buf[32];
  tt_read_file("a", buf, sizeof buf);
  TT_CHECK("open.append.write_goes_to_end", strcmp(buf, "abcXY") == 0,
           "after lseek(0) and write \"XY\" with O_APPEND: \"%s\", expected \"abcXY\"", buf);
  off_t off = lseek(fd, 0, SEEK_CUR);
  TT_CHECK("open.append.offset_at_end_after_write", off == 5, "offset %ld, expected 5", (long)off);
  int fl = fcntl(fd, F_GETFL);
  TT_CHECK("open.append.in_getfl", fl >= 0 && (fl & O_APPEND), "F_GETFL = %#x", fl);
  close(fd);

  /* F_SETFL can turn O_APPEND on later. */
  fd = open("a", O_WRONLY);
  fcntl(fd, F_SETFL, O_APPEND);
  write(fd, "Z", 1);
  close(fd);
  tt_read_file("a", buf, sizeof buf);
  TT_CHECK("fcntl.setfl_append_then_write_appends", strcmp(buf, "abcXYZ") == 0, "content \"%s\"", buf);
}

static void check_access_modes(void) {
  tt_write_file("m", "data", 0644);
  char c;
  int fd = open("m", O_RDONLY);
  tt_expect_errno("write.on_rdonly_fd_ebadf", write(fd, "x", 1), EBADF);
  int fl = fcntl(fd, F_GETFL);
  TT_CHECK("open.rdonly.getfl_accmode", fl >= 0 && (fl & O_ACCMODE) == O_RDONLY, "F_GETFL = %#x", fl);
  close(fd);
  fd = open("m", O_WRONLY);
  tt_expect_errno("read.on_wronly_fd_ebadf", read(fd, &c, 1), EBADF);
  fl = fcntl(fd, F_GETFL);
  TT_CHECK("open.wronly.getfl_accmode", fl >= 0 && (fl & O_ACCMODE) == O_WRONLY, "F_GETFL = %#x", fl);
  close(fd);

  /* O_RDWR: one offset for reads and writes. */
  fd = open("m", O_RDWR);
  fl = fcntl(fd, F_GETFL);
  TT_CHECK("open.rdwr.getfl_accmode", fl >= 0 && (fl & O_ACCMODE) == O_RDWR, "F_GETFL = %#x", fl);
  char buf[8] = {0};
  ssize_t n = read(fd, buf, 2);
  write(fd, "XX", 2);
  lseek(fd, 0, SEEK_SET);
  n = read(fd, buf, sizeof buf - 1);
  TT_CHECK("open.rdwr.read_and_write_share_offset", n == 4 && memcmp(buf, "daXX", 4) == 0,
           "read %ld bytes \"%.*s\", expected \"daXX\"", (long)n, n > 0 ? (int)n : 0, buf);
  TT_CHECK("read.at_eof_returns_0", read(fd, buf, 1) == 0, "read at end of file did not return 0");
  TT_CHECK("read.count_0_returns_0", read(fd, buf, 0) == 0, "read(fd, buf, 0) did not return 0");
  TT_CHECK("write.count_0_returns_0", write(fd, buf, 0) == 0, "write(fd, buf, 0) did not return 0");
  close(fd);

  /* Flags F_SETFL cannot change: the access mode. */
  fd = open("m", O_RDONLY);
  fcntl(fd, F_SETFL, O_RDWR | O_NONBLOCK);
  fl = fcntl(fd, F_GETFL);
  TT_CHECK("fcntl.setfl_keeps_access_mode", (fl & O_ACCMODE) == O_RDONLY && (fl & O_NONBLOCK),
           "F_GETFL after F_SETFL(O_RDWR|O_NONBLOCK) on an O_RDONLY fd: %#x", fl);
  close(fd);

  fd = open("m", O_RDONLY | O_NONBLOCK);
  fl = fcntl(fd, F_GETFL);
  TT_CHECK("open.nonblock.in_getfl", fl >= 0 && (fl & O_NONBLOCK), "F_GETFL = %#x", fl);
  close(fd);
}

static void check_directories(void) {
  int fd = open("adir", O_RDONLY);
  TT_CHECK("open.dir.rdonly_ok", fd >= 0, "open(dir, O_RDONLY): %s", strerror(errno));
  if (fd >= 0) {
    char c;
    tt_expect_errno("read.on_directory_eisdir", read(fd, &c, 1), EISDIR);
    close(fd);
  }
  tt_expect_errno("open.dir.wronly_eisdir", open("adir", O_WRONLY), EISDIR);
  tt_expect_errno("open.dir.rdwr_eisdir", open("adir", O_RDWR), EISDIR);
  /* POSIX: EISDIR when "oflag includes O_CREAT without O_DIRECTORY". */
  tt_expect_errno("open.dir.creat_eisdir", open("adir", O_CREAT | O_RDONLY, 0644), EISDIR);

  fd = open("adir", O_RDONLY | O_DIRECTORY);
  TT_CHECK("open.directory.on_dir_ok", fd >= 0, "open(dir, O_DIRECTORY): %s", strerror(errno));
  if (fd >= 0) close(fd);
  tt_expect_errno("open.directory.on_file_enotdir", open("m", O_RDONLY | O_DIRECTORY), ENOTDIR);
  tt_expect_errno("open.directory.on_missing_enoent", open("missing", O_RDONLY | O_DIRECTORY), ENOENT);
  symlink("adir", "link_to_dir");
  fd = open("link_to_dir", O_RDONLY | O_DIRECTORY);
  TT_CHECK("open.directory.through_symlink_ok", fd >= 0, "open(symlink to dir, O_DIRECTORY): %s", strerror(errno));
  if (fd >= 0) close(fd);
  fd = open("/dev/null", O_RDONLY | O_DIRECTORY);
  tt_expect_errno("open.directory.on_chardev_enotdir", fd, ENOTDIR);
  if (fd >= 0) close(fd);
}

static void check_nofollow(void) {
  tt_write_file("target", "T", 0644);
  symlink("target", "link");
  tt_expect_errno("open.nofollow.symlink_eloop", open("link", O_RDONLY | O_NOFOLLOW), ELOOP);
  tt_expect_errno("open.nofollow.dangling_symlink_eloop", open("dangling", O_RDONLY | O_NOFOLLOW), ELOOP);
  tt_expect_errno("open.nofollow.creat_on_symlink_eloop", open("link", O_WRONLY | O_CREAT | O_NOFOLLOW, 0644),
                  ELOOP);
  int fd = open("target", O_RDONLY | O_NOFOLLOW);
  TT_CHECK("open.nofollow.regular_file_ok", fd >= 0, "%s", strerror(errno));
  if (fd >= 0) close(fd);
  /* Only the last component is concerned: a link earlier in the path is
   * followed. */
  tt_write_file("adir/inner", "I", 0644);
  fd = open("link_to_dir/inner", O_RDONLY | O_NOFOLLOW);
  TT_CHECK("open.nofollow.symlink_in_prefix_followed", fd >= 0, "%s", strerror(errno));
  if (fd >= 0) close(fd);
  fd = open("link", O_RDONLY);
  char c = 0;
  TT_CHECK("open.symlink_followed_by_default", fd >= 0 && read(fd, &c, 1) == 1 && c == 'T',
           "open(link) read '%c' (%s)", c, fd < 0 ? strerror(errno) : "");
  if (fd >= 0) close(fd);
}

static void check_cloexec_and_numbers(void) {
  int fd = open("m", O_RDONLY | O_CLOEXEC);
  int fdflags = fcntl(fd, F_GETFD);
  TT_CHECK("open.cloexec.sets_fd_cloexec", fdflags >= 0 && (fdflags & FD_CLOEXEC), "F_GETFD = %d", fdflags);
  int fd2 = open("m", O_RDONLY);
  fdflags = fcntl(fd2, F_GETFD);
  TT_CHECK("open.no_cloexec_by_default", fdflags == 0, "F_GETFD = %d", fdflags);

  /* POSIX: open returns the lowest-numbered descriptor not open. */
  close(fd);
  int fd3 = open("m", O_RDONLY);
  TT_CHECK("open.returns_lowest_free_fd", fd3 == fd, "after closing %d, open returned %d", fd, fd3);
  close(fd2);
  close(fd3);

  tt_expect_errno("close.closed_fd_ebadf", close(fd3), EBADF);
  tt_expect_errno("close.negative_fd_ebadf", close(-1), EBADF);
  tt_expect_errno("read.closed_fd_ebadf", read(fd3, &fd, 1), EBADF);
  tt_expect_errno("write.closed_fd_ebadf", write(fd3, "x", 1), EBADF);
  tt_expect_errno("write.huge_fd_ebadf", write(100000, "x", 1), EBADF);
}

static void check_openat(void) {
  int dfd = open("adir", O_RDONLY | O_DIRECTORY);
  int fd = openat(dfd, "inner", O_RDONLY);
  char c = 0;
  TT_CHECK("openat.relative_to_dirfd", fd >= 0 && read(fd, &c, 1) == 1 && c == 'I', "openat(adir, \"inner\"): %s",
           fd < 0 ? strerror(errno) : "wrong content");
  if (fd >= 0) close(fd);
  fd = openat(dfd, "created_at", O_CREAT | O_WRONLY, 0644);
  TT_CHECK("openat.creat_relative_to_dirfd", fd >= 0 && size_of("adir/created_at") == 0, "fd %d: %s", fd,
           strerror(errno));
  if (fd >= 0) close(fd);
  fd = openat(AT_FDCWD, "m", O_RDONLY);
  TT_CHECK("openat.at_fdcwd", fd >= 0, "openat(AT_FDCWD, \"m\"): %s", strerror(errno));
  if (fd >= 0) close(fd);
  fd = openat(-5, "/dev/null", O_RDONLY);
  TT_CHECK("openat.absolute_path_ignores_dirfd", fd >= 0, "openat(-5, \"/dev/null\"): %s", strerror(errno));
  if (fd >= 0) close(fd);
  tt_expect_errno("openat.bad_dirfd_ebadf", openat(-5, "m", O_RDONLY), EBADF);
  tt_expect_errno("openat.closed_dirfd_ebadf", openat(999, "m", O_RDONLY), EBADF);
  int ffd = open("m", O_RDONLY);
  tt_expect_errno("openat.dirfd_not_dir_enotdir", openat(ffd, "x", O_RDONLY), ENOTDIR);
  close(ffd);
  close(dfd);
}

static void check_lseek_pread(void) {
  tt_write_file("s", "0123456789", 0644);
  int fd = open("s", O_RDWR);
  TT_CHECK("lseek.set", lseek(fd, 4, SEEK_SET) == 4, "lseek(4, SEEK_SET)");
  TT_CHECK("lseek.cur", lseek(fd, 2, SEEK_CUR) == 6, "lseek(2, SEEK_CUR) from 4");
  TT_CHECK("lseek.end", lseek(fd, -1, SEEK_END) == 9, "lseek(-1, SEEK_END) on 10 bytes");
  char c = 0;
  TT_CHECK("lseek.then_read", read(fd, &c, 1) == 1 && c == '9', "read after lseek got '%c'", c);
  tt_expect_errno("lseek.negative_result_einval", lseek(fd, -11, SEEK_END), EINVAL);
  TT_CHECK("lseek.failed_keeps_offset", lseek(fd, 0, SEEK_CUR) == 10, "offset moved by a failed lseek");
  tt_expect_errno("lseek.bad_whence_einval", lseek(fd, 0, 42), EINVAL);
  tt_expect_errno("lseek.ebadf", lseek(-1, 0, SEEK_SET), EBADF);
  /* whence is checked before the file answers (Linux's ksys_lseek): a pipe
   * says EINVAL, not ESPIPE, and /dev/null, which takes any seek, refuses it. */
  int p[2];
  if (pipe(p) == 0) {
    tt_expect_errno("lseek.pipe_bad_whence_einval", lseek(p[0], 0, 42), EINVAL);
    close(p[0]);
    close(p[1]);
  }
  int null_fd = open("/dev/null", O_RDWR);
  TT_CHECK("lseek.devnull_returns_0", lseek(null_fd, 100, SEEK_SET) == 0, "lseek(/dev/null, 100): %s", strerror(errno));
  tt_expect_errno("lseek.devnull_bad_whence_einval", lseek(null_fd, 0, 42), EINVAL);
  close(null_fd);

  /* Past the end: a write leaves a hole that reads as zeros. */
  lseek(fd, 20, SEEK_SET);
  TT_CHECK("lseek.past_end_keeps_size", size_of("s") == 10, "size %ld after seeking past the end", size_of("s"));
  write(fd, "E", 1);
  char buf[32];
  memset(buf, 'x', sizeof buf);
  lseek(fd, 0, SEEK_SET);
  ssize_t n = read(fd, buf, sizeof buf);
  bool zeros = n == 21;
  for (int i = 10; zeros && i < 20; i++) zeros = buf[i] == 0;
  TT_CHECK("write.past_end_hole_reads_zero", zeros && buf[20] == 'E', "read %ld bytes after writing at 20", (long)n);

  /* pread/pwrite: at the given offset, leaving the file offset alone. */
  lseek(fd, 3, SEEK_SET);
  memset(buf, 0, sizeof buf);
  n = pread(fd, buf, 4, 5);
  TT_CHECK("pread.at_offset", n == 4 && memcmp(buf, "5678", 4) == 0, "pread(4 at 5) = %ld \"%.4s\"", (long)n, buf);
  TT_CHECK("pread.keeps_offset", lseek(fd, 0, SEEK_CUR) == 3, "offset %ld, expected 3", (long)lseek(fd, 0, SEEK_CUR));
  n = pwrite(fd, "AB", 2, 1);
  TT_CHECK("pwrite.keeps_offset", n == 2 && lseek(fd, 0, SEEK_CUR) == 3, "pwrite = %ld, offset %ld", (long)n,
           (long)lseek(fd, 0, SEEK_CUR));
  pread(fd, buf, 4, 0);
  TT_CHECK("pwrite.at_offset", memcmp(buf, "0AB3", 4) == 0, "file starts \"%.4s\", expected \"0AB3\"", buf);
  TT_CHECK("pread.past_end_returns_0", pread(fd, buf, 4, 1000) == 0, "pread at 1000 of a 21-byte file");
  tt_expect_errno("pread.negative_offset_einval", pread(fd, buf, 1, -1), EINVAL);
  tt_expect_errno("pwrite.negative_offset_einval", pwrite(fd, buf, 1, -1), EINVAL);
  close(fd);
  fd = open("s", O_WRONLY);
  tt_expect_errno("pread.on_wronly_fd_ebadf", pread(fd, buf, 1, 0), EBADF);
  close(fd);
  fd = open("s", O_RDONLY);
  tt_expect_errno("pwrite.on_rdonly_fd_ebadf", pwrite(fd, buf, 1, 0), EBADF);
  close(fd);
  fd = open("adir", O_RDONLY);
  tt_expect_errno("pread.on_directory_eisdir", pread(fd, buf, 1, 0), EISDIR);
  close(fd);
}

/* Flag combinations with a rule of their own: O_CREAT|O_DIRECTORY,
 * O_TMPFILE, and access mode 3. */
static void check_special_flags(void) {
  /* open(2): "EINVAL ... O_CREAT and O_DIRECTORY were both specified"
   * (Linux 6.4; before, the pair could make a regular file). */
  if (!tt_linux_at_least(6, 4)) {
    /* Debian 12's own kernel is 6.1: there the pair still makes a file. */
    tt_skip("open.creat_directory.new_einval", "the host's Linux is older than 6.4");
    tt_skip("open.creat_directory.created_nothing", "the host's Linux is older than 6.4");
    tt_skip("open.creat_directory.on_dir_einval", "the host's Linux is older than 6.4");
  } else {
    tt_expect_errno("open.creat_directory.new_einval", open("cd_new", O_CREAT | O_DIRECTORY | O_RDONLY, 0644),
                    EINVAL);
    TT_CHECK("open.creat_directory.created_nothing", access("cd_new", F_OK) < 0 && errno == ENOENT,
             "a refused O_CREAT|O_DIRECTORY left a name behind");
    tt_expect_errno("open.creat_directory.on_dir_einval", open("adir", O_CREAT | O_DIRECTORY | O_RDONLY, 0644),
                    EINVAL);
  }

  /* O_TMPFILE: an unnamed regular file in the directory named. */
  int fd = open(".", O_TMPFILE | O_RDWR, 0600);
  struct stat st;
  if (TT_CHECK("open.tmpfile.unnamed_regular_file",
               fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 0,
               "open(\".\", O_TMPFILE|O_RDWR): fd %d (%s), nlink %ld", fd, fd < 0 ? strerror(errno) : "ok",
               fd < 0 ? -1L : (long)st.st_nlink)) {
    char c = 0;
    TT_CHECK("open.tmpfile.read_back", write(fd, "t", 1) == 1 && pread(fd, &c, 1, 0) == 1 && c == 't',
             "write then pread on the O_TMPFILE file: '%c'", c);
    TT_CHECK("open.tmpfile.mode_minus_umask", (st.st_mode & 07777) == 0600, "mode %04o", st.st_mode & 07777);
    close(fd);
  }
  /* "EINVAL ... O_TMPFILE and neither O_WRONLY nor O_RDWR". */
  tt_expect_errno("open.tmpfile.rdonly_einval", open(".", O_TMPFILE | O_RDONLY, 0600), EINVAL);
  tt_expect_errno("open.tmpfile.on_file_enotdir", open("m", O_TMPFILE | O_RDWR, 0600), ENOTDIR);
  tt_expect_errno("open.tmpfile.missing_dir_enoent", open("no_such_dir", O_TMPFILE | O_RDWR, 0600), ENOENT);

  /* Access mode 3 (Linux): needs read and write permission, and gives a
   * descriptor that can do neither. */
  fd = open("m", 3);
  char c;
  if (TT_CHECK("open.accmode_3.opens", fd >= 0, "open(\"m\", 3): %s", strerror(errno))) {
    tt_expect_errno("open.accmode_3.read_ebadf", read(fd, &c, 1), EBADF);
    tt_expect_errno("open.accmode_3.write_ebadf", write(fd, "x", 1), EBADF);
    TT_CHECK("open.accmode_3.getfl", (fcntl(fd, F_GETFL) & O_ACCMODE) == 3, "F_GETFL %#x", fcntl(fd, F_GETFL));
    close(fd);
  }
  tt_expect_errno("open.accmode_3.directory_eisdir", open("adir", 3), EISDIR);
  /* Linux's fifo_open: a FIFO opened for neither reading nor writing is
   * EINVAL (O_NONBLOCK: a kernel that let it through must not wait). */
  if (TT_CHECK("open.accmode_3.mkfifo", mkfifo("afifo", 0600) == 0, "mkfifo: %s", strerror(errno)))
    tt_expect_errno("open.accmode_3.fifo_einval", open("afifo", 3 | O_NONBLOCK), EINVAL);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  const char *dir = tt_make_scratch("vfs_open");
  if (!dir || chdir(dir) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  umask(022);
  check_creat();
  check_trunc_append();
  check_access_modes();
  check_directories();
  check_nofollow();
  check_cloexec_and_numbers();
  check_openat();
  check_lseek_pread();
  check_special_flags();
  chdir("/");
  tt_remove_tree(dir);
  return tt_done();
}
