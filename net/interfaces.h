// The interfaces under the names and numbers Linux gives them.
//
// lwIP knows each interface as a struct netif with a two-letter name and a
// number ("lo0", "et1"). The rest of the kernel, and user space, know them
// as Linux does:
//   - "lo", lwIP's own loopback netif (127.0.0.1, ::1);
//   - "eth0", "eth1", ...: the EthernetInterfaces, in the order found;
//   - an index, lwIP's netif_get_index(): lo is 1 and eth0 is 2, as on Linux
//     (lwIP numbers its loopback first, in lwip_init()).
// This file is that mapping, and the counters of lo. The ioctls
// (interface_ioctl.cpp) and the /proc/net files (net.h, snapshots) are
// built on it.
//
// Everything here runs under the network lock (lwip/net_lock.h).
#pragma once
#include <stddef.h>

#include "lwip/netif.h"

namespace net {

constexpr size_t kInterfaceNameSize = 16;  // Linux's IFNAMSIZ, the NUL included

// lwIP's loopback netif.
struct netif* loopback_netif();
bool is_loopback(const struct netif* netif);

// The interface called `name`, or with index `index`; nullptr if none.
struct netif* interface_by_name(const char* name);
struct netif* interface_by_index(int index);
// The interface with the smallest index above `after` (0: the first one),
// or nullptr: `for (netif* n = next_interface(0); n; n = next_interface(index_of(n)))`
// visits them in index order, lo first, as Linux lists them.
struct netif* next_interface(int after);
inline int index_of(const struct netif* netif) { return netif_get_index(netif); }

// The kernel's name of an interface ("lo", "eth0"), NUL-terminated.
void interface_name(const struct netif* netif, char out[kInterfaceNameSize]);

// Whether an address belongs to this machine: all of 127.0.0.0/8 (ip(7)),
// or an address of some interface (bind(2): "EADDRNOTAVAIL A nonexistent
// interface was requested or the requested address was not local").
bool is_local_address(const ip_addr_t& address);

// True when the interface that would carry packets to `destination` is
// down: lwIP then finds no route (ERR_RTE), and connect(2) tells the two
// cases apart (rows B6 "no route" and B8 "the local interface is down").
// Looked for: a down interface whose subnet holds the destination (lo for
// 127.0.0.0/8 and ::1), or a down default interface for everything else.
bool destination_behind_down_interface(const ip_addr_t* destination);

// lo's counters. lwIP counts looped packets, whichever interface's address
// they were sent to, on its loopback netif (MIB-II counters, MIB2_STATS in
// lwipopts.h), as Linux counts them on lo; but in 32 bits. This folds what
// lwIP counted since the last call into 64-bit totals. The net thread calls
// it each time it has emptied the loopback queues: fewer than 4 GiB can be
// queued in between (LWIP_LOOPBACK_MAX_PBUFS), so no wrap is ever missed.
void account_loopback();

}  // namespace net
