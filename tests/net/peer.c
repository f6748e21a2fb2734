/* peer: a small subnet of scripted hosts at the far end of the guest's
 * second NIC (eth1), for `./tether run --peer` and the net tests
 * (tests/net/README.md has the table). QEMU's socket netdev in udp= mode
 * carries one whole Ethernet frame per UDP datagram between
 * 127.0.0.1:PEERPORT (us) and 127.0.0.1:QEMUPORT (QEMU).
 *
 * usage: peer PEERPORT QEMUPORT [--log FILE]
 *        peer freeports          prints two free UDP ports of 127.0.0.1
 *        peer table              prints the address table
 *
 * Each host has an IPv4 address 192.168.77.N and a link-local IPv6 address
 * fe80::77:N (N's decimal digits read as hex: .10 is fe80::77:10), MAC
 * 52:54:00:77:00:N. It answers ARP and Neighbor Solicitations (except the
 * one that is down) and ICMP echo, and behaves by its address:
 *
 *   .10  drops every TCP SYN (and UDP): a connect runs into its deadline
 *   .11  answers every SYN with a RST (ICMP port unreachable for UDP)
 *   .12  completes the handshake, then resets: at the guest's first data
 *        or FIN, or 2 s after the handshake, whichever comes first
 *   .13  ICMP host unreachable (ICMPv6 address unreachable) for anything
 *   .14  ICMP net unreachable (ICMPv6 no route) for anything
 *   .15  down: no answer to ARP or ND, so nothing ever reaches it
 *   .16  echo: TCP on every port sends back what it receives and closes
 *        when the guest does; UDP datagrams come back too
 *   .17  late: ignores ARP and ND requests for 0.9 s after the first one
 *        (per family), answers from then on, and echoes like .16
 *
 * It runs until SIGTERM or SIGINT, or until its parent (scripts/qemu-run)
 * exits; its last log line is then "stopped (...)". One line per event
 * goes to the log (stderr without --log).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"

enum behaviour { kDrop, kRefuse, kAcceptReset, kHostUnreachable, kNetUnreachable, kDown, kEcho, kLate };

struct host {
  uint8_t n; /* 192.168.77.n */
  enum behaviour what;
  const char* does;
  uint8_t mac[6];
  uint8_t ip4[4];
  uint8_t ip6[16];
  double first_asked[2]; /* kLate: when its first ARP [0] / ND [1] request came (0: none yet) */
};

static struct host hosts[] = {
    {10, kDrop, "drops every SYN: connect times out (B5; EINTR on a signal, C3)", {0}, {0}, {0}, {0}},
    {11, kRefuse, "answers every SYN with a RST: ECONNREFUSED (B4)", {0}, {0}, {0}, {0}},
    {12, kAcceptReset, "accepts, then resets: connect succeeds, then ECONNRESET", {0}, {0}, {0}, {0}},
    {13, kHostUnreachable, "ICMP host unreachable: EHOSTUNREACH (B7)", {0}, {0}, {0}, {0}},
    {14, kNetUnreachable, "ICMP net unreachable: ENETUNREACH (B6)", {0}, {0}, {0}, {0}},
    {15, kDown, "down: no ARP/ND answer (EHOSTUNREACH after 3 s, B7)", {0}, {0}, {0}, {0}},
    {16, kEcho, "TCP and UDP echo on every port", {0}, {0}, {0}, {0}},
    {17, kLate, "answers ARP/ND only after 0.9 s, then echoes: connect succeeds", {0}, {0}, {0}, {0}},
};
enum { kHosts = sizeof hosts / sizeof hosts[0] };

static const uint8_t subnet4[3] = {192, 168, 77};
/* The guest's eth1 (scripts/qemu-run --peer gives it these). */
static const char guest_text[] = "192.168.77.2/24, fe80::5054:ff:fe00:2";

static int sock;
static struct sockaddr_in qemu_addr;
static FILE* log_file;
static double start_time;
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig) { stop_signal = sig; }

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void logf_(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(log_file, "%8.3f ", now() - start_time);
  vfprintf(log_file, fmt, ap);
  fputc('\n', log_file);
  va_end(ap);
}

