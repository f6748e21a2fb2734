#include "arch/x86_64/trap.h"

#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/trap_frame.h"
#include "kernel/dev/console.h"
#include "kernel/mm/fault.h"
#include "kernel/power.h"
#include "kernel/panic.h"
#include "kernel/proc/scheduler.h"
#include "kernel/proc/signal.h"
#include "kernel/time.h"

namespace {
trap::Handler handlers[256];
uint8_t next_free_vector = 0x30;

const char* const kExceptionNames[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range", "invalid opcode",
    "device not available", "double fault", "coprocessor overrun", "invalid TSS", "segment not present",
    "stack fault", "general protection fault", "page fault", "reserved", "x87 floating point",
    "alignment check", "machine check", "SIMD floating point", "virtualization", "control protection",
    "reserved", "reserved", "reserved", "reserved", "reserved", "reserved", "hypervisor injection",
    "VMM communication", "security", "reserved"};

enum : uint64_t { kDivide = 0, kDebug = 1, kBreakpoint = 3, kOverflow = 4, kBound = 5, kInvalidOpcode = 6,
                  kDeviceNotAvailable = 7, kGeneralProtection = 13, kPageFault = 14, kX87 = 16,
                  kAlignment = 17, kSimd = 19 };

// Which signal a CPU exception raised by user code turns into (as on Linux).
int signal_for_exception(uint64_t vector) {
  switch (vector) {
    case kDivide: case kX87: case kSimd: return SIGFPE;
    case kDebug: case kBreakpoint: return SIGTRAP;
    case kInvalidOpcode: return SIGILL;
    case kAlignment: return SIGBUS;
    default: return SIGSEGV;
  }
}

// The exception table (user_copy.S): kernel instructions allowed to fault on
// user memory, and where to resume when they do.
struct ExtableEntry {
  uint64_t fault_rip;
  uint64_t fixup_rip;
};
extern "C" const ExtableEntry __extable_start[], __extable_end[];

bool apply_fixup(TrapFrame* frame) {
  for (const ExtableEntry* e = __extable_start; e < __extable_end; e++) {
    if (e->fault_rip == frame->rip) {
      frame->rip = e->fixup_rip;
      return true;
    }
  }
  return false;
}

// Exceptions taken while already handling a kernel exception. Past a few,
// handling itself is faulting (a broken stack, a bad pointer in panic):
// stop at once rather than recurse until the machine resets.
int kernel_exception_depth = 0;

void handle_exception(TrapFrame* frame) {
  if (!frame->from_user() && ++kernel_exception_depth > 3) {
    static const char msg[] = "\nKERNEL PANIC: recursive exceptions in the kernel\n";
    console::write_kernel(msg, sizeof msg - 1);
    power_off_after_panic();
  }
  struct DepthGuard {
    bool kernel;
    ~DepthGuard() { if (kernel) kernel_exception_depth--; }
  } depth_guard{!frame->from_user()};
  if (frame->vector == kPageFault) {
    uint64_t address = cpu::read_cr2();
    // Demand paging: a lazily-allocated page of a valid user mapping.
    mm::FaultResult result = address < layout::kUserTop ? mm::handle_user_page_fault(address, frame->error_code)
                                                        : mm::FaultResult::NotAllowed;
    if (result == mm::FaultResult::Mapped) return;
    // Out of memory: SIGKILL is pending; from user mode, return and let it
    // be delivered (the access is never retried).
    if (result == mm::FaultResult::OutOfMemory && frame->from_user()) return;
    if (!frame->from_user()) {
      if (address < layout::kUserTop && apply_fixup(frame)) return;
      panic_with_frame(frame, "page fault in the kernel at address %016lx (%s, %s)", address,
                       frame->error_code & 1 ? "protection violation" : "page not present",
                       frame->error_code & 2 ? "write" : "read");
    }
  }
  if (!frame->from_user())
    panic_with_frame(frame, "%s in the kernel", kExceptionNames[frame->vector]);
  signal::raise_fault(signal_for_exception(frame->vector), frame);
}
}  // namespace

namespace trap {
void register_handler(uint8_t vector, Handler handler) { handlers[vector] = handler; }
uint8_t allocate_vector() {
  KASSERT(next_free_vector < idt::kSpuriousVector);
  return next_free_vector++;
}
}  // namespace trap

extern "C" void trap_dispatch(TrapFrame* frame) {
  uint64_t vector = frame->vector;
  if (vector < 32) {
    // Faults from user mode run with interrupts enabled, like syscalls.
    if (frame->from_user()) cpu::sti();
    handle_exception(frame);
  } else if (vector == idt::kSpuriousVector) {
    return;  // no EOI for spurious interrupts
  } else {
    if (vector == idt::kTimerVector) {
      time::on_tick();
      scheduler::on_tick(frame->from_user());
    } else if (handlers[vector]) {
      handlers[vector](frame);
    }
    apic::end_of_interrupt();
  }
  // Back to user mode: the point where a preempted program yields the CPU
  // and pending signals are delivered.
  if (frame->from_user()) scheduler::before_return_to_user(frame);
}
