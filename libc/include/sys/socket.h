/* Sockets (socket(2), socket(7)): the calls and the Linux x86-64 constants
 * and structures they take. Values from Linux's include/linux/socket.h and
 * asm-generic/socket.h, so a program built here runs on Linux unchanged. */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <bits/cdefs.h>
#include <bits/types.h>
#include <sys/uio.h>

typedef unsigned short sa_family_t;

struct sockaddr {
  sa_family_t sa_family;
  char sa_data[14];
};

/* Room for any address (socket(7): "large enough to hold any of the
 * socket address structures"): 128 bytes. */
struct sockaddr_storage {
  sa_family_t ss_family;
  char __ss_padding[118];
  unsigned long __ss_align;
};

struct linger {
  int l_onoff;  /* linger active */
  int l_linger; /* how many seconds to linger for */
};

/* SO_PEERCRED (unix(7)): the peer's process and ids. */
struct ucred {
  pid_t pid;
  uid_t uid;
  gid_t gid;
};

/* Address families (PF_* are the same numbers). */
#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_LOCAL AF_UNIX
#define AF_INET 2
#define AF_INET6 10
#define PF_UNSPEC AF_UNSPEC
#define PF_UNIX AF_UNIX
#define PF_LOCAL AF_LOCAL
#define PF_INET AF_INET
#define PF_INET6 AF_INET6

/* Types, and the flags socket(2) and accept4(2) take with them. */
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_NONBLOCK 04000
#define SOCK_CLOEXEC 02000000

/* getsockopt/setsockopt at level SOL_SOCKET (socket(7)). */
#define SOL_SOCKET 1
#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_DONTROUTE 5
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_LINGER 13
#define SO_REUSEPORT 15
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN 39

/* send(2)/recv(2) flags. */
#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

/* sendmsg(2)/recvmsg(2): the message header. */
struct msghdr {
  void *msg_name;        /* the address (optional) */
  socklen_t msg_namelen; /* its size; recvmsg: value-result */
  struct iovec *msg_iov; /* the data, in pieces */
  size_t msg_iovlen;     /* how many pieces */
  void *msg_control;     /* ancillary data (cmsg(3)) */
  size_t msg_controllen; /* its size; recvmsg: value-result */
  int msg_flags;         /* recvmsg: MSG_TRUNC, MSG_EOR, MSG_CTRUNC */
};

/* Ancillary data (cmsg(3)): headers, each followed by its data. */
struct cmsghdr {
  size_t cmsg_len; /* header plus data */
  int cmsg_level;  /* SOL_SOCKET */
  int cmsg_type;   /* SCM_RIGHTS... */
};

#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2

#define CMSG_ALIGN(len) (((len) + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1))
#define CMSG_SPACE(len) (CMSG_ALIGN(len) + CMSG_ALIGN(sizeof(struct cmsghdr)))
#define CMSG_LEN(len) (CMSG_ALIGN(sizeof(struct cmsghdr)) + (len))
#define CMSG_DATA(cmsg) ((unsigned char *)((struct cmsghdr *)(cmsg) + 1))
#define CMSG_FIRSTHDR(mhdr)                                                                  \
  ((size_t)(mhdr)->msg_controllen >= sizeof(struct cmsghdr) ? (struct cmsghdr *)(mhdr)->msg_control \
                                                             : (struct cmsghdr *)0)
#define CMSG_NXTHDR(mhdr, cmsg) __cmsg_nxthdr(mhdr, cmsg)

/* shutdown(2). */
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#define SOMAXCONN 4096

__BEGIN_DECLS
int socket(int domain, int type, int protocol);
int socketpair(int domain, int type, int protocol, int sv[2]);
int bind(int fd, const struct sockaddr *address, socklen_t length);
int connect(int fd, const struct sockaddr *address, socklen_t length);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr *address, socklen_t *length);
int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
int getsockname(int fd, struct sockaddr *address, socklen_t *length);
int getpeername(int fd, struct sockaddr *address, socklen_t *length);
ssize_t send(int fd, const void *buffer, size_t n, int flags);
ssize_t recv(int fd, void *buffer, size_t n, int flags);
ssize_t sendto(int fd, const void *buffer, size_t n, int flags, const struct sockaddr *to, socklen_t to_length);
ssize_t recvfrom(int fd, void *buffer, size_t n, int flags, struct sockaddr *from, socklen_t *from_length);
ssize_t sendmsg(int fd, const struct msghdr *message, int flags);
ssize_t recvmsg(int fd, struct msghdr *message, int flags);
struct cmsghdr *__cmsg_nxthdr(struct msghdr *message, struct cmsghdr *cmsg);
int shutdown(int fd, int how);
int setsockopt(int fd, int level, int name, const void *value, socklen_t length);
int getsockopt(int fd, int level, int name, void *value, socklen_t *length);
__END_DECLS

#endif
