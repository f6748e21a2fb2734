/* frame_peer: the host end of a QEMU socket netdev in udp= mode, for the
 * network tests (tests/net/README.md). Every UDP datagram between
 * 127.0.0.1:PEERPORT (us) and 127.0.0.1:QEMUPORT (QEMU) is one whole
 * Ethernet frame, no length prefix.
 *
 * usage: frame_peer PEERPORT QEMUPORT burst N [ping6 COUNT]
 *        frame_peer PEERPORT QEMUPORT ping6 COUNT
 *        frame_peer PEERPORT QEMUPORT smuggle COUNT
 *        frame_peer PEERPORT QEMUPORT tcp MAXSECONDS
 *        frame_peer freeports    prints two free UDP ports of 127.0.0.1
 *
 *   burst N     wait (up to FRAME_PEER_TIMEOUT s, default 60) for the guest's first frame (its driver is
 *               up), then send N malformed or hostile frames over ~2-3 s;
 *               fixed seed, so every run sends the same frames.
 *               Prints "sent S frames".
 *   ping6 COUNT ICMPv6 echo from fe80::5054:ff:fe00:99 (52:54:00:00:00:99)
 *               to the guest's fe80::5054:ff:fe00:2 (52:54:00:00:00:02),
 *               answering the guest's Neighbor Solicitations for our
 *               address. First probes until one reply (the guest is up and
 *               its address past DAD), then COUNT requests. Prints
 *               "replies R of COUNT"; exit 0 when R >= COUNT-1.
 *   smuggle COUNT  like ping6, but each of the COUNT echo requests hides in
 *               the last receive buffer of an oversize frame (16478 bytes:
 *               5 of the driver's 4096-byte buffers, behind a fake 12-byte
 *               virtio-net header saying num_buffers 1). The driver must
 *               drop the whole frame; an answer means it took the frame's
 *               tail for a frame of its own. Prints "smuggled replies R of
 *               COUNT"; exit 0 when the guest answered probes and R is 0.
 *   tcp MAXSECONDS  a host that answers TCP connects from the guest with
 *               ICMP errors, chosen by the destination port. Over IPv6 it is
 *               fe80::5054:ff:fe00:99 (answering Neighbor Solicitations),
 *               over IPv4 192.168.77.99 (answering ARP), both with MAC
 *               52:54:00:00:00:99. For a SYN to port
 *                 40000+C (C < 256)  destination unreachable, code C
 *                                    (ICMP type 3 / ICMPv6 type 1)
 *                 41000+T (T < 256)  ICMP(v6) type T, code 0 (time exceeded:
 *                                    IPv4 11, IPv6 3)
 *                 42000              a RST (nobody listens)
 *                 42001              port unreachable quoting a sequence
 *                                    number the guest never sent
 *                 42002              nothing (the SYN is dropped)
 *                 42999              a RST, and the mode ends ("done")
 *               and nothing for other ports. Every error quotes the whole
 *               SYN. Ends at "done" or after MAXSECONDS. Prints one line per
 *               SYN ("syn6 PORT: icmp 1/3", "syn4 PORT: rst", ...), then
 *               "answered N syns"; exit 0 when "done" came.
 *
 * Empty datagrams are not sent: QEMU 7.2's socket netdev takes a 0-byte
 * datagram for "end of connection" and stops reading the socket for good
 * (net/socket.c, net_socket_send_dgram), which would test QEMU, not Tether.
 * Set FRAME_PEER_EMPTY=1 to send them anyway.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"

static int sock;
static struct sockaddr_in qemu_addr;

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x02};
static const uint8_t peer_mac[6] = {0x52, 0x54, 0x00, 0x00, 0x00, 0x99};
static const uint8_t bcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t guest_ip6[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x50, 0x54, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x02};
static const uint8_t peer_ip6[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x50, 0x54, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x99};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_s(double s) {
  struct timespec ts = {(time_t)s, (long)((s - (time_t)s) * 1e9)};
  nanosleep(&ts, NULL);
}

static int send_frame(const uint8_t* frame, size_t len) {
  return sendto(sock, frame, len, 0, (struct sockaddr*)&qemu_addr, sizeof qemu_addr) == (ssize_t)len;
}

/* Waits up to `timeout` seconds for a frame; returns its length or -1. */
static ssize_t recv_frame(uint8_t* buf, size_t cap, double timeout) {
  struct pollfd p = {sock, POLLIN, 0};
  int ms = timeout <= 0 ? 0 : (int)(timeout * 1000);
  if (poll(&p, 1, ms) <= 0) return -1;
  return recv(sock, buf, cap, 0);
}

