// File descriptors: opening, reading, writing, duplicating, controlling.
// Each function is one Linux system call.
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

int open(const char *path, int flags, ...) {
  mode_t mode = 0;
  // The mode argument exists only when a file may be created.
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  return sys(SYS_open, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...) {
  mode_t mode = 0;
  if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  return sys(SYS_openat, dirfd, path, flags, mode);
}

int creat(const char *path, mode_t mode) { return sys(SYS_creat, path, mode); }

int close(int fd) { return sys(SYS_close, fd); }

ssize_t read(int fd, void *buf, size_t count) { return sys(SYS_read, fd, buf, count); }

ssize_t readv(int fd, const struct iovec *iov, int count) { return sys(SYS_readv, fd, iov, count); }

ssize_t writev(int fd, const struct iovec *iov, int count) { return sys(SYS_writev, fd, iov, count); }

ssize_t write(int fd, const void *buf, size_t count) { return sys(SYS_write, fd, buf, count); }

ssize_t pread(int fd, void *buf, size_t count, off_t offset) {
  return sys(SYS_pread64, fd, buf, count, offset);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
  return sys(SYS_pwrite64, fd, buf, count, offset);
}

off_t lseek(int fd, off_t offset, int whence) { return sys(SYS_lseek, fd, offset, whence); }

int dup(int fd) { return sys(SYS_dup, fd); }

int dup2(int oldfd, int newfd) { return sys(SYS_dup2, oldfd, newfd); }

int dup3(int oldfd, int newfd, int flags) { return sys(SYS_dup3, oldfd, newfd, flags); }

int pipe(int fds[2]) { return sys(SYS_pipe, fds); }

int pipe2(int fds[2], int flags) { return sys(SYS_pipe2, fds, flags); }

int fsync(int fd) { return sys(SYS_fsync, fd); }

int truncate(const char *path, off_t length) { return sys(SYS_truncate, path, length); }

int ftruncate(int fd, off_t length) { return sys(SYS_ftruncate, fd, length); }

// The third argument is an int or a pointer depending on cmd; the kernel reads
// the register either way, so pass the whole 64 bits through (as glibc does).
int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  unsigned long argument = va_arg(ap, unsigned long);
  va_end(ap);
  return sys(SYS_fcntl, fd, cmd, argument);
}

int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  unsigned long argument = va_arg(ap, unsigned long);
  va_end(ap);
  return sys(SYS_ioctl, fd, request, argument);
}

}  // extern "C"
