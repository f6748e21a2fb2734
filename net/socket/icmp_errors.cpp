// ICMP errors lwIP does not deliver: the IP input hooks of lwipopts.h
// (LWIP_HOOK_IP4_INPUT, LWIP_HOOK_IP6_INPUT) call these for every IP packet
// that arrives, in the net thread with the network lock held, before lwIP
// has looked at it.
//
// lwIP 2.1.3's icmp_input/icmp6_input count a destination unreachable and
// drop it: no UDP or TCP pcb is told. Linux tells the socket whose packet
// the error quotes. So each hook reads the message into an IcmpError (its
// type and code, and the addresses and ports of the quoted packet) and
// hands it on:
//   - UDP: a port unreachable reaches the *connected* socket with that
//     local port and peer (ECONNREFUSED on its next call; udp(7));
//   - TCP: an error quoting the SYN of a connect in progress ends that
//     attempt, as Linux's tcp_v4_err/tcp_v6_err do in SYN_SENT (which
//     condition: icmp_outcome.h). Established connections are left alone
//     (Linux only notes a "soft" error there, reported if the connection
//     later times out; Tether does not keep one).
// The packet itself goes on to lwIP unchanged (return 0).
//
// lwIP checks the packet's checksums only after the hook; we match on the
// quoted addresses and ports (and, for TCP, the quoted sequence number),
// which only the socket that sent the quoted packet can match.
#include <stdint.h>

#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "net/socket/icmp_outcome.h"
#include "net/socket/inet_datagram_socket.h"
#include "net/socket/inet_stream_socket.h"

namespace {

constexpr uint8_t kProtoIcmp = 1, kProtoTcp = 6, kProtoUdp = 17, kProtoIcmp6 = 58;
constexpr uint8_t kIcmpDestUnreachable = 3, kIcmpPortUnreachable = 3;    // RFC 792
constexpr uint8_t kIcmp6DestUnreachable = 1, kIcmp6PortUnreachable = 4;  // RFC 4443

uint16_t be16(const uint8_t* b) { return uint16_t((b[0] << 8) | b[1]); }
uint32_t be32(const uint8_t* b) { return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3]; }

// An ICMP error message, as far as a socket cares: what it says, and the
// packet of ours it quotes (its source is us, its destination our peer).
struct IcmpError {
  net::IcmpVersion version;
  uint8_t type, code;
  uint8_t protocol;  // of the quoted packet: kProtoTcp or kProtoUdp
  ip_addr_t local, peer;
  uint16_t local_port, peer_port;
  uint32_t sequence;  // TCP only: the quoted segment's sequence number
};

// The first 8 bytes of the quoted TCP or UDP header: ports, and TCP's
// sequence number.
void read_ports(const uint8_t* transport, IcmpError* e) {
  e->local_port = be16(transport);
  e->peer_port = be16(transport + 2);
  e->sequence = e->protocol == kProtoTcp ? be32(transport + 4) : 0;
}

// An error message (not an echo or a neighbour message) quoting a TCP or
// UDP packet? The outer header (up to 60 bytes), the ICMP header (8), the
// quoted IP header (up to 60) and 8 bytes of the quoted TCP/UDP header.
bool parse_icmp4(struct pbuf* p, IcmpError* e) {
  uint8_t b[60 + 8 + 60 + 8];
  u16_t got = pbuf_copy_partial(p, b, sizeof b, 0);
  if (got < 20 || (b[0] >> 4) != 4 || b[9] != kProtoIcmp) return false;
  unsigned ihl = (b[0] & 0xf) * 4u;
  if (ihl < 20 || (b[6] & 0x3f) || b[7]) return false;  // a fragment: not a whole message
  if (got < ihl + 8 + 20) return false;
  const uint8_t* icmp = b + ihl;
  // The error messages, which quote a packet: destination unreachable,
  // source quench, redirect, time exceeded, parameter problem.
  if (icmp[0] != 3 && icmp[0] != 4 && icmp[0] != 5 && icmp[0] != 11 && icmp[0] != 12) return false;
  const uint8_t* quoted = icmp + 8;
  unsigned quoted_ihl = (quoted[0] & 0xf) * 4u;
  if ((quoted[0] >> 4) != 4 || quoted_ihl < 20) return false;
  if (quoted[9] != kProtoTcp && quoted[9] != kProtoUdp) return false;
  if (got < ihl + 8 + quoted_ihl + 8) return false;  // RFC 792 quotes 8 bytes past the header
  e->version = net::IcmpVersion::V4;
  e->type = icmp[0];
  e->code = icmp[1];
  e->protocol = quoted[9];
  uint32_t source, destination;  // network order, as lwIP keeps them
  __builtin_memcpy(&source, quoted + 12, 4);
  __builtin_memcpy(&destination, quoted + 16, 4);
  ip_addr_set_ip4_u32_val(e->local, source);
  ip_addr_set_ip4_u32_val(e->peer, destination);
  read_ports(quoted + quoted_ihl, e);
  return true;
}

