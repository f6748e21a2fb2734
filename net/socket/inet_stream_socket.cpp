// TCP sockets over lwIP's raw API (inet_stream_socket.h). The manual pages
// behind each choice: tcp(7), socket(7), connect(2), accept(2), listen(2),
// bind(2), send(2), recv(2), shutdown(2), and shared/spec/conditions.md for
// connect's errors (named as conditions, never written here as errnos).
//
// The network lock (net/lwip/net_lock.h) is held around every lwIP call and
// around every look at the socket's state, which lwIP's callbacks change.
// User memory is copied only with the lock released: writes go through a
// kernel bounce buffer, reads through another.
//
// This file: creation and close(2), bind(2), shutdown(2), the names, poll
// and the options. connect(2) is in inet_stream_connect.cpp, listen(2) and
// accept(2) in inet_stream_listen.cpp, send and receive in
// inet_stream_transfer.cpp.
#include "net/socket/inet_stream_socket.h"

#include "kernel/lib/new.h"
#include "kernel/mm/heap.h"
#include "kernel/time.h"
#include "lwip/netif.h"
#include "lwip/priv/tcp_priv.h"
#include "net/interfaces.h"
#include "net/lwip/net_lock.h"
#include "net/socket/inet_stream_internal.h"

namespace net {
namespace {

// Whether some lwIP pcb has this local port. With SO_REUSEADDR only a
// listener or another bound socket counts: socket(7) SO_REUSEADDR lets a
// bind reuse a local address "unless there is an active listening socket
// bound to the address", so connections on the port (an old server's, in
// TIME_WAIT or still closing) do not stand in the way.
bool port_busy_in_lwip(u16_t port, bool reuse) {
  int lists = reuse ? 2 : NUM_TCP_PCB_LISTS;  // tcp_pcb_lists: listen, bound, active, TIME_WAIT
  for (int i = 0; i < lists; i++)
    for (struct tcp_pcb* p = *tcp_pcb_lists[i]; p; p = p->next)
      if (p->local_port == port) return true;
  return false;
}

}  // namespace

namespace stream {

// The local TCP ports in use (port_allocator.h). Used under the lock.
namespace {
EphemeralPortAllocator tcp_ports;
bool tcp_ports_seeded = false;
}  // namespace

EphemeralPortAllocator& ports() {
  if (!tcp_ports_seeded) {
    tcp_ports.reseed(time::monotonic_ns() * 0x9e3779b97f4a7c15ull + time::realtime_ns());
    tcp_ports_seeded = true;
  }
  return tcp_ports;
}

// tcp_bind, and SO_REUSEADDR. lwIP is built without SO_REUSE (lwipopts.h),
// so its tcp_bind refuses a port any connection still uses. With
// SO_REUSEADDR and no listener or bound socket on the port, we register
// the pcb as tcp_bind itself does (lwIP's tcp.c: set the local address and
// port, TCP_REG on tcp_bound_pcbs), which is what lwIP's SO_REUSE build
// allows. Incoming segments still find the old connections first: lwIP
// matches the full address pair before it looks at listeners.
err_t bind_pcb(struct tcp_pcb* pcb, const ip_addr_t* address, u16_t port, bool reuse) {
  err_t err = tcp_bind(pcb, address, port);
  if (err != ERR_USE || !reuse || port_busy_in_lwip(port, true)) return err;
  ip_addr_set(&pcb->local_ip, address);
  pcb->local_port = port;
  TCP_REG(&tcp_bound_pcbs, pcb);
  return ERR_OK;
}

}  // namespace stream


using namespace stream;

// --- Creation and close(2) ------------------------------------------------------

InetStreamSocket::InetStreamSocket(int domain, int status_flags)
    : Socket(domain, abi::kSockStream, abi::kIpProtoTcp, status_flags) {
  send_buffer_ = TCP_SND_BUF;
  receive_buffer_ = TCP_WND;
}

// A connection from the listener's queue (on_accept, lock held). It
// inherits the listener's options, as accept(2) on Linux does.
InetStreamSocket::InetStreamSocket(InetStreamSocket* listener, struct tcp_pcb* pcb)
    : Socket(listener->domain_, abi::kSockStream, abi::kIpProtoTcp, 0) {
  system_ = listener->system_;
  send_buffer_ = listener->send_buffer_;
  receive_buffer_ = listener->receive_buffer_;
  keep_alive_ = listener->keep_alive_;
  no_delay_ = listener->no_delay_;
  receive_timeout_ns_ = listener->receive_timeout_ns_;
  send_timeout_ns_ = listener->send_timeout_ns_;
  v6only_ = listener->v6only_;
  state_ = State::Connected;
  bound_ = true;
  bound_port_ = pcb->local_port;
  bound_any_ = false;
  ip_addr_copy(bound_address_, pcb->local_ip);
  if (allocate_ring()) attach(pcb);
}

InetStreamSocket::~InetStreamSocket() {
  InetStreamSocket* queued = nullptr;
  {
    Lock lock;
    if (state_ == State::Listening && pcb_) {
      queued = stop_listening();
    } else if (pcb_) {
      detach();
      // close(2) with SO_LINGER on and a zero time resets the connection
      // (socket(7)); so does a close that lwIP cannot queue a FIN for.
      // tcp_close itself resets when unread data is left (as Linux does).
      if ((linger_on_ && linger_seconds_ == 0) || tcp_close(pcb_) != ERR_OK) tcp_abort(pcb_);
    }
    pcb_ = nullptr;
    release_port();
  }
  drop_accept_queue(queued);
  kfree(rx_ring_);
}

size_t InetStreamSocket::ports_in_use() { return ports().in_use_count(); }

void InetStreamSocket::count_unowned_connections(size_t* orphans, size_t* time_wait) {
  *orphans = *time_wait = 0;
  // A pcb whose socket was closed has no callback argument (detach()).
  for (struct tcp_pcb* pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
    if (!pcb->callback_arg) ++*orphans;
  for (struct tcp_pcb* pcb = tcp_tw_pcbs; pcb; pcb = pcb->next) ++*time_wait;
}

bool InetStreamSocket::allocate_ring() {
  if (!rx_ring_) rx_ring_ = static_cast<uint8_t*>(kmalloc(kRingSize));
  rx_head_ = rx_count_ = 0;
  return rx_ring_ != nullptr;
}

void InetStreamSocket::attach(struct tcp_pcb* pcb) {
  pcb_ = pcb;
  tcp_arg(pcb, this);
  tcp_recv(pcb, on_recv);
  tcp_sent(pcb, on_sent);
  tcp_err(pcb, on_error);
  tcp_poll(pcb, on_poll, kPollInterval);
  if (no_delay_) tcp_nagle_disable(pcb);
  if (keep_alive_) ip_set_option(pcb, SOF_KEEPALIVE);
}

void InetStreamSocket::detach() {
  tcp_arg(pcb_, nullptr);
  tcp_recv(pcb_, nullptr);
  tcp_sent(pcb_, nullptr);
  tcp_err(pcb_, nullptr);
  tcp_poll(pcb_, nullptr, 0);
}

void InetStreamSocket::release_port() {
  if (owns_port_) ports().release(bound_port_);
  owns_port_ = false;
}

// --- bind(2) ------------------------------------------------------------------

// Holds a port the caller named (or an ephemeral one) for this socket.
KStatus InetStreamSocket::bind_locked(const InetEndpoint& endpoint) {
  bool owned = ports().reserve(endpoint.port);
  // bind(2): "EADDRINUSE The given address is already in use." With
  // SO_REUSEADDR, another socket's port may be shared if lwIP agrees.
  if (!owned && !reuse_address_) return KError{EADDRINUSE};
  if (port_busy_in_lwip(endpoint.port, reuse_address_)) {
    if (owned) ports().release(endpoint.port);
    return KError{EADDRINUSE};
  }
  bound_ = true;
  bound_port_ = endpoint.port;
  bound_any_ = endpoint.any;
  ip_addr_copy(bound_address_, endpoint.address);
  owns_port_ = owned;
  return ok();
}

// The automatic bind of connect and listen (conditions.md N7), and bind to
// port 0: a port from the ephemeral range (port_allocator.h), one lwIP is
// not still using (a connection in TIME_WAIT keeps its port), and not
// `avoid` (connect's peer port when the peer is this machine; 0: none).
KStatus InetStreamSocket::bind_ephemeral(const ip_addr_t* address, uint16_t avoid) {
  uint16_t first, last;
  ephemeral_range(&first, &last);
  uint16_t tried[8];
  int tries = 0;
  KStatus result = ok();
  for (;;) {
    PortAllocation a = ports().allocate(first, last);
    if (!a.ok()) {
      result = error_of(Condition::EphemeralPortsExhaustedTcp);  // E1
      break;
    }
    if (a.port != avoid && !port_busy_in_lwip(a.port, false)) {
      bound_ = true;
      bound_port_ = a.port;
      owns_port_ = true;
      if (address) {
        ip_addr_copy(bound_address_, *address);
        bound_any_ = ip_addr_isany(address);
      }
      break;
    }
    if (tries == 8) {  // lwIP holds all we tried: count it as exhaustion
      ports().release(a.port);
      result = error_of(Condition::EphemeralPortsExhaustedTcp);
      break;
    }
    tried[tries++] = a.port;
  }
  for (int i = 0; i < tries; i++) ports().release(tried[i]);
  return result;
}

KStatus InetStreamSocket::protocol_bind(const SocketAddress& address) {
  InetEndpoint endpoint = TRY(decode_bind_address(address, uint16_t(domain_), v6only_));
  Lock lock;
  // bind(2): "EINVAL The socket is already bound to an address."
  if (bound_ || state_ != State::Idle) return KError{EINVAL};
  if (!endpoint.any && !is_local_address(endpoint.address)) return KError{EADDRNOTAVAIL};
  if (endpoint.port == 0) {
    TRY(bind_ephemeral(&endpoint.address));
    bound_any_ = endpoint.any;
    return ok();
  }
  return bind_locked(endpoint);
}

// --- shutdown(2), names, poll ---------------------------------------------------

KStatus InetStreamSocket::shutdown(int how) {
  if (how != abi::kShutRd && how != abi::kShutWr && how != abi::kShutRdWr) return KError{EINVAL};
  Lock lock;
  if (state_ == State::Listening) return ok();
  // shutdown(2): "ENOTCONN The specified socket is not connected."
  if (state_ != State::Connected) return KError{ENOTCONN};
  if (how != abi::kShutWr && !shut_read_) {
    shut_read_ = true;
    for (size_t left = rx_count_; pcb_ && left;) {  // discard what is unread
      u16_t piece = u16_t(min_size(left, 0xffff));
      tcp_recved(pcb_, piece);
      left -= piece;
    }
    rx_count_ = 0;
  }
  if (how != abi::kShutRd && !shut_write_) {
    shut_write_ = true;
    if (pcb_) tcp_shutdown(pcb_, 0, 1);  // our FIN, after what is queued
  }
  changed();
  return ok();
}

KStatus InetStreamSocket::local_address(SocketAddress* out) {
  Lock lock;
  if (pcb_ && state_ != State::Idle) encode_inet(&pcb_->local_ip, pcb_->local_port, uint16_t(domain_), out);
  else if (bound_) encode_inet(bound_any_ ? nullptr : &bound_address_, bound_port_, uint16_t(domain_), out);
  else encode_inet(nullptr, 0, uint16_t(domain_), out);
  return ok();
}

KStatus InetStreamSocket::peer_address(SocketAddress* out) {
  Lock lock;
  // getpeername(2): "ENOTCONN The socket is not connected."
  if (state_ != State::Connected || !pcb_) return KError{ENOTCONN};
  encode_inet(&pcb_->remote_ip, pcb_->remote_port, uint16_t(domain_), out);
  return ok();
}

// poll(2) bits, as Linux's tcp_poll computes them.
uint32_t InetStreamSocket::poll_events() {
  Lock lock;  // already held by the poll engine's scan; event ports may not hold it
  uint32_t events = 0;
  if (so_error_) events |= fs::kPollError;
  switch (state_) {
    case State::Listening:
      if (accept_head_) events |= fs::kPollIn | fs::kPollReadNormal;
      break;
    case State::Connecting:
      break;  // N9: not writable while the attempt is pending
    case State::Idle:
      // Never connected, or failed: Linux reports POLLOUT|POLLHUP, and a
      // failed connection is readable (end of file) too.
      events |= fs::kPollOut | fs::kPollWriteNormal | fs::kPollHangUp;
      if (failed_) events |= fs::kPollIn | fs::kPollReadNormal;
      break;
    case State::Connected:
      if (rx_count_ > 0 || peer_closed_ || shut_read_ || reset_) events |= fs::kPollIn | fs::kPollReadNormal;
      if (shut_write_ || reset_) events |= fs::kPollOut | fs::kPollWriteNormal;  // write fails at once
      else if (pcb_ && tcp_sndbuf(pcb_) > 0 && tcp_sndqueuelen(pcb_) < TCP_SND_QUEUELEN)
        events |= fs::kPollOut | fs::kPollWriteNormal;
      if (reset_ || (shut_write_ && (peer_closed_ || shut_read_))) events |= fs::kPollHangUp;
      break;
  }
  return events;
}

// --- Options of IPPROTO_TCP and IPPROTO_IPV6 --------------------------------

KStatus InetStreamSocket::protocol_set_option(int level, int name, const OptionValue& value) {
  if (level == abi::kIpProtoTcp && name == abi::kTcpNoDelay) {
    // tcp(7) TCP_NODELAY: "If set, disable the Nagle algorithm."
    if (value.length < sizeof(int)) return KError{EINVAL};
    int v;
    __builtin_memcpy(&v, value.bytes, sizeof v);
    Lock lock;
    no_delay_ = v != 0;
    if (pcb_ && state_ != State::Listening) {
      if (no_delay_) tcp_nagle_disable(pcb_);
      else tcp_nagle_enable(pcb_);
    }
    return ok();
  }
  if (level == abi::kIpProtoIpv6 && name == abi::kIpv6V6Only && domain_ == kAfInet6) {
    // ipv6(7) IPV6_V6ONLY; Linux refuses the change once the socket is bound.
    if (value.length < sizeof(int)) return KError{EINVAL};
    int v;
    __builtin_memcpy(&v, value.bytes, sizeof v);
    Lock lock;
    if (bound_ || state_ != State::Idle) return KError{EINVAL};
    v6only_ = v != 0;
    return ok();
  }
  return KError{ENOPROTOOPT};
}

KStatus InetStreamSocket::protocol_get_option(int level, int name, OptionValue* value) {
  int v;
  if (level == abi::kIpProtoTcp && name == abi::kTcpNoDelay) v = no_delay_ ? 1 : 0;
  else if (level == abi::kIpProtoIpv6 && name == abi::kIpv6V6Only && domain_ == kAfInet6) v = v6only_ ? 1 : 0;
  else return KError{ENOPROTOOPT};
  __builtin_memcpy(value->bytes, &v, sizeof v);
  if (value->length > sizeof v) value->length = sizeof v;
  return ok();
}

void InetStreamSocket::option_changed(int name) {
  if (name != abi::kSoKeepAlive) return;
  Lock lock;
  if (!pcb_ || state_ == State::Listening) return;
  if (keep_alive_) ip_set_option(pcb_, SOF_KEEPALIVE);
  else ip_reset_option(pcb_, SOF_KEEPALIVE);
}

}  // namespace net
