#include "kernel/proc/signal.h"

#include "arch/x86_64/trap_frame.h"
#include "kernel/proc/process.h"
#include "kernel/proc/scheduler.h"

namespace signal {
namespace {
constexpr uint64_t kSigDfl = 0, kSigIgn = 1;

enum class Default { Terminate, Ignore, Stop };

// The default action of each signal (signal(7)). "Core" signals terminate
// like the others: Tether writes no core files, so WCOREDUMP stays false,
// as on a Linux system with `ulimit -c 0`.
Default default_action(int sig) {
  switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT: return Default::Ignore;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU: return Default::Stop;
    default: return Default::Terminate;
  }
}

bool ignored(const proc::Process* p, int sig) {
  uint64_t h = p->signals.actions[sig].handler;
  return h == kSigIgn || (h == kSigDfl && default_action(sig) != Default::Terminate);
}
}  // namespace

void send(proc::Process* p, int sig) {
  if (sig <= 0 || sig >= _NSIG || p->state == proc::State::Zombie) return;
  cpu::InterruptGuard guard;
  if (ignored(p, sig) && sig != SIGKILL) return;  // POSIX: an ignored signal is discarded
  p->signals.pending |= bit(sig);
  if (p->state == proc::State::Blocked && p->wait_interruptible && has_deliverable(p)) {
    if (p->waiting_on) p->waiting_on->remove(p);
    p->wake_reason = EINTR;
    scheduler::make_runnable(p);
  }
}

void send_to_group(int pgid, int sig) {
  for (proc::Process* p = proc::first(); p; p = p->next_in_all)
    if (p->pgid == pgid && !p->is_kernel_thread) send(p, sig);
}

void raise_fault(int sig, TrapFrame*) {
  proc::Process* p = proc::current();
  // As Linux's force_sig: a blocked or ignored fault signal reverts to the
  // default action, since returning would only fault again.
  p->signals.blocked &= ~bit(sig);
  if (p->signals.actions[sig].handler == kSigIgn) p->signals.actions[sig].handler = kSigDfl;
  p->signals.pending |= bit(sig);
}

bool has_deliverable(const proc::Process* p) {
  uint64_t unblockable = bit(SIGKILL) | bit(SIGSTOP);
  return p->signals.pending & (~p->signals.blocked | unblockable);
}

void deliver_pending(TrapFrame*) {
  proc::Process* p = proc::current();
  while (has_deliverable(p)) {
    uint64_t deliverable = p->signals.pending & (~p->signals.blocked | bit(SIGKILL) | bit(SIGSTOP));
    int sig = __builtin_ctzll(deliverable) + 1;
    p->signals.pending &= ~bit(sig);
    const Action& action = p->signals.actions[sig];
    if (action.handler == kSigIgn && sig != SIGKILL && sig != SIGSTOP) continue;
    if (action.handler == kSigDfl || sig == SIGKILL || sig == SIGSTOP) {
      switch (default_action(sig)) {
        case Default::Ignore:
          continue;
        case Default::Stop:
          // Job control (stopping and SIGCONT) is not built yet: a stop
          // signal is discarded, and the note on the issue says so.
          continue;
        case Default::Terminate:
          proc::exit(proc::signaled_status(sig));
      }
    }
    // A user handler: sigaction(2) is not registered yet, so no process can
    // have one; rt_sigaction answers ENOSYS until signal frames exist.
    proc::exit(proc::signaled_status(sig));
  }
}

void reset_on_exec(State& s) {
  // execve(2): handled signals revert to default; ignored stay ignored;
  // the mask and pending set are kept.
  for (int sig = 1; sig < _NSIG; sig++)
    if (s.actions[sig].handler != kSigIgn) s.actions[sig] = Action{};
}
}  // namespace signal
