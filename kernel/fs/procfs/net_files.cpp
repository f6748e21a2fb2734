// /proc/net/: the network stack as files, in Linux's formats, so the same
// tools read them on both systems:
//
//   /proc/net/dev       each interface's counters (net/core/net-procfs.c,
//                       dev_seq_printf_stats), lo first
//   /proc/net/route     the IPv4 routing table (net/ipv4/fib_trie.c,
//                       fib_route_seq_show): what lwIP would route where
//   /proc/net/if_inet6  each IPv6 address (net/ipv6/addrconf.c,
//                       if6_seq_show)
//   /proc/net/sockstat  how many sockets, ports and closing connections
//                       (net/ipv4/proc.c, sockstat_seq_show)
//
// The contents come from net/net.h. Tether keeps the columns it has and
// prints 0 for the rest (fifo, frame, compressed, multicast, colls,
// carrier; RefCnt, Use, Metric, MTU, Window, IRTT; sockstat's memory
// columns and FRAG line).
#include "kernel/fs/procfs/nodes.h"
#include "kernel/lib/format.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "net/net.h"

namespace procfs {
namespace {

constexpr size_t kMaxInterfaces = 8;

KStatus write_net_dev(int, Text& out) {
  out.add(
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
      "drop fifo colls carrier compressed\n");
  net::InterfaceStats stats[kMaxInterfaces];
  size_t n = net::snapshot_interfaces(stats, kMaxInterfaces);
  for (size_t i = 0; i < n; i++) {
    const net::InterfaceCounters& c = stats[i].counters;
    out.add("%6s: %7lu %7lu %4lu %4lu %4lu %5lu %10lu %9lu %8lu %7lu %4lu %4lu %4lu %5lu %7lu %10lu\n", stats[i].name,
            c.rx_bytes, c.rx_packets, c.rx_errors, c.rx_dropped, 0ul, 0ul, 0ul, 0ul, c.tx_bytes, c.tx_packets,
            c.tx_errors, c.tx_dropped, 0ul, 0ul, 0ul, 0ul);
  }
  return ok();
}

// Linux pads every line of /proc/net/route, the header included, to 127
// characters (seq_setwidth/seq_pad): some parsers rely on it.
constexpr int kRouteLineWidth = 127;

// Linux prints a __be32 with %08X: on x86-64 the bytes come out reversed
// (10.0.2.2 is 0202000A). Our addresses are in network order too.
KStatus write_net_route(int, Text& out) {
  out.add("%-*s\n", kRouteLineWidth, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
  constexpr unsigned kRouteUp = 0x1, kRouteGateway = 0x2;  // RTF_UP, RTF_GATEWAY (<linux/route.h>)
  net::RouteEntry routes[kMaxInterfaces + 1];
  size_t n = net::snapshot_routes(routes, kMaxInterfaces + 1);
  for (size_t i = 0; i < n; i++) {
    const net::RouteEntry& r = routes[i];
    char line[kRouteLineWidth + 1];
    unsigned flags = kRouteUp | (r.gateway ? kRouteGateway : 0);
    format(line, sizeof line, "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u", r.interface, r.destination,
           r.gateway, flags, 0, 0u, 0, r.netmask, 0, 0u, 0u);
    out.add("%-*s\n", kRouteLineWidth, line);
  }
  return ok();
}

// One line per address: the address as 32 hex digits, then the interface
// index, prefix length, scope and flags in hex, and the name.
KStatus write_net_if_inet6(int, Text& out) {
  constexpr size_t kMaxAddresses = 32;
  auto* entries = new net::Inet6AddressEntry[kMaxAddresses];  // too big for a kernel stack
  if (!entries) return KError{ENOMEM};
  size_t n = net::snapshot_inet6_addresses(entries, kMaxAddresses);
  for (size_t i = 0; i < n; i++) {
    const net::Inet6AddressEntry& e = entries[i];
    char hex[33];
    for (int b = 0; b < 16; b++) format(hex + 2 * b, 3, "%02x", e.address[b]);
    out.add("%s %02x %02x %02x %02x %8s\n", hex, e.index, e.prefix_length, e.scope, e.flags, e.interface);
  }
  delete[] entries;
  return ok();
}

// Linux's lines and words, so `cat /proc/net/sockstat` reads the same. TCP
// "inuse" counts the ports TCP sockets hold (Linux: sockets in its hash
// tables, one per bound socket), "alloc" the TCP sockets, "orphan" closed
// sockets' connections still closing, "tw" those in TIME_WAIT. Ping
// sockets are counted under RAW, as Linux does.
KStatus write_net_sockstat(int, Text& out) {
  net::SocketStats s;
  net::snapshot_socket_stats(&s);
  out.add("sockets: used %zu\n", s.sockets);
  out.add("TCP: inuse %zu orphan %zu tw %zu alloc %zu mem 0\n", s.tcp_ports, s.tcp_orphans, s.tcp_time_wait,
          s.tcp_sockets);
  out.add("UDP: inuse %zu mem 0\n", s.udp_ports);
  out.add("UDPLITE: inuse 0\n");
  out.add("RAW: inuse %zu\n", s.icmp_sockets);
  out.add("FRAG: inuse 0 memory 0\n");
  return ok();
}

struct NetFile {
  const char* name;
  TextWriter writer;
  uint64_t ino;
};
constexpr NetFile kNetFiles[] = {
    {"dev", write_net_dev, kNetDevIno},
    {"if_inet6", write_net_if_inet6, kNetIfInet6Ino},
    {"route", write_net_route, kNetRouteIno},
    {"sockstat", write_net_sockstat, kNetSockstatIno},
};
constexpr size_t kNetFileCount = sizeof kNetFiles / sizeof kNetFiles[0];

class NetDirectory final : public fs::GeneratedNode {
 public:
  KResult<fs::Inode*> lookup(fs::Inode* dir, const char* name, size_t length) override {
    for (const NetFile& f : kNetFiles) {
      if (strlen(f.name) == length && memcmp(name, f.name, length) == 0)
        return make_text_inode(f.writer, 0, f.ino, dir);
    }
    return static_cast<fs::Inode*>(nullptr);
  }

  // Entry i of the listing has cookie kFirstEntryCookie + i.
  bool entry_at_or_after(fs::Inode*, uint64_t position, fs::GeneratedEntry* out) override {
    uint64_t first = fs::Directory::kFirstEntryCookie;
    uint64_t i = position < first ? 0 : position - first;
    if (i >= kNetFileCount) return false;
    const NetFile& f = kNetFiles[i];
    set_entry(out, first + i, f.ino, fs::InodeType::Regular, f.name, strlen(f.name));
    return true;
  }
};

}  // namespace

KResult<fs::Inode*> make_net_directory(fs::Inode* parent) {
  return make_inode(new NetDirectory, fs::InodeType::Directory, kDirectoryMode, kNetIno, parent);
}

}  // namespace procfs
