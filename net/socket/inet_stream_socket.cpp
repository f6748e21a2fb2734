// TCP sockets over lwIP's raw API (inet_stream_socket.h). The manual pages
// behind each choice: tcp(7), socket(7), connect(2), accept(2), listen(2),
// bind(2), send(2), recv(2), shutdown(2), and shared/spec/conditions.md for
// connect's errors (named as conditions, never written here as errnos).
//
// The network lock (net/lwip/net_lock.h) is held around every lwIP call and
// around every look at the socket's state, which lwIP's callbacks change.
// User memory is copied only with the lock released: writes go through a
// kernel bounce buffer, reads through another.
#include "net/socket/inet_stream_socket.h"

#include "kernel/lib/new.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"
#include "kernel/sysctl/sysctl.h"
#include "kernel/time.h"
#include "lwip/netif.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/sys.h"
#include "net/interfaces.h"
#include "net/lwip/net_lock.h"
#include "net/socket/port_allocator.h"

namespace net {
namespace {

// The receive ring: as big as the window lwIP advertises (lwipopts.h
// TCP_WND), so everything the peer may send fits.
constexpr size_t kRingSize = TCP_WND;
// The most one read or write moves through its bounce buffer at a time.
constexpr size_t kBounceSize = 16384;
constexpr u8_t kPollInterval = 2;  // tcp_poll counts TCP's 500 ms timer: once a second

// How long a connection attempt may take, in ms (FreeBSD's tcp(4):
// "keepinit: Timeout, in milliseconds, for new, non-established TCP
// connections. The default is 75000 msec.").
sysctl::IntSetting keepinit_ms{"net.inet.tcp.keepinit", nullptr,
                               "TCP connection-establishment timeout in milliseconds (FreeBSD tcp(4))", 75000, 1,
                               86400000};

// The local TCP ports in use (port_allocator.h). Used under the lock.
EphemeralPortAllocator tcp_ports;
bool tcp_ports_seeded = false;

EphemeralPortAllocator& ports() {
  if (!tcp_ports_seeded) {
    tcp_ports.reseed(time::monotonic_ns() * 0x9e3779b97f4a7c15ull + time::realtime_ns());
    tcp_ports_seeded = true;
  }
  return tcp_ports;
}

size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

// "Every local address" of the pcb's type.
const ip_addr_t* any_of_type(u8_t type) {
  if (type == IPADDR_TYPE_V4) return IP4_ADDR_ANY;
  if (type == IPADDR_TYPE_V6) return IP6_ADDR_ANY;
  return IP_ANY_TYPE;
}

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

// Whether an address belongs to this machine (bind(2): "EADDRNOTAVAIL A
// nonexistent interface was requested or the requested address was not
// local").
bool is_local_address(const ip_addr_t& address) {
  bool v4 = IP_IS_V4_VAL(address);
  if (v4 && ip4_addr_isloopback(ip_2_ip4(&address))) return true;  // all of 127/8 (ip(7))
  struct netif* netif;
  NETIF_FOREACH(netif) {
    if (v4) {
      if (ip4_addr_cmp(netif_ip4_addr(netif), ip_2_ip4(&address))) return true;
    } else if (netif_get_ip6_addr_match(netif, ip_2_ip6(&address)) >= 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

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
// not still using (a connection in TIME_WAIT keeps its port).
KStatus InetStreamSocket::bind_ephemeral(const ip_addr_t* address) {
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
    if (!port_busy_in_lwip(a.port, false)) {
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
  InetEndpoint endpoint;
  // ipv6(7): a v4-mapped address on an IPV6_V6ONLY socket is refused.
  if (!decode_inet(address, uint16_t(domain_), v6only_, &endpoint)) return KError{EINVAL};
  // ip(7): "Only a privileged process ... may bind to a port number less
  // than 1024" (EACCES).
  if (endpoint.port != 0 && endpoint.port < 1024 && proc::current()->cred.euid != 0) return KError{EACCES};
  // Linux's inet6_bind: "Binding to link-local address requires an interface".
  if (link_scope(endpoint) == LinkScope::Missing) return KError{EINVAL};
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

// --- connect(2) -----------------------------------------------------------------

KStatus InetStreamSocket::protocol_connect(const SocketAddress& address) {
  InetEndpoint peer;
  bool decoded = decode_inet(address, uint16_t(domain_), v6only_, &peer);
  Lock lock;
  switch (state_) {
    case State::Listening: return error_of(Condition::SocketIsListening);  // B3
    case State::Connected:
      if (completion_unreported_) {  // B2: the first connect after an asynchronous success
        completion_unreported_ = false;
        int e = errno_of(Condition::ConnectAfterAsyncSuccess);
        if (e) return KError{e};
        return ok();
      }
      return error_of(Condition::AlreadyConnected);  // B1
    case State::Connecting:
      // C2/C4: a second connect while one is under way. A blocking one on
      // Linux waits for the first attempt to finish (its __inet_stream_connect).
      if (is_nonblocking() || system_ != personality::System::Linux)
        return error_of(Condition::AlreadyInProgress);
      break;
    case State::Idle: {
      if (failure_unreported_) {
        // N16, as real Linux (__inet_stream_connect's sock_error): the
        // first connect after an attempt failed in the background reports
        // that failure, SO_ERROR's errno if nobody read it, else
        // ECONNABORTED, and leaves the socket unconnected; the next call
        // starts a new attempt. The pages leave this state unspecified, so
        // every personality behaves as Linux.
        failure_unreported_ = false;
        int e = take_error();
        return KError{e ? e : ECONNABORTED};
      }
      // v4-mapped on an IPV6_V6ONLY socket: Linux answers ENETUNREACH.
      if (!decoded) return error_of(Condition::NetworkUnreachable);
      // A link-local peer needs its link (ipv6(7) sin6_scope_id), as in
      // Linux's tcp_v6_connect: the scope id, or else the link of the
      // link-local address the socket is bound to; the two must agree.
      if (bound_ && !bound_any_ && IP_IS_V6_VAL(bound_address_) && IP_IS_V6_VAL(peer.address) &&
          ip6_addr_has_zone(ip_2_ip6(&bound_address_)) && ip6_addr_has_scope(ip_2_ip6(&peer.address), IP6_UNKNOWN)) {
        u8_t zone = ip6_addr_zone(ip_2_ip6(&bound_address_));
        if (peer.scope_id == 0) ip6_addr_set_zone(ip_2_ip6(&peer.address), zone);
        else if (peer.scope_id != zone) return KError{EINVAL};
      }
      LinkScope scope = link_scope(peer);
      if (scope == LinkScope::Missing) return KError{EINVAL};  // "requires an interface"
      if (scope == LinkScope::NoSuchLink) return error_of(Condition::NetworkUnreachable);  // B6
      if (peer.port == 0) return error_of(Condition::DestinationPortZero);  // B12
      // A wildcard peer means this machine (Linux connects to loopback).
      if (peer.any) {
        if (IP_IS_V4(&peer.address)) ip_addr_set_loopback(0, &peer.address);
        else ip_addr_set_loopback(1, &peer.address);
      }
      u8_t type = u8_t(IP_GET_TYPE(&peer.address));
      so_error_ = 0;
      peer_closed_ = reset_ = shut_read_ = shut_write_ = false;
      completion_unreported_ = false;
      if (!allocate_ring()) return error_of(Condition::NoBuffers);
      struct tcp_pcb* pcb = protocol_block_fail_point() ? nullptr : tcp_new_ip_type(type);
      if (!pcb) return error_of(Condition::NoBuffers);  // B13
      bool automatic = !bound_;
      if (automatic) {
        KStatus s = bind_ephemeral(nullptr);  // N7
        if (s.is_error()) {
          tcp_close(pcb);
          return s;
        }
        bound_any_ = true;
      }
      // N8: a bound socket keeps its address. The pcb binds to it (or to
      // "any" of the peer's type for the wildcard).
      const ip_addr_t* local = bound_any_ ? any_of_type(type) : &bound_address_;
      err_t err = ERR_OK;
      if (!bound_any_ && IP_GET_TYPE(local) != type) err = ERR_RTE;  // an IPv6 name cannot reach an IPv4 peer
      if (err == ERR_OK) err = bind_pcb(pcb, local, bound_port_, reuse_address_);
      if (err == ERR_OK) {
        attach(pcb);
        err = tcp_connect(pcb, &peer.address, peer.port, on_connected);  // the SYN
      }
      if (err != ERR_OK) {
        if (pcb_ == pcb) detach();
        pcb_ = nullptr;
        tcp_close(pcb);  // never connected: lwIP frees it at once
        if (automatic) {
          release_port();
          bound_ = false;
          bound_port_ = 0;
        }
        if (err == ERR_RTE) {  // synchronous, even when non-blocking
          bool down = destination_behind_down_interface(&peer.address);
          return error_of(down ? Condition::InterfaceDown : Condition::NetworkUnreachable);  // B8, B6
        }
        if (err == ERR_USE) return error_of(Condition::ConnectionTupleInUse);  // B11
        if (err == ERR_MEM || err == ERR_BUF) return error_of(Condition::NoBuffers);
        return KError{EINVAL};
      }
      auto_bound_ = automatic;
      state_ = State::Connecting;
      connect_deadline_ms_ = sys_now() + uint64_t(keepinit_ms.get());
      if (is_nonblocking()) return error_of(Condition::InProgress);  // C1, even on loopback
      break;
    }
  }
  // Blocking: wait for on_connected or on_error (or on_poll's deadline).
  // A signal ends the wait, not the attempt (C3/N11). SO_SNDTIMEO bounds
  // the wait as on Linux, which then answers EINPROGRESS.
  uint64_t deadline = send_deadline();
  while (state_ == State::Connecting) {
    int e = sleep(deadline);
    if (e == EINTR) return error_of(Condition::Interrupted);
    if (e == ETIMEDOUT) return error_of(Condition::InProgress);
  }
  if (state_ == State::Connected) {
    completion_unreported_ = false;  // we are reporting it
    return ok();
  }
  failure_unreported_ = false;  // reported now
  int e = take_error();         // the failure's errno, set by connection_failed
  return KError{e ? e : ECONNABORTED};
}

// connect(2) with AF_UNSPEC. Linux (connect(2): "may dissolve the
// association"; for TCP its tcp_disconnect) takes the socket back to a
// new, unconnected one that keeps its port, whatever state it was in: a
// listener stops listening; a pending connect is abandoned with SO_ERROR
// ECONNRESET; a connection is reset (RST) and its unread data dropped,
// SO_ERROR ECONNRESET; an idle socket is left alone. It returns 0, and
// the socket may connect again. The BSD and illumos pages let a stream
// socket connect only once and give AF_UNSPEC no meaning: EAFNOSUPPORT
// (the condition table's StreamConnectUnspec row).
bool InetStreamSocket::protocol_disconnect(KStatus* result) {
  int e = errno_of(Condition::StreamConnectUnspec);
  if (e) {
    *result = KError{e};
    return true;
  }
  InetStreamSocket* queued = nullptr;
  {
    Lock lock;
    switch (state_) {
      case State::Idle: break;
      case State::Listening: queued = stop_listening(); break;
      case State::Connecting:
      case State::Connected:
        if (pcb_) {
          detach();  // no on_error for an abort we ask for
          tcp_abort(pcb_);
        }
        pcb_ = nullptr;
        so_error_ = ECONNRESET;
        break;
    }
    state_ = State::Idle;
    auto_bound_ = false;  // the port stays the socket's, as on Linux
    completion_unreported_ = false;
    failed_ = failure_unreported_ = false;
    peer_closed_ = reset_ = shut_read_ = shut_write_ = false;
    rx_head_ = rx_count_ = 0;
    changed();
  }
  drop_accept_queue(queued);
  *result = ok();
  return true;
}

// The attempt failed (lwIP already freed the pcb, or we aborted it): the
// socket is Idle again, with the errno in SO_ERROR for whoever asks (N10).
void InetStreamSocket::connection_failed(Condition condition) {
  state_ = State::Idle;
  pcb_ = nullptr;
  so_error_ = errno_in_callback(condition);
  failed_ = true;
  failure_unreported_ = true;  // until a connect call reports it
  if (auto_bound_) {  // Linux lets an automatic port go with the attempt
    release_port();
    bound_ = false;
    bound_port_ = 0;
    auto_bound_ = false;
  }
}

err_t InetStreamSocket::on_connected(void* arg, struct tcp_pcb*, err_t) {
  auto* s = static_cast<InetStreamSocket*>(arg);
  if (!s) return ERR_OK;
  s->state_ = State::Connected;
  s->completion_unreported_ = true;  // until a blocking connect reports it (B2)
  s->failed_ = false;
  s->changed();  // N9: writable now
  return ERR_OK;
}

// The pcb is gone; lwIP freed it (tcp_err(3) in lwIP's tcp.c).
void InetStreamSocket::on_error(void* arg, err_t err) {
  auto* s = static_cast<InetStreamSocket*>(arg);
  if (!s) return;
  if (s->state_ == State::Connecting) {
    // lwIP's err_t names what happened; the condition names the errno.
    Condition c = Condition::TimedOut;     // ERR_ABRT: SYN retries or keepinit ran out (B5)
    if (err == ERR_RST) c = Condition::Refused;               // a RST answered the SYN (B4)
    else if (err == ERR_RTE) c = Condition::NetworkUnreachable;  // B6
    else if (err == ERR_MEM || err == ERR_BUF) c = Condition::NoBuffers;
    s->connection_failed(c);
  } else {
    // An established connection reset (ECONNRESET, tcp(7)) or given up
    // after retransmissions (ETIMEDOUT).
    s->pcb_ = nullptr;
    s->reset_ = true;
    s->failed_ = true;
    s->so_error_ = err == ERR_RST ? ECONNRESET : err == ERR_ABRT ? ETIMEDOUT : ECONNABORTED;
  }
  s->changed();
}

// An ICMP error quoting our SYN (icmp_errors.cpp; lock held). Linux's
// tcp_v4_err/tcp_v6_err find the socket by the quoted addresses and ports,
// accept only a sequence number it has sent (between snd_una and snd_nxt:
// a forged error must guess it; RFC 5927 4.1), and in SYN_SENT end the
// attempt with tcp_done, which sends nothing to the peer. lwIP's
// tcp_abandon(pcb, 0) is that; the socket is detached first, so on_error
// does not take the abort for a timeout.
void InetStreamSocket::icmp_connect_error(const ip_addr_t& local, uint16_t local_port, const ip_addr_t& peer,
                                          uint16_t peer_port, uint32_t sequence, Condition condition) {
  for (struct tcp_pcb* pcb = tcp_active_pcbs; pcb; pcb = pcb->next) {
    if (pcb->errf != on_error || pcb->local_port != local_port || pcb->remote_port != peer_port) continue;
    if (!ip_addr_cmp(&pcb->remote_ip, &peer) || !ip_addr_cmp(&pcb->local_ip, &local)) continue;
    auto* s = static_cast<InetStreamSocket*>(pcb->callback_arg);
    // Only SYN_SENT is in scope: an established connection keeps going.
    if (pcb->state != SYN_SENT || !s || s->state_ != State::Connecting || s->pcb_ != pcb) return;
    if (!TCP_SEQ_BETWEEN(sequence, pcb->lastack, pcb->snd_nxt)) return;
    s->detach();
    tcp_abandon(pcb, 0);
    s->connection_failed(condition);
    s->changed();
    return;
  }
}

err_t InetStreamSocket::on_poll(void* arg, struct tcp_pcb* pcb) {
  auto* s = static_cast<InetStreamSocket*>(arg);
  if (!s) return ERR_OK;
  if (s->state_ == State::Connecting && sys_now() >= s->connect_deadline_ms_) {
    tcp_abort(pcb);  // calls on_error(ERR_ABRT): TimedOut
    return ERR_ABRT;
  }
  s->changed();  // a writer that met ERR_MEM tries again
  return ERR_OK;
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
  if (!child || !child->rx_ring_) {
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
