// InetStreamSocket: a TCP socket (tcp(7)), AF_INET or AF_INET6, over one
// raw lwIP tcp_pcb (see net/selftest/tcp_selftest.cpp for the raw API).
//
// States, as the calls see them:
//
//   Idle        new, or after a failed connect (the socket may connect
//               again: conditions.md N16); maybe bound
//   Listening   listen(2): the pcb is a listener; accepted connections
//               wait in a queue until accept(2)
//   Connecting  tcp_connect sent the SYN; on_connected or on_error ends it
//   Connected   data flows; the peer's FIN or a reset may come later
//
// lwIP calls us back (in the net thread, network lock held): on_connected,
// on_accept, on_recv, on_sent, on_error, on_poll. Each updates the socket
// and calls changed(), which wakes the blocked call and tells poll(2).
//
// Data in: on_recv copies each pbuf into a receive ring as big as TCP's
// window and frees it; read(2) takes bytes out and only then calls
// tcp_recved, so the window the peer sees is the room left in the ring.
// Data out: write(2) copies a chunk of the user's buffer into a kernel
// bounce buffer (outside the lock), then tcp_write copies it into lwIP's
// send buffer, waiting for on_sent while tcp_sndbuf() is 0.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lwip/tcp.h"
#include "net/socket/inet_address.h"
#include "net/socket/socket.h"

namespace net {

class InetStreamSocket final : public Socket {
 public:
  InetStreamSocket(int domain, int status_flags);
  ~InetStreamSocket() override;  // close(2)

  // For /proc/net/sockstat (lock held): the local TCP ports sockets hold,
  // lwIP's connections no socket owns any more (closed, still sending
  // their FIN), and those in TIME_WAIT.
  static size_t ports_in_use();
  static void count_unowned_connections(size_t* orphans, size_t* time_wait);

  KStatus listen(int backlog) override;
  KResult<Socket*> accept(int flags) override;
  KStatus shutdown(int how) override;
  KStatus local_address(SocketAddress* out) override;
  KStatus peer_address(SocketAddress* out) override;
  KResult<size_t> send(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to) override;
  KResult<size_t> receive(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                          int* message_flags) override;
  uint32_t poll_events() override;

  // An ICMP error (icmp_errors.cpp) quoting a TCP segment from local:port
  // to peer:port with this sequence number: if it is the SYN of a connect
  // in progress, the attempt ends with the condition (icmp_outcome.h).
  // Net thread, lock held.
  static void icmp_connect_error(const ip_addr_t& local, uint16_t local_port, const ip_addr_t& peer,
                                 uint16_t peer_port, uint32_t sequence, Condition condition);

 protected:
  KStatus protocol_connect(const SocketAddress& address) override;
  bool protocol_disconnect(KStatus* result) override;
  KStatus protocol_bind(const SocketAddress& address) override;
  uint32_t min_address_length() const override {
    return domain_ == kAfInet ? kMinInetLength : kMinInet6Length;
  }
  KStatus protocol_set_option(int level, int name, const OptionValue& value) override;
  KStatus protocol_get_option(int level, int name, OptionValue* value) override;
  void option_changed(int name) override;
  bool is_listening() const override { return state_ == State::Listening; }
  size_t bytes_readable() override { return rx_count_; }

 private:
  enum class State { Idle, Listening, Connecting, Connected };

  // A connection lwIP accepted on our listener (on_accept): its socket.
  InetStreamSocket(InetStreamSocket* listener, struct tcp_pcb* pcb);

  // lwIP's callbacks; arg is the socket.
  static err_t on_connected(void* arg, struct tcp_pcb* pcb, err_t err);
  static err_t on_accept(void* arg, struct tcp_pcb* pcb, err_t err);
  static err_t on_recv(void* arg, struct tcp_pcb* pcb, struct pbuf* p, err_t err);
  static err_t on_sent(void* arg, struct tcp_pcb* pcb, u16_t length);
  static void on_error(void* arg, err_t err);
  static err_t on_poll(void* arg, struct tcp_pcb* pcb);

  // All with the lock held.
  void attach(struct tcp_pcb* pcb);  // our callbacks on a connection pcb
  void detach();                     // none: the socket is going away
  KStatus ensure_pcb(uint8_t ip_type);
  KStatus bind_locked(const InetEndpoint& endpoint);
  KStatus bind_ephemeral(const ip_addr_t* any_of_type, uint16_t avoid = 0);
  void release_port();
  void connection_failed(Condition condition);
  void end_attempt(struct tcp_pcb* pcb, Condition condition);
  bool next_hop_failed(struct tcp_pcb* pcb);
  InetStreamSocket* stop_listening();
  static void drop_accept_queue(InetStreamSocket* queued);
  bool allocate_ring();

  State state_ = State::Idle;
  struct tcp_pcb* pcb_ = nullptr;

  // The local name: set by bind, or by connect's automatic bind (N7).
  bool bound_ = false;
  ip_addr_t bound_address_{};  // any of the pcb's type when bound to the wildcard
  bool bound_any_ = true;
  uint16_t bound_port_ = 0;
  bool owns_port_ = false;  // we hold bound_port_ in the allocator
  bool v6only_ = false;
  bool no_delay_ = false;

  // Connecting.
  uint64_t connect_deadline_ms_ = 0;       // sys_now() value; keepinit
  uint64_t connect_started_ms_ = 0;        // sys_now() value; the SYN was queued
  bool next_hop_resolved_ = false;         // seen resolved since then (next_hop_failed)
  bool completion_unreported_ = false;     // B2: completed while nobody waited
  bool auto_bound_ = false;                // connect chose the port (released if it fails)
  bool failed_ = false;                    // the connection failed or was reset
  bool failure_unreported_ = false;        // N16: an attempt failed while no connect call waited

  // Connected.
  bool peer_closed_ = false;    // the peer's FIN: reads return 0 once the ring is empty
  bool reset_ = false;          // the connection is gone (RST, abort)
  bool shut_read_ = false;      // shutdown(SHUT_RD)
  bool shut_write_ = false;     // shutdown(SHUT_WR): our FIN is sent
  uint8_t* rx_ring_ = nullptr;  // kRingSize bytes
  size_t rx_head_ = 0;
  size_t rx_count_ = 0;

  // Listening: connections accepted by lwIP, waiting for accept(2).
  InetStreamSocket* accept_head_ = nullptr;
  InetStreamSocket* accept_tail_ = nullptr;
  InetStreamSocket* next_in_queue_ = nullptr;
  InetStreamSocket* listener_ = nullptr;  // set while we sit in a listener's queue
};

}  // namespace net
