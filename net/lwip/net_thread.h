// The "net" kernel thread: lwIP's only clock and its receive path.
//
// With NO_SYS=1 lwIP has no thread of its own; this one plays that part. It
// sleeps on a WaitQueue until one of three things needs it:
//   - the next lwIP timer (TCP retransmission, DHCP, ARP and ND ageing):
//     the sleep's deadline is sys_timeouts_sleeptime() away, so an idle
//     network costs no CPU at all, and no polling;
//   - a NIC interrupt: the driver's handler calls wake_thread();
//   - a packet that a syscall sent to a loopback interface, or a timer it
//     started (net::Lock's destructor calls wake_thread()).
// Woken, it lets each device service its rings (Device::service), empties
// the loopback queues (netif_poll_all) and runs the expired timers
// (sys_check_timeouts), all under the network lock.
#pragma once
#include <stdint.h>

namespace net {

// A network device the net thread services: the NIC driver's half of the
// receive path (net/virtio_net/). service() runs in the net thread with the
// lock held: it drains the device's rings and hands frames to lwIP. It
// returns true when it stopped early with work left (a budget keeps one
// busy NIC from starving the rest of the system); the thread then yields
// and calls it again.
class Device {
 public:
  virtual bool service() = 0;
  Device* next_device = nullptr;  // the thread's list

 protected:
  ~Device() = default;
};

// Adds a device to the thread's list (at boot, under the lock).
void add_device(Device* device);

// Starts the thread (net::init, once).
void start_thread();

// Asks the net thread to run its loop once more. Safe anywhere, interrupt
// handlers included: it only sets a flag and wakes a WaitQueue.
void wake_thread();

// Whether the caller is the net thread.
bool on_net_thread();

// A sender whose frame found no room (lwIP's ERR_MEM from a full transmit
// queue, a NIC's or the loopback's) waits here, lock held, until a queue
// has room again or the deadline (0: none) passes; 0, ETIMEDOUT or EINTR.
int wait_for_transmit_room(uint64_t deadline_ns);
// Wakes those senders: a NIC driver that reclaimed sent buffers after its
// queue was full, and the net thread after emptying the loopback queues.
void transmit_room_available();

// For net::Lock: wakes the thread when a syscall's lwIP call left it work.
void wake_thread_if_needed();

}  // namespace net
