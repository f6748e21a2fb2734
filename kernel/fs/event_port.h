// Event ports, as illumos has them (port_create(3C), port_associate(3C),
// port_get(3C), port_send(3C)): one descriptor through which a process
// waits for events from many sources, and retrieves them one by one.
//
// A port is a File (it is a descriptor: close() frees it, fork() shares it)
// holding two things:
//
//   associations  "tell me when fd N is ready for these events"
//                 (PORT_SOURCE_FD). Each is a ReadinessWatcher on the
//                 file's Readiness (readiness.h), the same hook poll uses.
//   ready queue   events waiting for port_get, in the order they happened:
//                 fired associations and port_send's user events.
//   alert         port_alert(3C): while set, every port_get returns the
//                 one alert event (PORT_SOURCE_ALERT) at once, and queued
//                 events wait, unretrievable, until it is cleared. It is
//                 port state, not a queued event: it is never consumed.
//
// An fd association is ONE-SHOT (port_associate(3C): "Once an event has
// been retrieved, the object is no longer associated with the port"). So:
//
//   associate   subscribe the watcher; already ready? queue it at once
//   ready       the watcher's callback finds the wanted events true: it
//               unsubscribes and joins the ready queue (once, however many
//               notifications follow)
//   port_get    takes it off the queue, asks the file again (a notification
//               says "look again", and the condition may have passed: then
//               it is re-armed, not reported), reports, and frees it
//
// Unlike poll, an association outlives the syscall that made it, so it
// holds its own reference to the File. port_associate(3C): closing the fd
// dissociates it; FdTable calls EventPort::fd_closed whenever a slot is
// emptied (close, dup2 over it, exec's close-on-exec, exit), which drops the
// associations made through that table for that fd and file, so the file
// closes as it would without the port. (EventPort::collect also drops an
// association whose fd names another file by then: a second line of defence.)
//
// Locking: one CPU, no preemption; everything that the watcher callback
// (which may run in an interrupt handler) also touches is changed with
// interrupts off.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/file.h"
#include "kernel/fs/readiness.h"
#include "kernel/lib/kresult.h"
#include "kernel/proc/wait_queue.h"

namespace fs {

class FdTable;

// port_create(3C)'s event sources (illumos values).
constexpr int kPortSourceAio = 1;
constexpr int kPortSourceTimer = 2;
constexpr int kPortSourceUser = 3;
constexpr int kPortSourceFd = 4;
constexpr int kPortSourceAlert = 5;

// port_alert(3C)'s flags (illumos values); both at once is EINVAL.
constexpr int kPortAlertSet = 0x01;     // enter alert mode, or change its events and user
constexpr int kPortAlertUpdate = 0x02;  // enter alert mode; EBUSY if already in it

// One retrieved event: the kernel's copy of port_event_t (<port.h>).
struct PortEvent {
  int32_t events;    // what fired (poll bits), or port_send's events
  uint16_t source;   // kPortSource*
  uint16_t pad;
  uint64_t object;   // the fd, for PORT_SOURCE_FD
  uint64_t user;     // the caller's cookie, handed back untouched
};
static_assert(sizeof(PortEvent) == 24, "illumos port_event_t on LP64");

class EventPort final : public File {
 public:
  // port_send(3C) "EAGAIN The maximum number of events per port is
  // exceeded": illumos's default limit (port_max_events) is 65536.
  static constexpr size_t kMaxQueuedUserEvents = 65536;

  // nullptr when memory is exhausted.
  static EventPort* create();
  // file as a port, or nullptr if it is another kind of file. The kernel
  // has no RTTI (no dynamic_cast), and File has no "what kind are you"
  // question, so live ports keep a list of themselves and this walks it:
  // a few ports at most, and only port syscalls ask.
  static EventPort* from(File* file);
  // Dissociates everything and drops every queued event.
  ~EventPort() override;

  // port_associate(3C), PORT_SOURCE_FD: fd (which names file in the
  // caller's table) is watched for `events`. Replaces an association of
  // the same fd (its events and user value). ENOMEM.
  KStatus associate(int fd, File* file, uint32_t events, uint64_t user);
  // port_dissociate(3C): ENOENT if fd is not associated.
  KStatus dissociate(int fd);
  // The fd of `table` that held `file` was closed: every port drops the
  // associations made through that table for that fd and file.
  static void fd_closed(const FdTable* table, int fd, File* file);
  // port_send(3C): queues a PORT_SOURCE_USER event. EAGAIN, ENOMEM.
  KStatus send(int events, uint64_t user);
  // port_alert(3C): events != 0 enters alert mode (flags kPortAlertSet or
  // kPortAlertUpdate; EBUSY for Update when already alerted) and wakes
  // every waiter; events == 0 leaves it. The caller checked the flags.
  KStatus alert(int flags, int events, uint64_t user);

  // port_getn(3C): waits until at least `wanted` events are queued (0:
  // do not wait), the deadline (kNoDeadline = 0 for none) or a signal,
  // and moves up to `max` of them into out[]. Returns how many; *err is
  // 0, ETIME (deadline passed with fewer than wanted: the ones found are
  // still returned) or EINTR. In alert mode: the alert event alone, at
  // once (unless events were already taken off the queue by this call
  // before the alert came: those are returned, and the next call sees the
  // alert; they cannot be put back).
  size_t get(PortEvent* out, size_t max, size_t wanted, uint64_t deadline_ns, int* err);
  // port_getn(3C) with max 0: how many events are queued now.
  size_t pending();

  // A port is itself pollable: POLLIN while an event is queued.
  uint32_t poll_events() override;
  Readiness* readiness() override { return &readiness_; }

 private:
  // A queued event, or an fd association (which is also a ReadinessWatcher).
  struct Node final : ReadinessWatcher {
    EventPort* port = nullptr;
    uint16_t source = 0;
    int fd = -1;                      // PORT_SOURCE_FD: the object
    uint32_t events = 0;              // fd: wanted; user: the events sent
    uint64_t user = 0;
    File* file = nullptr;             // fd: our own reference
    const FdTable* owner = nullptr;   // fd: the table the fd number belongs to
    Readiness* subscribed = nullptr;  // fd: the list we are on, if any
    bool queued = false;
    Node* next_association = nullptr;
    Node* next_queued = nullptr;
    void readiness_changed() override { port->check(this); }
  };

  EventPort();
  // Is the association ready now? Then off the file's list, onto the queue.
  // Interrupts off; may run in an interrupt handler.
  void check(Node* n);
  void arm(Node* n);
  void enqueue(Node* n);
  void unqueue(Node* n);
  void free_association(Node* n);
  // Takes queued events into out[] (interrupts off). See get().
  size_t collect(PortEvent* out, size_t max);
  PortEvent alert_event() const;

  static EventPort* all_ports_;
  EventPort* next_port_ = nullptr;
  EventPort* previous_port_ = nullptr;

  Node* associations_ = nullptr;
  Node* queue_head_ = nullptr;
  Node* queue_tail_ = nullptr;
  size_t queued_ = 0;
  size_t queued_user_ = 0;
  // port_alert: alert mode and what its event carries.
  bool alerted_ = false;
  int alert_events_ = 0;
  uint64_t alert_user_ = 0;
  WaitQueue waiters_;
  Readiness readiness_;
};

}  // namespace fs
