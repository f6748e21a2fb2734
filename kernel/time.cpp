#include "kernel/time.h"

#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/rtc.h"
#include "kernel/printk.h"

namespace time {
namespace {
uint64_t tsc_at_boot = 0;
uint64_t ns_per_tsc_q32 = 0;  // nanoseconds per TSC tick, as a 32.32 fixed-point number
uint64_t realtime_at_boot_ns = 0;
volatile uint64_t tick_count = 0;
}  // namespace

void init() {
  uint64_t tsc_hz = apic::start_timer(kTickHz);
  tsc_at_boot = cpu::rdtsc();
  ns_per_tsc_q32 = (uint64_t(1000000000) << 32) / tsc_hz;
  realtime_at_boot_ns = rtc::read_unix_time() * 1000000000ull;
  printk("time: TSC %lu MHz, tick %u Hz", tsc_hz / 1000000, kTickHz);
}

uint64_t monotonic_ns() {
  if (!ns_per_tsc_q32) return 0;
  unsigned __int128 delta = cpu::rdtsc() - tsc_at_boot;
  return uint64_t((delta * ns_per_tsc_q32) >> 32);
}

uint64_t realtime_ns() { return realtime_at_boot_ns + monotonic_ns(); }

void set_realtime_ns(uint64_t ns) { realtime_at_boot_ns = ns - monotonic_ns(); }

uint64_t ticks() { return tick_count; }

void on_tick() { tick_count = tick_count + 1; }
}  // namespace time
