// socket(2) and socketpair(2) for AF_UNIX, called from net/socket's
// create_socket/create_socket_pair so that header needs no UnixSocket.
#pragma once
#include "kernel/lib/kresult.h"

namespace net {
class Socket;

// unix(7): SOCK_STREAM, SOCK_DGRAM (SOCK_RAW is taken as SOCK_DGRAM, as
// Linux does), SOCK_SEQPACKET; protocol 0 or PF_UNIX, else EPROTONOSUPPORT;
// another type ESOCKTNOSUPPORT. type_and_flags may hold SOCK_NONBLOCK and
// SOCK_CLOEXEC (checked by the caller).
KResult<Socket*> create_unix_socket(int type_and_flags, int protocol);
KStatus create_unix_socket_pair(int type_and_flags, int protocol, Socket* pair[2]);
}  // namespace net
