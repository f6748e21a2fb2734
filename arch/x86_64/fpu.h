// The x87/SSE unit. User programs use SSE registers (the x86-64 ABI passes
// doubles in them, and compilers vectorize memcpy-like loops), so the kernel
// turns SSE on and saves each process's registers on a context switch
// (fxsave/fxrstor in scheduler.cpp). The kernel itself never touches them
// (-mgeneral-regs-only).
#pragma once

namespace fpu {
void init();
}
