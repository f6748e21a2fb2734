// Where every interrupt and exception lands (from entry.S). Device drivers
// register a handler for their vector; CPU exceptions are decided here:
// a fault in user mode becomes a signal for the process, a fault in the
// kernel is either a user-copy fault (resumed at its fixup with EFAULT) or a
// panic.
#pragma once
#include <stdint.h>

struct TrapFrame;

namespace trap {
using Handler = void (*)(TrapFrame* frame);
void register_handler(uint8_t vector, Handler handler);
// Vectors handed out to devices (MSI-X, I/O APIC lines), from 0x30 up.
uint8_t allocate_vector();
}  // namespace trap

extern "C" void trap_dispatch(TrapFrame* frame);
