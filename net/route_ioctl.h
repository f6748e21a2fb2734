// The IPv4 route ioctls SIOCADDRT and SIOCDELRT (Linux's ip_rt_ioctl, the
// calls `route add` and `route del` make), on an AF_INET socket.
//
// lwIP routes by interface, not by table: each interface that is up
// reaches its own subnet, and one default interface sends everything else
// to its gateway (net/interfaces.cpp). So the routes that can be added or
// deleted are the default route (a gateway on the subnet of an interface
// that is up); a connected subnet's route exists while its interface has
// the address; any other route is EOPNOTSUPP, said plainly rather than
// pretended.
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace net {

// Whether `request` is SIOCADDRT or SIOCDELRT.
bool is_route_ioctl(unsigned long request);

// Adds or deletes a route; `arg` is the user's struct rtentry. Errors, in
// Linux's order: EFAULT, EPERM (not root), EAFNOSUPPORT (a destination that
// is not AF_INET), EINVAL (destination bits outside the mask, a gateway
// flag without a gateway), ENODEV (rt_dev names no interface), ENETUNREACH
// (the gateway is on no subnet of an interface that is up), EEXIST (a
// default route exists, or the connected route), ESRCH (no such route to
// delete), EOPNOTSUPP (a route lwIP cannot have: see above).
KResult<long> route_ioctl(unsigned long request, uint64_t arg);

}  // namespace net
