#include "kernel/panic.h"

#include <stdarg.h>
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap_frame.h"
#include "kernel/dev/console.h"
#include "kernel/lib/format.h"
#include "kernel/power.h"
#include "kernel/printk.h"

// The symbol table, generated from the linked kernel by kernel/gen-ksyms.sh.
extern "C" const uint64_t ksyms_count;
extern "C" const uint64_t ksyms_addresses[];
extern "C" const uint32_t ksyms_name_offsets[];
extern "C" const char ksyms_names[];
extern "C" char __text_start[], __text_end[];

namespace {
bool panicking = false;

// A panic writes everywhere it can: the console (even when quiet) and COM2.
void emit(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void emit(const char* fmt, ...) {
  char line[256];
  va_list args;
  va_start(args, fmt);
  size_t n = vformat(line, sizeof line, fmt, args);
  va_end(args);
  if (n >= sizeof line) n = sizeof line - 1;
  console::write_kernel(line, n);
  klog_write_raw(line, n);
}

// Marks a frame captured by panic() itself rather than pushed by a trap.
constexpr uint64_t kNoTrap = ~0ull;

void print_frame(const TrapFrame* f) {
  if (f->vector == kNoTrap) {
    uint64_t offset = 0;
    const char* caller = symbolize(f->rip - 1, &offset);  // -1: the call, as in backtrace()
    emit("registers at panic(), called from %s+0x%lx:\n", caller ? caller : "?", offset);
    emit("  rip %016lx  cs %04lx  rflags %016lx\n", f->rip, f->cs, f->rflags);
  } else {
    emit("registers at the trap:\n");
    emit("  rip %016lx  cs %04lx  rflags %016lx  vector %lu  error %lx\n", f->rip, f->cs, f->rflags,
         f->vector, f->error_code);
  }
  emit("  rsp %016lx  ss %04lx  cr2 %016lx  cr3 %016lx\n", f->rsp, f->ss, cpu::read_cr2(), cpu::read_cr3());
  emit("  cr0 %016lx  cr4 %016lx\n", cpu::read_cr0(), cpu::read_cr4());
  emit("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
  emit("  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n", f->rsi, f->rdi, f->rbp, f->r8);
  emit("  r9  %016lx  r10 %016lx  r11 %016lx  r12 %016lx\n", f->r9, f->r10, f->r11, f->r12);
  emit("  r13 %016lx  r14 %016lx  r15 %016lx\n", f->r13, f->r14, f->r15);
}

void print_address(uint64_t address) {
  uint64_t offset = 0;
  const char* name = symbolize(address, &offset);
  if (name) emit("    %016lx  %s+0x%lx\n", address, name, offset);
  else emit("    %016lx  ?\n", address);
}

bool plausible_kernel_stack_address(uint64_t a) { return a >= 0xffff800000000000ull && (a & 7) == 0; }

// The kernel is built with frame pointers: each frame starts with the
// caller's rbp followed by the return address.
void backtrace(uint64_t rbp, uint64_t first_rip) {
  emit("backtrace:\n");
  if (first_rip) print_address(first_rip);
  for (int depth = 0; depth < 32 && plausible_kernel_stack_address(rbp); depth++) {
    auto* frame = reinterpret_cast<const uint64_t*>(rbp);
    uint64_t return_address = frame[1];
    if (return_address < uint64_t(__text_start) || return_address >= uint64_t(__text_end)) break;
    print_address(return_address - 1);  // -1: the call instruction, not the one after it
    if (frame[0] <= rbp) break;         // stacks grow down: the caller's frame is higher
    rbp = frame[0];
  }
}

// trap: the frame of the trap that led here, or nullptr when kernel code
// called panic(); here: the registers panic() captured, then used instead.
// panic_rbp: panic()'s own frame, where the backtrace of a call starts.
[[noreturn]] void finish_panic(const TrapFrame* trap, const TrapFrame* here, uint64_t panic_rbp,
                               const char* fmt, va_list args) {
  cpu::cli();
  if (panicking) power_off_after_panic();  // a panic inside a panic: just stop
  panicking = true;
  char message[256];
  vformat(message, sizeof message, fmt, args);
  emit("\nKERNEL PANIC: %s\n", message);
  if (trap) {
    print_frame(trap);
    if (trap->from_user()) emit("(trap came from user mode)\n");
    else backtrace(trap->rbp, trap->rip);
  } else {
    print_frame(here);
    backtrace(panic_rbp, 0);
  }
  power_off_after_panic();
}

// The registers as panic() finds them, so that a panic called from kernel
// code (an assertion, a broken invariant) reports them as a trap's does.
// rip, rsp and rbp are the caller's: where it called panic(), its stack
// pointer before the call, its frame. The rest are what they hold at the
// capture, early in panic(): close to the caller's values, but the
// argument registers carry panic()'s own arguments, and the compiler may
// already have used a scratch register or two. Always inlined, so that it
// reads panic()'s registers, not a helper's.
#define CAPTURE_REGISTERS(f)                                                                     \
  do {                                                                                           \
    asm volatile(                                                                                \
        "mov %%rax, %c[rax](%[p])\n\tmov %%rbx, %c[rbx](%[p])\n\tmov %%rcx, %c[rcx](%[p])\n\t"    \
        "mov %%rdx, %c[rdx](%[p])\n\tmov %%rsi, %c[rsi](%[p])\n\tmov %%rdi, %c[rdi](%[p])\n\t"    \
        "mov %%r8, %c[r8](%[p])\n\tmov %%r9, %c[r9](%[p])\n\tmov %%r10, %c[r10](%[p])\n\t"        \
        "mov %%r11, %c[r11](%[p])\n\tmov %%r12, %c[r12](%[p])\n\tmov %%r13, %c[r13](%[p])\n\t"    \
        "mov %%r14, %c[r14](%[p])\n\tmov %%r15, %c[r15](%[p])\n\t"                                 \
        "pushfq\n\tpopq %c[rflags](%[p])\n\tmov %%cs, %c[cs](%[p])\n\tmov %%ss, %c[ss](%[p])"     \
        :                                                                                        \
        : [p] "r"(f), [rax] "i"(offsetof(TrapFrame, rax)), [rbx] "i"(offsetof(TrapFrame, rbx)),  \
          [rcx] "i"(offsetof(TrapFrame, rcx)), [rdx] "i"(offsetof(TrapFrame, rdx)),              \
          [rsi] "i"(offsetof(TrapFrame, rsi)), [rdi] "i"(offsetof(TrapFrame, rdi)),              \
          [r8] "i"(offsetof(TrapFrame, r8)), [r9] "i"(offsetof(TrapFrame, r9)),                  \
          [r10] "i"(offsetof(TrapFrame, r10)), [r11] "i"(offsetof(TrapFrame, r11)),              \
          [r12] "i"(offsetof(TrapFrame, r12)), [r13] "i"(offsetof(TrapFrame, r13)),              \
          [r14] "i"(offsetof(TrapFrame, r14)), [r15] "i"(offsetof(TrapFrame, r15)),              \
          [rflags] "i"(offsetof(TrapFrame, rflags)), [cs] "i"(offsetof(TrapFrame, cs)),          \
          [ss] "i"(offsetof(TrapFrame, ss))                                                      \
        : "memory");                                                                             \
    auto* frame_ = static_cast<uint64_t*>(__builtin_frame_address(0));                          \
    (f)->rbp = frame_[0];                                                                        \
    (f)->rip = frame_[1];                                                                        \
    (f)->rsp = uint64_t(frame_ + 2);                                                             \
    (f)->vector = kNoTrap;                                                                       \
    (f)->error_code = 0;                                                                         \
  } while (0)
}  // namespace

const char* symbolize(uint64_t address, uint64_t* offset) {
  if (ksyms_count == 0 || address < ksyms_addresses[0]) return nullptr;
  if (address >= uint64_t(__text_end)) return nullptr;
  // Binary search: the last symbol at or below address.
  uint64_t lo = 0, hi = ksyms_count;
  while (hi - lo > 1) {
    uint64_t mid = (lo + hi) / 2;
    if (ksyms_addresses[mid] <= address) lo = mid;
    else hi = mid;
  }
  *offset = address - ksyms_addresses[lo];
  return ksyms_names + ksyms_name_offsets[lo];
}

void panic(const char* fmt, ...) {
  TrapFrame here{};  // zeroed: cs and ss are stored as 16 bits
  CAPTURE_REGISTERS(&here);
  va_list args;
  va_start(args, fmt);
  finish_panic(nullptr, &here, uint64_t(__builtin_frame_address(0)), fmt, args);
}

void panic_with_frame(const TrapFrame* frame, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  finish_panic(frame, nullptr, 0, fmt, args);
}
