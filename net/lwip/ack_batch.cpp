#include "net/lwip/ack_batch.h"

#include "kernel/panic.h"
#include "kernel/sysctl/sysctl.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "net/lwip/net_lock.h"
#include "net/lwip/net_thread.h"

namespace net {
namespace {

sysctl::IntSetting ack_batch_bytes{"net.inet.tcp.ack_batch_bytes", nullptr,
                                   "the most bytes a TCP connection receives in one burst before it ACKs (0: every "
                                   "second segment)",
                                   64 * 1024, 0, TCP_WND / 2};

// Why 64 KiB, half of TCP_WND (lwipopts.h), and never more: a burst ACKed
// late still leaves the sender half a window to keep sending in. (The net
// thread takes at most 64 frames, 93 KB, per device per round anyway.)

// The connections that took in data in this round: the bytes since their
// last ACK, and whether an ACK is held. A few at a time is plenty: one
// burst of frames rarely feeds more connections than that, and when the
// table is full lwIP ACKs as usual.
struct Held {
  struct tcp_pcb* pcb;
  size_t bytes;
  bool held;
};
constexpr int kMaxHeld = 16;
Held held[kMaxHeld];
int held_count = 0;

}  // namespace

bool hold_ack(struct tcp_pcb* pcb, size_t bytes) {
  KASSERT(lock_held());
  size_t limit = size_t(ack_batch_bytes.get());
  // Only the net thread's input has a "later" to send the ACK in; a FIN, a
  // state change or a SACK is ACKed at once, by lwIP (tcp_receive).
  if (limit == 0 || !on_net_thread() || pcb->state != ESTABLISHED) return false;
  Held* h = nullptr;
  for (int i = 0; i < held_count; i++) {
    if (held[i].pcb == pcb) h = &held[i];
  }
  if (!h) {
    if (held_count == kMaxHeld) return false;
    h = &held[held_count++];
    *h = {pcb, 0, false};
  }
  h->bytes += bytes;
  // A first segment: lwIP delays its ACK itself (tcp_fasttmr, or the
  // next segment), so that a reply can carry it; left as it is.
  if (!(pcb->flags & TF_ACK_NOW)) return false;
  if (h->bytes >= limit) {
    h->bytes = 0;  // lwIP's ACK goes out now
    return false;
  }
  // What tcp_ack() does for a first segment: the ACK is owed, not sent.
  tcp_clear_flags(pcb, TF_ACK_NOW);
  tcp_set_flags(pcb, TF_ACK_DELAY);
  h->held = true;
  return true;
}

void send_held_acks() {
  KASSERT(lock_held());
  if (held_count == 0) return;
  // A held connection may have been closed or reset since, its pcb freed;
  // only pcbs still on lwIP's active list are touched.
  for (struct tcp_pcb* pcb = tcp_active_pcbs; pcb; pcb = pcb->next) {
    for (int i = 0; i < held_count; i++) {
      if (held[i].pcb != pcb) continue;
      // TF_ACK_DELAY clear: a segment sent since carried the ACK.
      if (held[i].held && (pcb->flags & TF_ACK_DELAY)) {
        tcp_ack_now(pcb);
        tcp_output(pcb);
      }
      break;
    }
  }
  held_count = 0;
}

}  // namespace net