static void setup_hosts(void) {
  for (int i = 0; i < kHosts; i++) {
    struct host* h = &hosts[i];
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x77, 0x00, 0x00};
    memcpy(h->mac, mac, 6);
    h->mac[5] = h->n;
    memcpy(h->ip4, subnet4, 3);
    h->ip4[3] = h->n;
    /* fe80::77:N, N's decimal digits as hex digits */
    memset(h->ip6, 0, 16);
    h->ip6[0] = 0xfe, h->ip6[1] = 0x80, h->ip6[13] = 0x77;
    h->ip6[15] = (uint8_t)((h->n / 10) << 4 | h->n % 10);
  }
}

static struct host* host_by_ip(const uint8_t* ip, int v6) {
  for (int i = 0; i < kHosts; i++)
    if (memcmp(v6 ? hosts[i].ip6 : hosts[i].ip4, ip, v6 ? 16 : 4) == 0) return &hosts[i];
  return NULL;
}

static void send_frame(const uint8_t* frame, size_t len) {
  sendto(sock, frame, len, 0, (struct sockaddr*)&qemu_addr, sizeof qemu_addr);
}

/* ---- one packet from the guest, and replies to it -------------------------- */

struct packet {
  int v6;
  const uint8_t* frame; /* the guest's MAC at frame + 6 */
  const uint8_t* ip;    /* the IP header */
  size_t ip_length;     /* header and payload, as the header says */
  const uint8_t* src;   /* addresses: 4 or 16 bytes */
  const uint8_t* dst;
  uint8_t proto;
  const uint8_t* l4; /* the TCP, UDP or ICMP message */
  size_t l4_length;
  struct host* host; /* whom it is for */
  char from[64], to[64];
};

static void describe(struct packet* p) {
  char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
  inet_ntop(p->v6 ? AF_INET6 : AF_INET, p->src, a, sizeof a);
  inet_ntop(p->v6 ? AF_INET6 : AF_INET, p->dst, b, sizeof b);
  unsigned sport = 0, dport = 0;
  if ((p->proto == 6 || p->proto == 17) && p->l4_length >= 4) sport = get16(p->l4), dport = get16(p->l4 + 2);
  const char* l = p->v6 ? "[" : "";
  const char* r = p->v6 ? "]" : "";
  if (p->proto == 6 || p->proto == 17) {
    snprintf(p->from, sizeof p->from, "%s%s%s:%u", l, a, r, sport);
    snprintf(p->to, sizeof p->to, "%s%s%s:%u", l, b, r, dport);
  } else {
    snprintf(p->from, sizeof p->from, "%s", a);
    snprintf(p->to, sizeof p->to, "%s", b);
  }
}

/* Parses an IPv4 or IPv6 packet for one of our hosts; 0 if it is not one. */
static int parse(const uint8_t* f, size_t len, struct packet* p) {
  memset(p, 0, sizeof *p);
  p->frame = f;
  p->ip = f + 14;
  uint16_t type = get16(f + 12);
  if (type == 0x0800) {
    if (len < 14 + 20 || (p->ip[0] >> 4) != 4) return 0;
    size_t ihl = (size_t)(p->ip[0] & 0xf) * 4;
    p->ip_length = get16(p->ip + 2);
    if (ihl < 20 || p->ip_length < ihl || 14 + p->ip_length > len) return 0;
    if ((get16(p->ip + 6) & 0x3fff) != 0) return 0; /* fragments: not for us */
    p->src = p->ip + 12, p->dst = p->ip + 16, p->proto = p->ip[9];
    p->l4 = p->ip + ihl, p->l4_length = p->ip_length - ihl;
  } else if (type == 0x86dd) {
    if (len < 14 + 40 || (p->ip[0] >> 4) != 6) return 0;
    p->ip_length = 40 + (size_t)get16(p->ip + 4);
    if (14 + p->ip_length > len) return 0;
    p->v6 = 1;
    p->src = p->ip + 8, p->dst = p->ip + 24, p->proto = p->ip[6]; /* no extension headers */
    p->l4 = p->ip + 40, p->l4_length = p->ip_length - 40;
  } else {
    return 0;
  }
  p->host = host_by_ip(p->dst, p->v6);
  if (!p->host) return 0;
  describe(p);
  return 1;
}

/* Sends `msg` (len bytes of protocol `proto`) from p's host to p's sender,
 * filling in its checksum. */