/* ---- frames ---------------------------------------------------------------- */

/* An IPv6 packet with an ICMPv6 message of `len` bytes at f+54; returns the
 * frame's length. */
static size_t icmp6(uint8_t* f, const uint8_t* dst_mac, const uint8_t* dst_ip, uint8_t hop_limit, size_t len) {
  eth(f, dst_mac, peer_mac, 0x86dd);
  uint8_t* ip = f + 14;
  memset(ip, 0, 40);
  ip[0] = 0x60;
  put16(ip + 4, (uint16_t)len);
  ip[6] = 58;
  ip[7] = hop_limit;
  memcpy(ip + 8, peer_ip6, 16);
  memcpy(ip + 24, dst_ip, 16);
  uint8_t* icmp = ip + 40;
  put16(icmp + 2, 0);
  uint32_t acc = sum16(ip + 8, 32, 0); /* source and destination */
  acc += (uint32_t)len;                /* upper-layer length */
  acc += 58;                           /* next header */
  acc = sum16(icmp, len, acc);
  put16(icmp + 2, fold(acc));
  return 14 + 40 + len;
}

/* ---- burst ------------------------------------------------------------------ */

static uint64_t rng_state = 0x7e7e7e7e12345678ull;
static uint32_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state >> 11);
}
static void fill_random(uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; i++) p[i] = (uint8_t)rnd();
}
static const uint8_t* some_dst(void) {
  switch (rnd() % 4) {
    case 0: return bcast_mac;
    case 1: {
      static uint8_t m[6];
      fill_random(m, 6);
      return m;
    }
    default: return guest_mac;
  }
}

