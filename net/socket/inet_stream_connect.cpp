// connect(2) on a TCP socket (inet_stream_socket.h): the attempt, its
// completion and every way it fails, each named as a condition of
// shared/spec/conditions.md (rows B, C, N), never as an errno. docs/connect.md
// follows one call through this file.
//
// The network lock (net/lwip/net_lock.h) is held around every lwIP call and
// every look at the socket's state; lwIP's callbacks (on_connected,
// on_error, on_poll) run in the net thread with it held.
#include "kernel/sysctl/sysctl.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/sys.h"
#include "net/interfaces.h"
#include "net/lwip/net_lock.h"
#include "net/neighbours.h"
#include "net/socket/inet_stream_internal.h"
#include "net/socket/inet_stream_socket.h"

namespace net {
namespace {

using namespace stream;

// How long a connection attempt may take, in ms (FreeBSD's tcp(4):
// "keepinit: Timeout, in milliseconds, for new, non-established TCP
// connections. The default is 75000 msec.").
sysctl::IntSetting keepinit_ms{"net.inet.tcp.keepinit", nullptr,
                               "TCP connection-establishment timeout in milliseconds (FreeBSD tcp(4))", 75000, 1,
                               86400000};

// How long the next hop of a connect may stay unresolved before the attempt
// ends with EHOSTUNREACH (B7), in ms: Linux's neighbour code asks
// net.ipv4.neigh.*.mcast_solicit (3) times, retrans_time_ms (1000) apart,
// then marks the entry failed (neigh_timer_handler: probes >=
// neigh_max_probes) and arp_error_report/ndisc_error_report send the queued
// SYN's sender an ICMP host unreachable, which tcp_v4_err/tcp_v6_err turn
// into EHOSTUNREACH in SYN_SENT. lwIP asks as often in that time: ND sends
// LWIP_ND6_MAX_MULTICAST_SOLICIT (3) solicitations a second apart
// (LWIP_ND6_RETRANS_TIMER) and frees the entry; ARP asks again every
// second (etharp_tmr) until ARP_MAXPENDING.
constexpr uint64_t kNeighbourGiveUpMs = 3 * 1000;

// Whether a connection from (local, local_port) to the peer exists
// already, established or in TIME_WAIT. lwIP, built without SO_REUSE,
// never asks: two SO_REUSEADDR sockets bound to one port could connect to
// the same peer and make two pcbs with the same four numbers (row B11).
// A wildcard local address matches any: the route to one peer gives one
// source address.
bool tuple_in_use(const ip_addr_t* local, u16_t local_port, const InetEndpoint& peer) {
  struct tcp_pcb* lists[] = {tcp_active_pcbs, tcp_tw_pcbs};
  for (struct tcp_pcb* list : lists) {
    for (struct tcp_pcb* p = list; p; p = p->next) {
      if (p->local_port != local_port || p->remote_port != peer.port) continue;
      if (!ip_addr_cmp(&p->remote_ip, &peer.address)) continue;
      if (ip_addr_isany(local) || ip_addr_cmp(&p->local_ip, local)) return true;
    }
  }
  return false;
}

}  // namespace

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
        // A local peer's own port is no choice: the connection would be to
        // itself, a simultaneous open lwIP does not do (its SYN would go
        // unanswered until ETIMEDOUT). Linux can connect a socket to itself;
        // Tether only avoids doing so by accident.
        uint16_t avoid = is_local_address(peer.address) ? peer.port : 0;
        KStatus s = bind_ephemeral(nullptr, avoid);  // N7
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
      if (err == ERR_OK && tuple_in_use(local, bound_port_, peer)) err = ERR_USE;  // B11
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
      connect_started_ms_ = sys_now();
      connect_deadline_ms_ = connect_started_ms_ + uint64_t(keepinit_ms.get());
      next_hop_resolved_ = false;
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

// Ends an attempt in SYN_SENT the way Linux's tcp_done does, without a
// word to the peer: lwIP's tcp_abandon(pcb, 0). The socket is detached
// first, so on_error does not take the abort for a timeout. Lock held.
void InetStreamSocket::end_attempt(struct tcp_pcb* pcb, Condition condition) {
  detach();
  tcp_abandon(pcb, 0);
  connection_failed(condition);
  changed();
}

// An ICMP error quoting our SYN (icmp_errors.cpp; lock held). Linux's
// tcp_v4_err/tcp_v6_err find the socket by the quoted addresses and ports,
// accept only a sequence number it has sent (between snd_una and snd_nxt:
// a forged error must guess it; RFC 5927 4.1), and in SYN_SENT end the
// attempt with tcp_done.
void InetStreamSocket::icmp_connect_error(const ip_addr_t& local, uint16_t local_port, const ip_addr_t& peer,
                                          uint16_t peer_port, uint32_t sequence, Condition condition) {
  for (struct tcp_pcb* pcb = tcp_active_pcbs; pcb; pcb = pcb->next) {
    if (pcb->errf != on_error || pcb->local_port != local_port || pcb->remote_port != peer_port) continue;
    if (!ip_addr_cmp(&pcb->remote_ip, &peer) || !ip_addr_cmp(&pcb->local_ip, &local)) continue;
    auto* s = static_cast<InetStreamSocket*>(pcb->callback_arg);
    // Only SYN_SENT is in scope: an established connection keeps going.
    if (pcb->state != SYN_SENT || !s || s->state_ != State::Connecting || s->pcb_ != pcb) return;
    if (!TCP_SEQ_BETWEEN(sequence, pcb->lastack, pcb->snd_nxt)) return;
    s->end_attempt(pcb, condition);
    return;
  }
}

// Row B7 without an ICMP error: the next hop of the SYN (the peer if it is
// on the link, else the gateway) never answered ARP or ND. lwIP drops the
// queued SYN with its entry and reports nothing, so this asks lwIP's tables
// (net/neighbours.h) at each poll whether the next hop has an address, and
// gives up kNeighbourGiveUpMs after the SYN was queued, as Linux's
// neighbour code would. Once the next hop has been seen resolved the
// attempt is never ended here: whatever happens after (the peer drops the
// SYN, the entry expires and is asked for again) is not a failed
// resolution; only keepinit or an answer ends it. A host that answers
// ARP within the 3 s connects; one that answers later is reported
// unreachable, as on Linux, whose neighbour entry has failed by then.
bool InetStreamSocket::next_hop_failed(struct tcp_pcb* pcb) {
  if (next_hop_resolved_ || pcb->state != SYN_SENT) return false;
  // lwIP's tcp_route: the interface the pcb is bound to, else the route.
  struct netif* netif = pcb->netif_idx != NETIF_NO_INDEX ? netif_get_by_index(pcb->netif_idx)
                                                         : ip_route(&pcb->local_ip, &pcb->remote_ip);
  switch (next_hop_link(netif, pcb->remote_ip)) {
    case NextHopLink::Resolved: next_hop_resolved_ = true; return false;
    case NextHopLink::NotApplicable: return false;
    case NextHopLink::Unresolved: return sys_now() >= connect_started_ms_ + kNeighbourGiveUpMs;
  }
  return false;
}

err_t InetStreamSocket::on_poll(void* arg, struct tcp_pcb* pcb) {
  auto* s = static_cast<InetStreamSocket*>(arg);
  if (!s) return ERR_OK;
  if (s->state_ == State::Connecting) {
    // keepinit first: with keepinit at or below the neighbour's 3 s, the
    // attempt times out before resolution fails (conditions.md B7, real
    // Linux: "EHOSTUNREACH only if ARP fails before the SYN timeout").
    if (sys_now() >= s->connect_deadline_ms_) {
      tcp_abort(pcb);  // calls on_error(ERR_ABRT): TimedOut
      return ERR_ABRT;
    }
    if (s->pcb_ == pcb && s->next_hop_failed(pcb)) {
      s->end_attempt(pcb, Condition::HostUnreachable);  // B7
      return ERR_ABRT;
    }
  }
  s->changed();  // a writer that met ERR_MEM tries again
  return ERR_OK;
}

}  // namespace net
