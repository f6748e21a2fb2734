// Verbose network logging, off by default. The sysctl debug.log.net (0 or
// 1, also /proc/sys/debug/log/net) turns on the driver's and lwIP's chatty
// lines in the kernel log: DHCP's steps, each ring refill, each dropped
// frame. One-line events that matter (an interface coming up, an address
// bound) are always logged with plain printk.
//
//   echo 1 > /proc/sys/debug/log/net
#pragma once
#include "kernel/printk.h"

namespace net {
bool debug_log_enabled();
}  // namespace net

// printk when debug.log.net is 1. The arguments are not evaluated otherwise.
#define NET_DEBUG(...)                                 \
  do {                                                 \
    if (net::debug_log_enabled()) printk(__VA_ARGS__); \
  } while (0)
