// The interface ioctls of netdevice(7), on any socket: what ifconfig uses
// to list interfaces and to set their addresses and flags.
//
// Socket::ioctl (net/socket/socket.cpp) hands every request of the SIOC*
// range (0x8900-0x89ff, <bits/sockios.h>) here. This header has no lwIP
// type; interface_ioctl.cpp does the lwIP calls, under the network lock.
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace net {

// Whether `request` is one of the socket ioctls of the SIOC* range.
bool is_interface_ioctl(unsigned long request);

// Carries out one SIOC* request; `arg` is the user's struct ifreq (or
// struct ifconf for SIOCGIFCONF), `socket_domain` the socket's family
// (the IPv4 address requests are AF_INET's, as on Linux). Returns 0, or:
// EFAULT (bad pointer), EPERM (a set request from a process that is not
// root: Linux's CAP_NET_ADMIN), ENODEV (no interface of that name or
// index), EADDRNOTAVAIL (no IPv4 address to read or to mask), EINVAL (a
// bad address or mask), EOPNOTSUPP (a flag Tether cannot change), ENOTTY
// (a request of the range that Tether does not implement).
KResult<long> interface_ioctl(unsigned long request, uint64_t arg, int socket_domain);

}  // namespace net
