// The records of pending signals: who sent each and why (what a siginfo_t
// shows), Linux's struct sigqueue lists. A pending signal may have records
// waiting, in the order they were sent:
//   standard signals (1-31) are not queued: at most one record, the first
//     sender's; a second send while one is pending changes nothing;
//   real-time signals (32-64) are queued: one record per send, each taken
//     (delivered or sigwaited) on its own.
// Every record is charged to the real uid of the process it waits in, all
// processes together, against that process's RLIMIT_SIGPENDING (Linux's
// per-user count, UCOUNT_RLIMIT_SIGPENDING; /proc/<pid>/status "SigQ").
// The pending set itself (State::pending) is signal.cpp's.
#pragma once
#include <stdint.h>

#include "libc/include/bits/signum.h"

namespace signal {
// Who sent a pending signal and why: what an SA_SIGINFO handler finds in
// its siginfo_t.
struct Info {
  int code = 0;       // si_code: SI_USER (0), SI_KERNEL (0x80), CLD_EXITED (1), ...
  int pid = 0;        // si_pid: the sender, or the child for SIGCHLD
  uint32_t uid = 0;   // si_uid
  int status = 0;     // si_status (SIGCHLD): exit code or signal number
  uint64_t addr = 0;  // si_addr (faults)
  uint64_t value = 0; // si_value (rt_sigqueueinfo, sigqueue(3))
};

constexpr int kFirstRealtime = 32;  // the kernel's SIGRTMIN (glibc keeps 32 and 33 for itself)

class SignalQueue {
 public:
  SignalQueue() = default;
  SignalQueue(const SignalQueue&) = delete;  // records are owned: fork starts empty
  SignalQueue& operator=(const SignalQueue&) = delete;
  ~SignalQueue() { discard_all(); }

  // Appends a record of sig, charged to `uid`. False, and nothing queued,
  // if that would take the uid past `limit` (unless override_limit) or the
  // heap is exhausted.
  bool add(int sig, const Info& info, uint32_t uid, uint64_t limit, bool override_limit);
  // Takes sig's oldest record into *info and frees it: false if it has none.
  bool take(int sig, Info* info);
  bool has(int sig) const { return head_[sig] != nullptr; }
  // Frees every record of sig (a discarded signal), or of every signal.
  void discard(int sig);
  void discard_all();

 private:
  struct Record {
    Record* next;
    Info info;
    uint32_t charged_uid;
  };
  Record* head_[_NSIG] = {};
  Record* tail_[_NSIG] = {};
};

// Records charged to uid: the first number of /proc/<pid>/status "SigQ".
uint64_t queued_for_user(uint32_t uid);
}  // namespace signal
