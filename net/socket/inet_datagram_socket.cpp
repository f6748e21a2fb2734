// UDP sockets over lwIP's raw API (inet_datagram_socket.h). The pages
// behind each choice: udp(7), ip(7), ipv6(7), socket(7), connect(2) (all
// five in shared/spec/manpages, rows D1, E1, N1-N4, N7, N8, N19, N20 of
// conditions.md), bind(2), send(2), recv(2), shutdown(2).
//
// The network lock is held around every lwIP call and every look at the
// socket's state (on_recv changes it from the net thread). User memory is
// copied with the lock released, straight to or from a pbuf we hold.
#include "net/socket/inet_datagram_socket.h"

#include "kernel/lib/new.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"
#include "kernel/sysctl/sysctl.h"
#include "kernel/time.h"
#include "lwip/ip.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "net/interfaces.h"
#include "net/lwip/net_lock.h"
#include "net/lwip/net_thread.h"
#include "net/socket/port_allocator.h"

namespace net {
namespace {

// The largest UDP payload: an IP datagram is at most 65535 bytes, less the
// 8-byte UDP header and, for IPv4, the 20-byte IP header (Linux's limits:
// EMSGSIZE past 65507 over IPv4, 65527 over IPv6, whose payload length
// does not count its own header).
constexpr size_t kMaxPayload4 = 65535 - 20 - 8;
constexpr size_t kMaxPayload6 = 65535 - 8;

// What a queued datagram costs against SO_RCVBUF besides its bytes: our
// Datagram record and the pbuf header, roughly what Linux charges as an
// skb's overhead (its truesize).
constexpr size_t kDatagramOverhead = 256;

// Linux's net.core.rmem_default/wmem_default: what SO_RCVBUF/SO_SNDBUF
// report on a new UDP socket.
constexpr int kDefaultBuffer = 212992;

// How long a blocking send waits for room (net::wait_for_transmit_room)
// before it tries again anyway: the wake for a full queue's room comes from
// the queue's owner; this bounds the wait for what nobody announces (lwIP
// out of memory, the socket shut down meanwhile).
constexpr uint64_t kRetryNs = 1000000;

// The local UDP ports in use: a space of its own, apart from TCP's.
EphemeralPortAllocator udp_ports;
bool udp_ports_seeded = false;

EphemeralPortAllocator& ports() {
  if (!udp_ports_seeded) {
    udp_ports.reseed(time::realtime_ns() * 0x9e3779b97f4a7c15ull + time::monotonic_ns());
    udp_ports_seeded = true;
  }
  return udp_ports;
}

sysctl::IntSetting rcvbuf_drops{"net.inet.udp.rcvbuf_drops", nullptr,
                                "UDP datagrams dropped because a socket's receive queue was full (SO_RCVBUF)", 0, 0,
                                INT64_MAX, /*writable=*/false};

size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

// An IPv4 broadcast address: 255.255.255.255, or the directed broadcast
// of an interface's subnet (10.0.2.255 on QEMU's network).
bool is_broadcast(const ip_addr_t& address) {
  if (!IP_IS_V4_VAL(address)) return false;  // IPv6 has no broadcast
  const ip4_addr_t* a = ip_2_ip4(&address);
  if (ip4_addr_get_u32(a) == IPADDR_BROADCAST) return true;
  struct netif* netif;
  NETIF_FOREACH(netif) {
    if (ip4_addr_isbroadcast(a, netif)) return true;
  }
  return false;
}

// A wildcard destination means this machine, as on Linux (connecting or
// sending to 0.0.0.0 reaches 127.0.0.1; :: reaches ::1).
void wildcard_to_loopback(InetEndpoint* endpoint) {
  if (!endpoint->any) return;
  ip_addr_set_loopback(IP_IS_V6(&endpoint->address) ? 1 : 0, &endpoint->address);
  endpoint->any = false;
}

size_t max_payload(const ip_addr_t& destination) { return IP_IS_V6(&destination) ? kMaxPayload6 : kMaxPayload4; }

}  // namespace

size_t InetDatagramSocket::ports_in_use() { return ports().in_use_count(); }

uint64_t InetDatagramSocket::total_drops() { return uint64_t(rcvbuf_drops.get()); }

// --- Creation and close(2) ------------------------------------------------------

InetDatagramSocket::InetDatagramSocket(int domain, int status_flags)
    : Socket(domain, abi::kSockDgram, abi::kIpProtoUdp, status_flags) {
  receive_buffer_ = kDefaultBuffer;
  send_buffer_ = kDefaultBuffer;
}

InetDatagramSocket::~InetDatagramSocket() {
  Lock lock;
  unbind();
  drop_queue();
}

void InetDatagramSocket::drop_queue() {
  while (queue_head_) {
    Datagram* d = queue_head_;
    queue_head_ = d->next;
    pbuf_free(d->data);
    kfree(d);
  }
  queue_tail_ = nullptr;
  queued_charge_ = 0;
}

// The pcb goes, and with it the port (close, or N4 giving up a port the
// system chose). The explicit address, if any, stays the socket's.
void InetDatagramSocket::unbind() {
  if (pcb_) udp_remove(pcb_);  // unlinks and frees it; no callback comes after
  pcb_ = nullptr;
  if (bound_) ports().release(bound_port_);
  bound_ = false;
  auto_bound_ = false;
  bound_port_ = 0;
  connected_ = false;
}

// --- bind(2) and the automatic bind -------------------------------------------

// The pcb's IP type: an AF_INET6 socket on the wildcard is dual stack
// unless IPV6_V6ONLY (ipv6(7)); one bound to a v4-mapped address talks IPv4.
u8_t InetDatagramSocket::pcb_type() const {
  if (domain_ == kAfInet) return IPADDR_TYPE_V4;
  if (!bound_any_) return u8_t(IP_GET_TYPE(&bound_address_));
  return v6only_ ? IPADDR_TYPE_V6 : IPADDR_TYPE_ANY;
}

// A new pcb bound to (the socket's address, port). The port is already
// held in the allocator; lwIP may still refuse it (a kernel-internal pcb
// such as the DHCP client's): then ERR_USE.
KStatus InetDatagramSocket::bind_port(uint16_t port) {
  u8_t type = pcb_type();
  struct udp_pcb* pcb = udp_new_ip_type(type);
  if (!pcb) return error_of(Condition::NoBuffers);
  const ip_addr_t* local = bound_any_ ? any_of_type(type) : &bound_address_;
  err_t err = udp_bind(pcb, local, port);
  if (err != ERR_OK) {
    udp_remove(pcb);
    return KError{err == ERR_USE ? EADDRINUSE : ENOBUFS};
  }
  udp_recv(pcb, on_recv, this);
  pcb_ = pcb;
  bound_ = true;
  bound_port_ = port;
  return ok();
}

// A port from the ephemeral range (port_allocator.h). Running out is row
// E1 for datagram sockets: EAGAIN everywhere (FreeBSD's page; real Linux's
// UDP autobind answers EAGAIN too).
KStatus InetDatagramSocket::bind_ephemeral() {
  uint16_t first, last;
  ephemeral_range(&first, &last);
  uint16_t tried[8];
  int tries = 0;
  KStatus result = ok();
  for (;;) {
    PortAllocation a = ports().allocate(first, last);
    if (!a.ok()) {
      result = error_of(Condition::EphemeralPortsExhaustedUdp);
      break;
    }
    KStatus s = bind_port(a.port);
    if (!s.is_error()) break;
    if (s.error() != EADDRINUSE || tries == 8) {  // lwIP holds all we tried: exhaustion too
      ports().release(a.port);
      result = s.error() == EADDRINUSE ? error_of(Condition::EphemeralPortsExhaustedUdp) : s;
      break;
    }
    tried[tries++] = a.port;
  }
  for (int i = 0; i < tries; i++) ports().release(tried[i]);
  return result;
}

// connect and send on an unbound socket bind it first (N7).
KStatus InetDatagramSocket::ensure_bound() {
  if (bound_) return ok();
  TRY(bind_ephemeral());
  auto_bound_ = true;
  return ok();
}

KStatus InetDatagramSocket::protocol_bind(const SocketAddress& address) {
  InetEndpoint endpoint = TRY(decode_bind_address(address, uint16_t(domain_), v6only_));
  Lock lock;
  // bind(2): "EINVAL The socket is already bound to an address."
  if (bound_) return KError{EINVAL};
  if (!endpoint.any && !is_local_address(endpoint.address)) return KError{EADDRNOTAVAIL};
  bound_any_ = endpoint.any;
  ip_addr_copy(bound_address_, endpoint.address);
  if (endpoint.port == 0) {
    // The system chose the port, so dissolving an association gives it up
    // again (Linux keeps only a port the caller named: SOCK_BINDPORT_LOCK).
    TRY(bind_ephemeral());
    auto_bound_ = true;
    return ok();
  }
  // bind(2): "EADDRINUSE The given address is already in use." lwIP is
  // built without SO_REUSE, so SO_REUSEADDR does not share a UDP port.
  if (!ports().reserve(endpoint.port)) return KError{EADDRINUSE};
  KStatus s = bind_port(endpoint.port);
  if (s.is_error()) ports().release(endpoint.port);
  return s;
}

// --- connect(2) -----------------------------------------------------------------

KStatus InetDatagramSocket::protocol_connect(const SocketAddress& address) {
  InetEndpoint peer;
  // v4-mapped on an IPV6_V6ONLY socket: Linux's ip6_datagram_connect
  // answers ENETUNREACH.
  if (!decode_inet(address, uint16_t(domain_), v6only_, &peer)) return error_of(Condition::NetworkUnreachable);
  // A link-local peer needs its link (ipv6(7) sin6_scope_id): Linux's
  // ip6_datagram_connect answers EINVAL without one.
  LinkScope scope = link_scope(peer);
  if (scope == LinkScope::Missing) return KError{EINVAL};
  if (scope == LinkScope::NoSuchLink) return error_of(Condition::NetworkUnreachable);  // B6
  wildcard_to_loopback(&peer);
  Lock lock;
  // D1: "EACCES The user tried to connect to a broadcast address without
  // having the socket broadcast flag enabled" (Linux; FreeBSD, Darwin).
  if (is_broadcast(peer.address) && !broadcast_) return error_of(Condition::BroadcastWithoutPermission);
  // A bound socket keeps its name (N8); its family must reach the peer.
  if (bound_ && pcb_type() != IPADDR_TYPE_ANY && pcb_type() != IP_GET_TYPE(&peer.address))
    return error_of(Condition::NetworkUnreachable);
  // B6: a route is looked up now, as Linux's ip4_datagram_connect does,
  // so "no route" is reported at once.
  u8_t type = u8_t(IP_GET_TYPE(&peer.address));
  struct netif* netif = ip_route(any_of_type(type), &peer.address);
  if (!netif) return error_of(Condition::NetworkUnreachable);
  TRY(ensure_bound());  // N7; E1 when no port is left
  err_t err = udp_connect(pcb_, &peer.address, peer.port);
  if (err != ERR_OK) return KError{err == ERR_MEM ? ENOBUFS : EINVAL};
  // N1/N2/N3: the default destination, and the only sender received from
  // (lwIP delivers to a connected pcb only what its peer sends). A new
  // association replaces the old one.
  connected_ = true;
  ip_addr_copy(peer_address_, peer.address);
  peer_port_ = peer.port;
  // The source address the route chose, which getsockname shows while
  // the association lasts (Linux sets inet_saddr at connect).
  if (type == IPADDR_TYPE_V4) {
    ip_addr_copy_from_ip4(source_address_, *netif_ip4_addr(netif));
  } else {
    const ip_addr_t* source = ip6_select_source_address(netif, ip_2_ip6(&peer.address));
    if (source) ip_addr_copy(source_address_, *source);
    else ip_addr_set_zero_ip6(&source_address_);
  }
  changed();
  return ok();
}

// N4: connect to an AF_UNSPEC address dissolves the association (Linux:
// "Connectionless sockets may dissolve the association by connecting to
// an address with the sa_family member of sockaddr set to AF_UNSPEC";
// Darwin: "the error EAFNOSUPPORT will be harmlessly returned"). As in
// Linux's udp_disconnect, a port the system chose is given up too, and
// the socket is left as it was before its first connect or send.
bool InetDatagramSocket::protocol_disconnect(KStatus* result) {
  {
    Lock lock;
    if (pcb_ && connected_) udp_disconnect(pcb_);
    connected_ = false;
    if (auto_bound_) unbind();
    changed();
  }
  int e = errno_of(Condition::DissolveWithUnspec);
  *result = e ? KStatus(KError{e}) : ok();
  return true;
}

// --- Sending ----------------------------------------------------------------------

// sendto(2)'s address: the checks of A4/A5 (Linux's udp_sendmsg: EINVAL
// if too short, EAFNOSUPPORT for another family), then the endpoint.
KResult<InetEndpoint> InetDatagramSocket::destination_of(const SocketAddress& to) {
  if (to.length < 2 || (to.family() == domain_ && to.length < min_address_length())) return KError{EINVAL};
  if (to.family() != domain_) return KError{EAFNOSUPPORT};
  InetEndpoint endpoint;
  if (!decode_inet(to, uint16_t(domain_), v6only_, &endpoint)) return error_of(Condition::NetworkUnreachable);
  // udp_sendmsg: "if (dport == 0) return -EINVAL".
  if (endpoint.port == 0) return KError{EINVAL};
  wildcard_to_loopback(&endpoint);
  return endpoint;
}

KResult<size_t> InetDatagramSocket::send(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to) {
  // udp(7) knows no urgent data.
  if (flags & abi::kMsgOob) return KError{EOPNOTSUPP};
  if (n > kMaxPayload6) return KError{EMSGSIZE};
  InetEndpoint explicit_destination;
  if (to) explicit_destination = TRY(destination_of(*to));
  bool nonblocking = is_nonblocking() || (flags & abi::kMsgDontWait);
  uint64_t deadline = send_deadline();

  ip_addr_t destination;
  uint16_t port;
  struct pbuf* p;
  {
    Lock lock;
    // An error that arrived since (ICMP port unreachable: ECONNREFUSED) is
    // reported by the next call, as Linux's sock_error() does.
    if (so_error_) return KError{take_error()};
    if (shut_write_) {  // shutdown(SHUT_WR): send(2) "EPIPE"
      if (!(flags & abi::kMsgNoSignal)) signal::send(proc::current(), SIGPIPE);
      return KError{EPIPE};
    }
    // N1: without an address, the associated peer; none is EDESTADDRREQ
    // (send(2): "The socket is not connection-mode, and no peer address is
    // set"). N19: an address given on an associated socket is used (Linux,
    // illumos; the other pages are silent, so the Linux value).
    if (to) {
      ip_addr_copy(destination, explicit_destination.address);
      port = explicit_destination.port;
    } else if (connected_) {
      ip_addr_copy(destination, peer_address_);
      port = peer_port_;
    } else {
      return KError{EDESTADDRREQ};
    }
    if (n > max_payload(destination)) return KError{EMSGSIZE};
    // socket(7) SO_BROADCAST: without it, sending to a broadcast address
    // is EACCES (Linux's udp_sendmsg).
    if (is_broadcast(destination) && !broadcast_) return KError{EACCES};
    TRY(ensure_bound());  // N7
    if (pcb_type() != IPADDR_TYPE_ANY && pcb_type() != IP_GET_TYPE(&destination)) return KError{ENETUNREACH};
    // One piece (MEM_SIZE in lwipopts.h lets lwIP allocate 64 KiB at once),
    // with room in front for the UDP, IP and link headers.
    p = pbuf_alloc(PBUF_TRANSPORT, u16_t(n), PBUF_RAM);
    if (!p) return KError{ENOBUFS};
  }
  // The user's bytes straight into the pbuf, with the lock released (a
  // user copy may fault).
  if (buffer.read_into(p->payload, 0, n).is_error()) {
    Lock lock;
    pbuf_free(p);
    return KError{EFAULT};
  }
  Lock lock;
  for (;;) {
    if (!pcb_) {  // unbound meanwhile (another thread's AF_UNSPEC)
      pbuf_free(p);
      return KError{EDESTADDRREQ};
    }
    err_t err = udp_sendto(pcb_, p, &destination, port);
    if (err == ERR_OK) break;
    if (err != ERR_MEM && err != ERR_BUF) {
      pbuf_free(p);
      if (err == ERR_RTE) return error_of(Condition::NetworkUnreachable);  // B6
      return KError{EINVAL};
    }
    // No room (a NIC's transmit queue, or the loopback queue until the net
    // thread empties it): like a full send buffer, EAGAIN when
    // non-blocking, else wait for room and try again (SO_SNDTIMEO bounds
    // the wait). The retry deadline covers an ERR_MEM that was lwIP out of
    // memory, which nobody announces the end of.
    if (nonblocking) {
      pbuf_free(p);
      return KError{EAGAIN};
    }
    uint64_t retry = time::monotonic_ns() + kRetryNs;
    int e = wait_for_transmit_room(deadline && deadline < retry ? deadline : retry);
    if (e == EINTR || (e == ETIMEDOUT && deadline && time::monotonic_ns() >= deadline)) {
      pbuf_free(p);
      return KError{e == EINTR ? EINTR : EAGAIN};
    }
  }
  pbuf_free(p);
  return n;
}

// --- Receiving --------------------------------------------------------------------

// One datagram from lwIP (net thread, lock held); we own p.
void InetDatagramSocket::on_recv(void* arg, struct udp_pcb*, struct pbuf* p, const ip_addr_t* addr, u16_t port) {
  auto* s = static_cast<InetDatagramSocket*>(arg);
  if (!s || !p) {
    if (p) pbuf_free(p);
    return;
  }
  // N2: only the associated peer's datagrams (lwIP already matches a
  // connected pcb's peer; this also holds for a peer lwIP would take as
  // "any").
  if (s->connected_ && (port != s->peer_port_ || !ip_addr_cmp(addr, &s->peer_address_))) {
    pbuf_free(p);
    return;
  }
  // Bounded by SO_RCVBUF as Linux's __udp_enqueue_schedule_skb: past the
  // limit the datagram is dropped and counted, but a socket with an empty
  // queue always takes one.
  size_t charge = size_t(p->tot_len) + kDatagramOverhead;
  auto* d = static_cast<Datagram*>(kmalloc(sizeof(Datagram)));
  if (!d || (s->queue_head_ && s->queued_charge_ + charge > size_t(s->receive_buffer_))) {
    kfree(d);
    pbuf_free(p);
    s->drops_++;
    rcvbuf_drops.set(rcvbuf_drops.get() + 1);
    return;
  }
  d->next = nullptr;
  d->data = p;
  ip_addr_copy(d->from, *addr);
  d->from_port = port;
  d->charge = charge;
  if (s->queue_tail_) s->queue_tail_->next = d;
  else s->queue_head_ = d;
  s->queue_tail_ = d;
  s->queued_charge_ += charge;
  s->changed();
}

KResult<size_t> InetDatagramSocket::receive(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                            int* message_flags) {
  *message_flags = 0;
  if (from) from->length = 0;
  bool nonblocking = is_nonblocking() || (flags & abi::kMsgDontWait);
  bool peek = flags & abi::kMsgPeek;
  uint64_t deadline = receive_deadline();
  Datagram taken;
  {
    Lock lock;
    for (;;) {
      // A pending error first (ICMP port unreachable: ECONNREFUSED), as
      // Linux's __skb_recv_udp does.
      if (so_error_) return KError{take_error()};
      if (queue_head_) break;
      if (nonblocking) return KError{EAGAIN};
      // shutdown(SHUT_RD): a blocking call ends at once with 0 (Linux's
      // __skb_wait_for_more_packets; a non-blocking one still says EAGAIN).
      if (shut_read_) return size_t(0);
      int e = sleep(deadline);
      if (e == EINTR) return KError{EINTR};
      if (e == ETIMEDOUT) return KError{EAGAIN};  // socket(7) SO_RCVTIMEO
    }
    Datagram* d = queue_head_;
    taken = *d;
    if (peek) {
      pbuf_ref(taken.data);  // MSG_PEEK: the datagram stays queued for the next call
    } else {
      queue_head_ = d->next;
      if (!queue_head_) queue_tail_ = nullptr;
      queued_charge_ -= d->charge;
      kfree(d);
    }
  }
  // Copy out with the lock released; the pbuf is ours (or a reference).
  size_t length = taken.data->tot_len;
  size_t want = min_size(n, length);
  size_t copied = 0;
  KStatus status = ok();
  for (struct pbuf* q = taken.data; q && copied < want && !status.is_error(); q = q->next) {
    size_t piece = min_size(q->len, want - copied);
    status = buffer.write_from(copied, q->payload, piece);
    copied += piece;
  }
  {
    Lock lock;
    pbuf_free(taken.data);
  }
  // As on Linux, a datagram that could not be copied out is consumed.
  if (status.is_error()) return KError{EFAULT};
  if (from) encode_inet(&taken.from, taken.from_port, uint16_t(domain_), from);
  // recv(2): "MSG_TRUNC ... indicates that the trailing portion of a
  // datagram was discarded"; as an input flag, "return the real length of
  // the packet or datagram, even when it was longer than the passed
  // buffer" (Linux, udp(7)).
  if (length > n) *message_flags |= abi::kMsgTrunc;
  return (flags & abi::kMsgTrunc) ? length : want;
}

// FIONREAD: "the size of the next pending datagram" (udp(7) SIOCINQ), 0 if none.
size_t InetDatagramSocket::bytes_readable() { return queue_head_ ? queue_head_->data->tot_len : 0; }

// --- ICMP port unreachable ----------------------------------------------------------

// Linux reports an ICMP port unreachable to a connected UDP socket as
// ECONNREFUSED on its next call (udp(7): "ECONNREFUSED No receiver was
// associated with the destination address"); an unconnected one hears
// nothing. The four personalities agree (row B4's errno).
void InetDatagramSocket::icmp_port_unreachable(const ip_addr_t& peer, uint16_t peer_port, uint16_t local_port) {
  for (struct udp_pcb* pcb = udp_pcbs; pcb; pcb = pcb->next) {
    if (pcb->recv != on_recv || pcb->local_port != local_port) continue;
    auto* s = static_cast<InetDatagramSocket*>(pcb->recv_arg);
    if (!s || !s->connected_ || s->peer_port_ != peer_port || !ip_addr_cmp(&s->peer_address_, &peer)) continue;
    s->so_error_ = s->errno_in_callback(Condition::Refused);
    s->changed();
  }
}

// --- listen, accept, shutdown, names, poll --------------------------------------

// listen(2)/accept(2): "EOPNOTSUPP The socket is not of a type that
// supports the listen() operation" (accept: "... is not of type SOCK_STREAM").
KStatus InetDatagramSocket::listen(int) { return KError{EOPNOTSUPP}; }
KResult<Socket*> InetDatagramSocket::accept(int) { return KError{EOPNOTSUPP}; }

// shutdown(2) as Linux's inet_shutdown: the flags are set either way, but
// a socket with no association answers ENOTCONN.
KStatus InetDatagramSocket::shutdown(int how) {
  if (how != abi::kShutRd && how != abi::kShutWr && how != abi::kShutRdWr) return KError{EINVAL};
  Lock lock;
  if (how != abi::kShutWr) shut_read_ = true;
  if (how != abi::kShutRd) shut_write_ = true;
  changed();
  if (!connected_) return KError{ENOTCONN};
  return ok();
}

KStatus InetDatagramSocket::local_address(SocketAddress* out) {
  Lock lock;
  const ip_addr_t* address = bound_any_ ? nullptr : &bound_address_;
  if (bound_any_ && connected_) address = &source_address_;
  encode_inet(address, bound_ ? bound_port_ : 0, uint16_t(domain_), out);
  return ok();
}

KStatus InetDatagramSocket::peer_address(SocketAddress* out) {
  Lock lock;
  // getpeername(2): "ENOTCONN The socket is not connected" (also after N4).
  if (!connected_) return KError{ENOTCONN};
  encode_inet(&peer_address_, peer_port_, uint16_t(domain_), out);
  return ok();
}

// poll(2) bits as Linux's datagram_poll: readable with a datagram queued,
// an error pending or after SHUT_RD; always writable (nothing queues).
uint32_t InetDatagramSocket::poll_events() {
  Lock lock;
  uint32_t events = fs::kPollOut | fs::kPollWriteNormal;
  if (so_error_) events |= fs::kPollError;
  if (queue_head_ || shut_read_) events |= fs::kPollIn | fs::kPollReadNormal;
  if (shut_read_ && shut_write_) events |= fs::kPollHangUp;
  return events;
}

// --- IPPROTO_IPV6 options -----------------------------------------------------------

KStatus InetDatagramSocket::protocol_set_option(int level, int name, const OptionValue& value) {
  if (level == abi::kIpProtoIpv6 && name == abi::kIpv6V6Only && domain_ == kAfInet6) {
    // ipv6(7) IPV6_V6ONLY; Linux refuses the change once the socket is bound.
    if (value.length < sizeof(int)) return KError{EINVAL};
    int v;
    __builtin_memcpy(&v, value.bytes, sizeof v);
    Lock lock;
    if (bound_) return KError{EINVAL};
    v6only_ = v != 0;
    return ok();
  }
  return KError{ENOPROTOOPT};
}

KStatus InetDatagramSocket::protocol_get_option(int level, int name, OptionValue* value) {
  if (!(level == abi::kIpProtoIpv6 && name == abi::kIpv6V6Only && domain_ == kAfInet6)) return KError{ENOPROTOOPT};
  int v = v6only_ ? 1 : 0;
  __builtin_memcpy(value->bytes, &v, sizeof v);
  if (value->length > sizeof v) value->length = sizeof v;
  return ok();
}

}  // namespace net