static void ipv4_header(uint8_t* ip, uint8_t proto, uint16_t total) {
  ip[0] = 0x45;
  ip[1] = 0;
  put16(ip + 2, total);
  put16(ip + 4, (uint16_t)rnd());
  put16(ip + 6, 0);
  ip[8] = 64;
  ip[9] = proto;
  put16(ip + 10, 0);
  ip[12] = 10, ip[13] = 0, ip[14] = 3, ip[15] = 99;
  ip[16] = 10, ip[17] = 0, ip[18] = 3, ip[19] = 15;
}
/* Builds hostile frame number i into f (capacity 65536); returns its length. */
static size_t hostile(uint8_t* f, unsigned i) {
  size_t len;
  switch (i % 14) {
    case 0: /* tiny: 1..13 bytes, less than an Ethernet header */
      len = 1 + rnd() % 13;
      fill_random(f, len);
      if (len >= 6) memcpy(f, guest_mac, 6);
      return len;
    case 1: /* exactly 13 bytes */
      eth(f, guest_mac, peer_mac, 0x0800);
      return 13;
    case 2: /* 60 bytes, random ethertype */
      eth(f, some_dst(), peer_mac, (uint16_t)rnd());
      fill_random(f + 14, 46);
      return 60;
    case 3: { /* IPv4 with a bad IHL (0..4 or longer than the packet) */
      len = 14 + 20 + rnd() % 40;
      eth(f, some_dst(), peer_mac, 0x0800);
      ipv4_header(f + 14, (uint8_t)(rnd() % 3 ? 17 : 6), (uint16_t)(len - 14));
      f[14] = (uint8_t)(0x40 | (rnd() % 2 ? rnd() % 5 : 15));
      fill_random(f + 34, len - 34);
      ipv4_checksum(f + 14);
      return len;
    }
    case 4: { /* IPv4 total length larger or smaller than the frame */
      len = 14 + 20 + rnd() % 100;
      eth(f, guest_mac, peer_mac, 0x0800);
      uint16_t total = (uint16_t)(rnd() % 2 ? 0xffff - rnd() % 1000 : rnd() % 20);
      ipv4_header(f + 14, (uint8_t)(rnd() % 3 ? 17 : 1), total);
      fill_random(f + 34, len - 34);
      ipv4_checksum(f + 14);
      return len;
    }
    case 5: /* IPv4 with a wrong header checksum */
      len = 14 + 20 + 8 + rnd() % 64;
      eth(f, guest_mac, peer_mac, 0x0800);
      ipv4_header(f + 14, 17, (uint16_t)(len - 14));
      fill_random(f + 34, len - 34);
      ipv4_checksum(f + 14);
      f[24] ^= 0x5a;
      return len;
    case 6: { /* IPv4 fragments: random offsets, more-fragments, overlaps, past 64 KiB */
      len = 14 + 20 + 8 * (1 + rnd() % 40);
      eth(f, guest_mac, peer_mac, 0x0800);
      ipv4_header(f + 14, (uint8_t)(rnd() % 2 ? 17 : 1), (uint16_t)(len - 14));
      put16(f + 18, (uint16_t)(rnd() % 8)); /* few ids: fragments pile up */
      put16(f + 20, (uint16_t)((rnd() % 2 ? 0x2000 : 0) | (rnd() % 0x2000)));
      fill_random(f + 34, len - 34);
      ipv4_checksum(f + 14);
      return len;
    }
    case 7: { /* truncated TCP or UDP header, valid IP header */
      uint8_t proto = rnd() % 2 ? 6 : 17;
      size_t l4 = rnd() % (proto == 6 ? 20 : 8);
      len = 14 + 20 + l4;
      eth(f, guest_mac, peer_mac, 0x0800);
      ipv4_header(f + 14, proto, (uint16_t)(len - 14));
      fill_random(f + 34, l4);
      ipv4_checksum(f + 14);
      if (len < 60) memset(f + len, 0, 60 - len), len = rnd() % 2 ? 60 : len;
      return len;
    }
    case 8: { /* TCP with a data offset past the end, or a UDP length lie */
      uint8_t proto = rnd() % 2 ? 6 : 17;
      len = 14 + 20 + 20 + rnd() % 40;
      eth(f, guest_mac, peer_mac, 0x0800);
      ipv4_header(f + 14, proto, (uint16_t)(len - 14));
      fill_random(f + 34, len - 34);
      if (proto == 6)
        f[34 + 12] = (uint8_t)((rnd() % 16) << 4);
      else
        put16(f + 34 + 4, (uint16_t)(rnd() % 2 ? 0xffff : rnd() % 8));
      ipv4_checksum(f + 14);
      return len;
    }
    case 9: { /* ARP with absurd hardware/protocol lengths or truncated */
      len = 14 + rnd() % 40;
      eth(f, rnd() % 2 ? bcast_mac : guest_mac, peer_mac, 0x0806);
      fill_random(f + 14, len - 14);
      if (len >= 14 + 8) {
        put16(f + 14, (uint16_t)(rnd() % 2 ? 1 : rnd()));
        put16(f + 16, (uint16_t)(rnd() % 2 ? 0x0800 : rnd()));
        f[18] = (uint8_t)(rnd() % 2 ? 255 : rnd());
        f[19] = (uint8_t)(rnd() % 2 ? 255 : rnd());
        put16(f + 20, (uint16_t)(1 + rnd() % 2));
      }
      return len;
    }
    case 10: { /* IPv6 with a payload length larger than the frame, or odd headers */
      len = 14 + 40 + rnd() % 64;
      eth(f, rnd() % 2 ? guest_mac : (const uint8_t[]){0x33, 0x33, 0, 0, 0, 1}, peer_mac, 0x86dd);
      uint8_t* ip = f + 14;
      fill_random(ip, len - 14);
      ip[0] = 0x60;
      put16(ip + 4, (uint16_t)(len - 54 + 1 + rnd() % 60000));
      static const uint8_t nexts[] = {0, 43, 44, 58, 6, 17, 60, 59};
      ip[6] = nexts[rnd() % sizeof nexts];
      ip[7] = 255;
      memcpy(ip + 8, peer_ip6, 16);
      if (rnd() % 2) memcpy(ip + 24, guest_ip6, 16);
      return len;
    }
    case 11: { /* IPv6 with chained extension headers claiming huge lengths */
      len = 14 + 40 + 8 + rnd() % 100;
      eth(f, guest_mac, peer_mac, 0x86dd);
      uint8_t* ip = f + 14;
      memset(ip, 0, 40);
      ip[0] = 0x60;
      put16(ip + 4, (uint16_t)(len - 54));
      ip[6] = rnd() % 2 ? 0 : 44; /* hop-by-hop or fragment */
      ip[7] = 64;
      memcpy(ip + 8, peer_ip6, 16);
      memcpy(ip + 24, guest_ip6, 16);
      fill_random(ip + 40, len - 54);
      ip[40] = (uint8_t)(rnd() % 2 ? 0 : 44);
      ip[41] = 0xff;
      return len;
    }
    case 12: /* oversize: 1515..65000 bytes (the MTU is 1500) */
      len = 1515 + rnd() % (65000 - 1515 + 1);
      if (rnd() % 4 == 0) len = 1515 + rnd() % 64; /* just over */
      eth(f, guest_mac, peer_mac, rnd() % 2 ? 0x0800 : 0x86dd);
      fill_random(f + 14, 64);
      memset(f + 78, 0xa5, len - 78);
      if (get16(f + 12) == 0x0800) ipv4_header(f + 14, 17, (uint16_t)(len - 14 > 0xffff ? 0xffff : len - 14)), ipv4_checksum(f + 14);
      return len;
    default: /* garbage of any length up to 1514 */
      len = 1 + rnd() % 1514;
      fill_random(f, len);
      if (rnd() % 2) memcpy(f, guest_mac, 6);
      return len;
  }
}

