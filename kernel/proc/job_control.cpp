#include "kernel/proc/job_control.h"

#include "arch/x86_64/cpu.h"
#include "kernel/proc/process.h"
#include "kernel/proc/scheduler.h"

namespace job_control {
namespace {
constexpr uint64_t kStopSignals =
    signal::bit(SIGSTOP) | signal::bit(SIGTSTP) | signal::bit(SIGTTIN) | signal::bit(SIGTTOU);
constexpr uint64_t kSaNocldstop = 1;

// The parent may be waiting (WUNTRACED/WCONTINUED) and, unless it said
// SA_NOCLDSTOP, gets SIGCHLD with si_code CLD_STOPPED or CLD_CONTINUED.
void notify_parent(proc::Process* p, int code, int status) {
  proc::Process* parent = p->parent;
  if (!parent) return;
  parent->child_state_changed.wake_all();
  if (parent->signals.actions[SIGCHLD].flags & kSaNocldstop) return;
  signal::Info info;
  info.code = code;
  info.pid = p->pid;
  info.uid = p->cred.uid;
  info.status = status;
  signal::send(parent, SIGCHLD, info);
}

bool has_stopped_member(int pgid) {
  for (proc::Process* p = proc::first(); p; p = p->next_in_all)
    if (p->pgid == pgid && p->stopped && p->state != proc::State::Zombie) return true;
  return false;
}

void hang_up_if_orphaned(int pgid, const proc::Process* ignoring) {
  if (!group_orphaned(pgid, ignoring) || !has_stopped_member(pgid)) return;
  // Nobody left in the session could ever continue them: hang up, then continue,
  // so they either die of SIGHUP or run on knowing the terminal is gone.
  signal::send_to_group(pgid, SIGHUP);
  signal::send_to_group(pgid, SIGCONT);
}
}  // namespace

bool is_stop_signal(int sig) { return sig > 0 && sig < _NSIG && (kStopSignals & signal::bit(sig)); }

void stop(proc::Process* p, int sig) {
  cpu::InterruptGuard guard;
  if (p->stopped || p->state == proc::State::Zombie) return;  // one stop, one report
  p->stopped = true;
  p->stop_signal = sig;
  p->unreported = proc::Process::Report::Stopped;
  notify_parent(p, signal::kCldStopped, sig);
}

void resume(proc::Process* p) {
  cpu::InterruptGuard guard;
  signal::discard(p, kStopSignals);
  if (!p->stopped) return;
  p->stopped = false;
  p->unreported = proc::Process::Report::Continued;
  notify_parent(p, signal::kCldContinued, SIGCONT);
  p->continued.wake_all();
  // Signals that arrived during the stop did not wake its sleep (a stopped
  // process runs no handler); now they may.
  signal::interrupt_sleep(p);
}

void release_to_die(proc::Process* p) {
  cpu::InterruptGuard guard;
  if (!p->stopped) return;
  p->stopped = false;
  p->unreported = proc::Process::Report::None;
  p->continued.wake_all();
}

void sleep_while_stopped() {
  proc::Process* self = proc::current();
  // The common case, on every return to user mode: not stopped. Checked
  // before the guard because saving and restoring the flags (pushf/popf)
  // is what costs under TCG; a stale false is harmless, since a stop that
  // lands after this check is found on the next return to user mode.
  if (!self->stopped) return;
  cpu::InterruptGuard guard;
  // Not interruptible: only SIGCONT (resume) or SIGKILL (release_to_die) end it.
  while (self->stopped) self->continued.wait(0, false);
}

bool group_orphaned(int pgid, const proc::Process* ignoring) {
  cpu::InterruptGuard guard;
  for (proc::Process* p = proc::first(); p; p = p->next_in_all) {
    if (p->pgid != pgid || p == ignoring || p->state == proc::State::Zombie || p->is_kernel_thread) continue;
    const proc::Process* parent = p->parent;
    if (!parent || parent == proc::init_process()) continue;
    if (parent->pgid != pgid && parent->sid == p->sid) return false;
  }
  return true;
}

void exiting(proc::Process* self) {
  // self may have been its group's only link to the rest of the session.
  const proc::Process* parent = self->parent;
  if (!parent || parent == proc::init_process()) return;
  if (parent->pgid != self->pgid && parent->sid == self->sid) hang_up_if_orphaned(self->pgid, self);
}

void child_reparented(const proc::Process* old_parent, const proc::Process* child) {
  // The child's group may have hung on its link through old_parent.
  if (old_parent->pgid != child->pgid && old_parent->sid == child->sid) hang_up_if_orphaned(child->pgid, nullptr);
}
}  // namespace job_control
