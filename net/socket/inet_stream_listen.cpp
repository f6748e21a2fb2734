// listen(2) and accept(2) on a TCP socket (inet_stream_socket.h): the
// listener's pcb, the connections lwIP accepts for it (each a socket at
// once, queued until accept(2) takes it), and the backlog.
#include "lwip/priv/tcp_priv.h"
#include "net/lwip/net_lock.h"
#include "net/socket/inet_stream_internal.h"
#include "net/socket/inet_stream_socket.h"

namespace net {

using namespace stream;

// The listener pcb closes (at once; it cannot fail) and the socket is Idle,
// still bound. Returns the connections nobody accepted, for
// drop_accept_queue once the lock is released. Lock held.
InetStreamSocket* InetStreamSocket::stop_listening() {
  tcp_arg(pcb_, nullptr);
  tcp_accept(pcb_, nullptr);
  tcp_close(pcb_);
  pcb_ = nullptr;
  state_ = State::Idle;
  InetStreamSocket* queued = accept_head_;
  accept_head_ = accept_tail_ = nullptr;
  return queued;
}

// The connections nobody accepted go with the listener (their pcbs are
// reset or closed by their own destructors, which take the lock).
void InetStreamSocket::drop_accept_queue(InetStreamSocket* queued) {
  while (queued) {
    InetStreamSocket* next = queued->next_in_queue_;
    queued->listener_ = nullptr;
    queued->unref();
    queued = next;
  }
}

// --- listen(2) and accept(2) --------------------------------------------------

KStatus InetStreamSocket::listen(int backlog) {
  Lock lock;
  if (state_ == State::Listening) return ok();
  // listen(2) on a connected socket: Linux answers EINVAL.
  if (state_ != State::Idle) return KError{EINVAL};
  if (!bound_) TRY(bind_ephemeral(nullptr));  // Linux binds a listener to an ephemeral port too
  // The pcb's type: an AF_INET6 socket on the wildcard without
  // IPV6_V6ONLY takes IPv4 connections too (dual stack).
  u8_t type;
  if (domain_ == kAfInet) type = IPADDR_TYPE_V4;
  else if (bound_any_) type = v6only_ ? IPADDR_TYPE_V6 : IPADDR_TYPE_ANY;
  else type = u8_t(IP_GET_TYPE(&bound_address_));
  struct tcp_pcb* pcb = tcp_new_ip_type(type);
  if (!pcb) return KError{ENOBUFS};
  const ip_addr_t* local = bound_any_ ? any_of_type(type) : &bound_address_;
  if (bind_pcb(pcb, local, bound_port_, reuse_address_) != ERR_OK) {
    tcp_close(pcb);
    return KError{EADDRINUSE};  // listen(2): "Another socket is already listening on the same port"
  }
  // listen(2): backlog is the queue of completed connections; Linux lets
  // backlog + 1 wait. lwIP counts them (tcp_backlog_delayed/accepted) and
  // refuses SYNs past the limit, which fits in a u8.
  if (backlog < 0) backlog = 254;
  int limit = backlog + 1 > 255 ? 255 : backlog + 1;
  struct tcp_pcb* listener = tcp_listen_with_backlog(pcb, u8_t(limit));
  if (!listener) {
    tcp_close(pcb);
    return KError{ENOBUFS};
  }
  pcb_ = listener;
  tcp_arg(listener, this);
  tcp_accept(listener, on_accept);
  state_ = State::Listening;
  changed();
  return ok();
}

// A connection completed its handshake on our port (lock held).
err_t InetStreamSocket::on_accept(void* arg, struct tcp_pcb* pcb, err_t err) {
  auto* listener = static_cast<InetStreamSocket*>(arg);
  if (err != ERR_OK || !pcb) return ERR_OK;  // lwIP ran out of memory; keep listening
  if (!listener) {
    tcp_abort(pcb);
    return ERR_ABRT;
  }
  auto* child = new InetStreamSocket(listener, pcb);
  if (!child || !child->rx_ring_ || !child->inode()) {
    if (child) {
      child->pcb_ = nullptr;
      child->unref();
    }
    tcp_abort(pcb);
    return ERR_ABRT;
  }
  // It counts against the backlog until accept(2) takes it.
  tcp_backlog_delayed(pcb);
  child->listener_ = listener;
  if (listener->accept_tail_) listener->accept_tail_->next_in_queue_ = child;
  else listener->accept_head_ = child;
  listener->accept_tail_ = child;
  listener->changed();  // POLLIN on the listener
  return ERR_OK;
}

KResult<Socket*> InetStreamSocket::accept(int flags) {
  Lock lock;
  // accept(2): "EINVAL Socket is not listening for connections".
  if (state_ != State::Listening) return KError{EINVAL};
  uint64_t deadline = receive_deadline();
  while (!accept_head_) {
    if (is_nonblocking()) return KError{EAGAIN};  // "EAGAIN ... no connections are present"
    int e = sleep(deadline);
    if (e == EINTR) return KError{EINTR};
    if (e == ETIMEDOUT) return KError{EAGAIN};
  }
  InetStreamSocket* child = accept_head_;
  accept_head_ = child->next_in_queue_;
  if (!accept_head_) accept_tail_ = nullptr;
  child->next_in_queue_ = nullptr;
  child->listener_ = nullptr;
  if (child->pcb_) tcp_backlog_accepted(child->pcb_);
  if (flags & abi::kSockNonBlock) child->set_status_flags(child->status_flags() | fs::kOpenNonBlock);
  return static_cast<Socket*>(child);  // the queue's reference becomes the caller's
}

}  // namespace net
