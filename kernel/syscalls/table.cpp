// The system call table: number → handler. Numbers nobody registered answer
// ENOSYS, exactly as Linux does for a call it lacks.
#include "arch/x86_64/trap_frame.h"
#include "kernel/panic.h"
#include "kernel/proc/scheduler.h"
#include "kernel/syscalls/syscall.h"

namespace {
constexpr int kTableSize = 1024 + 16;  // Linux's numbers (< 512) and Tether's own (1000 up)
SyscallHandler table[kTableSize];
}  // namespace

void register_syscall(int number, SyscallHandler handler) {
  KASSERT(number >= 0 && number < kTableSize && !table[number]);
  table[number] = handler;
}

void syscalls_init() {
  register_fs_syscalls();
  register_process_syscalls();
  register_memory_syscalls();
  register_time_syscalls();
  register_system_syscalls();
  register_signal_syscalls();
  register_identity_syscalls();
  register_sysctl_syscalls();
  register_poll_syscalls();
  register_event_port_syscalls();
  register_file_lock_syscalls();
  register_socket_syscalls();
  register_resource_syscalls();
}

extern "C" void syscall_dispatch(TrapFrame* frame) {
  uint64_t number = frame->rax;
  long result = -ENOSYS;
  frame->error_code = number;  // kept for restarting the call after a signal (signal.cpp)
  if (number < kTableSize && table[number]) {
    SyscallArgs args{frame->rdi, frame->rsi, frame->rdx, frame->r10, frame->r8, frame->r9, frame};
    result = table[number](args);
  }
  frame->rax = uint64_t(result);
  scheduler::before_return_to_user(frame);
}
