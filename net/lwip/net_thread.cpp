#include "net/lwip/net_thread.h"

#include "kernel/panic.h"
#include "kernel/proc/process.h"
#include "kernel/proc/scheduler.h"
#include "kernel/proc/wait_queue.h"
#include "kernel/profile.h"
#include "kernel/time.h"
#include "lwip/netif.h"
#include "lwip/timeouts.h"
#include "net/interfaces.h"
#include "net/lwip/ack_batch.h"
#include "net/lwip/net_lock.h"
#include "net/lwip/time_wait_limit.h"

namespace net {
namespace {

constexpr uint64_t kNsPerMs = 1000000;
constexpr uint64_t kNoDeadline = ~0ull;

proc::Process* thread = nullptr;
Device* devices = nullptr;
WaitQueue wakeups;
WaitQueue transmit_room;  // wait_for_transmit_room
// Set by wake_thread(), cleared by the thread before it looks for work: a
// wake that arrives while the thread is busy is not lost, it runs the loop
// once more. Only touched with interrupts off.
bool work_pending = false;
// While the thread sleeps: when it will wake by itself (kNoDeadline if
// only a wake_thread() can wake it). Lock's destructor compares lwIP's next
// timer against it.
bool sleeping = false;
uint64_t sleep_until_ns = kNoDeadline;

// Where the thread's time goes (kernel/profile.h, /proc/sys/debug/profile).
profile::Counter device_time{"net.thread.devices"};
profile::Counter loopback_time{"net.thread.loopback"};
profile::Counter timers_time{"net.thread.timers"};
profile::Counter sleeps{"net.thread.sleeps"};

bool loopback_queued() {
  struct netif* netif;
  NETIF_FOREACH(netif) {
    if (netif->loop_first) return true;
  }
  return false;
}

// When lwIP's next timer is due, as a monotonic time (kNoDeadline: none).
// lwIP counts in whole milliseconds (sys_now), so the result is too: asked
// twice about the same timer, it gives the same answer, and Lock's
// comparison below wakes the thread only for a sooner timer. (The clock is
// read after lwIP's: a millisecond passing in between makes the deadline
// late by one, never early.)
uint64_t next_timer_ns() {
  uint32_t ms = sys_timeouts_sleeptime();
  if (ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE) return kNoDeadline;
  uint64_t now_ms = time::monotonic_ns() / kNsPerMs;
  return (now_ms + ms) * kNsPerMs;
}

void thread_main(void*) {
  Lock lock;  // held for good; WaitQueue::wait lets the rest of the system run
  for (;;) {
    work_pending = false;
    bool more = false;
    {
      profile::Scope scope(device_time);
      for (Device* d = devices; d; d = d->next_device) more |= d->service();
    }
    {
      profile::Scope scope(loopback_time);
      netif_poll_all();
    }
    transmit_room_available();  // the loopback queues are empty again
    account_loopback();  // lo's counters, while lwIP's 32-bit ones cannot have wrapped
    limit_time_wait();  // the segments just taken in may have ended connections
    {
      profile::Scope scope(timers_time);
      sys_check_timeouts();
    }
    // After everything received this round, tcp_fasttmr's retries of
    // refused data included (ack_batch.h).
    send_held_acks();

    if (more) {
      // A device had more frames than its budget: let user programs run,
      // then come back for the rest.
      scheduler::yield();
      continue;
    }
    if (work_pending) continue;
    sleep_until_ns = next_timer_ns();
    sleeping = true;
    sleeps.count();
    // 0 (woken) and ETIMEDOUT (the next timer is due) both mean "run the
    // loop". The sleep is interruptible only so that ps shows it as one
    // (S, not D): no signal ever reaches a kernel thread (kill skips them).
    (void)wakeups.wait(sleep_until_ns == kNoDeadline ? 0 : sleep_until_ns, /*interruptible=*/true);
    sleeping = false;
  }
}

}  // namespace

Lock::~Lock() { wake_thread_if_needed(); }

bool lock_held() { return !cpu::interrupts_enabled(); }

void add_device(Device* device) {
  KASSERT(lock_held());
  Device** link = &devices;
  while (*link) link = &(*link)->next_device;
  *link = device;
  device->next_device = nullptr;
}

void start_thread() {
  KASSERT(!thread);
  thread = proc::create_kernel_thread("net", thread_main, nullptr);
}

void wake_thread() {
  cpu::InterruptGuard guard;
  work_pending = true;
  wakeups.wake_one();
}

int wait_for_transmit_room(uint64_t deadline_ns) {
  KASSERT(lock_held());
  wake_thread_if_needed();  // a full loopback queue needs the net thread
  return transmit_room.wait(deadline_ns, /*interruptible=*/true);
}

void transmit_room_available() {
  if (!transmit_room.empty()) transmit_room.wake_all();
}

bool on_net_thread() { return thread && scheduler::current() == thread; }

void wake_thread_if_needed() {
  // The net thread looks at all of this itself before it sleeps; and before
  // lwIP is up (boot), there is no thread to wake.
  if (!thread || !sleeping || on_net_thread()) return;
  if (loopback_queued() || next_timer_ns() < sleep_until_ns) wake_thread();
}

}  // namespace net
