// Transmit checksum offload, as the virtio spec asks for it (5.1.6.2):
//
//   "flags has the VIRTIO_NET_HDR_F_NEEDS_CSUM set, csum_start is set to
//    the offset within the packet to begin checksumming, and csum_offset
//    indicates how many bytes after the csum_start the new (16 bit ones'
//    complement) checksum is placed by the device. The TCP checksum field in
//    the packet is set to the sum of the TCP pseudo header, so that
//    replacing it by the ones' complement checksum of the TCP header and
//    body will give the correct result."
//
// So the driver does the cheap part, the pseudo-header (addresses, protocol,
// length: RFC 793 3.1 for IPv4, RFC 8200 8.1 for IPv6), and the device sums
// the segment itself. lwIP leaves TCP checksums to us when offload is on
// (EthernetInterface::attach); it never fragments TCP and never puts IPv6
// extension headers in front of it, so every TCP segment it sends is one
// this parser understands.
#include "net/virtio_net/checksum_offload.h"

#include "kernel/lib/string.h"

namespace virtio_net {
namespace {

constexpr uint16_t kEtherTypeIpv4 = 0x0800;
constexpr uint16_t kEtherTypeIpv6 = 0x86DD;
constexpr uint32_t kEthernetHeader = 14;
constexpr uint8_t kProtocolTcp = 6;
constexpr uint16_t kTcpChecksumOffset = 16;  // in the TCP header
constexpr uint32_t kTcpHeaderMin = 20;

uint16_t load16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }

// The 16-bit big-endian words of bytes[0..n), summed (n even).
uint32_t sum_words(const uint8_t* bytes, uint32_t n) {
  uint32_t sum = 0;
  for (uint32_t i = 0; i < n; i += 2) sum += load16(bytes + i);
  return sum;
}

// Folds the carries back in: a ones' complement sum in 16 bits.
uint16_t fold(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return uint16_t(sum);
}

// Fills in the device's half of the job: where the TCP header starts, and
// the pseudo-header sum in its checksum field.
bool prepare(uint8_t* frame, uint32_t tcp_start, uint32_t pseudo_sum, NetHeader* header) {
  uint8_t* field = frame + tcp_start + kTcpChecksumOffset;
  uint16_t sum = fold(pseudo_sum);
  field[0] = uint8_t(sum >> 8);
  field[1] = uint8_t(sum);
  header->flags = kFlagNeedsCsum;
  header->csum_start = uint16_t(tcp_start);
  header->csum_offset = kTcpChecksumOffset;
  return true;
}

}  // namespace

bool request_tcp_checksum(uint8_t* frame, uint32_t length, NetHeader* header) {
  if (length < kEthernetHeader) return false;
  uint16_t ether_type = load16(frame + 12);
  const uint8_t* ip = frame + kEthernetHeader;
  uint32_t ip_room = length - kEthernetHeader;

  if (ether_type == kEtherTypeIpv4) {
    if (ip_room < 20) return false;
    uint32_t header_length = uint32_t(ip[0] & 0x0f) * 4;
    uint32_t total_length = load16(ip + 2);
    bool fragment = (load16(ip + 6) & 0x3fff) != 0;  // more fragments, or an offset
    if (ip[9] != kProtocolTcp || fragment || header_length < 20 || total_length > ip_room ||
        total_length < header_length + kTcpHeaderMin)
      return false;
    uint32_t tcp_length = total_length - header_length;
    // Source and destination addresses, the protocol, the TCP length.
    uint32_t pseudo = sum_words(ip + 12, 8) + kProtocolTcp + tcp_length;
    return prepare(frame, kEthernetHeader + header_length, pseudo, header);
  }

  if (ether_type == kEtherTypeIpv6) {
    constexpr uint32_t kIpv6Header = 40;
    if (ip_room < kIpv6Header) return false;
    uint32_t payload_length = load16(ip + 4);
    if (ip[6] != kProtocolTcp || payload_length > ip_room - kIpv6Header || payload_length < kTcpHeaderMin) return false;
    // Source and destination addresses, the 32-bit length, the next header.
    uint32_t pseudo = sum_words(ip + 8, 32) + payload_length + kProtocolTcp;
    return prepare(frame, kEthernetHeader + kIpv6Header, pseudo, header);
  }
  return false;
}

}  // namespace virtio_net
