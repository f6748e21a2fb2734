#include "kernel/proc/resource_usage.h"

#include "kernel/mm/address_space.h"
#include "kernel/proc/process.h"
#include "kernel/time.h"

namespace proc {
namespace {
constexpr uint64_t kUsecPerTick = 1000000 / time::kTickHz;
constexpr uint64_t kNsPerTick = 1000000000 / time::kTickHz;
constexpr uint64_t kUserHz = 100;  // Linux's USER_HZ: the unit of clock_t
constexpr uint64_t kKibPerPage = 4;

uint64_t max(uint64_t a, uint64_t b) { return a > b ? a : b; }

void fill_times(Rusage* r, const CpuTime& time) {
  uint64_t user_usec = time.user_ticks * kUsecPerTick;
  uint64_t system_usec = time.system_ticks * kUsecPerTick;
  r->utime_sec = int64_t(user_usec / 1000000);
  r->utime_usec = int64_t(user_usec % 1000000);
  r->stime_sec = int64_t(system_usec / 1000000);
  r->stime_usec = int64_t(system_usec % 1000000);
}
}  // namespace

void UsageCounters::add(const UsageCounters& other) {
  minor_faults += other.minor_faults;
  voluntary_switches += other.voluntary_switches;
  involuntary_switches += other.involuntary_switches;
  max_resident_pages = max(max_resident_pages, other.max_resident_pages);
}

uint64_t max_resident_pages(const Process* p) {
  uint64_t pages = p->usage.max_resident_pages;
  if (p->address_space) pages = max(pages, p->address_space->peak_resident_pages());
  return pages;
}

// Linux's getrusage (kernel/sys.c): the counters of whom was asked for;
// maxrss the largest of theirs.
Rusage rusage(const Process* p, UsageOf whose) {
  CpuTime time;
  UsageCounters counts;
  if (whose != UsageOf::Children) {
    time.add(p->cpu);
    counts.add(p->usage);
    counts.max_resident_pages = max_resident_pages(p);
  }
  if (whose != UsageOf::Self) {
    time.add(p->children_cpu);
    counts.add(p->children_usage);
  }
  Rusage r = {};
  fill_times(&r, time);
  r.maxrss_kib = int64_t(counts.max_resident_pages * kKibPerPage);
  r.minflt = int64_t(counts.minor_faults);
  r.nvcsw = int64_t(counts.voluntary_switches);
  r.nivcsw = int64_t(counts.involuntary_switches);
  return r;
}

uint64_t ticks_to_clock_t(uint64_t ticks) { return ticks * kUserHz / time::kTickHz; }
uint64_t user_ns(const CpuTime& time) { return time.user_ticks * kNsPerTick; }
uint64_t total_ns(const CpuTime& time) { return time.total_ticks() * kNsPerTick; }

void charge_tick(Process* p, bool user_mode) {
  if (user_mode) p->cpu.user_ticks++;
  else p->cpu.system_ticks++;
}

void charge_minor_fault(Process* p) { p->usage.minor_faults++; }

void charge_context_switch(Process* p) {
  if (p->state == State::Runnable) p->usage.involuntary_switches++;
  else p->usage.voluntary_switches++;
}

void retire_address_space(Process* p, const mm::AddressSpace* old) {
  if (old) p->usage.max_resident_pages = max(p->usage.max_resident_pages, old->peak_resident_pages());
}

void add_reaped_child(Process* parent, const Process* child) {
  parent->children_cpu.add(child->cpu);
  parent->children_cpu.add(child->children_cpu);
  parent->children_usage.add(child->usage);
  parent->children_usage.add(child->children_usage);
}
}  // namespace proc
