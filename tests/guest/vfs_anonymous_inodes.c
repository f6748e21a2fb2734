/* vfs_anonymous_inodes: pipes and sockets have inodes of their own, with no
 * name, as on Linux: fstat describes them, fchmod and fchown change them.
 *
 * Sources: pipe(7) and Linux's fs/pipe.c (get_pipe_inode: S_IFIFO, mode
 * 0600, the creator's fsuid and fsgid, one link); inode(7) (S_IFSOCK) and
 * Linux's net/socket.c (sock_alloc: mode S_IFSOCK | 0777, the creator's
 * fsuid/fsgid, also for the socket accept(2) makes); fchmod(2) and
 * fchown(2) ("EPERM The effective UID does not match the owner of the file,
 * and the process is not privileged"; "Only a privileged process may change
 * the owner of a file"). st_dev: stat(2), and Linux's pipefs, sockfs and
 * procfs, each a filesystem of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

enum { kUser = 1000, kGroup = 1000, kOther = 1001 };

static bool described(int fd, mode_t mode, uid_t uid, gid_t gid, struct stat *st) {
  return fstat(fd, st) == 0 && st->st_mode == mode && st->st_uid == uid && st->st_gid == gid &&
         st->st_nlink == 1;
}

static void pipes(void *arg) {
  (void)arg;
  int p[2];
  if (pipe(p) < 0) {
    tt_fail("pipe.fstat_fifo_0600_creator", "pipe: %s", strerror(errno));
    return;
  }
  struct stat st, other;
  TT_CHECK("pipe.fstat_fifo_0600_creator", described(p[0], S_IFIFO | 0600, geteuid(), getegid(), &st),
           "mode %o uid %u gid %u nlink %lu", st.st_mode, st.st_uid, st.st_gid, (unsigned long)st.st_nlink);
  TT_CHECK("pipe.ends_share_one_inode", fstat(p[1], &other) == 0 && other.st_ino == st.st_ino,
           "inodes %lu and %lu", (unsigned long)st.st_ino, (unsigned long)other.st_ino);
  TT_CHECK("pipe.fchmod_root_ok", fchmod(p[1], 0640) == 0 && fstat(p[0], &st) == 0 && st.st_mode == (S_IFIFO | 0640),
           "mode %o (%s)", st.st_mode, strerror(errno));
  TT_CHECK("pipe.fchown_root_ok",
           fchown(p[0], kUser, kGroup) == 0 && fstat(p[1], &st) == 0 && st.st_uid == kUser && st.st_gid == kGroup,
           "owner %u:%u (%s)", st.st_uid, st.st_gid, strerror(errno));
  /* The pipe still works after it. */
  char c = 0;
  TT_CHECK("pipe.works_after_fchmod", write(p[1], "z", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'z', "%s",
           strerror(errno));

  /* A pipe of root's, seen by an ordinary user. */
  fchown(p[0], 0, 0);
  int q[2];
  if (tt_setgroups(0, NULL) < 0 || setgid(kGroup) < 0 || setuid(kUser) < 0 || pipe(q) < 0) {
    tt_fail("pipe.user_creates_own", "cannot become %d: %s", kUser, strerror(errno));
    return;
  }
  tt_expect_errno("pipe.fchmod_not_owner_eperm", fchmod(p[0], 0666), EPERM);
  tt_expect_errno("pipe.fchown_not_owner_eperm", fchown(p[0], kUser, kGroup), EPERM);
  TT_CHECK("pipe.user_creates_own", described(q[0], S_IFIFO | 0600, kUser, kGroup, &st), "mode %o uid %u gid %u",
           st.st_mode, st.st_uid, st.st_gid);
  TT_CHECK("pipe.owner_fchmod_ok", fchmod(q[0], 0604) == 0 && fstat(q[1], &st) == 0 && st.st_mode == (S_IFIFO | 0604),
           "mode %o (%s)", st.st_mode, strerror(errno));
  tt_expect_errno("pipe.owner_fchown_give_away_eperm", fchown(q[0], kOther, (gid_t)-1), EPERM);
}

