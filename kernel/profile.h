// Where the kernel's time goes: named counters of calls and nanoseconds,
// for measuring before tuning (docs/performance.md).
//
//   profile::Counter initrd_time{"boot.initrd_unpack"};   // at namespace scope
//
//   { profile::Scope scope(initrd_time);   // one call, timed until the
//     fs::unpack_initrd(...);              // end of the block
//   }
//   profile::Counter::count(...)           // or just count events, no time
//
// Every counter registers itself at boot (a static constructor, like the
// sysctls) and shows in the sysctl debug.profile:
//
//   $ cat /proc/sys/debug/profile
//   boot.initrd_unpack   1 calls   141234 us total   141234000 ns/call
//   net.thread.loop   5120 calls    40211 us total       7853 ns/call
//   $ echo 0 > /proc/sys/debug/profile      # zero them all, then run again
//
// A Scope costs two reads of the TSC (a few tens of ns under TCG): fine
// around a syscall, a packet or a boot phase, too much around a byte. The
// time is wall time: a scope that sleeps counts the sleep.
#pragma once
#include <stdint.h>

#include "kernel/time.h"

namespace profile {

class Counter {
 public:
  explicit Counter(const char* name);
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void add(uint64_t ns) {
    calls_++;
    ns_ += ns;
  }
  void count(uint64_t events = 1) { calls_ += events; }

  const char* name() const { return name_; }
  uint64_t calls() const { return calls_; }
  uint64_t ns() const { return ns_; }
  void reset() { calls_ = ns_ = 0; }
  Counter* next() const { return next_; }

 private:
  const char* name_;
  uint64_t calls_ = 0;
  uint64_t ns_ = 0;
  Counter* next_ = nullptr;
};

// Times one pass through a block into a counter.
class Scope {
 public:
  explicit Scope(Counter& counter) : counter_(counter), start_(time::monotonic_ns()) {}
  ~Scope() { counter_.add(time::monotonic_ns() - start_); }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  Counter& counter_;
  uint64_t start_;
};

}  // namespace profile
