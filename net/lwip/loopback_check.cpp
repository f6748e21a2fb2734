#include "net/lwip/loopback_check.h"

#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "net/lwip/net_lock.h"

namespace net {
namespace {

constexpr char kMessage[] = "Tether loopback self-check";

struct Received {
  int datagrams = 0;
  bool intact = true;
};

void on_datagram(void* arg, struct udp_pcb*, struct pbuf* p, const ip_addr_t*, u16_t) {
  auto* received = static_cast<Received*>(arg);
  char copy[sizeof kMessage];
  bool same = p->tot_len == sizeof kMessage && pbuf_copy_partial(p, copy, sizeof copy, 0) == sizeof copy &&
              memcmp(copy, kMessage, sizeof copy) == 0;
  received->datagrams++;
  received->intact &= same;
  pbuf_free(p);
}

// Sends kMessage from pcb to its own port at `to`, then runs the loopback
// queue (what the net thread does when woken): the datagram is received
// before this returns.
bool send_to_self(struct udp_pcb* pcb, const ip_addr_t* to) {
  struct pbuf* p = pbuf_alloc(PBUF_TRANSPORT, sizeof kMessage, PBUF_RAM);
  if (!p) return false;
  memcpy(p->payload, kMessage, sizeof kMessage);
  err_t err = udp_sendto(pcb, p, to, pcb->local_port);
  pbuf_free(p);
  if (err != ERR_OK) return false;
  netif_poll_all();
  return true;
}

}  // namespace

bool loopback_self_check() {
  KASSERT(lock_held());
  struct udp_pcb* pcb = udp_new_ip_type(IPADDR_TYPE_ANY);
  if (!pcb) return false;
  Received received;
  udp_recv(pcb, on_datagram, &received);
  bool ok = udp_bind(pcb, IP_ANY_TYPE, 0) == ERR_OK;  // any free port

  ip_addr_t v4 = IPADDR4_INIT_BYTES(127, 0, 0, 1);
  ip_addr_t v6 = IPADDR6_INIT_HOST(0, 0, 0, 1);
  ok = ok && send_to_self(pcb, &v4) && received.datagrams == 1;
  ok = ok && send_to_self(pcb, &v6) && received.datagrams == 2;
  udp_remove(pcb);
  return ok && received.intact;
}

}  // namespace net