static void reply(const struct packet* p, uint8_t proto, uint8_t* msg, size_t len) {
  static uint8_t f[2048];
  if (len > sizeof f - 14 - 40) return;
  uint8_t* ip = f + 14;
  size_t header = p->v6 ? 40 : 20;
  memmove(ip + header, msg, len);
  msg = ip + header;
  eth(f, p->frame + 6, p->host->mac, p->v6 ? 0x86dd : 0x0800);
  memset(ip, 0, header);
  size_t alen = p->v6 ? 16 : 4;
  uint8_t *src, *dst;
  if (p->v6) {
    ip[0] = 0x60, put16(ip + 4, (uint16_t)len), ip[6] = proto, ip[7] = 64;
    src = ip + 8, dst = ip + 24;
  } else {
    ip[0] = 0x45, put16(ip + 2, (uint16_t)(20 + len)), ip[8] = 64, ip[9] = proto;
    src = ip + 12, dst = ip + 16;
  }
  memcpy(src, p->dst, alen);
  memcpy(dst, p->src, alen);
  size_t sum_at = proto == 6 ? 16 : proto == 17 ? 6 : 2;
  put16(msg + sum_at, 0);
  if (proto == 1) /* ICMPv4: no pseudo header */
    put16(msg + 2, fold(sum16(msg, len, 0)));
  else
    put16(msg + sum_at, l4_checksum(src, dst, alen, proto, msg, len));
  if (!p->v6) ipv4_checksum(ip);
  send_frame(f, 14 + header + len);
}

/* A TCP segment from p's host to p's sender (ports swapped), with data. */
static void tcp_reply(const struct packet* p, uint32_t seq, uint32_t ack, uint8_t flags, const uint8_t* data,
                      size_t len) {
  uint8_t seg[1600];
  if (len > sizeof seg - 20) len = sizeof seg - 20;
  memset(seg, 0, 20);
  memcpy(seg, p->l4 + 2, 2);
  memcpy(seg + 2, p->l4, 2);
  put32(seg + 4, seq);
  put32(seg + 8, ack);
  seg[12] = 5 << 4;
  seg[13] = flags;
  put16(seg + 14, 65535);
  if (len) memcpy(seg + 20, data, len);
  reply(p, 6, seg, 20 + len);
}

enum { kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10 };

/* An ICMP(v6) destination unreachable quoting p: as much as fits in the
 * minimum MTU (RFC 1812: 576 bytes, RFC 4443: 1280). */
static void unreachable(const struct packet* p, int v4_code, int v6_code) {
  uint8_t msg[1280];
  size_t quote = p->ip_length, room = p->v6 ? 1280 - 40 - 8 : 576 - 20 - 8;
  if (quote > room) quote = room;
  memset(msg, 0, 8);
  msg[0] = p->v6 ? 1 : 3;
  msg[1] = (uint8_t)(p->v6 ? v6_code : v4_code);
  memcpy(msg + 8, p->ip, quote);
  reply(p, p->v6 ? 58 : 1, msg, 8 + quote);
}

/* ---- TCP ------------------------------------------------------------------------ */

/* Our initial sequence number for a connection: any fixed function of the
 * ports will do, since nothing else can send from these addresses. */
static uint32_t isn_for(const struct packet* p) { return 0x77000000u ^ (uint32_t)get16(p->l4) << 8 ^ get16(p->l4 + 2); }

/* Connections of the echo host, and resets the accept-then-reset host owes. */
struct connection {
  int used;
  int v6;
  uint8_t guest[16], ours[16];
  uint16_t guest_port, our_port;
  uint32_t snd_nxt, rcv_nxt;
  double reset_at; /* accept-then-reset: when the delayed RST goes */
  int fin_sent;    /* echo: we answered the guest's FIN with ours */
  uint8_t guest_mac[6];
  struct host* host;
};
static struct connection connections[64];

