// The *at() family: the file-system calls again, with a directory
// descriptor that a relative path starts from (AT_FDCWD: the current
// directory) and a flags word (AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR, ...).
// Each is one Linux system call (but see faccessat); fstatat and utimensat
// are in fs.cpp.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

namespace {

bool in_groups(gid_t gid) {
  if (gid == getegid()) return true;
  gid_t groups[64];
  int count = getgroups(64, groups);
  for (int i = 0; i < count; ++i)
    if (groups[i] == gid) return true;
  return false;
}

// access(2)'s rules, checked here from the file's mode: for the effective
// ids (AT_EACCESS) or for a symbolic link itself (AT_SYMLINK_NOFOLLOW),
// neither of which the system call can be asked for.
int access_from_mode(int dirfd, const char *path, int mode, int flags) {
  struct stat st;
  if (fstatat(dirfd, path, &st, flags & AT_SYMLINK_NOFOLLOW) < 0) return -1;
  if (mode == F_OK) return 0;
  uid_t uid = (flags & AT_EACCESS) ? geteuid() : getuid();
  unsigned granted;
  if (uid == 0) {  // root may read and write anything, and run what anyone may run
    granted = R_OK | W_OK | ((S_ISDIR(st.st_mode) || (st.st_mode & 0111)) ? X_OK : 0);
  } else if (st.st_uid == uid) {
    granted = (st.st_mode >> 6) & 7;
  } else if ((flags & AT_EACCESS) ? in_groups(st.st_gid) : st.st_gid == getgid()) {
    granted = (st.st_mode >> 3) & 7;
  } else {
    granted = st.st_mode & 7;
  }
  if ((static_cast<unsigned>(mode) & granted) == static_cast<unsigned>(mode)) return 0;
  errno = EACCES;
  return -1;
}

}  // namespace

extern "C" int faccessat(int dirfd, const char *path, int mode, int flags) {
  // Linux's faccessat(2) has no flags argument (faccessat2 does). Like
  // glibc, AT_EACCESS with equal real and effective ids is the plain call,
  // and other flags are answered from the file's mode bits.
  if ((flags & AT_EACCESS) && getuid() == geteuid() && getgid() == getegid()) flags &= ~AT_EACCESS;
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW)) {
    errno = EINVAL;
    return -1;
  }
  if (flags != 0) return access_from_mode(dirfd, path, mode, flags);
  return sys(SYS_faccessat, dirfd, path, mode);
}

extern "C" {

int fchownat(int dirfd, const char *path, uid_t owner, gid_t group, int flags) {
  return sys(SYS_fchownat, dirfd, path, owner, group, flags);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags) {
  // Like faccessat, the system call has no flags; Linux cannot chmod a
  // symbolic link itself, so AT_SYMLINK_NOFOLLOW is "not supported".
  if (flags != 0) {
    errno = flags == AT_SYMLINK_NOFOLLOW ? EOPNOTSUPP : EINVAL;
    return -1;
  }
  return sys(SYS_fchmodat, dirfd, path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
  return sys(SYS_mkdirat, dirfd, path, mode);
}

int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev) {
  return sys(SYS_mknodat, dirfd, path, mode, dev);
}

int mkfifoat(int dirfd, const char *path, mode_t mode) {
  return mknodat(dirfd, path, (mode & ~S_IFMT) | S_IFIFO, 0);
}

int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags) {
  return sys(SYS_linkat, olddirfd, oldpath, newdirfd, newpath, flags);
}

int symlinkat(const char *target, int newdirfd, const char *linkpath) {
  return sys(SYS_symlinkat, target, newdirfd, linkpath);
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size) {
  return sys(SYS_readlinkat, dirfd, path, buf, size);
}

int unlinkat(int dirfd, const char *path, int flags) {
  return sys(SYS_unlinkat, dirfd, path, flags);
}

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
  return sys(SYS_renameat, olddirfd, oldpath, newdirfd, newpath);
}

}  // extern "C"
