#include "arch/x86_64/apic.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/layout.h"

namespace apic {
namespace {
// Local APIC registers (offsets into its 4 KiB MMIO page).
constexpr uint32_t kRegId = 0x20;
constexpr uint32_t kRegTaskPriority = 0x80;
constexpr uint32_t kRegEoi = 0xB0;
constexpr uint32_t kRegSpurious = 0xF0;
constexpr uint32_t kRegLvtTimer = 0x320;
constexpr uint32_t kRegTimerInitial = 0x380;
constexpr uint32_t kRegTimerCurrent = 0x390;
constexpr uint32_t kRegTimerDivide = 0x3E0;
constexpr uint32_t kTimerPeriodic = 1u << 17;
constexpr uint32_t kLvtMasked = 1u << 16;

// The I/O APIC's standard address on PC-compatible machines, q35 included.
// (ACPI's MADT states it too; QEMU has never moved it.)
constexpr uint64_t kIoApicPhys = 0xFEC00000;

volatile uint32_t* local_apic = nullptr;

uint32_t read_reg(uint32_t reg) { return local_apic[reg / 4]; }
void write_reg(uint32_t reg, uint32_t v) { local_apic[reg / 4] = v; }

void io_apic_write(uint32_t reg, uint32_t value) {
  auto* base = static_cast<volatile uint32_t*>(layout::phys_to_virt(kIoApicPhys));
  base[0] = reg;         // IOREGSEL
  base[0x10 / 4] = value;  // IOWIN
}

void disable_legacy_pic() {
  // Remap the 8259s to vectors 0x20-0x2F so a stray interrupt is not taken
  // for a CPU exception, then mask every line.
  cpu::outb(0x20, 0x11);
  cpu::outb(0xA0, 0x11);
  cpu::outb(0x21, 0x20);
  cpu::outb(0xA1, 0x28);
  cpu::outb(0x21, 0x04);
  cpu::outb(0xA1, 0x02);
  cpu::outb(0x21, 0x01);
  cpu::outb(0xA1, 0x01);
  cpu::outb(0x21, 0xFF);
  cpu::outb(0xA1, 0xFF);
}

// Waits 10 ms using PIT channel 2 (its gate is software-controlled through
// port 0x61, so no interrupt is needed).
void pit_wait_10ms() {
  constexpr uint32_t kPitHz = 1193182;
  constexpr uint16_t count = kPitHz / 100;
  uint8_t gate = cpu::inb(0x61);
  cpu::outb(0x61, (gate & ~0x02) | 0x01);  // speaker off, gate on
  cpu::outb(0x43, 0xB0);                   // channel 2, lobyte/hibyte, mode 0
  cpu::outb(0x42, count & 0xFF);
  cpu::outb(0x42, count >> 8);
  gate = cpu::inb(0x61);
  cpu::outb(0x61, gate & ~0x01);  // restart the count with a rising gate edge
  cpu::outb(0x61, gate | 0x01);
  while (!(cpu::inb(0x61) & 0x20)) {
  }
}
}  // namespace

void init() {
  disable_legacy_pic();
  uint64_t base = cpu::rdmsr(cpu::kMsrApicBase);
  cpu::wrmsr(cpu::kMsrApicBase, base | (1u << 11));  // global enable
  local_apic = static_cast<volatile uint32_t*>(layout::phys_to_virt(base & ~0xFFFull));
  write_reg(kRegTaskPriority, 0);
  write_reg(kRegSpurious, 0x100 | idt::kSpuriousVector);  // software enable
}

uint32_t local_apic_id() { return read_reg(kRegId) >> 24; }

uint64_t start_timer(uint32_t hz) {
  write_reg(kRegTimerDivide, 0x3);  // divide by 16
  write_reg(kRegLvtTimer, kLvtMasked);
  write_reg(kRegTimerInitial, 0xFFFFFFFF);
  uint64_t tsc_start = cpu::rdtsc();
  pit_wait_10ms();
  uint64_t tsc_end = cpu::rdtsc();
  uint32_t elapsed = 0xFFFFFFFF - read_reg(kRegTimerCurrent);
  write_reg(kRegTimerInitial, 0);

  uint64_t apic_ticks_per_second = uint64_t(elapsed) * 100;
  write_reg(kRegLvtTimer, kTimerPeriodic | idt::kTimerVector);
  write_reg(kRegTimerInitial, uint32_t(apic_ticks_per_second / hz));
  return (tsc_end - tsc_start) * 100;
}

void end_of_interrupt() { write_reg(kRegEoi, 0); }

void route_isa_irq(uint8_t irq, uint8_t vector) {
  // Fixed delivery, physical destination, edge-triggered, active high: what
  // ISA IRQs are (q35 routes ISA IRQ n to I/O APIC pin n, except the timer).
  io_apic_write(0x10 + 2 * irq, vector);
  io_apic_write(0x10 + 2 * irq + 1, local_apic_id() << 24);
}
}  // namespace apic
