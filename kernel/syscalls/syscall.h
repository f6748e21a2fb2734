// System calls. SYSCALL enters syscall_entry (arch/x86_64/entry.S), which
// saves a TrapFrame and calls syscall_dispatch (table.cpp). Arguments follow
// the Linux x86-64 convention: number in rax, arguments in rdi, rsi, rdx,
// r10, r8, r9; the result (or -errno) goes back in rax.
//
// Every handler has the same shape and lives in the sys_*.cpp file of its
// area. Pointers arrive as uint64_t: they are user addresses, usable only
// through uaccess:: (kernel/mm/uaccess.h).
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"
#include "libc/include/bits/syscall.h"

struct TrapFrame;

struct SyscallArgs {
  uint64_t a0, a1, a2, a3, a4, a5;
  TrapFrame* frame;  // for fork, execve, rt_sigreturn
};

using SyscallHandler = long (*)(const SyscallArgs&);

// Turns a KResult into a syscall return value (value or -errno).
template <typename T>
long syscall_result(const KResult<T>& r) {
  return r.is_error() ? -long(r.error()) : long(r.value());
}

// TRY (kernel/lib/kresult.h) for handlers, which return a long: on error,
// return -errno to user space; otherwise the value.
#define TRY_ERRNO(expr)                                    \
  ({                                                       \
    auto _result = (expr);                                 \
    if (_result.is_error()) return -long(_result.error()); \
    _result.value();                                       \
  })

// Each sys_*.cpp file registers its handlers by number.
void register_syscall(int number, SyscallHandler handler);
void register_fs_syscalls();       // sys_fs.cpp: files, directories, pipes, fds, tty ioctls
void register_process_syscalls();  // sys_process.cpp: fork, execve, exit, wait4, ids, kill
void register_memory_syscalls();   // sys_memory.cpp: brk, mmap, munmap, mprotect, mremap
void register_time_syscalls();     // sys_time.cpp: clocks, nanosleep
void register_system_syscalls();   // sys_system.cpp: uname, reboot, arch_prctl
void register_signal_syscalls();   // sys_signal.cpp: sigaction, sigprocmask, sigreturn, pause
void register_identity_syscalls(); // sys_identity.cpp: set*id, groups, personality
void register_sysctl_syscalls();   // sys_sysctl.cpp: sysctl by name (a Tether-only number)
void register_poll_syscalls();     // sys_poll.cpp: poll, ppoll, select, pselect6
void register_event_port_syscalls(); // sys_event_port.cpp: illumos event ports (Tether-only numbers)
void register_file_lock_syscalls(); // sys_file_locks.cpp: flock

// fcntl's lock commands (F_GETLK, F_SETLK, F_SETLKW, F_OFD_*), for
// sys_fcntl: the result or -errno (sys_file_locks.cpp).
long fcntl_record_lock(int fd, int command, uint64_t address);
void register_socket_syscalls();   // sys_socket.cpp: socket, connect, accept, send/recv, options
void register_resource_syscalls(); // sys_resource.cpp: getrusage, times, getrlimit, setrlimit, prlimit64

// Fills the table (kernel_main calls it once).
void syscalls_init();
