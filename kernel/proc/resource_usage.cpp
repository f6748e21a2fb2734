#include "kernel/proc/resource_usage.h"

#include "kernel/proc/process.h"
#include "kernel/time.h"

namespace proc {
namespace {
constexpr uint64_t kUsecPerTick = 1000000 / time::kTickHz;
constexpr uint64_t kUserHz = 100;  // Linux's USER_HZ: the unit of clock_t
}  // namespace

Rusage to_rusage(const CpuTime& time) {
  Rusage r = {};
  uint64_t user_usec = time.user_ticks * kUsecPerTick;
  uint64_t system_usec = time.system_ticks * kUsecPerTick;
  r.utime_sec = int64_t(user_usec / 1000000);
  r.utime_usec = int64_t(user_usec % 1000000);
  r.stime_sec = int64_t(system_usec / 1000000);
  r.stime_usec = int64_t(system_usec % 1000000);
  return r;
}

uint64_t ticks_to_clock_t(uint64_t ticks) { return ticks * kUserHz / time::kTickHz; }

void charge_tick(Process* p, bool user_mode) {
  if (user_mode) p->cpu.user_ticks++;
  else p->cpu.system_ticks++;
}

void add_reaped_child(Process* parent, const Process* child) {
  parent->children_cpu.add(child->cpu);
  parent->children_cpu.add(child->children_cpu);
}
}  // namespace proc
