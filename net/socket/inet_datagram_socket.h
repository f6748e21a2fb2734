// InetDatagramSocket: a UDP socket (udp(7)), AF_INET or AF_INET6, over one
// raw lwIP udp_pcb.
//
// No connection, no states to speak of: a socket is unbound, bound (bind,
// or the automatic bind of the first connect or send), and maybe
// associated with a peer by connect(2). The association is what the five
// connect pages describe (conditions.md N1-N4): the default destination of
// send(2), and the only sender whose datagrams are received; connect again
// changes it, connect to AF_UNSPEC dissolves it.
//
// Data in: lwIP calls on_recv (net thread, network lock held) with one
// datagram in a pbuf; the pbuf itself waits in a FIFO queue until
// recvfrom(2) takes it, so a datagram is never split or merged. The queue
// is bounded by SO_RCVBUF (as Linux charges skb sizes): past it a datagram
// is dropped and counted.
// Data out: sendto(2) copies the user's bytes into one pbuf (lock
// released), then udp_sendto sends it at once; nothing waits for room.
//
// ICMP port unreachable: lwIP's ICMP input tells no UDP pcb, so an IPv4/
// IPv6 input hook (lwipopts.h) hands those messages to
// icmp_port_unreachable(), which finds the connected socket the quoted
// datagram came from and sets ECONNREFUSED on it, as Linux does.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lwip/udp.h"
#include "net/socket/inet_address.h"
#include "net/socket/socket.h"

namespace net {

class InetDatagramSocket final : public Socket {
 public:
  InetDatagramSocket(int domain, int status_flags);
  ~InetDatagramSocket() override;  // close(2)

  KStatus listen(int backlog) override;              // EOPNOTSUPP
  KResult<Socket*> accept(int flags) override;       // EOPNOTSUPP
  KStatus shutdown(int how) override;
  KStatus local_address(SocketAddress* out) override;
  KStatus peer_address(SocketAddress* out) override;  // ENOTCONN unless associated
  KResult<size_t> send(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to) override;
  KResult<size_t> receive(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                          int* message_flags) override;
  uint32_t poll_events() override;

  // An ICMP/ICMPv6 port unreachable arrived about a datagram we sent from
  // local_port to (peer, peer_port). Lock held (net thread).
  static void icmp_port_unreachable(const ip_addr_t& peer, uint16_t peer_port, uint16_t local_port);

  // The local UDP ports sockets hold, for /proc/net/sockstat (lock held).
  static size_t ports_in_use();

  // Datagrams dropped because a receive queue was full, since boot (sysctl
  // net.inet.udp.rcvbuf_drops).
  static uint64_t total_drops();

 protected:
  KStatus protocol_connect(const SocketAddress& address) override;
  bool protocol_disconnect(KStatus* result) override;
  KStatus protocol_bind(const SocketAddress& address) override;
  uint32_t min_address_length() const override {
    return domain_ == kAfInet ? kMinInetLength : kMinInet6Length;
  }
  KStatus protocol_set_option(int level, int name, const OptionValue& value) override;
  KStatus protocol_get_option(int level, int name, OptionValue* value) override;
  bool is_listening() const override { return false; }
  size_t bytes_readable() override;  // FIONREAD: the next datagram's size

 private:
  // One received datagram, waiting in the queue.
  struct Datagram {
    Datagram* next;
    struct pbuf* data;  // the payload only (lwIP removed the UDP header)
    ip_addr_t from;
    uint16_t from_port;
    size_t charge;  // what it counts against SO_RCVBUF
  };

  static void on_recv(void* arg, struct udp_pcb* pcb, struct pbuf* p, const ip_addr_t* addr, u16_t port);

  // All with the lock held.
  u8_t pcb_type() const;
  KStatus bind_port(uint16_t port);
  KStatus bind_ephemeral();
  KStatus ensure_bound();
  void unbind();
  KResult<InetEndpoint> destination_of(const SocketAddress& to);
  void drop_queue();

  struct udp_pcb* pcb_ = nullptr;

  // The local name: bind, or the automatic bind (N7).
  bool bound_ = false;
  bool auto_bound_ = false;  // the port was chosen for us (N4 gives it up)
  bool bound_any_ = true;
  ip_addr_t bound_address_{};
  uint16_t bound_port_ = 0;
  bool v6only_ = false;

  // The association (connect): peer and the source address it chose.
  bool connected_ = false;
  ip_addr_t peer_address_{};
  uint16_t peer_port_ = 0;
  ip_addr_t source_address_{};  // what getsockname shows while associated, if bound to the wildcard

  bool shut_read_ = false;   // shutdown(SHUT_RD): receives return 0 at once
  bool shut_write_ = false;  // shutdown(SHUT_WR): sends are EPIPE

  // The receive queue.
  Datagram* queue_head_ = nullptr;
  Datagram* queue_tail_ = nullptr;
  size_t queued_charge_ = 0;
  uint64_t drops_ = 0;
};

}  // namespace net
