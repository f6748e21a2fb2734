// Blocking. A thread that must wait for something (input, a child's exit, a
// deadline) sleeps on a WaitQueue; whoever makes the condition true wakes it.
//
// Tether has one CPU and a non-preemptible kernel, so the rule is simple:
// check the condition and call wait() with interrupts disabled, in a loop:
//
//   cpu::InterruptGuard guard;
//   while (!data_ready()) {
//     int err = queue.wait(deadline_ns, /*interruptible=*/true);
//     if (err) return KError{err};   // ETIMEDOUT or EINTR
//   }
//
// wait_until() below is that loop.
#pragma once
#include <stdint.h>

#include "arch/x86_64/cpu.h"

namespace proc { struct Process; }

class WaitQueue {
 public:
  // Sleeps until woken (returns 0), until the monotonic deadline passes
  // (deadline_ns != 0; returns ETIMEDOUT) or, if interruptible, until a signal
  // is pending for the thread (returns EINTR, also when one was already
  // pending on entry). Must be called with interrupts disabled.
  int wait(uint64_t deadline_ns = 0, bool interruptible = true);
  void wake_one();
  void wake_all();
  bool empty() const { return head_ == nullptr; }

  // Used by the scheduler when a sleeper times out or is interrupted.
  void remove(proc::Process* p);

 private:
  proc::Process* head_ = nullptr;
  proc::Process* tail_ = nullptr;
};

// Sleeps until cond() holds; returns 0, ETIMEDOUT or EINTR.
template <typename Condition>
int wait_until(WaitQueue& queue, Condition cond, uint64_t deadline_ns = 0, bool interruptible = true) {
  cpu::InterruptGuard guard;
  while (!cond()) {
    int err = queue.wait(deadline_ns, interruptible);
    if (err) return err;
  }
  return 0;
}
