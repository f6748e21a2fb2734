// Sending and receiving on a TCP socket (inet_stream_socket.h): read(2),
// write(2), send(2), recv(2) and their msg forms. Received bytes wait in a
// ring as big as the advertised window; tcp_recved opens the window only
// when a reader takes them (flow control). Sent bytes go through a bounce
// buffer filled with the lock released (a user copy may fault), then
// tcp_write while lwIP has room.
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"
#include "net/lwip/ack_batch.h"
#include "net/lwip/net_lock.h"
#include "net/socket/inet_stream_internal.h"
#include "net/socket/inet_stream_socket.h"

namespace net {

using namespace stream;

// --- Receiving ----------------------------------------------------------------

err_t InetStreamSocket::on_recv(void* arg, struct tcp_pcb* pcb, struct pbuf* p, err_t) {
  auto* s = static_cast<InetStreamSocket*>(arg);
  if (!s) {  // nobody reads any more: take the data and drop it
    if (p) {
      tcp_recved(pcb, p->tot_len);
      pbuf_free(p);
    }
    return ERR_OK;
  }
  if (!p) {  // the peer's FIN: end of file once the ring is empty
    s->peer_closed_ = true;
    s->changed();
    return ERR_OK;
  }
  if (s->shut_read_) {  // shutdown(SHUT_RD): later data is discarded
    tcp_recved(pcb, p->tot_len);
    pbuf_free(p);
    return ERR_OK;
  }
  // No room: lwIP keeps the pbuf and offers it again later (refused data).
  if (p->tot_len > kRingSize - s->rx_count_) return ERR_MEM;
  size_t tail = (s->rx_head_ + s->rx_count_) % kRingSize;
  size_t first = min_size(p->tot_len, kRingSize - tail);
  pbuf_copy_partial(p, s->rx_ring_ + tail, u16_t(first), 0);
  if (first < p->tot_len) pbuf_copy_partial(p, s->rx_ring_, u16_t(p->tot_len - first), u16_t(first));
  s->rx_count_ += p->tot_len;
  hold_ack(pcb, p->tot_len);  // one ACK for the burst (net/lwip/ack_batch.h)
  pbuf_free(p);
  s->changed();
  return ERR_OK;
}

KResult<size_t> InetStreamSocket::receive(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                          int* message_flags) {
  if (from) from->length = 0;  // a stream socket names no sender (recvfrom(2))
  *message_flags = 0;          // a byte stream has no records to truncate or end
  if (flags & abi::kMsgOob) return KError{EINVAL};  // no urgent data is ever kept
  if (n == 0) return size_t(0);
  bool nonblocking = is_nonblocking() || (flags & abi::kMsgDontWait);
  bool peek = flags & abi::kMsgPeek;
  bool wait_all = (flags & abi::kMsgWaitAll) && !peek;
  auto* bounce = static_cast<uint8_t*>(kmalloc(kBounceSize));
  if (!bounce) return KError{ENOMEM};
  uint64_t deadline = receive_deadline();
  size_t total = 0;
  int error = 0;
  while (total < n) {
    size_t got = 0;
    {
      Lock lock;
      // recv(2): "ENOTCONN The socket is associated with a connection-
      // oriented protocol and has not been connected".
      if (state_ == State::Listening || (state_ == State::Idle && !failed_)) {
        error = ENOTCONN;
        break;
      }
      while (rx_count_ == 0 && !peer_closed_ && !shut_read_ && !reset_ && state_ != State::Idle) {
        if (nonblocking) break;  // MSG_WAITALL still returns what it has
        int e = sleep(deadline);
        if (e) {
          error = e == ETIMEDOUT ? EAGAIN : e;  // socket(7) SO_RCVTIMEO: EAGAIN
          break;
        }
      }
      if (error) break;
      if (rx_count_ == 0) {
        if (peer_closed_ || shut_read_) break;  // end of file: 0, or what we have
        if (reset_ || state_ == State::Idle) {
          if (total == 0) error = take_error();  // ECONNRESET once, then end of file
          break;
        }
        if (total == 0) error = EAGAIN;
        break;
      }
      got = min_size(min_size(n - total, kBounceSize), rx_count_);
      size_t first = min_size(got, kRingSize - rx_head_);
      __builtin_memcpy(bounce, rx_ring_ + rx_head_, first);
      __builtin_memcpy(bounce + first, rx_ring_, got - first);
      if (!peek) {
        rx_head_ = (rx_head_ + got) % kRingSize;
        rx_count_ -= got;
        // The bytes left the socket: open the window by as much.
        for (size_t left = got; pcb_ && left;) {
          u16_t piece = u16_t(min_size(left, 0xffff));
          tcp_recved(pcb_, piece);
          left -= piece;
        }
      }
    }
    if (buffer.write_from(total, bounce, got).is_error()) {
      error = EFAULT;
      break;
    }
    total += got;
    if (!wait_all) break;
  }
  kfree(bounce);
  if (total > 0) return total;
  if (error) return KError{error};
  return size_t(0);
}

// --- Sending ----------------------------------------------------------------------

err_t InetStreamSocket::on_sent(void* arg, struct tcp_pcb*, u16_t) {
  auto* s = static_cast<InetStreamSocket*>(arg);
  if (s) s->changed();  // room in the send buffer again
  return ERR_OK;
}

// A destination given with sendto(2) is ignored, as Linux's TCP does.
KResult<size_t> InetStreamSocket::send(const IoBuffer& buffer, size_t n, int flags, const SocketAddress*) {
  if (flags & abi::kMsgOob) return KError{EOPNOTSUPP};  // lwIP sends no urgent data
  bool nonblocking = is_nonblocking() || (flags & abi::kMsgDontWait);
  if (n == 0) return size_t(0);
  auto* bounce = static_cast<uint8_t*>(kmalloc(kBounceSize));
  if (!bounce) return KError{ENOMEM};
  uint64_t deadline = send_deadline();
  size_t sent = 0;
  int error = 0;
  while (sent < n && !error) {
    size_t chunk = min_size(n - sent, kBounceSize);
    // Copy in first, with the lock released (a user copy may fault).
    if (buffer.read_into(bounce, sent, chunk).is_error()) {
      error = EFAULT;
      break;
    }
    size_t queued = 0;
    Lock lock;
    while (queued < chunk) {
      if (so_error_ && (reset_ || state_ == State::Idle)) {
        error = take_error();  // ECONNRESET (or a failed connect's error) first
        break;
      }
      // send(2): "EPIPE The local end has been shut down on a connection
      // oriented socket." Linux says EPIPE for a socket never connected too.
      if (state_ == State::Idle || state_ == State::Listening || reset_ || shut_write_ || !pcb_) {
        error = EPIPE;
        break;
      }
      bool room = state_ == State::Connected && tcp_sndbuf(pcb_) > 0 && tcp_sndqueuelen(pcb_) < TCP_SND_QUEUELEN;
      err_t err = ERR_MEM;
      if (room) {
        size_t k = min_size(min_size(chunk - queued, tcp_sndbuf(pcb_)), 0xffff);
        u8_t write_flags = TCP_WRITE_FLAG_COPY;
        if (sent + queued + k < n) write_flags |= TCP_WRITE_FLAG_MORE;  // no PSH on every piece
        err = tcp_write(pcb_, bounce + queued, u16_t(k), write_flags);
        if (err == ERR_OK) {
          queued += k;
          continue;
        }
        if (err != ERR_MEM) {
          error = EPIPE;
          break;
        }
      }
      // Full (or out of segments): wait for on_sent, or give up at once.
      if (pcb_) tcp_output(pcb_);
      if (nonblocking) {
        error = EAGAIN;
        break;
      }
      int e = sleep(deadline);
      if (e) {
        error = e == ETIMEDOUT ? EAGAIN : e;
        break;
      }
    }
    if (pcb_ && state_ == State::Connected) tcp_output(pcb_);
    sent += queued;
  }
  kfree(bounce);
  // write(2): a partial transfer counts, whatever stopped it.
  if (sent > 0) return sent;
  if (error == EPIPE && !(flags & abi::kMsgNoSignal)) signal::send(proc::current(), SIGPIPE);
  return KError{error};
}

}  // namespace net
