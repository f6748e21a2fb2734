// The local APIC (per-CPU interrupt controller: timer, end-of-interrupt) and
// the I/O APIC (routes device IRQ lines, e.g. the serial port's, to vectors).
// The legacy 8259 PIC is remapped out of the way and masked.
#pragma once
#include <stdint.h>

namespace apic {
void init();
// Starts the periodic timer at `hz` on idt::kTimerVector; returns the TSC
// frequency measured during calibration (Hz).
uint64_t start_timer(uint32_t hz);
void end_of_interrupt();
// Routes ISA IRQ `irq` (e.g. 4 for COM1) to `vector` on this CPU.
void route_isa_irq(uint8_t irq, uint8_t vector);
uint32_t local_apic_id();
}  // namespace apic
