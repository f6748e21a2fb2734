// The registers saved on the kernel stack when user code or an interrupt
// enters the kernel. Interrupt stubs and the SYSCALL entry build the same
// layout, so fork, execve and signal delivery edit one kind of frame.
#pragma once
#include <stdint.h>

struct TrapFrame {
  uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
  uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
  uint64_t vector;      // interrupt vector, or kSyscallVector
  uint64_t error_code;  // pushed by the CPU for some exceptions, else 0
  // Pushed by the CPU (or by the SYSCALL entry in the same shape).
  uint64_t rip, cs, rflags, rsp, ss;

  bool from_user() const { return (cs & 3) == 3; }
};

constexpr uint64_t kSyscallVector = 0x100;
static_assert(sizeof(TrapFrame) == 22 * 8, "entry.S depends on this layout");
