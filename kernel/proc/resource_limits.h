// Resource limits: getrlimit(2), setrlimit(2), prlimit(2). Each process has
// a soft and a hard limit per resource (Linux's numbering, RLIM_NLIMITS of
// them); fork copies them and execve keeps them.
//
// Which ones Tether enforces (the rest are stored and reported, and limit
// nothing; kernel/proc/README.md says so too):
//   RLIMIT_NOFILE  the file descriptor table: no descriptor at or above the
//                  soft limit (EMFILE, F_DUPFD EINVAL, dup2 EBADF); the hard
//                  limit cannot go above the table's 1024 slots (EPERM, as
//                  Linux past fs.nr_open).
//   RLIMIT_NPROC   fork fails with EAGAIN when the caller's real uid already
//                  has that many processes, unless it is root.
//   RLIMIT_STACK   execve sizes the new program's stack from the soft limit,
//                  and its arguments may take a quarter of it (sys_process.cpp).
//   RLIMIT_SIGPENDING  queued signal records per real uid (signal_queue.h).
//   RLIMIT_CORE    Tether never writes a core file, whatever the limit.
//   RLIMIT_CPU     seconds of CPU time (user and system): SIGXCPU at the soft
//                  limit and each second after it, SIGKILL at the hard limit;
//                  each SIGXCPU raises the soft limit by one, as on Linux
//                  (cpu_timers.h).
//   RLIMIT_FSIZE   bytes a regular file may grow to: a write at or past it
//                  gets SIGXFSZ and EFBIG, one across it is cut short; the
//                  same for truncating past it (kernel/fs/file_size_limit.h).
//   RLIMIT_AS      the pages of all regions (VmSize): mmap, mremap, brk
//                  fail past it (ENOMEM; brk returns the old break), and so
//                  does execve (ENOMEM, before its point of no return).
//   RLIMIT_DATA    the pages of private writable non-stack regions (VmData)
//                  for mmap, mremap, mprotect, brk and execve, and brk's own
//                  check of heap plus data segment (memory_limits below).
//   RLIMIT_MEMLOCK Tether has no mlock or MAP_LOCKED: nothing is ever
//                  locked, so every value holds.
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"

struct Credentials;
namespace mm {
struct SpaceLimits;
}

namespace proc {
struct Process;

constexpr int kRlimitCount = 16;  // RLIM_NLIMITS
constexpr uint64_t kRlimInfinity = ~0ull;
enum RlimitResource : int {
  kRlimitCpu = 0, kRlimitFsize = 1, kRlimitData = 2, kRlimitStack = 3, kRlimitCore = 4, kRlimitRss = 5,
  kRlimitNproc = 6, kRlimitNofile = 7, kRlimitMemlock = 8, kRlimitAs = 9, kRlimitLocks = 10,
  kRlimitSigpending = 11, kRlimitMsgqueue = 12, kRlimitNice = 13, kRlimitRtprio = 14, kRlimitRttime = 15,
};

// struct rlimit64 (prlimit64's layout; also struct rlimit on x86-64).
struct Rlimit {
  uint64_t cur;
  uint64_t max;
};

struct ResourceLimits {
  Rlimit limit[kRlimitCount];
  ResourceLimits();  // the limits PID 1 starts with (Linux's INIT_RLIMITS, where Tether has the resource)
  uint64_t soft(int resource) const { return limit[resource].cur; }
};

// prlimit64(2) on `target` by the current process: reads the old limit into
// *old (if old) and sets `next` (if next). EINVAL (resource, soft > hard),
// EPERM (raising the hard limit without being root; NOFILE past the table),
// ESRCH is the caller's. Applies what a new limit changes at once (the fd
// table's size).
KStatus change_limit(Process* target, int resource, const Rlimit* next, Rlimit* old);
// May the current process read or change target's limits (Linux's
// check_prlimit_permission)?
bool may_access_limits(const Process* target);
// fork(2) and RLIMIT_NPROC: EAGAIN if the current process may not have
// another child.
KStatus check_process_count();
// execve: the size of the new stack region, from RLIMIT_STACK.
uint64_t stack_region_size(const Process* p);
// RLIMIT_AS and RLIMIT_DATA as the address space checks them, Linux's
// may_expand_vm and check_data_rlimit (kernel/mm/address_space.h).
mm::SpaceLimits memory_limits(const Process* p);
}  // namespace proc
