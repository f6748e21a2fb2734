// CPU time accounting: how long each process ran in user mode and in the
// kernel, counted in timer ticks (getrusage(2), times(2), wait4's rusage,
// /proc/<pid>/stat utime/stime/cutime/cstime, CLOCK_PROCESS_CPUTIME_ID).
//
// The timer interrupt charges one tick to whoever it interrupted: to user
// time if it came from ring 3, to system time otherwise (as Linux's tick
// based accounting, account_process_tick). A parent adds a child's times,
// and those of the child's own waited-for children, when it reaps the
// child; not when the child is reaped by nobody (SIGCHLD ignored), as on
// Linux (getrusage(2): RUSAGE_CHILDREN counts "all children of the calling
// process that have terminated and been waited for").
#pragma once
#include <stdint.h>

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

// Linux's struct rusage: two timevals, then fourteen longs. Tether fills the
// times only; the others (ru_maxrss, page faults, context switches...) are 0.
struct Rusage {
  int64_t utime_sec, utime_usec;
  int64_t stime_sec, stime_usec;
  int64_t other[14];
};
static_assert(sizeof(Rusage) == 144, "Linux struct rusage");

Rusage to_rusage(const CpuTime& time);
// Ticks as clock_t for times(2) and /proc (USER_HZ, 100 per second).
uint64_t ticks_to_clock_t(uint64_t ticks);

// From the timer interrupt: one tick for p, in user mode or not.
void charge_tick(Process* p, bool user_mode);
// wait(2) reaped the zombie `child`: its times and its children's become
// part of the parent's children's times.
void add_reaped_child(Process* parent, const Process* child);
}  // namespace proc
