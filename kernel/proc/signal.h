// Signals: per-process pending and blocked sets and the actions chosen with
// sigaction. Delivery happens on the way back to user mode
// (scheduler::before_return_to_user).
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"
#include "kernel/proc/alternate_stack.h"
#include "kernel/proc/signal_queue.h"

#include "libc/include/bits/signum.h"

struct TrapFrame;
namespace proc { struct Process; }

namespace signal {
struct Action {
  uint64_t handler = 0;  // SIG_DFL (0), SIG_IGN (1) or a user address
  uint64_t flags = 0;
  uint64_t restorer = 0;
  uint64_t mask = 0;
};

// Linux's siginfo_t as user space sees it: 128 bytes, signo, errno, code,
// then a union at offset 16: si_pid (int), si_uid (uint); then for SIGCHLD
// si_status (int) at 24, for SI_QUEUE si_value at 24; for faults si_addr
// (pointer) at 16.
struct UserSigInfo {
  int32_t signo, errno_value, code, pad;
  uint64_t fields[14];
};
static_assert(sizeof(UserSigInfo) == 128, "Linux siginfo_t");
UserSigInfo to_user(int sig, const Info& info);

constexpr int kSiUser = 0, kSiKernel = 0x80, kSiQueue = -1, kSiTkill = -6;
constexpr int kCldExited = 1, kCldKilled = 2, kCldDumped = 3, kCldStopped = 5, kCldContinued = 6;

// Linux's ERESTARTSYS, never seen by user code: the syscall gave way to a
// signal and runs again once it is dealt with, unless a handler without
// SA_RESTART runs (then the call fails with EINTR). A tty read that sent
// SIGTTIN to its own group returns this.
constexpr int kRestartSyscall = 512;

struct State {
  uint64_t pending = 0;  // bit (sig - 1)
  uint64_t blocked = 0;
  Action actions[_NSIG];
  SignalQueue queue;  // the pending signals' records (signal_queue.h)
  // sigsuspend(2) swaps the mask while it waits; the original comes back
  // when the handler returns (it is saved in the signal frame), or right
  // away if no handler runs.
  bool has_saved_mask = false;
  uint64_t saved_mask = 0;
  // rt_sigtimedwait(2) sleeping: these signals wake the sleep even while
  // blocked (Linux unblocks them for the sleep; here they stay blocked, so
  // that a blocked ignored signal is still kept rather than discarded).
  uint64_t waiting_for = 0;
  AlternateStack alternate_stack;  // sigaltstack(2)
};

constexpr uint64_t bit(int sig) { return 1ull << (sig - 1); }

// Marks sig pending for p, with its record, and wakes p if it sleeps
// interruptibly. EAGAIN (Linux's __send_signal_locked): a real-time signal
// sent other than by kill(2) (si_code not SI_USER) when its record would
// pass the RLIMIT_SIGPENDING of p; nothing is sent then.
KStatus try_send(proc::Process* p, int sig, const Info& info);
// try_send for signals that cannot fail: standard signals the kernel sends
// (si_code >= 0 is never refused a record).
void send(proc::Process* p, int sig, const Info& info = Info{kSiKernel});
// kill(2) from the current process: SI_USER with its pid and uid.
Info from_current_user(int code = kSiUser);
// kill(2)'s permission rule: may sender send sig to target?
bool may_send(const proc::Process* sender, const proc::Process* target, int sig);
// Takes the lowest pending signal of `set` (0 if none) and its oldest
// record (delivery, rt_sigtimedwait). A real-time signal with more records
// stays pending.
int take_pending(proc::Process* p, uint64_t set, Info* info);
// Discards the pending signals of `set` with their records.
void discard(proc::Process* p, uint64_t set);
// Sends to every process in a process group.
void send_to_group(int pgid, int sig);
// A CPU fault in user code: the signal cannot be blocked or ignored away
// (the faulting instruction would only fault again).
void raise_fault(int sig, TrapFrame* frame);
// True if p has a pending signal that would interrupt a sleep.
bool has_deliverable(const proc::Process* p);
// After sigaction: POSIX says an action that ignores sig (SIG_IGN, or SIG_DFL
// when the default is to ignore) discards a pending sig, blocked or not.
void discard_if_ignored(proc::Process* p, int sig);
// Wakes p with EINTR if it sleeps interruptibly, has a deliverable signal
// and is not stopped.
void interrupt_sleep(proc::Process* p);
// sig is SIG_IGN, or blocked, for p (a tty's SIGTTIN/SIGTTOU then gives way).
bool ignored_or_blocked(const proc::Process* p, int sig);
// Acts on pending signals of the current process before it returns to user mode.
void deliver_pending(TrapFrame* frame);
// rt_sigreturn: restores the registers, mask and FPU state a handler interrupted.
KStatus sigreturn(TrapFrame* frame);
// fork: actions, mask and alternate stack are inherited, pending is
// cleared. exec: handlers reset to default, the alternate stack is removed;
// pending signals and their records stay.
void reset_on_exec(State& s);
}  // namespace signal
