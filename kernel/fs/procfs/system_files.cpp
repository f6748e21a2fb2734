// /proc/meminfo and /proc/uptime: the machine as a whole, in Linux's formats.
#include "kernel/fs/procfs/nodes.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/proc/process.h"
#include "kernel/proc/scheduler.h"
#include "kernel/time.h"

namespace procfs {
namespace {
constexpr uint64_t kKibPerFrame = 4;

// Linux's show_val_kb(): the label padded to 16 columns, the number to 8.
void add_kib(Text& out, const char* label, uint64_t kib) { out.add("%-16s%8lu kB\n", label, kib); }
}  // namespace

KStatus write_meminfo(int, Text& out) {
  uint64_t free = frames::free_count() * kKibPerFrame;
  add_kib(out, "MemTotal:", frames::usable_count() * kKibPerFrame);
  add_kib(out, "MemFree:", free);
  // "An estimate of how much memory is available for starting new
  // applications, without swapping" (proc(5)). Tether has no cache to
  // shrink and no swap: what is free is all there is.
  add_kib(out, "MemAvailable:", free);
  add_kib(out, "Buffers:", 0);
  add_kib(out, "Cached:", 0);
  add_kib(out, "SwapTotal:", 0);
  add_kib(out, "SwapFree:", 0);
  return ok();
}

// proc(5): "the uptime of the system (including time spent in suspend) and
// the amount of time spent in the idle process", in seconds, two decimals.
KStatus write_uptime(int, Text& out) {
  uint64_t up_centiseconds = time::monotonic_ns() / 10000000;
  uint64_t idle_centiseconds = scheduler::idle_process()->cpu.total_ticks() * 100 / time::kTickHz;
  out.add("%lu.%02lu %lu.%02lu\n", up_centiseconds / 100, up_centiseconds % 100, idle_centiseconds / 100,
          idle_centiseconds % 100);
  return ok();
}

}  // namespace procfs
