// Readiness notification: the one mechanism behind poll, select and event
// ports, shared by every file type.
//
// A file answers "what could I do now without blocking?" with
// File::poll_events() (kPollIn, kPollOut, kPollHangUp, ...). An object whose
// answer can change (a pipe, the tty, a socket) owns a Readiness and calls
// notify() whenever it might have changed: data arrived, space freed, the
// other end closed. Whoever wants to hear about it (a poll() call asleep on
// its own WaitQueue, an event port) adds a ReadinessWatcher, and
// re-asks poll_events() when called back. A notification says "look
// again", never "this is ready", so spurious ones are harmless and missing
// one is the only bug.
//
// Blocking read/write on one object do not use this: they sleep on the
// object's own WaitQueues. poll() on many files cannot, because a process
// sleeps on one queue at a time; hence watchers.
#pragma once

namespace fs {

class ReadinessWatcher {
 public:
  // Called with interrupts disabled, possibly from an interrupt handler
  // (tty input): do little, typically WaitQueue::wake_all().
  virtual void readiness_changed() {}

 private:
  friend class Readiness;
  ReadinessWatcher* next_ = nullptr;
  ReadinessWatcher* previous_ = nullptr;
};

class Readiness {
 public:
  constexpr Readiness() = default;
  void add_watcher(ReadinessWatcher* watcher);
  void remove_watcher(ReadinessWatcher* watcher);
  // Calls every watcher. Safe from interrupt handlers.
  void notify();
  bool has_watchers() const { return first_ != nullptr; }

 private:
  ReadinessWatcher* first_ = nullptr;
};

}  // namespace fs
