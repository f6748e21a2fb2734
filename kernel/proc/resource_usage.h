// Resource accounting: what each process used, for getrusage(2), times(2),
// wait4's rusage, /proc/<pid>/stat (minflt, utime, stime and the children's)
// and CLOCK_PROCESS_CPUTIME_ID.
//
// CPU time: the timer interrupt charges one tick to whoever it interrupted:
// to user time if it came from ring 3, to system time otherwise (as Linux's
// tick based accounting, account_process_tick). Resolution: one tick.
//
// Counters, as Linux's task_struct and signal_struct keep them:
// - minor faults: every page fault served without I/O. Tether serves one
//   kind, a demand-zero page (fork copies eagerly, so there is no
//   copy-on-write fault). Major faults (those that wait for I/O) cannot
//   happen, files living in memory and nothing being swapped: ru_majflt is 0
//   because it is, not because it is not counted.
// - context switches: when the scheduler switches away from a process that
//   can no longer run (it blocked, slept, stopped) the switch is voluntary,
//   otherwise (its slice ended, sched_yield) involuntary; as Linux's
//   __schedule, only a real switch to another process counts.
// - maxrss: the most user pages an address space of the process had present
//   (AddressSpace::peak_resident_pages); execve and exit keep the peak of
//   the address space they drop (Linux's signal->maxrss).
//
// A parent adds a child's usage, and that of the child's own waited-for
// children, when it reaps the child; not when the child is reaped by nobody
// (SIGCHLD ignored), as on Linux (getrusage(2): RUSAGE_CHILDREN counts "all
// children of the calling process that have terminated and been waited
// for"). The children's maxrss is the largest of theirs, not a sum
// (wait_task_zombie's cmaxrss).
#pragma once
#include <stdint.h>

namespace mm { class AddressSpace; }

namespace proc {
struct Process;

struct CpuTime {
  uint64_t user_ticks = 0;
  uint64_t system_ticks = 0;

  uint64_t total_ticks() const { return user_ticks + system_ticks; }
  void add(const CpuTime& other) {
    user_ticks += other.user_ticks;
    system_ticks += other.system_ticks;
  }
};

// The rest of struct rusage that Tether counts (see above).
struct UsageCounters {
  uint64_t minor_faults = 0;
  uint64_t voluntary_switches = 0;
  uint64_t involuntary_switches = 0;
  uint64_t max_resident_pages = 0;

  void add(const UsageCounters& other);
};

// Linux's struct rusage: two timevals, then fourteen longs, of which Linux
// fills maxrss, minflt, majflt, inblock, oublock, nvcsw and nivcsw. Tether
// has no block devices: inblock and oublock stay 0, as majflt (see above).
struct Rusage {
  int64_t utime_sec, utime_usec;
  int64_t stime_sec, stime_usec;
  int64_t maxrss_kib, ixrss, idrss, isrss;
  int64_t minflt, majflt, nswap, inblock, oublock;
  int64_t msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};
static_assert(sizeof(Rusage) == 144, "Linux struct rusage");

// Whose usage: Linux's RUSAGE_SELF, RUSAGE_CHILDREN, and RUSAGE_BOTH (a
// process with its reaped children: what wait4 reports about a child).
enum class UsageOf { Self, Children, SelfAndChildren };
Rusage rusage(const Process* p, UsageOf whose);
// The peak of p's own address spaces, in pages: the one it has now and
// those execve dropped.
uint64_t max_resident_pages(const Process* p);

// Ticks as clock_t for times(2) and /proc (USER_HZ, 100 per second).
uint64_t ticks_to_clock_t(uint64_t ticks);
// CPU time in nanoseconds: user only, or user and system.
uint64_t user_ns(const CpuTime& time);
uint64_t total_ns(const CpuTime& time);

// From the timer interrupt: one tick for p, in user mode or not.
void charge_tick(Process* p, bool user_mode);
// A page fault on p's memory was served (demand-zero).
void charge_minor_fault(Process* p);
// The scheduler switches from p to another process.
void charge_context_switch(Process* p);
// p drops `old` (execve, exit): keep its peak.
void retire_address_space(Process* p, const mm::AddressSpace* old);
// wait(2) reaped the zombie `child`: its usage and its children's become
// part of the parent's children's usage.
void add_reaped_child(Process* parent, const Process* child);
}  // namespace proc
