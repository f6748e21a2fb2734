/* select(2) and pselect(2): the older way to wait for several descriptors.
 * fd_set is Linux's: 1024 bits, 64 to an unsigned long, bit (fd % 64) of
 * word (fd / 64). Descriptors of 1024 and above cannot be selected (use poll). */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H

#include <bits/cdefs.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#define FD_SETSIZE 1024
#define __NFDBITS (8 * (int)sizeof(unsigned long))

typedef struct {
  unsigned long fds_bits[FD_SETSIZE / __NFDBITS];
} fd_set;

#define __FD_WORD(fd) ((fd) / __NFDBITS)
#define __FD_MASK(fd) (1UL << ((fd) % __NFDBITS))
#define FD_SET(fd, set) ((void)((set)->fds_bits[__FD_WORD(fd)] |= __FD_MASK(fd)))
#define FD_CLR(fd, set) ((void)((set)->fds_bits[__FD_WORD(fd)] &= ~__FD_MASK(fd)))
#define FD_ISSET(fd, set) (((set)->fds_bits[__FD_WORD(fd)] & __FD_MASK(fd)) != 0)
#define FD_ZERO(set)                                          \
  do {                                                        \
    fd_set *__fd_zero_set = (set);                            \
    for (int __i = 0; __i < FD_SETSIZE / __NFDBITS; __i++)    \
      __fd_zero_set->fds_bits[__i] = 0;                       \
  } while (0)

__BEGIN_DECLS
/* Linux writes the time left into *timeout (select(2), NOTES). */
int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout);
/* timeout is left alone; sigmask (if not NULL) is the mask while waiting. */
int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, const struct timespec *timeout,
            const sigset_t *sigmask);
__END_DECLS

#endif
