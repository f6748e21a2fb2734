#include "arch/x86_64/gdt.h"

extern "C" uint64_t syscall_kernel_stack_top;  // entry.S reads it on SYSCALL

namespace gdt {
namespace {

struct [[gnu::packed]] Tss {
  uint32_t reserved0;
  uint64_t rsp[3];
  uint64_t reserved1;
  uint64_t ist[7];
  uint64_t reserved2;
  uint16_t reserved3;
  uint16_t iomap_base;
};

struct [[gnu::packed]] Pointer {
  uint16_t limit;
  uint64_t base;
};

Tss tss;
uint64_t table[7];
alignas(16) uint8_t double_fault_stack[8192];

constexpr uint64_t descriptor(uint8_t access, uint8_t flags) {
  return (uint64_t(access) << 40) | (uint64_t(flags) << 52) | 0xFFFF | (0xFull << 48);
}
}  // namespace

void init() {
  table[0] = 0;
  table[1] = descriptor(0x9A, 0xA);  // kernel code: present, ring 0, executable; L=1
  table[2] = descriptor(0x92, 0xC);  // kernel data
  table[3] = descriptor(0xF2, 0xC);  // user data: ring 3
  table[4] = descriptor(0xFA, 0xA);  // user code: ring 3, L=1
  uint64_t base = reinterpret_cast<uint64_t>(&tss);
  uint64_t limit = sizeof(Tss) - 1;
  table[5] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) | (((limit >> 16) & 0xF) << 48) |
             (((base >> 24) & 0xFF) << 56);
  table[6] = base >> 32;
  tss.iomap_base = sizeof(Tss);  // no I/O permission bitmap: ring 3 gets no ports
  tss.ist[0] = reinterpret_cast<uint64_t>(double_fault_stack + sizeof double_fault_stack);

  Pointer p{sizeof(table) - 1, reinterpret_cast<uint64_t>(table)};
  asm volatile(
      "lgdt %0\n"
      "mov %1, %%ds\n mov %1, %%es\n mov %1, %%ss\n"
      "pushq %2\n leaq 1f(%%rip), %%rax\n pushq %%rax\n lretq\n"
      "1:\n"
      "ltr %w3\n"
      :
      : "m"(p), "r"(uint64_t(kKernelData)), "i"(uint64_t(kKernelCode)), "r"(uint64_t(kTss))
      : "rax", "memory");
}

void set_kernel_stack(uint64_t top) {
  tss.rsp[0] = top;
  syscall_kernel_stack_top = top;
}
}  // namespace gdt
