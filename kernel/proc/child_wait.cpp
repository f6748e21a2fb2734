#include "kernel/proc/child_wait.h"

#include "arch/x86_64/cpu.h"
#include "kernel/proc/process.h"

namespace proc {
namespace {
bool selected(const Process* child, WaitWhich which, int id) {
  switch (which) {
    case WaitWhich::Any: return true;
    case WaitWhich::Pid: return child->pid == id;
    case WaitWhich::ProcessGroup: return child->pgid == id;
  }
  return false;
}

// Linux's wait_task_zombie: the exit status, then (unless WNOWAIT) the
// zombie goes and its times become the parent's children's times.
int report_exit(Process* self, Process* child, int options, ChildReport* out) {
  int signal = child->wait_status & 0x7f;
  out->wait_status = child->wait_status;
  out->code = !signal ? signal::kCldExited : (child->wait_status & 0x80) ? signal::kCldDumped : signal::kCldKilled;
  out->status = signal ? signal : (child->wait_status >> 8) & 0xff;
  int pid = child->pid;
  if (!(options & kWaitNowait)) {
    add_reaped_child(self, child);
    reap(child);
  }
  return pid;
}
}  // namespace

KResult<int> wait_for_child(WaitWhich which, int id, int options, ChildReport* out) {
  Process* self = current();
  cpu::InterruptGuard guard;
  for (;;) {
    bool have_candidate = false;
    for (Process* c = self->first_child; c; c = c->next_sibling) {
      if (!selected(c, which, id)) continue;
      if (c->state == State::Zombie) {
        // Linux (wait_consider_task): a zombie is something to wait for
        // only by a caller who asked for exits; otherwise waitid(WSTOPPED)
        // with nothing but zombies is ECHILD.
        if (!(options & kWaitExited)) continue;
        have_candidate = true;
        out->pid = c->pid;
        out->uid = c->cred.uid;
        out->usage = rusage(c, UsageOf::SelfAndChildren);
        return report_exit(self, c, options, out);
      }
      have_candidate = true;
      // wait(2): WSTOPPED reports a stop, WCONTINUED a continue, each once
      // (WNOWAIT leaves it to be reported again).
      if ((options & kWaitStopped) && c->stopped && c->unreported == Process::Report::Stopped) {
        out->wait_status = stopped_status(c->stop_signal);
        out->code = signal::kCldStopped;
        out->status = c->stop_signal;
      } else if ((options & kWaitContinued) && c->unreported == Process::Report::Continued) {
        out->wait_status = kContinuedStatus;
        out->code = signal::kCldContinued;
        out->status = SIGCONT;
      } else {
        continue;
      }
      if (!(options & kWaitNowait)) c->unreported = Process::Report::None;
      out->pid = c->pid;
      out->uid = c->cred.uid;
      out->usage = rusage(c, UsageOf::SelfAndChildren);
      return c->pid;
    }
    if (!have_candidate) return KError{ECHILD};
    if (options & kWaitNohang) return 0;
    int err = self->child_state_changed.wait(0, true);
    if (err) return KError{err};
  }
}
}  // namespace proc
