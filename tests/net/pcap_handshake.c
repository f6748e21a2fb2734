/* pcap_handshake FILE CLIENT_IP SERVER_IP SERVER_PORT
 *
 * Reads a classic pcap file (what QEMU's filter-dump writes: either byte
 * order, microsecond or nanosecond timestamps, Ethernet frames) and looks
 * for a TCP three-way handshake from CLIENT_IP to SERVER_IP:SERVER_PORT
 * over IPv4:
 *   SYN      client:c -> server:port, seq x
 *   SYN-ACK  server:port -> client:c, ack x+1, seq y
 *   ACK      client:c -> server:port, ack y+1 (no SYN)
 * Prints each one as it is found and "ok handshake" (exit 0), or what is
 * missing (exit 1). Exit 2: the file cannot be read. No tshark needed. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int swapped;
static uint32_t u32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return swapped ? __builtin_bswap32(v) : v;
}
static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
static uint16_t be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }

enum { kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10 };

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: pcap_handshake FILE CLIENT_IP SERVER_IP SERVER_PORT\n");
    return 2;
  }
  struct in_addr client_addr, server_addr;
  if (inet_pton(AF_INET, argv[2], &client_addr) != 1 || inet_pton(AF_INET, argv[3], &server_addr) != 1) {
    fprintf(stderr, "pcap_handshake: bad address\n");
    return 2;
  }
  uint32_t client = ntohl(client_addr.s_addr), server = ntohl(server_addr.s_addr);
  uint16_t port = (uint16_t)atoi(argv[4]);

  FILE *f = fopen(argv[1], "rb");
  unsigned char header[24];
  if (!f || fread(header, 1, 24, f) != 24) {
    fprintf(stderr, "pcap_handshake: cannot read %s\n", argv[1]);
    return 2;
  }
  uint32_t magic;
  memcpy(&magic, header, 4);
  if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
    swapped = 0;
  } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
    swapped = 1;
  } else {
    fprintf(stderr, "pcap_handshake: not a classic pcap file (magic %08x)\n", magic);
    return 2;
  }
  if (u32(header + 20) != 1) {
    fprintf(stderr, "pcap_handshake: link type %u, not Ethernet\n", u32(header + 20));
    return 2;
  }

  /* 0: want the SYN; 1: the SYN-ACK; 2: the ACK; 3: done. */
  int stage = 0;
  uint16_t client_port = 0;
  uint32_t syn_seq = 0, synack_seq = 0;
  unsigned long frames = 0;
  static unsigned char frame[65536 + 64];
  unsigned char record[16];
  while (stage < 3 && fread(record, 1, 16, f) == 16) {
    uint32_t caplen = u32(record + 8);
    if (caplen > sizeof frame) {
      fprintf(stderr, "pcap_handshake: record of %u bytes\n", caplen);
      return 2;
    }
    if (fread(frame, 1, caplen, f) != caplen) break;  /* a cut-off last record */
    frames++;

    const unsigned char *p = frame;
    size_t len = caplen;
    if (len < 14) continue;
    uint16_t type = be16(p + 12);
    p += 14, len -= 14;
    if (type == 0x8100 && len >= 4) type = be16(p + 2), p += 4, len -= 4;  /* a VLAN tag */
    if (type != 0x0800 || len < 20 || p[0] >> 4 != 4) continue;
    size_t ihl = (size_t)(p[0] & 0x0f) * 4;
    if (ihl < 20 || len < ihl || p[9] != 6) continue;
    if (be16(p + 6) & 0x1fff) continue;  /* a later fragment */
    uint32_t src = be32(p + 12), dst = be32(p + 16);
    p += ihl, len -= ihl;
    if (len < 20) continue;
    uint16_t sport = be16(p), dport = be16(p + 2);
    uint32_t seq = be32(p + 4), ack = be32(p + 8);
    uint8_t flags = p[13];

    int from_client = src == client && dst == server && dport == port;
    int from_server = src == server && dst == client && sport == port;
    if (stage == 0 && from_client && (flags & (kSyn | kAck | kRst)) == kSyn) {
      client_port = sport;
      syn_seq = seq;
      printf("frame %lu: SYN %s:%u -> %s:%u seq %u\n", frames, argv[2], sport, argv[3], port, seq);
      stage = 1;
    } else if (stage == 1 && from_client && (flags & (kSyn | kAck)) == kSyn) {
      client_port = sport;  /* a retransmitted or new SYN */
      syn_seq = seq;
    } else if (stage == 1 && from_server && dport == client_port && (flags & (kSyn | kAck | kRst)) == (kSyn | kAck) &&
               ack == syn_seq + 1) {
      synack_seq = seq;
      printf("frame %lu: SYN-ACK seq %u ack %u\n", frames, seq, ack);
      stage = 2;
    } else if (stage == 2 && from_client && sport == client_port && (flags & (kSyn | kAck | kRst)) == kAck &&
               ack == synack_seq + 1) {
      printf("frame %lu: ACK ack %u\n", frames, ack);
      stage = 3;
    }
  }
  static const char *const missing[] = {"no SYN", "no SYN-ACK", "no ACK"};
  if (stage < 3) {
    printf("%s for %s -> %s:%u in %lu frames\n", missing[stage], argv[2], argv[3], port, frames);
    return 1;
  }
  printf("ok handshake\n");
  return 0;
}