static struct connection* find_connection(const struct packet* p, int create) {
  size_t alen = p->v6 ? 16 : 4;
  struct connection* free_slot = NULL;
  for (int i = 0; i < 64; i++) {
    struct connection* c = &connections[i];
    if (!c->used) {
      if (!free_slot) free_slot = c;
      continue;
    }
    if (c->v6 == p->v6 && c->host == p->host && memcmp(c->guest, p->src, alen) == 0 &&
        c->guest_port == get16(p->l4) && c->our_port == get16(p->l4 + 2))
      return c;
  }
  if (!create || !free_slot) return NULL;
  memset(free_slot, 0, sizeof *free_slot);
  free_slot->used = 1;
  free_slot->v6 = p->v6;
  free_slot->host = p->host;
  memcpy(free_slot->guest, p->src, alen);
  memcpy(free_slot->ours, p->dst, alen);
  memcpy(free_slot->guest_mac, p->frame + 6, 6);
  free_slot->guest_port = get16(p->l4);
  free_slot->our_port = get16(p->l4 + 2);
  return free_slot;
}

/* A packet for connection c, made up so that the reply functions can answer
 * it when no segment of the guest is at hand (the delayed RST). */
static void packet_of(const struct connection* c, struct packet* p, uint8_t* ports) {
  static uint8_t frame[14];
  memset(p, 0, sizeof *p);
  memcpy(frame + 6, c->guest_mac, 6);
  put16(ports, c->guest_port);
  put16(ports + 2, c->our_port);
  p->v6 = c->v6;
  p->frame = frame;
  p->src = c->guest;
  p->dst = c->ours;
  p->proto = 6;
  p->l4 = ports;
  p->l4_length = 4;
  p->host = c->host;
  describe(p);
}

static void accept_reset(const struct packet* p, uint8_t flags, uint32_t seq, uint32_t ack, size_t data) {
  if (flags & kSyn) {
    tcp_reply(p, isn_for(p), seq + 1, kSyn | kAck, NULL, 0);
    logf_("tcp %s -> %s: syn, answered syn-ack", p->from, p->to);
    return;
  }
  struct connection* c = find_connection(p, 0);
  if (flags & kRst) {
    if (c) c->used = 0;
    return;
  }
  if (!(flags & kAck)) return;
  if (data == 0 && !(flags & kFin)) {
    /* The handshake's last ACK: the RST follows in 2 s unless data comes. */
    if (!c && ack == isn_for(p) + 1 && (c = find_connection(p, 1)) != NULL) {
      c->snd_nxt = ack;
      c->reset_at = now() + 2;
      logf_("tcp %s -> %s: handshake done, reset in 2 s", p->from, p->to);
    }
    return;
  }
  /* RFC 793 for a segment with ACK: <SEQ=SEG.ACK><CTL=RST>. */
  tcp_reply(p, ack, 0, kRst, NULL, 0);
  if (c) c->used = 0;
  logf_("tcp %s -> %s: %s, answered rst", p->from, p->to, data ? "data" : "fin");
}

static void send_due_resets(void) {
  double t = now();
  for (int i = 0; i < 64; i++) {
    struct connection* c = &connections[i];
    if (!c->used || c->reset_at == 0 || c->reset_at > t) continue;
    struct packet p;
    uint8_t ports[4];
    packet_of(c, &p, ports);
    tcp_reply(&p, c->snd_nxt, 0, kRst, NULL, 0);
    logf_("tcp %s -> %s: reset 2 s after the handshake", p.from, p.to);
    c->used = 0;
  }
}

static double next_reset(void) {
  double next = 0;
  for (int i = 0; i < 64; i++)
    if (connections[i].used && connections[i].reset_at > 0 && (next == 0 || connections[i].reset_at < next))
      next = connections[i].reset_at;
  return next;
}