static int do_burst(unsigned n, double wait_timeout) {
  static uint8_t f[65536];
  /* The guest's driver is up when it sends something (DHCP, DAD, MLD). */
  double deadline = now() + wait_timeout;
  int seen = 0;
  while (now() < deadline) {
    if (recv_frame(f, sizeof f, deadline - now()) >= 0) {
      seen = 1;
      break;
    }
  }
  if (!seen) fprintf(stderr, "frame_peer: no frame from the guest in %.0f s; bursting anyway\n", wait_timeout);
  int empty = getenv("FRAME_PEER_EMPTY") && atoi(getenv("FRAME_PEER_EMPTY"));
  unsigned sent = 0;
  double start = now(), span = 2.5;
  for (unsigned i = 0; i < n; i++) {
    size_t len = hostile(f, i);
    if (empty && i % 500 == 499) len = 0;
    if (send_frame(f, len)) sent++;
    /* Pace: frame i goes out at start + span * i / n. */
    double due = start + span * (i + 1) / n;
    double wait = due - now();
    if (wait > 0.0005) sleep_s(wait);
    /* Drain what the guest sends meanwhile (it answers some frames). */
    while (recv_frame(f, sizeof f, 0) >= 0) {
    }
  }
  printf("sent %u frames in %.1f s\n", sent, now() - start);
  fflush(stdout);
  return 0;
}

/* ---- ping6 ------------------------------------------------------------------- */

static uint16_t ping_id = 0x7e7e;
static uint8_t got[65536];
static int smuggle;

/* The driver's receive buffers (net/virtio_net/virtio_net_device.h) and
 * its virtio-net header (num_buffers included): an oversize frame's bytes
 * from kSmuggleAt on land at the start of its 5th buffer. */
enum { kRxBuffer = 4096, kNetHeader = 12, kSmuggleAt = 4 * kRxBuffer - kNetHeader };

static void send_echo(uint16_t seq) {
  uint8_t f[200];
  uint8_t* icmp = f + 54;
  icmp[0] = 128, icmp[1] = 0;
  put16(icmp + 4, ping_id);
  put16(icmp + 6, seq);
  for (int i = 0; i < 32; i++) icmp[8 + i] = (uint8_t)(i + seq);
  size_t len = icmp6(f, guest_mac, guest_ip6, 64, 40);
  if (smuggle && seq < 1000) {
    static uint8_t big[kSmuggleAt + kNetHeader + sizeof f];
    memset(big, 0xa5, sizeof big);
    eth(big, guest_mac, peer_mac, 0x88b5); /* local experimental ethertype */
    uint8_t* fake = big + kSmuggleAt;
    memset(fake, 0, kNetHeader);
    fake[10] = 1; /* num_buffers = 1, little-endian */
    memcpy(fake + kNetHeader, f, len);
    send_frame(big, kSmuggleAt + kNetHeader + len);
    return;
  }
  send_frame(f, len);
}

/* Handles one frame from the guest: answers a Neighbor Solicitation for our
 * address; returns the sequence number of an echo reply to us, or -1. */
