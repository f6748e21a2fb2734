// Readiness watchers: a doubly linked list, so a poll() that returns can
// take its watchers off every file in constant time.
#include "kernel/fs/readiness.h"

#include "arch/x86_64/cpu.h"

namespace fs {

// The list is also walked from interrupt handlers (tty input), so every
// change happens with interrupts off.

void Readiness::add_watcher(ReadinessWatcher* watcher) {
  cpu::InterruptGuard guard;
  watcher->previous_ = nullptr;
  watcher->next_ = first_;
  if (first_) first_->previous_ = watcher;
  first_ = watcher;
}

void Readiness::remove_watcher(ReadinessWatcher* watcher) {
  cpu::InterruptGuard guard;
  if (watcher->previous_) watcher->previous_->next_ = watcher->next_;
  else if (first_ == watcher) first_ = watcher->next_;
  if (watcher->next_) watcher->next_->previous_ = watcher->previous_;
  watcher->next_ = watcher->previous_ = nullptr;
}

void Readiness::notify() {
  cpu::InterruptGuard guard;
  for (ReadinessWatcher* w = first_; w;) {
    ReadinessWatcher* next = w->next_;  // the callback may remove itself
    w->readiness_changed();
    w = next;
  }
}

}  // namespace fs
