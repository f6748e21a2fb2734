// Time syscalls: clock_gettime, clock_getres, gettimeofday, time, nanosleep,
// clock_nanosleep, alarm, getitimer, setitimer.
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "kernel/proc/wait_queue.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/time.h"

namespace {
struct Timespec {
  int64_t tv_sec;
  int64_t tv_nsec;
};
struct Timeval {
  int64_t tv_sec;
  int64_t tv_usec;
};
constexpr int kClockRealtime = 0, kClockMonotonic = 1, kClockProcessCputime = 2, kClockThreadCputime = 3,
              kClockMonotonicRaw = 4, kClockRealtimeCoarse = 5, kClockMonotonicCoarse = 6, kClockBoottime = 7,
              kClockTai = 11;
constexpr int kTimerAbstime = 1;
constexpr int64_t kNsPerSec = 1000000000;

KResult<uint64_t> clock_now(int clock) {
  switch (clock) {
    case kClockRealtime:
    case kClockRealtimeCoarse:
    case kClockTai:  // TAI - UTC is 0 until told otherwise, as on Linux (no adjtimex here)
      return time::realtime_ns();
    case kClockMonotonic:
    case kClockMonotonicRaw:
    case kClockMonotonicCoarse:
    case kClockBoottime:
      return time::monotonic_ns();
    case kClockProcessCputime:
    case kClockThreadCputime:
      return proc::current()->cpu.total_ticks() * (kNsPerSec / time::kTickHz);
    default:
      return KError{EINVAL};
  }
}

long sys_clock_gettime(const SyscallArgs& a) {
  KResult<uint64_t> now = clock_now(int(a.a0));
  if (now.is_error()) return -now.error();
  Timespec ts{int64_t(now.value() / kNsPerSec), int64_t(now.value() % kNsPerSec)};
  return uaccess::put(a.a1, ts).is_error() ? -EFAULT : 0;
}

long sys_clock_getres(const SyscallArgs& a) {
  KResult<uint64_t> now = clock_now(int(a.a0));
  if (now.is_error()) return -now.error();
  bool cpu_clock = a.a0 == kClockProcessCputime || a.a0 == kClockThreadCputime;
  Timespec res{0, cpu_clock ? kNsPerSec / time::kTickHz : 1};
  if (a.a1 && uaccess::put(a.a1, res).is_error()) return -EFAULT;
  return 0;
}

long sys_gettimeofday(const SyscallArgs& a) {
  uint64_t now = time::realtime_ns();
  Timeval tv{int64_t(now / kNsPerSec), int64_t(now % kNsPerSec / 1000)};
  if (a.a0 && uaccess::put(a.a0, tv).is_error()) return -EFAULT;
  if (a.a1) {
    int32_t tz[2] = {0, 0};  // struct timezone: UTC, no DST
    if (uaccess::put(a.a1, tz).is_error()) return -EFAULT;
  }
  return 0;
}

long sys_time(const SyscallArgs& a) {
  int64_t seconds = int64_t(time::realtime_ns() / kNsPerSec);
  if (a.a0 && uaccess::put(a.a0, seconds).is_error()) return -EFAULT;
  return seconds;
}

// Sleeps until the monotonic deadline; on a signal returns EINTR and, if
// asked, the time that was left (nanosleep(2)).
long sleep_until(uint64_t deadline, uint64_t remaining_out) {
  WaitQueue nobody_wakes_this;
  int err = wait_until(nobody_wakes_this, [] { return false; }, deadline ? deadline : 1, true);
  if (err == ETIMEDOUT) return 0;
  if (remaining_out) {
    uint64_t now = time::monotonic_ns();
    uint64_t left = deadline > now ? deadline - now : 0;
    Timespec rem{int64_t(left / kNsPerSec), int64_t(left % kNsPerSec)};
    if (uaccess::put(remaining_out, rem).is_error()) return -EFAULT;
  }
  return -EINTR;
}

KResult<uint64_t> read_duration(uint64_t user_ts) {
  Timespec ts;
  TRY(uaccess::get(&ts, user_ts));
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= kNsPerSec) return KError{EINVAL};
  return uint64_t(ts.tv_sec) * kNsPerSec + uint64_t(ts.tv_nsec);
}

long sys_nanosleep(const SyscallArgs& a) {
  KResult<uint64_t> d = read_duration(a.a0);
  if (d.is_error()) return -d.error();
  return sleep_until(time::monotonic_ns() + d.value(), a.a1);
}

