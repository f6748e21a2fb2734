// The interrupt descriptor table: 256 entry stubs (entry.S) that all save a
// TrapFrame and call trap_dispatch (trap.cpp).
#pragma once
#include <stdint.h>

namespace idt {
// Vectors 0-31 are CPU exceptions; hardware interrupts start here.
constexpr uint8_t kIrqBase = 32;
constexpr uint8_t kTimerVector = 32;
constexpr uint8_t kSpuriousVector = 0xFF;
void init();
}  // namespace idt