static int handle(const uint8_t* f, ssize_t len) {
  if (len < 14 + 40 + 8 || get16(f + 12) != 0x86dd) return -1;
  const uint8_t* ip = f + 14;
  if ((ip[0] >> 4) != 6 || ip[6] != 58) return -1;
  size_t plen = get16(ip + 4);
  if (plen < 8 || 54 + plen > (size_t)len) return -1;
  const uint8_t* icmp = ip + 40;
  uint32_t acc = sum16(ip + 8, 32, 0) + (uint32_t)plen + 58;
  if (fold(sum16(icmp, plen, acc)) != 0) {
    fprintf(stderr, "frame_peer: ICMPv6 type %u with a bad checksum\n", icmp[0]);
    return -1;
  }
  if (icmp[0] == 135 && plen >= 24 && memcmp(icmp + 8, peer_ip6, 16) == 0) {
    uint8_t r[200];
    uint8_t* na = r + 54;
    memset(na, 0, 32);
    na[0] = 136;
    static const uint8_t zero[16];
    int dad = memcmp(ip + 8, zero, 16) == 0;
    na[4] = dad ? 0x20 : 0x60; /* (solicited,) override */
    memcpy(na + 8, peer_ip6, 16);
    na[24] = 2, na[25] = 1; /* target link-layer address */
    memcpy(na + 26, peer_mac, 6);
    static const uint8_t all_nodes[16] = {0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const uint8_t all_nodes_mac[6] = {0x33, 0x33, 0, 0, 0, 1};
    size_t n = icmp6(r, dad ? all_nodes_mac : f + 6, dad ? all_nodes : ip + 8, 255, 32);
    send_frame(r, n);
    return -1;
  }
  if (icmp[0] == 129 && memcmp(ip + 24, peer_ip6, 16) == 0 && memcmp(ip + 8, guest_ip6, 16) == 0 &&
      get16(icmp + 4) == ping_id)
    return get16(icmp + 6);
  return -1;
}

/* Receives and handles frames until `until`; records replies in got[]. */
static void listen_until(double until) {
  uint8_t f[65536];
  for (;;) {
    double left = until - now();
    if (left <= 0) return;
    ssize_t n = recv_frame(f, sizeof f, left);
    if (n < 0) continue;
    int seq = handle(f, n);
    if (seq >= 0) got[seq] = 1;
  }
}

static int do_ping6(unsigned count, double probe_timeout) {
  /* Probes (seq 1000+) until the guest answers one. */
  double deadline = now() + probe_timeout;
  unsigned probe = 1000;
  int up = 0;
  while (now() < deadline && !up) {
    send_echo((uint16_t)probe);
    listen_until(now() + 0.5);
    for (unsigned s = 1000; s <= probe; s++) up |= got[s];
    probe++;
  }
  if (!up) fprintf(stderr, "frame_peer: no answer to %u probes\n", probe - 1000);
  for (unsigned s = 1; s <= count; s++) {
    send_echo((uint16_t)s);
    listen_until(now() + 0.2);
  }
  listen_until(now() + 2);
  unsigned replies = 0;
  for (unsigned s = 1; s <= count; s++) replies += got[s];
  printf("%sreplies %u of %u\n", smuggle ? "smuggled " : "", replies, count);
  fflush(stdout);
  if (smuggle) return up && replies == 0 ? 0 : 1;
  return replies + 1 >= count ? 0 : 1;
}

/* ---- tcp: ICMP errors, RSTs and silence for the guest's SYNs -------------- */

static const uint8_t peer_ip4[4] = {192, 168, 77, 99};
enum { kUnreachBase = 40000, kTypeBase = 41000, kRstPort = 42000, kWrongSeqPort = 42001, kSilentPort = 42002,
       kDonePort = 42999 };

/* Answers an ARP request for peer_ip4. */
static void answer_arp(const uint8_t* f, ssize_t len) {
  if (len < 42 || get16(f + 14) != 1 || get16(f + 16) != 0x0800 || f[18] != 6 || f[19] != 4) return;
  if (get16(f + 20) != 1 || memcmp(f + 38, peer_ip4, 4) != 0) return;
  uint8_t r[60];
  memset(r, 0, sizeof r);
  eth(r, f + 22, peer_mac, 0x0806);
  put16(r + 14, 1), put16(r + 16, 0x0800), r[18] = 6, r[19] = 4, put16(r + 20, 2);
  memcpy(r + 22, peer_mac, 6);
  memcpy(r + 28, peer_ip4, 4);
  memcpy(r + 32, f + 22, 6); /* the asker's MAC and address */
  memcpy(r + 38, f + 28, 4);
  send_frame(r, sizeof r);
}

/* A RST answering the SYN at `syn` (len bytes of TCP), into seg (20 bytes). */
static void rst_for(const uint8_t* syn, uint8_t* seg) {
  memset(seg, 0, 20);
  memcpy(seg, syn + 2, 2); /* ports swapped */
  memcpy(seg + 2, syn, 2);
  uint32_t ack = ((uint32_t)syn[4] << 24 | (uint32_t)syn[5] << 16 | (uint32_t)syn[6] << 8 | syn[7]) + 1;
  seg[8] = (uint8_t)(ack >> 24), seg[9] = (uint8_t)(ack >> 16), seg[10] = (uint8_t)(ack >> 8), seg[11] = (uint8_t)ack;
  seg[12] = 5 << 4;
  seg[13] = 0x14; /* RST, ACK */
}

/* What to send for a SYN to `port`: 'i' an ICMP error (type and code in *type, *code),
 * 'r' a RST, 0 nothing. */
static int verdict_for(unsigned port, int v6, int* type, int* code, int* wrong_seq) {
  *wrong_seq = 0;
  if (port >= kUnreachBase && port < kUnreachBase + 256) {
    *type = v6 ? 1 : 3, *code = (int)(port - kUnreachBase);
    return 'i';
  }
  if (port >= kTypeBase && port < kTypeBase + 256) {
    *type = (int)(port - kTypeBase), *code = 0;
    return 'i';
  }
  if (port == kWrongSeqPort) {
    *type = v6 ? 1 : 3, *code = v6 ? 4 : 3, *wrong_seq = 1;
    return 'i';
  }
  if (port == kRstPort || port == kDonePort) return 'r';
  return 0;
}

/* Handles one frame; returns 1 when it was the SYN to kDonePort. */
static int answer_tcp(const uint8_t* f, ssize_t len, unsigned* answered) {
  static uint8_t r[2048];
  uint16_t ethertype = len >= 14 ? get16(f + 12) : 0;
  if (ethertype == 0x0806) {
    answer_arp(f, len);
    return 0;
  }
  if (ethertype == 0x86dd) {
    handle(f, len); /* Neighbor Solicitations for our address */
    const uint8_t* ip = f + 14;
    if (len < 14 + 40 + 20 || ip[6] != 6 || memcmp(ip + 24, peer_ip6, 16) != 0) return 0;
    size_t plen = get16(ip + 4);
    if (plen < 20 || 54 + plen > (size_t)len) return 0;
    const uint8_t* tcp = ip + 40;
    if ((tcp[13] & 0x12) != 0x02) return 0; /* SYN without ACK only */
    unsigned port = get16(tcp + 2);
    int type, code, wrong_seq, what = verdict_for(port, 1, &type, &code, &wrong_seq);
    printf("syn6 %u: ", port);
    if (what == 'r') {
      eth(r, f + 6, peer_mac, 0x86dd);
      uint8_t* rip = r + 14;
      memset(rip, 0, 40);
      rip[0] = 0x60, put16(rip + 4, 20), rip[6] = 6, rip[7] = 64;
      memcpy(rip + 8, peer_ip6, 16);
      memcpy(rip + 24, ip + 8, 16);
      rst_for(tcp, rip + 40);
      put16(rip + 40 + 16, l4_checksum(rip + 8, rip + 24, 16, 6, rip + 40, 20));
      send_frame(r, 14 + 40 + 20);
      printf("rst\n");
    } else if (what == 'i') {
      /* The whole SYN, behind an ICMPv6 header (RFC 4443: as much as fits). */
      size_t quoted = 40 + plen;
      uint8_t* icmp = r + 54;
      memset(icmp, 0, 8);
      icmp[0] = (uint8_t)type, icmp[1] = (uint8_t)code;
      memcpy(icmp + 8, ip, quoted);
      if (wrong_seq) icmp[8 + 40 + 4] ^= 0x80; /* a sequence number far from the guest's */
      size_t n = icmp6(r, f + 6, ip + 8, 64, 8 + quoted);
      send_frame(r, n);
      printf("icmp %d/%d%s\n", type, code, wrong_seq ? " (wrong sequence number)" : "");
    } else {
      printf("dropped\n");
    }
    fflush(stdout);
    (*answered)++;
    return port == kDonePort;
  }
  if (ethertype == 0x0800) {
    const uint8_t* ip = f + 14;
    if (len < 14 + 20 + 20 || (ip[0] >> 4) != 4 || ip[9] != 6 || memcmp(ip + 16, peer_ip4, 4) != 0) return 0;
    size_t ihl = (size_t)(ip[0] & 0xf) * 4, total = get16(ip + 2);
    if (ihl < 20 || total < ihl + 20 || 14 + total > (size_t)len) return 0;
    const uint8_t* tcp = ip + ihl;
    if ((tcp[13] & 0x12) != 0x02) return 0;
    unsigned port = get16(tcp + 2);
    int type, code, wrong_seq, what = verdict_for(port, 0, &type, &code, &wrong_seq);
    printf("syn4 %u: ", port);
    uint8_t* rip = r + 14;
    eth(r, f + 6, peer_mac, 0x0800);
    memset(rip, 0, 20);
    rip[0] = 0x45, rip[8] = 64;
    memcpy(rip + 12, peer_ip4, 4);
    memcpy(rip + 16, ip + 12, 4);
    if (what == 'r') {
      rip[9] = 6;
      put16(rip + 2, 40);
      rst_for(tcp, rip + 20);
      put16(rip + 20 + 16, l4_checksum(rip + 12, rip + 16, 4, 6, rip + 20, 20));
      ipv4_checksum(rip);
      send_frame(r, 14 + 40);
      printf("rst\n");
    } else if (what == 'i') {
      rip[9] = 1;
      put16(rip + 2, (uint16_t)(20 + 8 + total));
      uint8_t* icmp = rip + 20;
      memset(icmp, 0, 8);
      icmp[0] = (uint8_t)type, icmp[1] = (uint8_t)code;
      memcpy(icmp + 8, ip, total); /* the whole SYN (RFC 792 needs the header and 8 bytes) */
      if (wrong_seq) icmp[8 + ihl + 4] ^= 0x80;
      put16(icmp + 2, fold(sum16(icmp, 8 + total, 0)));
      ipv4_checksum(rip);
      send_frame(r, 14 + 20 + 8 + total);
      printf("icmp %d/%d%s\n", type, code, wrong_seq ? " (wrong sequence number)" : "");
    } else {
      printf("dropped\n");
    }
    fflush(stdout);
    (*answered)++;
    return port == kDonePort;
  }
  return 0;
}

static int do_tcp(double max_seconds) {
  static uint8_t f[65536];
  unsigned answered = 0;
  int done = 0;
  double deadline = now() + max_seconds;
  while (!done && now() < deadline) {
    ssize_t n = recv_frame(f, sizeof f, deadline - now());
    if (n > 0) done = answer_tcp(f, n, &answered);
  }
  printf("answered %u syns%s\n", answered, done ? "" : " (no \"done\" before the time limit)");
  fflush(stdout);
  return done ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "freeports") == 0) return print_free_ports();
  if (argc < 5) {
    fprintf(stderr, "usage: frame_peer PEERPORT QEMUPORT burst N [ping6 COUNT] | ping6 COUNT | smuggle COUNT | tcp MAXSECONDS\n       frame_peer freeports\n");
    return 2;
  }
  sock = socket(AF_INET, SOCK_DGRAM, 0);
  if (sock < 0) return perror("socket"), 2;
  int big = 4 << 20;
  setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  struct sockaddr_in me = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
  me.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(sock, (struct sockaddr*)&me, sizeof me) < 0) return perror("bind"), 2;
  qemu_addr.sin_family = AF_INET;
  qemu_addr.sin_port = htons((uint16_t)atoi(argv[2]));
  qemu_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  double probe_timeout = getenv("FRAME_PEER_TIMEOUT") ? atof(getenv("FRAME_PEER_TIMEOUT")) : 60;

  int status = 0;
  for (int a = 3; a + 1 < argc; a += 2) {
    long v = atol(argv[a + 1]);
    if (strcmp(argv[a], "burst") == 0 && v >= 0) {
      status |= do_burst((unsigned)v, probe_timeout);
    } else if ((strcmp(argv[a], "ping6") == 0 || strcmp(argv[a], "smuggle") == 0) && v > 0 && v < 1000) {
      smuggle = strcmp(argv[a], "smuggle") == 0;
      status |= do_ping6((unsigned)v, probe_timeout);
    } else if (strcmp(argv[a], "tcp") == 0 && v > 0) {
      status |= do_tcp((double)v);
    } else {
      fprintf(stderr, "frame_peer: bad mode '%s %s'\n", argv[a], argv[a + 1]);
      return 2;
    }
  }
  return status;
}