long sys_clock_nanosleep(const SyscallArgs& a) {
  int clock = int(a.a0);
  if (clock == kClockProcessCputime || clock == kClockThreadCputime) return -EINVAL;
  KResult<uint64_t> now = clock_now(clock);
  if (now.is_error()) return -now.error();
  KResult<uint64_t> d = read_duration(a.a2);
  if (d.is_error()) return -d.error();
  uint64_t relative = d.value();
  if (a.a1 & kTimerAbstime) relative = d.value() > now.value() ? d.value() - now.value() : 0;
  long r = sleep_until(time::monotonic_ns() + relative, (a.a1 & kTimerAbstime) ? 0 : a.a3);
  return r == -EINTR || r == -EFAULT ? r : 0;  // clock_nanosleep returns the error, libc turns it into errno
}
// alarm(2): SIGALRM after `seconds`; returns the seconds left on the previous
// alarm, rounded to the nearest second as Linux does (alarm_setitimer), but
// never 0 while one is pending.
long sys_alarm(const SyscallArgs& a) {
  proc::Process* self = proc::current();
  uint64_t now = time::monotonic_ns();
  uint64_t left = self->alarm_deadline_ns > now ? self->alarm_deadline_ns - now : 0;
  uint64_t seconds = a.a0 & 0xFFFFFFFF;
  proc::set_alarm(self, seconds ? now + seconds * kNsPerSec : 0, 0);
  uint64_t left_seconds = left / kNsPerSec;
  uint64_t left_usec = left % kNsPerSec / 1000;
  if ((left_seconds == 0 && left_usec) || left_usec >= 500000) left_seconds++;
  return long(left_seconds);
}

// setitimer/getitimer: ITIMER_REAL (the alarm, SIGALRM), and the CPU-time
// timers ITIMER_VIRTUAL (SIGVTALRM) and ITIMER_PROF (SIGPROF) of
// kernel/proc/cpu_timers.h.
struct Itimerval {
  Timeval interval;
  Timeval value;
};
constexpr int kItimerReal = 0, kItimerVirtual = 1, kItimerProf = 2;

uint64_t to_ns(const Timeval& tv) { return uint64_t(tv.tv_sec) * kNsPerSec + uint64_t(tv.tv_usec) * 1000; }
Timeval to_timeval(uint64_t ns) { return Timeval{int64_t(ns / kNsPerSec), int64_t(ns % kNsPerSec / 1000)}; }
// Linux's timeval_valid: no negative part, tv_usec below a second.
bool valid(const Timeval& tv) { return tv.tv_sec >= 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000; }

proc::CpuTimerKind cpu_timer_kind(int which) {
  return which == kItimerVirtual ? proc::kCpuTimerVirtual : proc::kCpuTimerProf;
}

Itimerval current_itimer(proc::Process* p, int which) {
  if (which == kItimerReal) {
    uint64_t now = time::monotonic_ns();
    uint64_t left = p->alarm_deadline_ns > now ? p->alarm_deadline_ns - now : 0;
    return Itimerval{to_timeval(p->alarm_interval_ns), to_timeval(left)};
  }
  proc::CpuTimerSetting t = proc::get_cpu_timer(p, cpu_timer_kind(which));
  return Itimerval{to_timeval(t.interval_ns), to_timeval(t.value_ns)};
}

bool known_timer(int which) { return which == kItimerReal || which == kItimerVirtual || which == kItimerProf; }

long sys_getitimer(const SyscallArgs& a) {
  int which = int(a.a0);
  if (!known_timer(which)) return -EINVAL;
  return uaccess::put(a.a1, current_itimer(proc::current(), which)).is_error() ? -EFAULT : 0;
}

// Linux's order: the new value is read (EFAULT) and checked (EINVAL), then
// `which` (EINVAL); the old value is written last, after the new timer is
// set. A null new value disarms (a "misfeature" Linux keeps).
long sys_setitimer(const SyscallArgs& a) {
  int which = int(a.a0);
  proc::Process* self = proc::current();
  Itimerval next{};
  if (a.a1 && uaccess::get(&next, a.a1).is_error()) return -EFAULT;
  if (!valid(next.value) || !valid(next.interval)) return -EINVAL;
  if (!known_timer(which)) return -EINVAL;
  Itimerval old = current_itimer(self, which);
  uint64_t value = to_ns(next.value);
  if (which == kItimerReal) proc::set_alarm(self, value ? time::monotonic_ns() + value : 0, to_ns(next.interval));
  else proc::set_cpu_timer(self, cpu_timer_kind(which), proc::CpuTimerSetting{value, to_ns(next.interval)});
  if (a.a2 && uaccess::put(a.a2, old).is_error()) return -EFAULT;
  return 0;
}
}  // namespace

void register_time_syscalls() {
  register_syscall(SYS_alarm, sys_alarm);
  register_syscall(SYS_getitimer, sys_getitimer);
  register_syscall(SYS_setitimer, sys_setitimer);
  register_syscall(SYS_clock_gettime, sys_clock_gettime);
  register_syscall(SYS_clock_getres, sys_clock_getres);
  register_syscall(SYS_gettimeofday, sys_gettimeofday);
  register_syscall(SYS_time, sys_time);
  register_syscall(SYS_nanosleep, sys_nanosleep);
  register_syscall(SYS_clock_nanosleep, sys_clock_nanosleep);
}
