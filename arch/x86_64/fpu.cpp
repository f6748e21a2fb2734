#include "arch/x86_64/fpu.h"

#include "arch/x86_64/cpu.h"

namespace fpu {
void init() {
  uint64_t cr0 = cpu::read_cr0();
  cr0 &= ~(1ull << 2);  // EM off: x87 instructions execute
  cr0 |= 1ull << 1;     // MP on: wait/fwait honours TS
  cr0 &= ~(1ull << 3);  // TS off: no lazy switching, state is saved eagerly
  cpu::write_cr0(cr0);
  uint64_t cr4 = cpu::read_cr4();
  cr4 |= 1ull << 9;   // OSFXSR: fxsave/fxrstor and SSE instructions
  cr4 |= 1ull << 10;  // OSXMMEXCPT: SIMD exceptions arrive as #XM (SIGFPE)
  cpu::write_cr4(cr4);
}
}  // namespace fpu
