/* Vectored I/O (readv(2), writev(2)): struct iovec, also used by
 * sendmsg(2)/recvmsg(2). Linux x86-64 layout. */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H

#include <bits/cdefs.h>
#include <bits/types.h>

struct iovec {
  void *iov_base; /* where the piece starts */
  size_t iov_len; /* how long it is */
};

#define UIO_MAXIOV 1024
#define IOV_MAX UIO_MAXIOV

__BEGIN_DECLS
ssize_t readv(int fd, const struct iovec *iov, int count);
ssize_t writev(int fd, const struct iovec *iov, int count);
__END_DECLS

#endif
