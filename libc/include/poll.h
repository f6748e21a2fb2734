/* poll(2) and ppoll(2): wait for one of several descriptors to be ready.
 * struct pollfd and the event bits are Linux's (asm-generic/poll.h). */
#ifndef _POLL_H
#define _POLL_H

#include <bits/cdefs.h>
#include <signal.h>
#include <time.h>

typedef unsigned long nfds_t;

struct pollfd {
  int fd;        /* negative: this entry is ignored, revents 0 */
  short events;  /* what the caller wants to know about */
  short revents; /* what is true now (POLLERR, POLLHUP, POLLNVAL always count) */
};

#define POLLIN 0x001     /* data to read */
#define POLLPRI 0x002    /* urgent data to read */
#define POLLOUT 0x004    /* writing would not block */
#define POLLERR 0x008    /* error (a pipe's write end with no reader) */
#define POLLHUP 0x010    /* hang-up (a pipe's read end with no writer) */
#define POLLNVAL 0x020   /* fd is not open */
#define POLLRDNORM 0x040 /* normal data to read */
#define POLLRDBAND 0x080 /* priority-band data to read */
#define POLLWRNORM 0x100 /* same as POLLOUT */
#define POLLWRBAND 0x200 /* priority-band data may be written */

__BEGIN_DECLS
/* timeout in milliseconds; negative: wait forever; 0: just look. */
int poll(struct pollfd *fds, nfds_t nfds, int timeout);
/* timeout NULL: forever. sigmask (if not NULL) is the signal mask while waiting. */
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask);
__END_DECLS

#endif