static void echo(const struct packet* p, uint8_t flags, uint32_t seq, uint32_t ack, const uint8_t* data,
                 size_t len) {
  struct connection* c = find_connection(p, 0);
  if (flags & kRst) {
    if (c) c->used = 0, logf_("tcp %s -> %s: reset by the guest", p->from, p->to);
    return;
  }
  if (flags & kSyn) {
    if (!c) c = find_connection(p, 1);
    if (!c) {
      tcp_reply(p, 0, seq + 1, kRst | kAck, NULL, 0);
      logf_("tcp %s -> %s: syn, no room for another connection: rst", p->from, p->to);
      return;
    }
    c->snd_nxt = isn_for(p) + 1;
    c->rcv_nxt = seq + 1;
    tcp_reply(p, isn_for(p), c->rcv_nxt, kSyn | kAck, NULL, 0);
    logf_("tcp %s -> %s: syn, answered syn-ack (echo)", p->from, p->to);
    return;
  }
  if (!c) { /* not a connection we know: as a closed port would */
    if (flags & kAck) tcp_reply(p, ack, 0, kRst, NULL, 0);
    return;
  }
  if (c->fin_sent && !len && !(flags & kFin) && (flags & kAck) && ack == c->snd_nxt) {
    c->used = 0; /* the ACK of our FIN: closed */
    logf_("tcp %s -> %s: closed", p->from, p->to);
    return;
  }
  if (seq != c->rcv_nxt) { /* old or out of order: say where we are */
    tcp_reply(p, c->snd_nxt, c->rcv_nxt, kAck, NULL, 0);
    return;
  }
  if (len) {
    c->rcv_nxt += (uint32_t)len;
    tcp_reply(p, c->snd_nxt, c->rcv_nxt, kAck | kPsh, data, len);
    c->snd_nxt += (uint32_t)len;
    logf_("tcp %s -> %s: echoed %zu bytes", p->from, p->to, len);
  }
  if ((flags & kFin) && !c->fin_sent) {
    c->rcv_nxt++;
    tcp_reply(p, c->snd_nxt, c->rcv_nxt, kFin | kAck, NULL, 0);
    c->snd_nxt++;
    c->fin_sent = 1;
    logf_("tcp %s -> %s: fin, answered fin", p->from, p->to);
  }
}

