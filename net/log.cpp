#include "net/log.h"

#include "kernel/sysctl/sysctl.h"

namespace net {
namespace {
sysctl::IntSetting debug_log("debug.log.net", nullptr, "1: verbose network driver and lwIP messages in the kernel log",
                             0, 0, 1);
}  // namespace

bool debug_log_enabled() { return debug_log.get() != 0; }
}  // namespace net

// lwIP asks this at every LWIP_DEBUGF (lwipopts.h: LWIP_DBG_TYPES_ON).
extern "C" int tether_net_debug_enabled(void) { return net::debug_log_enabled() ? 1 : 0; }