static void sockets(void *arg) {
  (void)arg;
  struct stat st;
  int u = socket(AF_UNIX, SOCK_STREAM, 0);
  TT_CHECK("socket.unix_fstat_sock_0777_creator", u >= 0 && described(u, S_IFSOCK | 0777, geteuid(), getegid(), &st),
           "mode %o uid %u gid %u nlink %lu (%s)", st.st_mode, st.st_uid, st.st_gid, (unsigned long)st.st_nlink,
           strerror(errno));
  int d = socket(AF_INET, SOCK_DGRAM, 0);
  TT_CHECK("socket.inet_fstat_sock_0777_creator", d >= 0 && described(d, S_IFSOCK | 0777, geteuid(), getegid(), &st),
           "mode %o uid %u gid %u (%s)", st.st_mode, st.st_uid, st.st_gid, strerror(errno));
  struct stat other;
  TT_CHECK("socket.each_its_own_inode", fstat(u, &st) == 0 && fstat(d, &other) == 0 && st.st_ino != other.st_ino,
           "both inode %lu", (unsigned long)st.st_ino);
  TT_CHECK("socket.fchmod_root_ok", fchmod(u, 0700) == 0 && fstat(u, &st) == 0 && st.st_mode == (S_IFSOCK | 0700),
           "mode %o (%s)", st.st_mode, strerror(errno));
  TT_CHECK("socket.fchown_root_ok",
           fchown(d, kUser, kGroup) == 0 && fstat(d, &st) == 0 && st.st_uid == kUser && st.st_gid == kGroup,
           "owner %u:%u (%s)", st.st_uid, st.st_gid, strerror(errno));
  int pair[2];
  TT_CHECK("socket.socketpair_fstat",
           socketpair(AF_UNIX, SOCK_DGRAM, 0, pair) == 0 && described(pair[0], S_IFSOCK | 0777, 0, 0, &st) &&
               fstat(pair[1], &other) == 0 && other.st_ino != st.st_ino,
           "mode %o uid %u (%s)", st.st_mode, st.st_uid, strerror(errno));

  /* accept(2)'s socket belongs to the accepting process's effective ids. */
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  strcpy(address.sun_path, "listener");
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  int client = socket(AF_UNIX, SOCK_STREAM, 0);
  int accepted = -1;
  if (listener >= 0 && client >= 0 && bind(listener, (struct sockaddr *)&address, sizeof address) == 0 &&
      listen(listener, 1) == 0 && connect(client, (struct sockaddr *)&address, sizeof address) == 0 &&
      tt_setresgid((gid_t)-1, kGroup, (gid_t)-1) == 0 && tt_setresuid((uid_t)-1, kUser, (uid_t)-1) == 0)
    accepted = accept(listener, NULL, NULL);
  TT_CHECK("socket.accepted_belongs_to_acceptor",
           accepted >= 0 && described(accepted, S_IFSOCK | 0777, kUser, kGroup, &st), "mode %o uid %u gid %u (%s)",
           st.st_mode, st.st_uid, st.st_gid, strerror(errno));
  tt_expect_errno("socket.fchmod_not_owner_eperm", fchmod(listener, 0700), EPERM);
  TT_CHECK("socket.owner_fchmod_ok",
           accepted >= 0 && fchmod(accepted, 0600) == 0 && fstat(accepted, &st) == 0 && st.st_mode == (S_IFSOCK | 0600),
           "mode %o (%s)", st.st_mode, strerror(errno));
  unlink("listener");
}

/* Each kind of inode belongs to a filesystem of its own, and st_dev names
 * it (stat(2): "the ID of the device containing the file"): Linux's pipefs
 * for pipes, sockfs for sockets (also the fd of a socket bound to a path),
 * procfs for /proc, and the filesystem of the scratch directory for files. */
static void devices(void *arg) {
  (void)arg;
  int p[2], q[2];
  int s1 = socket(AF_UNIX, SOCK_STREAM, 0), s2 = socket(AF_INET, SOCK_DGRAM, 0);
  int f = open("plain", O_CREAT | O_WRONLY, 0600);
  struct stat pipe1, pipe2, sock1, sock2, file, proc, proc_self;
  bool ok = pipe(p) == 0 && pipe(q) == 0 && s1 >= 0 && s2 >= 0 && f >= 0 && fstat(p[0], &pipe1) == 0 &&
            fstat(q[1], &pipe2) == 0 && fstat(s1, &sock1) == 0 && fstat(s2, &sock2) == 0 && fstat(f, &file) == 0 &&
            stat("/proc", &proc) == 0 && stat("/proc/self/status", &proc_self) == 0;
  if (!ok) {
    tt_fail("dev.pipes_share_one", "set-up: %s", strerror(errno));
    return;
  }
  TT_CHECK("dev.pipes_share_one", pipe1.st_dev == pipe2.st_dev, "%#llx and %#llx", (unsigned long long)pipe1.st_dev,
           (unsigned long long)pipe2.st_dev);
  TT_CHECK("dev.sockets_share_one", sock1.st_dev == sock2.st_dev, "%#llx and %#llx", (unsigned long long)sock1.st_dev,
           (unsigned long long)sock2.st_dev);
  TT_CHECK("dev.pipe_socket_file_differ",
           pipe1.st_dev != sock1.st_dev && pipe1.st_dev != file.st_dev && sock1.st_dev != file.st_dev,
           "pipe %#llx, socket %#llx, file %#llx", (unsigned long long)pipe1.st_dev,
           (unsigned long long)sock1.st_dev, (unsigned long long)file.st_dev);
  TT_CHECK("dev.proc_its_own",
           proc.st_dev == proc_self.st_dev && proc.st_dev != file.st_dev && proc.st_dev != pipe1.st_dev &&
               proc.st_dev != sock1.st_dev,
           "/proc %#llx, /proc/self/status %#llx, file %#llx", (unsigned long long)proc.st_dev,
           (unsigned long long)proc_self.st_dev, (unsigned long long)file.st_dev);
  unlink("plain");
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  const char *scratch = tt_make_scratch("vfs_anonymous_inodes");
  if (!scratch || chdir(scratch) < 0) {
    tt_fail("scratch_dir", "cannot make or enter a directory in /tmp");
    return tt_done();
  }
  if (geteuid() != 0) {
    tt_skip("anonymous_inodes", "needs to start as root");
    return tt_done();
  }
  tt_run_in_child("pipe.child", pipes, NULL, 15);
  tt_run_in_child("socket.child", sockets, NULL, 15);
  tt_run_in_child("dev.child", devices, NULL, 15);
  chdir("/");
  tt_remove_tree(scratch);
  return tt_done();
}