static void tcp(const struct packet* p) {
  if (p->l4_length < 20) return;
  size_t offset = (size_t)(p->l4[12] >> 4) * 4;
  if (offset < 20 || offset > p->l4_length) return;
  uint8_t flags = p->l4[13];
  uint32_t seq = get32(p->l4 + 4), ack = get32(p->l4 + 8);
  const uint8_t* data = p->l4 + offset;
  size_t len = p->l4_length - offset;
  int syn = (flags & (kSyn | kAck)) == kSyn;
  switch (p->host->what) {
    case kDrop:
      if (syn) logf_("tcp %s -> %s: syn, dropped", p->from, p->to);
      break;
    case kRefuse:
      if (flags & kRst) break;
      /* RFC 793: no ACK in the segment: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
      if (flags & kAck)
        tcp_reply(p, ack, 0, kRst, NULL, 0);
      else
        tcp_reply(p, 0, seq + (uint32_t)len + (flags & kSyn ? 1 : 0) + (flags & kFin ? 1 : 0), kRst | kAck, NULL, 0);
      logf_("tcp %s -> %s: %s, answered rst", p->from, p->to, syn ? "syn" : "segment");
      break;
    case kAcceptReset:
      accept_reset(p, flags, seq, ack, len);
      break;
    case kEcho:
    case kLate:
      echo(p, flags, seq, ack, data, len);
      break;
    default:
      break;
  }
}

/* ---- UDP, ICMP, ARP, ND ---------------------------------------------------------- */

static void udp(const struct packet* p) {
  if (p->l4_length < 8) return;
  switch (p->host->what) {
    case kRefuse:
      unreachable(p, 3, 4); /* port unreachable */
      logf_("udp %s -> %s: answered port unreachable", p->from, p->to);
      break;
    case kEcho:
    case kLate: {
      uint8_t msg[1600];
      size_t len = p->l4_length;
      if (len > sizeof msg) return;
      memcpy(msg, p->l4 + 2, 2);
      memcpy(msg + 2, p->l4, 2);
      put16(msg + 4, (uint16_t)len);
      memcpy(msg + 8, p->l4 + 8, len - 8);
      reply(p, 17, msg, len);
      logf_("udp %s -> %s: echoed %zu bytes", p->from, p->to, len - 8);
      break;
    }
    default:
      logf_("udp %s -> %s: dropped", p->from, p->to);
      break;
  }
}

/* An echo request (ICMP 8, ICMPv6 128) gets its reply. */
static void echo_request(const struct packet* p) {
  uint8_t msg[1600];
  size_t len = p->l4_length;
  if (len < 8 || len > sizeof msg) return;
  memcpy(msg, p->l4, len);
  msg[0] = p->v6 ? 129 : 0;
  reply(p, p->v6 ? 58 : 1, msg, len);
  logf_("ping %s -> %s: answered", p->from, p->to);
}

/* Whether a late host (.17) answers this ARP (v6 0) or ND (1) request:
 * not those of the first 0.9 s after its first one, every one after. The
 * guest asks about once a second and gives up after 3 s (B7), so the
 * answer comes while it still waits: a slow host, not a down one. */
static int answers_now(struct host* h, int v6) {
  if (h->what != kLate) return 1;
  if (h->first_asked[v6] == 0) h->first_asked[v6] = now();
  return now() - h->first_asked[v6] >= 0.9;
}

/* A Neighbor Solicitation for one of our hosts gets its advertisement. */
static void neighbor_solicitation(const uint8_t* f, const struct packet* p) {
  const uint8_t* icmp = p->l4;
  if (p->l4_length < 24 || icmp[0] != 135) return;
  if (l4_checksum(p->src, p->dst, 16, 58, icmp, p->l4_length) != 0) return;
  struct host* h = host_by_ip(icmp + 8, 1);
  char target[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, icmp + 8, target, sizeof target);
  if (!h || h->what == kDown) {
    if (h) logf_("nd who-has %s: not answered (down)", target);
    return;
  }
  if (!answers_now(h, 1)) {
    logf_("nd who-has %s: not answered yet (late)", target);
    return;
  }
  static const uint8_t unspecified[16];
  int dad = memcmp(p->src, unspecified, 16) == 0;
  static const uint8_t all_nodes[16] = {0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  uint8_t msg[32];
  memset(msg, 0, sizeof msg);
  msg[0] = 136;
  msg[4] = dad ? 0x20 : 0x60; /* (solicited,) override */
  memcpy(msg + 8, h->ip6, 16);
  msg[24] = 2, msg[25] = 1; /* target link-layer address */
  memcpy(msg + 26, h->mac, 6);
  /* From the target, to the asker (or all nodes, answering a DAD probe),
   * with hop limit 255 as ND wants (RFC 4861). */
  static const uint8_t all_nodes_mac[6] = {0x33, 0x33, 0, 0, 0, 1};
  uint8_t out[14 + 40 + 32];
  eth(out, dad ? all_nodes_mac : f + 6, h->mac, 0x86dd);
  uint8_t* ip = out + 14;
  memset(ip, 0, 40);
  ip[0] = 0x60, put16(ip + 4, 32), ip[6] = 58, ip[7] = 255;
  memcpy(ip + 8, h->ip6, 16);
  memcpy(ip + 24, dad ? all_nodes : p->src, 16);
  memcpy(ip + 40, msg, 32);
  put16(ip + 42, l4_checksum(ip + 8, ip + 24, 16, 58, ip + 40, 32));
  send_frame(out, sizeof out);
  logf_("nd who-has %s: answered", target);
}

static void arp(const uint8_t* f, size_t len) {
  if (len < 42 || get16(f + 14) != 1 || get16(f + 16) != 0x0800 || f[18] != 6 || f[19] != 4) return;
  if (get16(f + 20) != 1) return; /* requests only */
  struct host* h = host_by_ip(f + 38, 0);
  if (!h) return;
  if (h->what == kDown) {
    logf_("arp who-has %u.%u.%u.%u: not answered (down)", f[38], f[39], f[40], f[41]);
    return;
  }
  if (!answers_now(h, 0)) {
    logf_("arp who-has %u.%u.%u.%u: not answered yet (late)", f[38], f[39], f[40], f[41]);
    return;
  }
  uint8_t r[60];
  memset(r, 0, sizeof r);
  eth(r, f + 22, h->mac, 0x0806);
  put16(r + 14, 1), put16(r + 16, 0x0800), r[18] = 6, r[19] = 4, put16(r + 20, 2);
  memcpy(r + 22, h->mac, 6);
  memcpy(r + 28, h->ip4, 4);
  memcpy(r + 32, f + 22, 6); /* the asker's MAC and address */
  memcpy(r + 38, f + 28, 4);
  send_frame(r, sizeof r);
  logf_("arp who-has %u.%u.%u.%u: answered", f[38], f[39], f[40], f[41]);
}

static void frame(const uint8_t* f, size_t len) {
  if (len < 14) return;
  if (get16(f + 12) == 0x0806) {
    arp(f, len);
    return;
  }
  struct packet p;
  if (get16(f + 12) == 0x86dd && len >= 14 + 40 + 24 && f[14 + 6] == 58 && f[14 + 40] == 135) {
    /* Neighbor Solicitations go to a solicited-node multicast address,
     * not to the host: parse() would not take them. */
    memset(&p, 0, sizeof p);
    p.v6 = 1, p.ip = f + 14, p.src = f + 14 + 8, p.dst = f + 14 + 24, p.l4 = f + 54;
    p.l4_length = get16(f + 14 + 4);
    if (54 + p.l4_length <= len) neighbor_solicitation(f, &p);
    return;
  }
  if (!parse(f, len, &p) || p.host->what == kDown) return;
  if (p.host->what == kHostUnreachable || p.host->what == kNetUnreachable) {
    int host = p.host->what == kHostUnreachable;
    if ((p.proto == 1 || p.proto == 58) && p.l4_length > 0 && p.l4[0] != 8 && p.l4[0] != 128) return; /* no error for an error */
    unreachable(&p, host ? 1 : 0, host ? 3 : 0);
    logf_("%s %s -> %s: answered icmp %s unreachable", p.proto == 6 ? "tcp" : p.proto == 17 ? "udp" : "ip", p.from,
          p.to, host ? "host" : "net");
    return;
  }
  if (p.proto == 6)
    tcp(&p);
  else if (p.proto == 17)
    udp(&p);
  else if ((p.proto == 1 && p.l4_length >= 8 && p.l4[0] == 8) || (p.proto == 58 && p.l4_length >= 8 && p.l4[0] == 128))
    echo_request(&p);
}

/* ---- main ------------------------------------------------------------------------ */

static void print_table(FILE* out, const char* prefix) {
  for (int i = 0; i < kHosts; i++) {
    char a4[INET_ADDRSTRLEN], a6[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET, hosts[i].ip4, a4, sizeof a4);
    inet_ntop(AF_INET6, hosts[i].ip6, a6, sizeof a6);
    fprintf(out, "%s%-14s %-12s %s\n", prefix, a4, a6, hosts[i].does);
  }
}

int main(int argc, char** argv) {
  setup_hosts();
  if (argc == 2 && strcmp(argv[1], "freeports") == 0) return print_free_ports();
  if (argc == 2 && strcmp(argv[1], "table") == 0) return print_table(stdout, ""), 0;
  if (!(argc == 3 || (argc == 5 && strcmp(argv[3], "--log") == 0))) {
    fprintf(stderr, "usage: peer PEERPORT QEMUPORT [--log FILE] | peer freeports | peer table\n");
    return 2;
  }
  /* Never outlive the parent (scripts/qemu-run): it ends when QEMU does.
   * SIGTERM (from it, or the kernel when it dies) ends the loop below. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop; /* no SA_RESTART: poll returns */
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) return 0;

  log_file = stderr;
  if (argc == 5 && !(log_file = fopen(argv[4], "w"))) return perror(argv[4]), 2;
  setvbuf(log_file, NULL, _IOLBF, 0);
  start_time = now();

  sock = socket(AF_INET, SOCK_DGRAM, 0);
  if (sock < 0) return perror("peer: socket"), 2;
  int big = 4 << 20;
  setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  struct sockaddr_in me = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
  me.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(sock, (struct sockaddr*)&me, sizeof me) < 0) return perror("peer: bind"), 2;
  qemu_addr.sin_family = AF_INET;
  qemu_addr.sin_port = htons((uint16_t)atoi(argv[2]));
  qemu_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

  logf_("listening on 127.0.0.1:%s for QEMU at 127.0.0.1:%s; the guest is %s", argv[1], argv[2], guest_text);
  print_table(log_file, "         ");

  static uint8_t f[65536];
  for (;;) {
    int timeout = 1000;
    double next = next_reset();
    if (next > 0) {
      int ms = (int)((next - now()) * 1000) + 1;
      timeout = ms < 0 ? 0 : ms < timeout ? ms : timeout;
    }
    struct pollfd pfd = {sock, POLLIN, 0};
    int ready = poll(&pfd, 1, timeout);
    if (ready < 0 && errno != EINTR) return perror("peer: poll"), 2;
    if (ready > 0) {
      ssize_t n = recv(sock, f, sizeof f, 0);
      if (n > 0) frame(f, (size_t)n);
    }
    send_due_resets();
    if (stop_signal || getppid() != parent) {
      logf_("stopped (%s)", stop_signal ? strsignal(stop_signal) : "parent gone");
      return 0;
    }
  }
}
