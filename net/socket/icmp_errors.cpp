// ICMP errors lwIP does not deliver: the IP input hooks of lwipopts.h
// (LWIP_HOOK_IP4_INPUT, LWIP_HOOK_IP6_INPUT) call these for every IP packet
// that arrives, in the net thread with the network lock held, before lwIP
// has looked at it.
//
// lwIP 2.1.3's icmp_input/icmp6_input count a destination unreachable and
// drop it: no UDP (or TCP) pcb is told. Linux reports an ICMP port
// unreachable to the connected UDP socket whose datagram it quotes
// (ECONNREFUSED on the next call; udp(7)). So we read the quoted IP and
// UDP headers here and hand (peer, peer port, local port) to the socket
// layer. The packet itself goes on to lwIP unchanged (return 0).
//
// lwIP checks the packet's checksums only after the hook; we match on the
// quoted addresses and ports alone, which only a connected socket with
// that exact peer can match.
#include <stdint.h>

#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "net/socket/inet_datagram_socket.h"

namespace {

constexpr uint8_t kProtoIcmp = 1, kProtoUdp = 17, kProtoIcmp6 = 58;
constexpr uint8_t kIcmpDestUnreachable = 3, kIcmpPortUnreachable = 3;    // RFC 792
constexpr uint8_t kIcmp6DestUnreachable = 1, kIcmp6PortUnreachable = 4;  // RFC 4443

uint16_t be16(const uint8_t* b) { return uint16_t((b[0] << 8) | b[1]); }

}  // namespace

extern "C" int tether_ip4_input_hook(struct pbuf* p, struct netif*) {
  // The outer header (up to 60 bytes), the ICMP header (8), the quoted IP
  // header (up to 60) and the first 4 bytes of the quoted UDP header.
  uint8_t b[60 + 8 + 60 + 4];
  u16_t got = pbuf_copy_partial(p, b, sizeof b, 0);
  if (got < 20 || (b[0] >> 4) != 4 || b[9] != kProtoIcmp) return 0;
  unsigned ihl = (b[0] & 0xf) * 4u;
  if (ihl < 20 || (b[6] & 0x3f) || b[7]) return 0;  // a fragment: not a whole message
  if (got < ihl + 8 + 20) return 0;
  const uint8_t* icmp = b + ihl;
  if (icmp[0] != kIcmpDestUnreachable || icmp[1] != kIcmpPortUnreachable) return 0;
  const uint8_t* quoted = icmp + 8;
  unsigned quoted_ihl = (quoted[0] & 0xf) * 4u;
  if ((quoted[0] >> 4) != 4 || quoted_ihl < 20 || quoted[9] != kProtoUdp) return 0;
  if (got < ihl + 8 + quoted_ihl + 4) return 0;
  const uint8_t* udp = quoted + quoted_ihl;
  uint32_t destination;
  __builtin_memcpy(&destination, quoted + 16, 4);  // network order, as lwIP keeps it
  ip_addr_t peer;
  ip_addr_set_ip4_u32_val(peer, destination);
  net::InetDatagramSocket::icmp_port_unreachable(peer, be16(udp + 2), be16(udp));
  return 0;
}

extern "C" int tether_ip6_input_hook(struct pbuf* p, struct netif*) {
  // The fixed header (40), the ICMPv6 header (8), the quoted fixed header
  // (40) and 4 bytes of the quoted UDP header. Extension headers before
  // the ICMPv6 message are not followed (lwIP's own messages have none).
  uint8_t b[40 + 8 + 40 + 4];
  if (pbuf_copy_partial(p, b, sizeof b, 0) != sizeof b) return 0;
  if ((b[0] >> 4) != 6 || b[6] != kProtoIcmp6) return 0;
  const uint8_t* icmp = b + 40;
  if (icmp[0] != kIcmp6DestUnreachable || icmp[1] != kIcmp6PortUnreachable) return 0;
  const uint8_t* quoted = icmp + 8;
  if ((quoted[0] >> 4) != 6 || quoted[6] != kProtoUdp) return 0;
  const uint8_t* udp = quoted + 40;
  uint32_t words[4];
  __builtin_memcpy(words, quoted + 24, 16);  // the quoted destination: our peer
  ip_addr_t peer;
  IP_ADDR6(&peer, words[0], words[1], words[2], words[3]);
  ip6_addr_clear_zone(ip_2_ip6(&peer));
  net::InetDatagramSocket::icmp_port_unreachable(peer, be16(udp + 2), be16(udp));
  return 0;
}
