// /proc/net/: the network stack as files. For now one file:
//
//   /proc/net/dev   each interface's counters, in Linux's format
//                   (net/core/net-procfs.c, dev_seq_printf_stats), so the
//                   same tools read it on both systems
//
// The counters come from net/net.h; Tether keeps the columns it has and
// prints 0 for the rest (fifo, frame, compressed, multicast, colls,
// carrier). The loopback interface is not listed: nothing counts its
// packets.
#include "kernel/fs/procfs/nodes.h"
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

class NetDirectory final : public fs::GeneratedNode {
 public:
  KResult<fs::Inode*> lookup(fs::Inode* dir, const char* name, size_t length) override {
    if (length == 3 && memcmp(name, "dev", 3) == 0) return make_text_inode(write_net_dev, 0, kNetDevIno, dir);
    return static_cast<fs::Inode*>(nullptr);
  }

  bool entry_at_or_after(fs::Inode*, uint64_t position, fs::GeneratedEntry* out) override {
    if (position > fs::Directory::kFirstEntryCookie) return false;
    set_entry(out, fs::Directory::kFirstEntryCookie, kNetDevIno, fs::InodeType::Regular, "dev", 3);
    return true;
  }
};

}  // namespace

KResult<fs::Inode*> make_net_directory(fs::Inode* parent) {
  return make_inode(new NetDirectory, fs::InodeType::Directory, kDirectoryMode, kNetIno, parent);
}

}  // namespace procfs
