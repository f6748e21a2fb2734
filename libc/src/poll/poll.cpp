// Waiting on several descriptors: poll, ppoll, select, pselect.
//
// poll and select are the system calls as they are. ppoll and pselect go to
// ppoll (271) and pselect6 (270), which on Linux also write the time left
// into the caller's timeout; the manual pages promise that the C functions
// do not (ppoll(2), pselect(2): "the glibc wrapper function hides this
// behavior"), so the wrappers hand the kernel a copy.
#include <poll.h>
#include <signal.h>
#include <sys/select.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

int poll(struct pollfd *fds, nfds_t nfds, int timeout) { return sys(SYS_poll, fds, nfds, timeout); }

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask) {
  struct timespec copy;
  struct timespec *t = nullptr;
  if (timeout) {
    copy = *timeout;
    t = &copy;
  }
  return sys(SYS_ppoll, fds, nfds, t, sigmask, sizeof(sigset_t));
}

int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout) {
  return sys(SYS_select, nfds, readfds, writefds, exceptfds, timeout);
}

int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, const struct timespec *timeout,
            const sigset_t *sigmask) {
  struct timespec copy;
  struct timespec *t = nullptr;
  if (timeout) {
    copy = *timeout;
    t = &copy;
  }
  // pselect6's sixth argument: the mask and its size, since only six
  // arguments fit in registers.
  struct {
    const sigset_t *mask;
    unsigned long size;
  } mask_arg = {sigmask, sizeof(sigset_t)};
  return sys(SYS_pselect6, nfds, readfds, writefds, exceptfds, t, &mask_arg);
}

}  // extern "C"
