// The CPU-time interval timers of setitimer(2): ITIMER_VIRTUAL counts the
// process's user time and sends SIGVTALRM, ITIMER_PROF counts user and
// system time and sends SIGPROF. (ITIMER_REAL, wall-clock time, is the
// alarm: Process::alarm_deadline_ns.)
//
// As Linux (kernel/time/itimer.c, posix-cpu-timers.c): a timer is the CPU
// clock reading at which it fires, checked after each tick is charged
// (resource_usage.h), so its resolution is one tick. Arming adds one tick,
// so a timer never fires before the time asked for has been used; on
// expiry the interval is added to the expiry (not to the current reading)
// or the timer stops. While armed, the value left is never 0 (one tick
// when due). fork does not inherit the timers; execve keeps them.
//
// RLIMIT_CPU is checked at the same moment, on the same clock (user and
// system time, as ITIMER_PROF), as Linux's check_process_timers does: at
// the hard limit SIGKILL; else at the soft limit SIGXCPU, and the soft limit
// goes up by one second, so that a process that handles or ignores SIGXCPU
// gets it again after each further second of CPU time (setrlimit(2); the
// raised soft limit is what getrlimit then reports, as on Linux). With the
// soft limit equal to the hard one, SIGKILL comes first. A new limit counts
// from the next tick, whatever the time already used.
#pragma once
#include <stdint.h>

namespace proc {
struct Process;

enum CpuTimerKind { kCpuTimerVirtual, kCpuTimerProf, kCpuTimerCount };

struct CpuTimer {
  uint64_t expires_ns = 0;  // the reading of its CPU clock when it fires; 0: disarmed
  uint64_t interval_ns = 0;
};

// A timer as setitimer and getitimer see it: the time left and the interval.
struct CpuTimerSetting {
  uint64_t value_ns = 0;
  uint64_t interval_ns = 0;
};

CpuTimerSetting get_cpu_timer(const Process* p, CpuTimerKind kind);
// Arms (value_ns > 0) or disarms the timer; returns what it was.
CpuTimerSetting set_cpu_timer(Process* p, CpuTimerKind kind, CpuTimerSetting next);
// After the timer tick charged p: the signals of the timers that are due,
// and those of RLIMIT_CPU.
void expire_cpu_timers(Process* p);
}  // namespace proc
