#include "arch/x86_64/syscall_setup.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"

extern "C" void syscall_entry();

namespace syscall_setup {
void init() {
  cpu::wrmsr(cpu::kMsrEfer, cpu::rdmsr(cpu::kMsrEfer) | 1);  // EFER.SCE: SYSCALL enabled
  // STAR: SYSCALL loads CS from bits 47:32 (SS = that + 8); SYSRET loads
  // CS = bits 63:48 + 16 and SS = bits 63:48 + 8, both with RPL 3.
  uint64_t star = (uint64_t(gdt::kKernelCode) << 32) | (uint64_t(gdt::kUserData - 8 - 3) << 48);
  cpu::wrmsr(cpu::kMsrStar, star);
  cpu::wrmsr(cpu::kMsrLstar, reinterpret_cast<uint64_t>(&syscall_entry));
  // Cleared on entry: TF, IF (entry.S switches stacks first), DF, AC.
  cpu::wrmsr(cpu::kMsrFmask, 0x100 | 0x200 | 0x400 | 0x40000);
}
}  // namespace syscall_setup
