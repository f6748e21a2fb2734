// Segments. Long mode ignores base and limit, but the CPU still needs a code
// and data descriptor per privilege level, and a TSS to find the kernel stack
// when an interrupt arrives from user mode.
#pragma once
#include <stdint.h>

namespace gdt {
constexpr uint16_t kKernelCode = 0x08;
constexpr uint16_t kKernelData = 0x10;
// SYSRET requires user data right before user code (STAR[63:48] + 8 / + 16).
constexpr uint16_t kUserData = 0x18 | 3;
constexpr uint16_t kUserCode = 0x20 | 3;
constexpr uint16_t kTss = 0x28;

void init();
// The stack the CPU switches to on an interrupt from user mode.
void set_kernel_stack(uint64_t top);
}  // namespace gdt
