#include "kernel/proc/wait_queue.h"

#include "kernel/panic.h"
#include "kernel/proc/process.h"
#include "kernel/proc/scheduler.h"
#include "kernel/time.h"

int WaitQueue::wait(uint64_t deadline_ns, bool interruptible) {
  KASSERT(!cpu::interrupts_enabled());
  proc::Process* self = scheduler::current();
  if (interruptible && signal::has_deliverable(self)) return EINTR;
  if (deadline_ns && time::monotonic_ns() >= deadline_ns) return ETIMEDOUT;

  self->next_waiter = nullptr;
  if (tail_) tail_->next_waiter = self;
  else head_ = self;
  tail_ = self;
  self->waiting_on = this;
  self->wake_reason = 0;
  self->wait_interruptible = interruptible;
  self->state = proc::State::Blocked;
  if (deadline_ns) {
    self->wake_deadline_ns = deadline_ns;
    scheduler::add_timed_sleeper(self);
  }
  scheduler::block_current();
  // Running again: woken, timed out or interrupted.
  if (deadline_ns) scheduler::remove_timed_sleeper(self);
  if (self->waiting_on) remove(self);
  return self->wake_reason;
}

void WaitQueue::remove(proc::Process* p) {
  proc::Process* prev = nullptr;
  for (proc::Process* q = head_; q; prev = q, q = q->next_waiter) {
    if (q != p) continue;
    if (prev) prev->next_waiter = q->next_waiter;
    else head_ = q->next_waiter;
    if (tail_ == q) tail_ = prev;
    break;
  }
  p->next_waiter = nullptr;
  p->waiting_on = nullptr;
}

void WaitQueue::wake_one() {
  cpu::InterruptGuard guard;
  proc::Process* p = head_;
  if (!p) return;
  remove(p);
  p->wake_reason = 0;
  scheduler::make_runnable(p);
}

void WaitQueue::wake_all() {
  cpu::InterruptGuard guard;
  while (head_) wake_one();
}
