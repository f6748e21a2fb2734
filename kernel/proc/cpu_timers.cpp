#include "kernel/proc/cpu_timers.h"

#include "arch/x86_64/cpu.h"
#include "kernel/proc/process.h"
#include "kernel/time.h"

namespace proc {
namespace {
constexpr uint64_t kNsPerTick = 1000000000 / time::kTickHz;

constexpr uint64_t kNsPerSecond = 1000000000;

// The clock each timer counts.
uint64_t clock_ns(const Process* p, CpuTimerKind kind) {
  return kind == kCpuTimerVirtual ? user_ns(p->cpu) : total_ns(p->cpu);
}

// RLIMIT_CPU, as the end of Linux's check_process_timers. The limits are in
// seconds: compared in whole seconds, a limit near RLIM_INFINITY cannot
// overflow a count of nanoseconds.
void check_cpu_limit(Process* p) {
  Rlimit& limit = p->limits.limit[kRlimitCpu];
  if (limit.cur == kRlimInfinity) return;
  uint64_t seconds = total_ns(p->cpu) / kNsPerSecond;
  if (limit.max != kRlimInfinity && seconds >= limit.max) {
    signal::send(p, SIGKILL);
    return;
  }
  if (seconds >= limit.cur) {
    limit.cur++;  // the next SIGXCPU one second later (below the hard limit, so never past it)
    signal::send(p, SIGXCPU);
  }
}
}  // namespace

CpuTimerSetting get_cpu_timer(const Process* p, CpuTimerKind kind) {
  cpu::InterruptGuard guard;
  const CpuTimer& t = p->cpu_timers[kind];
  CpuTimerSetting s{0, t.interval_ns};
  if (t.expires_ns) {
    uint64_t now = clock_ns(p, kind);
    s.value_ns = t.expires_ns > now ? t.expires_ns - now : kNsPerTick;  // due: "about to fire", as Linux
  }
  return s;
}

CpuTimerSetting set_cpu_timer(Process* p, CpuTimerKind kind, CpuTimerSetting next) {
  CpuTimerSetting old = get_cpu_timer(p, kind);
  cpu::InterruptGuard guard;
  CpuTimer& t = p->cpu_timers[kind];
  // Linux's set_cpu_itimer adds a tick to a new value.
  t.expires_ns = next.value_ns ? clock_ns(p, kind) + next.value_ns + kNsPerTick : 0;
  t.interval_ns = next.interval_ns;
  return old;
}

// Linux's check_cpu_itimer.
void expire_cpu_timers(Process* p) {
  static constexpr int kSignal[kCpuTimerCount] = {SIGVTALRM, SIGPROF};
  for (int kind = 0; kind < kCpuTimerCount; kind++) {
    CpuTimer& t = p->cpu_timers[kind];
    if (!t.expires_ns || clock_ns(p, CpuTimerKind(kind)) < t.expires_ns) continue;
    t.expires_ns = t.interval_ns ? t.expires_ns + t.interval_ns : 0;
    signal::send(p, kSignal[kind]);
  }
  check_cpu_limit(p);
}
}  // namespace proc