// The same for ICMPv6: the fixed header (40), the ICMPv6 header (8), the
// quoted fixed header (40), 8 bytes of the quoted TCP/UDP header. Extension
// headers are not followed (lwIP sends none with TCP or UDP).
bool parse_icmp6(struct pbuf* p, struct netif* inp, IcmpError* e) {
  uint8_t b[40 + 8 + 40 + 8];
  if (pbuf_copy_partial(p, b, sizeof b, 0) != sizeof b) return false;
  if ((b[0] >> 4) != 6 || b[6] != kProtoIcmp6) return false;
  const uint8_t* icmp = b + 40;
  if (icmp[0] >= 128) return false;  // informational: echo, neighbour discovery, MLD
  const uint8_t* quoted = icmp + 8;
  if ((quoted[0] >> 4) != 6 || (quoted[6] != kProtoTcp && quoted[6] != kProtoUdp)) return false;
  e->version = net::IcmpVersion::V6;
  e->type = icmp[0];
  e->code = icmp[1];
  e->protocol = quoted[6];
  uint32_t words[4];
  __builtin_memcpy(words, quoted + 8, 16);  // the quoted source: us
  IP_ADDR6(&e->local, words[0], words[1], words[2], words[3]);
  __builtin_memcpy(words, quoted + 24, 16);  // the quoted destination: our peer
  IP_ADDR6(&e->peer, words[0], words[1], words[2], words[3]);
  // A link-local address is only meaningful with its link: the one the
  // error came in on (lwIP keeps a pcb's link-local addresses zoned).
  ip6_addr_clear_zone(ip_2_ip6(&e->local));
  ip6_addr_clear_zone(ip_2_ip6(&e->peer));
  ip6_addr_assign_zone(ip_2_ip6(&e->local), IP6_UNICAST, inp);
  ip6_addr_assign_zone(ip_2_ip6(&e->peer), IP6_UNICAST, inp);
  read_ports(quoted + 40, e);
  return true;
}

void deliver(const IcmpError& e) {
  if (e.protocol == kProtoUdp) {
    bool port_unreachable = e.version == net::IcmpVersion::V4
                                ? e.type == kIcmpDestUnreachable && e.code == kIcmpPortUnreachable
                                : e.type == kIcmp6DestUnreachable && e.code == kIcmp6PortUnreachable;
    if (port_unreachable) net::InetDatagramSocket::icmp_port_unreachable(e.peer, e.peer_port, e.local_port);
    return;
  }
  net::IcmpConnectOutcome outcome = net::icmp_connect_outcome(e.version, e.type, e.code);
  if (outcome.ends_attempt)
    net::InetStreamSocket::icmp_connect_error(e.local, e.local_port, e.peer, e.peer_port, e.sequence,
                                              outcome.condition);
}

}  // namespace

extern "C" int tether_ip4_input_hook(struct pbuf* p, struct netif*) {
  IcmpError e;
  if (parse_icmp4(p, &e)) deliver(e);
  return 0;
}

extern "C" int tether_ip6_input_hook(struct pbuf* p, struct netif* inp) {
  IcmpError e;
  if (parse_icmp6(p, inp, &e)) deliver(e);
  return 0;
}
