#include "kernel/power.h"

#include "arch/x86_64/cpu.h"
#include "kernel/lib/format.h"
#include "kernel/printk.h"

namespace {
constexpr uint16_t kDebugExitPort = 0xf4;
constexpr uint16_t kAcpiPm1aControl = 0x604;  // q35's PM1a control block
constexpr uint16_t kAcpiSleepS5 = 0x2000;     // SLP_EN with SLP_TYP 0 (S5) on QEMU

[[noreturn]] void leave(uint32_t debug_exit_value) {
  cpu::cli();
  cpu::outl(kDebugExitPort, debug_exit_value);
  // No debug-exit device (a different QEMU command line): ACPI soft-off.
  cpu::outw(kAcpiPm1aControl, kAcpiSleepS5);
  cpu::halt_forever();
}
}  // namespace

void power_off(int exit_status) {
  char line[48];
  size_t n = format(line, sizeof line, "tether: exit status %d\n", exit_status & 0xff);
  klog_write_raw(line, n);
  leave(uint32_t(exit_status & 0xff));
}

void power_off_after_panic() {
  const char line[] = "tether: panic\n";
  klog_write_raw(line, sizeof line - 1);
  leave(0x7f);  // QEMU exits 255; COM2's "tether: panic" tells it from status 127
}
