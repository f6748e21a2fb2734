// File locks: flock(2), one system call, and lockf(3), a POSIX record lock
// through fcntl(2), as glibc builds it.
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

int flock(int fd, int operation) { return sys(SYS_flock, fd, operation); }

// lockf(3): len bytes from the current offset (len 0: to the end of the
// file and beyond; negative: the bytes before it), a write lock owned by
// the process, so it mixes with fcntl's locks.
int lockf(int fd, int command, off_t len) {
  struct flock lock = {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_CUR;
  lock.l_start = 0;
  lock.l_len = len;
  switch (command) {
    case F_TEST:
      // glibc (and musl) test with a read lock: only another process's
      // write lock counts. lockf(3): "return 0 if the region is unlocked
      // or locked by this process; return -1, set errno to EACCES, if
      // another process holds a lock".
      lock.l_type = F_RDLCK;
      if (fcntl(fd, F_GETLK, &lock) < 0) return -1;
      if (lock.l_type == F_UNLCK || lock.l_pid == getpid()) return 0;
      errno = EACCES;
      return -1;
    case F_ULOCK:
      lock.l_type = F_UNLCK;
      return fcntl(fd, F_SETLK, &lock);
    case F_LOCK:
      return fcntl(fd, F_SETLKW, &lock);
    case F_TLOCK:
      return fcntl(fd, F_SETLK, &lock);
    default:
      errno = EINVAL;  // lockf(3): "EINVAL An invalid operation was specified in cmd"
      return -1;
  }
}
