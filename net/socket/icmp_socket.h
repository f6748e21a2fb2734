// IcmpSocket: Linux's "ping socket", socket(AF_INET, SOCK_DGRAM,
// IPPROTO_ICMP) (icmp(7), "ping_group_range"; net/ipv4/ping.c), over an lwIP
// raw pcb.
//
// What a program sees, as on Linux:
//   - it sends ICMP echo requests: an 8-byte ICMP header (type 8, code 0)
//     and its payload, without the IP header. The kernel puts the socket's
//     identifier in the header and computes the checksum; anything but an
//     echo request is EINVAL.
//   - it receives the echo replies that carry its identifier, one per
//     recv, again from the ICMP header on, with the sender's address;
//   - the identifier is the socket's "port": bind(2) may choose it
//     (sin_port), else the first send picks a free one; getsockname shows it.
//   - connect(2) sets the default destination and accepts replies from it only.
// Linux admits only the groups in net.ipv4.ping_group_range (many
// distributions open it to everyone); Tether admits everyone.
//
// The lwIP raw pcb sees every ICMP packet that arrives, before lwIP's own
// ICMP code: a reply for this socket is queued here, anything else
// (echo requests included, which lwIP answers) goes on to lwIP.
#pragma once
#include "lwip/ip_addr.h"
#include "lwip/raw.h"
#include "net/socket/socket.h"

namespace net {

class IcmpSocket final : public Socket {
 public:
  explicit IcmpSocket(int status_flags);
  ~IcmpSocket() override;

  KStatus listen(int backlog) override;
  KResult<Socket*> accept(int flags) override;
  KStatus shutdown(int how) override;
  KStatus local_address(SocketAddress* out) override;
  KStatus peer_address(SocketAddress* out) override;
  KResult<size_t> send(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to) override;
  KResult<size_t> receive(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                          int* message_flags) override;
  uint32_t poll_events() override;

 protected:
  KStatus protocol_connect(const SocketAddress& address) override;
  KStatus protocol_bind(const SocketAddress& address) override;
  uint32_t min_address_length() const override;
  bool is_listening() const override { return false; }
  size_t bytes_readable() override;

 private:
  // One received echo reply: the ICMP message and who sent it.
  struct Reply {
    Reply* next;
    uint32_t source;  // IPv4, network byte order
    size_t length;
    uint8_t data[];  // the ICMP header and payload
  };

  static uint8_t on_receive(void* arg, struct raw_pcb* pcb, struct pbuf* p, const ip_addr_t* source);
  KStatus ensure_pcb();
  bool choose_identifier();

  struct raw_pcb* pcb_ = nullptr;
  uint16_t identifier_ = 0;  // host byte order; 0: not chosen yet
  uint32_t peer_ = 0;        // connect(2)'s address, network byte order
  bool connected_ = false;
  bool shut_read_ = false, shut_write_ = false;
  Reply* head_ = nullptr;
  Reply* tail_ = nullptr;
  size_t queued_bytes_ = 0;
  IcmpSocket* next_icmp_ = nullptr;  // every ICMP socket, for choosing identifiers
};

}  // namespace net
