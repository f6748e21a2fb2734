// The network lock: the one rule for calling lwIP.
//
// lwIP (NO_SYS=1) is not thread-safe; the kernel makes it safe with one
// lock, and on Tether's single CPU with its non-preemptible kernel the lock
// is simply "interrupts off" (kernel/README.md: InterruptGuard is the only
// lock). So:
//
//   - Every call into lwIP happens in thread context with net::Lock held:
//     in the "net" kernel thread (timers, received frames, loopback), or in
//     a syscall (the socket layer). lwIP's callbacks (recv, sent, err, the
//     netif's linkoutput) run inside that same scope.
//   - Never from an interrupt handler. A NIC's interrupt handler only masks
//     its interrupts and calls net::wake_thread() (net_thread.h); the net
//     thread does the rest.
//   - Code under the lock must not sleep, except the usual way of waiting
//     for a condition: WaitQueue::wait() with the lock held lets others run
//     (a condition variable's wait). After waking, lwIP's state may have
//     changed: check again.
//
//   {
//     net::Lock lock;
//     udp_sendto(pcb, p, &dst, port);
//   }  // leaving: wakes the net thread if the call left it work (below)
//
// Holding the lock keeps interrupts off, so keep it for one lwIP call or a
// few, not for a copy of megabytes; and copy from or to user memory before
// taking it or after leaving it (a user copy may fault, and the fault may
// need to sleep).
#pragma once
#include "arch/x86_64/cpu.h"

namespace net {

class Lock {
 public:
  Lock() = default;
  // A syscall's lwIP call may have queued a packet on a loopback interface,
  // or started a timer sooner than the net thread's sleep ends; both need
  // the net thread, which is woken here (net_thread.cpp). The guard is a
  // member, so interrupts are still off while this runs.
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  cpu::InterruptGuard guard_;
};

// Whether the caller may call lwIP: interrupts are off (the lock is held).
bool lock_held();

}  // namespace net
