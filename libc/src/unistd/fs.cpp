// The file system namespace: paths, directories, links, file status.
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

int access(const char *path, int mode) { return sys(SYS_access, path, mode); }

int chdir(const char *path) { return sys(SYS_chdir, path); }

int fchdir(int fd) { return sys(SYS_fchdir, fd); }

// The system call fills buf and returns the length including the NUL; the C
// function returns buf. With buf == NULL it allocates (a glibc extension every
// shell relies on).
char *getcwd(char *buf, size_t size) {
  if (buf == nullptr) {
    char path[PATH_MAX];
    size_t limit = (size == 0 || size > sizeof path) ? sizeof path : size;
    if (sys(SYS_getcwd, path, limit) < 0) return nullptr;
    return strdup(path);
  }
  if (size == 0) {
    errno = EINVAL;
    return nullptr;
  }
  if (sys(SYS_getcwd, buf, size) < 0) return nullptr;
  return buf;
}

int unlink(const char *path) { return sys(SYS_unlink, path); }

int rmdir(const char *path) { return sys(SYS_rmdir, path); }

int mkdir(const char *path, mode_t mode) { return sys(SYS_mkdir, path, mode); }

int link(const char *oldpath, const char *newpath) { return sys(SYS_link, oldpath, newpath); }

int symlink(const char *target, const char *linkpath) {
  return sys(SYS_symlink, target, linkpath);
}

ssize_t readlink(const char *path, char *buf, size_t size) {
  return sys(SYS_readlink, path, buf, size);
}

int rename(const char *oldpath, const char *newpath) { return sys(SYS_rename, oldpath, newpath); }

// remove(3): unlink a file, or rmdir a directory.
int remove(const char *path) {
  if (unlink(path) == 0) return 0;
  if (errno != EISDIR) return -1;
  return rmdir(path);
}

int chown(const char *path, uid_t owner, gid_t group) { return sys(SYS_chown, path, owner, group); }

int fchown(int fd, uid_t owner, gid_t group) { return sys(SYS_fchown, fd, owner, group); }

// lchown changes a symbolic link itself, not the file it points to.
int lchown(const char *path, uid_t owner, gid_t group) {
  return sys(SYS_lchown, path, owner, group);
}

int chmod(const char *path, mode_t mode) { return sys(SYS_chmod, path, mode); }

int fchmod(int fd, mode_t mode) { return sys(SYS_fchmod, fd, mode); }

mode_t umask(mode_t mask) { return sys(SYS_umask, mask); }

int mknod(const char *path, mode_t mode, dev_t dev) { return sys(SYS_mknod, path, mode, dev); }

int mkfifo(const char *path, mode_t mode) { return mknod(path, (mode & ~S_IFMT) | S_IFIFO, 0); }

void sync(void) { sys(SYS_sync); }

int stat(const char *path, struct stat *st) { return sys(SYS_stat, path, st); }

int fstat(int fd, struct stat *st) { return sys(SYS_fstat, fd, st); }

int lstat(const char *path, struct stat *st) { return sys(SYS_lstat, path, st); }

int fstatat(int dirfd, const char *path, struct stat *st, int flags) {
  return sys(SYS_newfstatat, dirfd, path, st, flags);
}

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags) {
  return sys(SYS_utimensat, dirfd, path, times, flags);
}

// futimens is utimensat on the descriptor itself (a NULL path).
int futimens(int fd, const struct timespec times[2]) {
  return sys(SYS_utimensat, fd, nullptr, times, 0);
}

}  // extern "C"
