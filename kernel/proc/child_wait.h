// Waiting for a child to change state: the one routine behind wait4(2) and
// waitid(2). A child is reported when it has exited (a zombie, then reaped
// unless WNOWAIT), stopped (once per stop) or continued (once per SIGCONT),
// as the caller's options ask.
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"
#include "kernel/proc/resource_usage.h"

namespace proc {

// Which children: waitid's idtype (P_ALL, P_PID, P_PGID). wait4's pid
// argument maps onto these (-1: any; > 0: that pid; 0 or < -1: a group).
enum class WaitWhich { Any, Pid, ProcessGroup };

// Option bits, with Linux's values (wait4 knows WSTOPPED as WUNTRACED).
constexpr int kWaitNohang = 1, kWaitStopped = 2, kWaitExited = 4, kWaitContinued = 8;
constexpr int kWaitNowait = 0x01000000;
constexpr int kWaitNothread = 0x20000000, kWaitAll = 0x40000000, kWaitClone = int(0x80000000);

// What a wait tells about the child it found.
struct ChildReport {
  int pid = 0;
  uint32_t uid = 0;      // the child's real uid (waitid's si_uid)
  int code = 0;          // si_code: CLD_EXITED, CLD_KILLED, CLD_DUMPED, CLD_STOPPED, CLD_CONTINUED
  int status = 0;        // si_status: the exit code, or the signal that killed, stopped or continued it
  int wait_status = 0;   // wait4's status word
  Rusage usage;          // the child's usage and its reaped children's (wait4's rusage)
};

// Returns the pid of a child matching (which, id) whose state change is
// asked for by `options` (kWaitExited/Stopped/Continued, kWaitNohang,
// kWaitNowait), filling *out; 0 if kWaitNohang and none is ready yet.
// ECHILD when no child matches; EINTR when a signal interrupts the sleep.
KResult<int> wait_for_child(WaitWhich which, int id, int options, ChildReport* out);
}  // namespace proc
