// Waiting for any of several files to become ready: the engine under
// poll(2), ppoll(2), select(2) and pselect(2). The syscalls
// (kernel/syscalls/sys_poll.cpp) turn their user arguments (an array of
// struct pollfd, three fd_sets) into a PollSet, one entry per slot; this
// file knows nothing about those layouts.
//
// How a wait goes (readiness.h explains the notification protocol):
//
//   1. scan: ask every file poll_events(). Something ready, or a zero
//      timeout: done, without ever subscribing (poll(2) with timeout 0
//      "returns immediately").
//   2. subscribe: one ReadinessWatcher per file, on the file's Readiness.
//      Every watcher wakes the same WaitQueue, the PollSet's own: a process
//      sleeps on one queue at a time, and this is the one.
//   3. sleep on that queue until a notification, the deadline or a signal;
//      then scan again. A notification only says "look again".
//   4. unsubscribe every watcher before the syscall returns (~PollSet),
//      whatever ended the wait: readiness, timeout, EINTR, even SIGKILL
//      (a killed process still returns from its syscall first, and dies on
//      the way back to user mode).
//
// Lifetimes. Each entry holds a reference to its File for the whole wait.
// If another process closes its descriptor for the same pipe meanwhile (the
// writer going away is exactly what POLLHUP reports), our File, and the
// Pipe and Readiness it leads to, stay alive until we let go, after we have
// unsubscribed: a watcher can never be left on a list that was freed, nor a
// list keep a watcher whose PollSet is gone.
//
// Atomicity. scan and sleep happen with interrupts disabled (the rule in
// wait_queue.h): tty input arrives in an interrupt, and a notification
// between "nothing is ready" and "asleep" would otherwise be lost.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/file.h"
#include "kernel/fs/readiness.h"
#include "kernel/lib/kresult.h"
#include "kernel/proc/wait_queue.h"
#include "kernel/time.h"

namespace fs {

// A deadline of 0 means "wait forever", as for WaitQueue::wait. A deadline
// already past (now + a zero timeout) means "just check".
constexpr uint64_t kNoDeadline = 0;

class PollSet {
 public:
  // Room for `slots` entries (each empty until set()). Check ok().
  explicit PollSet(size_t slots);
  // Unsubscribes every watcher, then drops every reference.
  ~PollSet();
  PollSet(const PollSet&) = delete;
  PollSet& operator=(const PollSet&) = delete;

  bool ok() const { return entries_ != nullptr || slots_ == 0; }  // false: ENOMEM
  size_t slots() const { return slots_; }
  // Slot i watches file (the set takes a reference of its own).
  void set(size_t i, File* file);
  // The file in slot i, nullptr for an empty slot.
  File* file(size_t i) const { return entries_[i].file; }

  // Waits until scan() returns non-zero (the number of ready slots), the
  // deadline passes (then: the last scan's answer, 0 when nothing was
  // ready) or a signal is deliverable (EINTR, unless a file is ready too:
  // readiness wins, as in Linux's do_poll). scan() runs with interrupts
  // disabled: it may call poll_events() and write kernel memory only.
  template <typename Scan>
  KResult<int> wait(uint64_t deadline_ns, Scan scan);

 private:
  struct Entry final : ReadinessWatcher {
    File* file = nullptr;
    Readiness* subscribed = nullptr;  // the list this watcher is on, if any
    WaitQueue* queue = nullptr;
    // Runs with interrupts off, maybe in an interrupt handler: just wake.
    void readiness_changed() override { queue->wake_all(); }
  };
  void subscribe_all();
  void unsubscribe_all();

  Entry* entries_ = nullptr;
  size_t slots_ = 0;
  bool subscribed_ = false;
  WaitQueue queue_;
};

template <typename Scan>
KResult<int> PollSet::wait(uint64_t deadline_ns, Scan scan) {
  cpu::InterruptGuard guard;
  bool timed_out = deadline_ns != kNoDeadline && time::monotonic_ns() >= deadline_ns;
  bool interrupted = false;
  for (;;) {
    int ready = scan();
    if (ready || timed_out) return ready;
    if (interrupted) return KError{EINTR};
    if (!subscribed_) subscribe_all();
    int err = queue_.wait(deadline_ns, /*interruptible=*/true);
    if (err == ETIMEDOUT) timed_out = true;
    if (err == EINTR) interrupted = true;
  }
}

}  // namespace fs
