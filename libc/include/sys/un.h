/* UNIX-domain socket addresses (unix(7)): the Linux x86-64 layout. */
#ifndef _SYS_UN_H
#define _SYS_UN_H

#include <sys/socket.h>

struct sockaddr_un {
  sa_family_t sun_family; /* AF_UNIX */
  char sun_path[108];     /* a path, or (Linux) a NUL then an abstract name */
};

#endif
