#include "arch/x86_64/idt.h"

#include "arch/x86_64/gdt.h"

extern "C" const uint64_t interrupt_stub_table[256];

namespace idt {
namespace {
struct [[gnu::packed]] Gate {
  uint16_t offset_low;
  uint16_t selector;
  uint8_t ist;
  uint8_t type_attr;
  uint16_t offset_mid;
  uint32_t offset_high;
  uint32_t reserved;
};
struct [[gnu::packed]] Pointer {
  uint16_t limit;
  uint64_t base;
};
Gate table[256];
constexpr uint8_t kDoubleFault = 8;
constexpr uint8_t kBreakpoint = 3;
}  // namespace

void init() {
  for (int v = 0; v < 256; v++) {
    uint64_t handler = interrupt_stub_table[v];
    Gate& g = table[v];
    g.offset_low = handler & 0xFFFF;
    g.offset_mid = (handler >> 16) & 0xFFFF;
    g.offset_high = handler >> 32;
    g.selector = gdt::kKernelCode;
    // A double fault gets its own stack, so a kernel stack overflow still
    // reaches panic() instead of triple-faulting the machine.
    g.ist = v == kDoubleFault ? 1 : 0;
    // 0x8E: present interrupt gate, ring 0 only. int3 may be raised by user code.
    g.type_attr = v == kBreakpoint ? 0xEE : 0x8E;
  }
  Pointer p{sizeof(table) - 1, reinterpret_cast<uint64_t>(table)};
  asm volatile("lidt %0" ::"m"(p));
}
}  // namespace idt
