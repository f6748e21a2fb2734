// Kernel time. The TSC (calibrated against the PIT at boot) gives monotonic
// nanoseconds; the CMOS clock read at boot anchors CLOCK_REALTIME. The APIC
// timer ticks at kTickHz to preempt user programs and expire deadlines.
#pragma once
#include <stdint.h>

namespace time {
constexpr uint32_t kTickHz = 100;
void init();                  // calibrates and starts the tick
uint64_t monotonic_ns();      // 0 until init() ran
uint64_t realtime_ns();       // wall clock
void set_realtime_ns(uint64_t ns);
uint64_t ticks();
void on_tick();               // called from the timer interrupt
}  // namespace time
