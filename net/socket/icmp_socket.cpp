#include "net/socket/icmp_socket.h"

#include "kernel/fs/abi.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/ip4.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/prot/icmp.h"
#include "lwip/prot/ip4.h"
#include "net/lwip/net_lock.h"
#include "net/socket/inet_address.h"

namespace net {
namespace {

constexpr size_t kHeaderBytes = 8;  // type, code, checksum, identifier, sequence
// The largest ICMP message in one IPv4 datagram: 65535 - 20 (IP header).
constexpr size_t kMaxMessage = 65535 - 20;
// Replies waiting to be read: beyond this, new ones are dropped (a
// datagram socket's receive buffer is full).
constexpr size_t kMaxQueuedBytes = 256 * 1024;
// Identifiers chosen for sockets that did not bind one (Linux's
// net.ipv4.ping_group_range has no port range; it starts from the ephemeral one).
constexpr uint16_t kFirstIdentifier = 32768, kLastIdentifier = 60999;

IcmpSocket* all_icmp_sockets = nullptr;
uint16_t next_identifier = kFirstIdentifier;

}  // namespace

IcmpSocket::IcmpSocket(int status_flags)
    : Socket(abi::kAfInet, abi::kSockDgram, abi::kIpProtoIcmp, status_flags) {
  Lock lock;
  next_icmp_ = all_icmp_sockets;
  all_icmp_sockets = this;
}

IcmpSocket::~IcmpSocket() {
  Lock lock;
  for (IcmpSocket** link = &all_icmp_sockets; *link; link = &(*link)->next_icmp_) {
    if (*link == this) {
      *link = next_icmp_;
      break;
    }
  }
  if (pcb_) raw_remove(pcb_);
  while (head_) {
    Reply* r = head_;
    head_ = r->next;
    kfree(r);
  }
}

KStatus IcmpSocket::listen(int) { return KError{EOPNOTSUPP}; }
KResult<Socket*> IcmpSocket::accept(int) { return KError{EOPNOTSUPP}; }
uint32_t IcmpSocket::min_address_length() const { return kMinInetLength; }

KStatus IcmpSocket::shutdown(int how) {
  if (how < abi::kShutRd || how > abi::kShutRdWr) return KError{EINVAL};
  Lock lock;
  if (!connected_) return KError{ENOTCONN};  // as for any unconnected datagram socket on Linux
  if (how != abi::kShutWr) shut_read_ = true;
  if (how != abi::kShutRd) shut_write_ = true;
  changed();
  return ok();
}

// Under the lock: a free identifier, or false when all are in use.
bool IcmpSocket::choose_identifier() {
  for (uint32_t tries = 0; tries <= kLastIdentifier - kFirstIdentifier; tries++) {
    uint16_t candidate = next_identifier;
    next_identifier = candidate == kLastIdentifier ? kFirstIdentifier : uint16_t(candidate + 1);
    bool taken = false;
    for (IcmpSocket* s = all_icmp_sockets; s; s = s->next_icmp_) taken |= s->identifier_ == candidate;
    if (!taken) {
      identifier_ = candidate;
      return true;
    }
  }
  return false;
}

// Under the lock: the raw pcb, made at the first bind, connect or send.
KStatus IcmpSocket::ensure_pcb() {
  if (pcb_) return ok();
  pcb_ = raw_new(IP_PROTO_ICMP);
  if (!pcb_) return KError{ENOBUFS};
  raw_recv(pcb_, on_receive, this);
  return ok();
}

KStatus IcmpSocket::protocol_bind(const SocketAddress& address) {
  InetEndpoint local;
  if (!decode_inet(address, abi::kAfInet, false, &local)) return KError{EINVAL};
  Lock lock;
  if (identifier_) return KError{EINVAL};  // bind(2): "already bound to an address"
  // Linux's ping_check_bind_addr: a local address or the wildcard.
  if (!local.any && !ip4_addr_isloopback(ip_2_ip4(&local.address))) {
    bool local_address = false;
    struct netif* netif;
    NETIF_FOREACH(netif) {
      local_address |= ip4_addr_cmp(netif_ip4_addr(netif), ip_2_ip4(&local.address));
    }
    if (!local_address) return KError{EADDRNOTAVAIL};
  }
  TRY(ensure_pcb());
  if (local.port) {
    for (IcmpSocket* s = all_icmp_sockets; s; s = s->next_icmp_) {
      if (s->identifier_ == local.port) return KError{EADDRINUSE};
    }
    identifier_ = local.port;
  } else if (!choose_identifier()) {
    return KError{EAGAIN};
  }
  if (raw_bind(pcb_, &local.address) != ERR_OK) return KError{EADDRNOTAVAIL};
  return ok();
}

KStatus IcmpSocket::protocol_connect(const SocketAddress& address) {
  InetEndpoint peer;
  if (!decode_inet(address, abi::kAfInet, false, &peer)) return KError{EINVAL};
  Lock lock;
  TRY(ensure_pcb());
  peer_ = ip4_addr_get_u32(ip_2_ip4(&peer.address));
  connected_ = true;
  return ok();
}

KStatus IcmpSocket::local_address(SocketAddress* out) {
  Lock lock;
  encode_inet(pcb_ ? &pcb_->local_ip : nullptr, identifier_, abi::kAfInet, out);
  return ok();
}

KStatus IcmpSocket::peer_address(SocketAddress* out) {
  Lock lock;
  if (!connected_) return KError{ENOTCONN};
  ip_addr_t peer;
  ip_addr_set_ip4_u32_val(peer, peer_);
  encode_inet(&peer, 0, abi::kAfInet, out);
  return ok();
}

KResult<size_t> IcmpSocket::send(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to) {
  (void)flags;  // nothing here blocks: lwIP takes the datagram or refuses it
  uint32_t destination;
  if (to) {
    InetEndpoint endpoint;
    if (!decode_inet(*to, abi::kAfInet, false, &endpoint)) return KError{EINVAL};
    destination = ip4_addr_get_u32(ip_2_ip4(&endpoint.address));
  } else {
    Lock lock;
    if (!connected_) return KError{EDESTADDRREQ};
    destination = peer_;
  }
  if (n < kHeaderBytes) return KError{EINVAL};
  if (n > kMaxMessage) return KError{EMSGSIZE};

  // The message is copied in before the lock is taken (a user copy may fault).
  auto* message = static_cast<uint8_t*>(kmalloc(n));
  if (!message) return KError{ENOBUFS};
  KStatus copied = buffer.read_into(message, 0, n);
  if (copied.is_error()) {
    kfree(message);
    return KError{copied.error()};
  }
  // net/ipv4/ping.c ping_v4_sendmsg: only echo requests, code 0.
  if (message[0] != ICMP_ECHO || message[1] != 0) {
    kfree(message);
    return KError{EINVAL};
  }

  KStatus status = ok();
  {
    Lock lock;
    if (shut_write_) {
      status = KError{EPIPE};
    } else if ((status = ensure_pcb()).is_error()) {
    } else if (!identifier_ && !choose_identifier()) {
      status = KError{EAGAIN};
    } else {
      uint16_t id = lwip_htons(identifier_);
      memcpy(message + 4, &id, 2);
      message[2] = message[3] = 0;
      uint16_t checksum = inet_chksum(message, uint16_t(n));
      memcpy(message + 2, &checksum, 2);
      struct pbuf* p = pbuf_alloc(PBUF_IP, uint16_t(n), PBUF_RAM);
      if (!p) {
        status = KError{ENOBUFS};
      } else {
        pbuf_take(p, message, uint16_t(n));
        ip_addr_t target;
        ip_addr_set_ip4_u32_val(target, destination);
        err_t err = raw_sendto(pcb_, p, &target);
        pbuf_free(p);
        if (err == ERR_RTE) status = KError{ENETUNREACH};  // no interface routes there
        else if (err == ERR_MEM || err == ERR_BUF) status = KError{ENOBUFS};
        else if (err != ERR_OK) status = KError{EIO};
      }
    }
  }
  kfree(message);
  TRY(status);
  return n;
}

// lwIP hands every ICMP packet here first, IP header included. Returning 1
// takes it; 0 passes it on to lwIP (which answers echo requests).
uint8_t IcmpSocket::on_receive(void* arg, struct raw_pcb*, struct pbuf* p, const ip_addr_t* source) {
  auto* self = static_cast<IcmpSocket*>(arg);
  if (!IP_IS_V4(source) || p->tot_len < IP_HLEN) return 0;
  uint8_t version_ihl;
  pbuf_copy_partial(p, &version_ihl, 1, 0);
  size_t header = size_t(version_ihl & 0x0f) * 4;
  if (header < IP_HLEN || p->tot_len < header + kHeaderBytes) return 0;
  uint8_t icmp[kHeaderBytes];
  pbuf_copy_partial(p, icmp, kHeaderBytes, uint16_t(header));
  uint16_t id;
  memcpy(&id, icmp + 4, 2);
  uint32_t from = ip4_addr_get_u32(ip_2_ip4(source));
  if (icmp[0] != ICMP_ER || !self->identifier_ || lwip_ntohs(id) != self->identifier_) return 0;
  if (self->connected_ && from != self->peer_) return 0;
  // The reply is this socket's. lwIP has checked the IP header; the ICMP
  // checksum is checked here, as lwIP's icmp_input would have, unless the
  // interface says not to: lwIP's loopback netif neither computes nor
  // checks checksums (the packet never left memory), so its echo replies
  // carry 0, and the checksum is filled in for the reader instead.
  const struct netif* in = ip_current_input_netif();
  bool verify = !in || (in->chksum_flags & NETIF_CHECKSUM_CHECK_ICMP);
  size_t length = p->tot_len - header;
  if (self->shut_read_ || self->queued_bytes_ + length > kMaxQueuedBytes) {
    pbuf_free(p);
    return 1;
  }
  auto* reply = static_cast<Reply*>(kmalloc(sizeof(Reply) + length));
  if (!reply) {
    pbuf_free(p);
    return 1;
  }
  pbuf_copy_partial(p, reply->data, uint16_t(length), uint16_t(header));
  pbuf_free(p);
  if (verify && inet_chksum(reply->data, uint16_t(length)) != 0) {
    kfree(reply);
    return 1;
  }
  if (!verify) {
    reply->data[2] = reply->data[3] = 0;
    uint16_t checksum = inet_chksum(reply->data, uint16_t(length));
    memcpy(reply->data + 2, &checksum, 2);
  }
  reply->next = nullptr;
  reply->source = from;
  reply->length = length;
  if (self->tail_)
    self->tail_->next = reply;
  else
    self->head_ = reply;
  self->tail_ = reply;
  self->queued_bytes_ += length;
  self->changed();
  return 1;
}

KResult<size_t> IcmpSocket::receive(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                    int* message_flags) {
  *message_flags = 0;
  if (flags & abi::kMsgOob) return KError{EOPNOTSUPP};
  bool nonblocking = is_nonblocking() || (flags & abi::kMsgDontWait);
  // The reply leaves the queue under the lock and is copied out after it.
  // MSG_PEEK leaves it queued, so the caller gets a copy of it instead.
  Reply* reply = nullptr;
  {
    Lock lock;
    uint64_t deadline = receive_deadline();
    while (!head_) {
      if (shut_read_) return size_t(0);
      if (nonblocking) return KError{EAGAIN};
      int e = sleep(deadline);
      if (e) return KError{e == ETIMEDOUT ? EAGAIN : e};  // socket(7) SO_RCVTIMEO: EAGAIN
    }
    if (flags & abi::kMsgPeek) {
      reply = static_cast<Reply*>(kmalloc(sizeof(Reply) + head_->length));
      if (!reply) return KError{ENOMEM};
      memcpy(reply, head_, sizeof(Reply) + head_->length);
    } else {
      reply = head_;
      head_ = reply->next;
      if (!head_) tail_ = nullptr;
      queued_bytes_ -= reply->length;
    }
  }
  // A datagram is read whole or cut (recv(2): MSG_TRUNC in msg_flags).
  size_t count = reply->length < n ? reply->length : n;
  if (reply->length > n) *message_flags |= abi::kMsgTrunc;
  KStatus status = buffer.write_from(0, reply->data, count);
  if (from) {
    ip_addr_t address;
    ip_addr_set_ip4_u32_val(address, reply->source);
    encode_inet(&address, 0, abi::kAfInet, from);
  }
  kfree(reply);
  TRY(status);
  return count;
}

size_t IcmpSocket::bytes_readable() { return head_ ? head_->length : 0; }  // FIONREAD: the next datagram

uint32_t IcmpSocket::poll_events() {
  Lock lock;
  uint32_t events = fs::kPollOut | fs::kPollWriteNormal;
  if (head_ || shut_read_) events |= fs::kPollIn | fs::kPollReadNormal;
  return events;
}

}  // namespace net
