// The TIME_WAIT bound (time_wait_limit.h).
#include "net/lwip/time_wait_limit.h"

#include "kernel/profile.h"
#include "kernel/sysctl/sysctl.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"

namespace net {
namespace {

// FreeBSD tcp(4): "maxtcptw: When a TCP connection enters the TIME_WAIT
// state, its associated socket structure is freed, since it is of negligible
// size and use, and a new structure is allocated to contain a minimal amount
// of information necessary for sustaining a connection in this state, called
// the compressed TIME_WAIT state. Since this structure is not directly
// related to a socket, it can be shared by multiple listening sockets [...]
// This sysctl variable controls the number of compressed TIME_WAIT structures."
//
// Why 64: each entry costs every received segment and every bind a step of a
// list walk (about 0.1 us under TCG, docs/performance.md), and TIME_WAIT only
// matters for a connection whose address pair comes back within 2 MSL; the
// ephemeral ports cycle through the whole range before one is reused.
sysctl::IntSetting max_time_wait{"net.inet.tcp.maxtcptw", "net/ipv4/tcp_max_tw_buckets",
                                 "the most TCP connections kept in TIME_WAIT; older ones are freed", 64, 0, 65535};

profile::Counter recycled{"tcp.time_wait_recycled"};

}  // namespace

void limit_time_wait() {
  // TCP_REG puts a new TIME_WAIT pcb at the head of the list: newest first,
  // so what lies past the limit is the oldest.
  int64_t limit = max_time_wait.get();
  struct tcp_pcb* last_kept = nullptr;
  struct tcp_pcb* p = tcp_tw_pcbs;
  for (int64_t kept = 0; p && kept < limit; kept++) {
    last_kept = p;
    p = p->next;
  }
  while (struct tcp_pcb* oldest = last_kept ? last_kept->next : tcp_tw_pcbs) {
    // For a TIME_WAIT pcb tcp_abort sends nothing: it takes the pcb off
    // the list and frees it (lwIP's tcp_abandon), as tcp_kill_timewait does.
    tcp_abort(oldest);
    recycled.count();
  }
}

}  // namespace net
