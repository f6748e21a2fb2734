// EventPort: associations, the ready queue, and waiting for it (see
// event_port.h for the life of an association).
#include "kernel/fs/event_port.h"

#include "arch/x86_64/cpu.h"
#include "kernel/fs/abi.h"
#include "kernel/fs/fd_table.h"
#include "kernel/lib/new.h"
#include "kernel/proc/process.h"
#include "kernel/time.h"

namespace fs {

EventPort* EventPort::all_ports_ = nullptr;

EventPort::EventPort() : File(kOpenReadWrite, nullptr) {
  next_port_ = all_ports_;
  if (all_ports_) all_ports_->previous_port_ = this;
  all_ports_ = this;
}

EventPort* EventPort::create() { return new EventPort(); }

EventPort* EventPort::from(File* file) {
  for (EventPort* p = all_ports_; p; p = p->next_port_) {
    if (p == file) return p;
  }
  return nullptr;
}

EventPort::~EventPort() {
  if (previous_port_) previous_port_->next_port_ = next_port_;
  else all_ports_ = next_port_;
  if (next_port_) next_port_->previous_port_ = previous_port_;

  // port_close: every association goes (off its file's list first, while
  // the file is surely alive), then every event nobody retrieved.
  cpu::InterruptGuard guard;
  while (associations_) free_association(associations_);
  while (queue_head_) {
    Node* n = queue_head_;
    unqueue(n);
    delete n;  // only user events are left: associations were freed above
  }
}

// --- Associations ---

// What an fd association reports: the wanted events that are true now, plus
// POLLERR and POLLHUP, which (as for poll(2)) are reported unasked.
static uint32_t fired(File* file, uint32_t wanted) {
  return file->poll_events() & (wanted | kPollError | kPollHangUp);
}

void EventPort::check(Node* n) {
  if (n->queued || !n->file || !fired(n->file, n->events)) return;
  // One-shot: once queued, further notifications mean nothing to us.
  if (n->subscribed) {
    n->subscribed->remove_watcher(n);
    n->subscribed = nullptr;
  }
  enqueue(n);
}

// Subscribe, then look: an fd that is ready already (port_associate(3C): the
// event is generated at once) never gets a notification for it.
void EventPort::arm(Node* n) {
  Readiness* r = n->file->readiness();
  if (r) {
    r->add_watcher(n);
    n->subscribed = r;
  }
  check(n);
}

KStatus EventPort::associate(int fd, File* file, uint32_t events, uint64_t user) {
  auto* n = new Node;
  if (!n) return KError{ENOMEM};
  cpu::InterruptGuard guard;
  // port_associate(3C): associating an fd again "changes the events and
  // user": simplest as a fresh association replacing the old one (also
  // right if the fd was closed and now names another file).
  for (Node* old = associations_; old; old = old->next_association) {
    if (old->fd == fd) {
      free_association(old);
      break;
    }
  }
  file->ref();
  n->owner = proc::current()->files;
  n->port = this;
  n->source = kPortSourceFd;
  n->fd = fd;
  n->events = events;
  n->user = user;
  n->file = file;
  n->next_association = associations_;
  associations_ = n;
  arm(n);
  return ok();
}

void EventPort::free_association(Node* n) {
  if (n->subscribed) n->subscribed->remove_watcher(n);
  n->subscribed = nullptr;
  if (n->queued) unqueue(n);
  Node** link = &associations_;
  while (*link && *link != n) link = &(*link)->next_association;
  if (*link) *link = n->next_association;
  File* file = n->file;
  delete n;
  // Last: closing the file may notify watchers, ours included no more.
  release(file);
}

KStatus EventPort::dissociate(int fd) {
  cpu::InterruptGuard guard;
  for (Node* n = associations_; n; n = n->next_association) {
    if (n->fd == fd) {
      free_association(n);
      return ok();
    }
  }
  return KError{ENOENT};  // port_dissociate(3C): "the object is not associated"
}

void EventPort::fd_closed(const FdTable* table, int fd, File* file) {
  cpu::InterruptGuard guard;
  for (EventPort* port = all_ports_; port; port = port->next_port_) {
    for (Node* n = port->associations_; n;) {
      Node* next = n->next_association;
      if (n->owner == table && n->fd == fd && n->file == file) port->free_association(n);
      n = next;
    }
  }
}

// --- User events ---

KStatus EventPort::send(int events, uint64_t user) {
  if (queued_user_ >= kMaxQueuedUserEvents) return KError{EAGAIN};
  auto* n = new Node;
  if (!n) return KError{ENOMEM};
  n->port = this;
  n->source = kPortSourceUser;
  n->events = uint32_t(events);
  n->user = user;
  cpu::InterruptGuard guard;
  queued_user_++;
  enqueue(n);
  return ok();
}

// --- Alert mode ---

KStatus EventPort::alert(int flags, int events, uint64_t user) {
  cpu::InterruptGuard guard;
  if (events == 0) {  // port_alert(3C): "a zero events parameter" leaves alert mode
    alerted_ = false;
    return ok();
  }
  // "If flags is set to PORT_ALERT_UPDATE and the port is already in alert
  // mode, port_alert() returns with an error value of EBUSY."
  if (flags == kPortAlertUpdate && alerted_) return KError{EBUSY};
  alerted_ = true;
  alert_events_ = events;
  alert_user_ = user;
  // "A port in alert mode immediately awakens all threads blocked in
  // port_get(3C) or port_getn(3C)": each finds alerted_ set and returns it.
  waiters_.wake_all();
  return ok();
}

PortEvent EventPort::alert_event() const {
  // illumos: no object (portev_object 0).
  return PortEvent{alert_events_, kPortSourceAlert, 0, 0, alert_user_};
}

// --- The ready queue ---

void EventPort::enqueue(Node* n) {
  n->queued = true;
  n->next_queued = nullptr;
  if (queue_tail_) queue_tail_->next_queued = n;
  else queue_head_ = n;
  queue_tail_ = n;
  queued_++;
  waiters_.wake_all();
  readiness_.notify();  // someone may poll() the port itself
}

void EventPort::unqueue(Node* n) {
  Node* previous = nullptr;
  for (Node* q = queue_head_; q; previous = q, q = q->next_queued) {
    if (q != n) continue;
    if (previous) previous->next_queued = n->next_queued;
    else queue_head_ = n->next_queued;
    if (queue_tail_ == n) queue_tail_ = previous;
    break;
  }
  n->queued = false;
  n->next_queued = nullptr;
  queued_--;
}

size_t EventPort::collect(PortEvent* out, size_t max) {
  size_t got = 0;
  // Re-read the head every time: releasing a file below can notify a
  // watcher of ours, which may append to the queue.
  while (got < max && queue_head_) {
    Node* n = queue_head_;
    unqueue(n);
    if (n->source == kPortSourceUser) {
      out[got++] = PortEvent{int32_t(n->events), kPortSourceUser, 0, 0, n->user};
      queued_user_--;
      delete n;
      continue;
    }
    // An fd closed since it was associated is dissociated, never reported
    // (illumos does this at close(); we notice here).
    KResult<FileRef> now = proc::current()->files->get(n->fd);
    if (now.is_error() || now.value().get() != n->file) {
      free_association(n);
      continue;
    }
    // The notification was a "look again"; look. Not ready any more (a
    // reader drained the pipe meanwhile): re-arm, report nothing.
    uint32_t events = fired(n->file, n->events);
    if (!events) {
      arm(n);
      continue;
    }
    out[got++] = PortEvent{int32_t(events), kPortSourceFd, 0, uint64_t(n->fd), n->user};
    free_association(n);  // one-shot: retrieved means dissociated
  }
  return got;
}

size_t EventPort::get(PortEvent* out, size_t max, size_t wanted, uint64_t deadline_ns, int* err) {
  cpu::InterruptGuard guard;
  *err = 0;
  // Alert mode hides the queue: the alert, alone, and nothing waits.
  if (alerted_ && max > 0) {
    out[0] = alert_event();
    return 1;
  }
  size_t got = collect(out, max);
  bool timed_out = deadline_ns != 0 && time::monotonic_ns() >= deadline_ns;
  while (got < wanted) {
    if (timed_out) {
      *err = ETIME;  // port_get(3C): "ETIME The time interval expired"
      break;
    }
    int e = waiters_.wait(deadline_ns, /*interruptible=*/true);
    if (alerted_) {  // woken by port_alert (or it came meanwhile)
      if (got == 0) out[got++] = alert_event();
      break;
    }
    got += collect(out + got, max - got);
    if (got >= wanted) break;
    if (e == ETIMEDOUT) timed_out = true;
    if (e == EINTR) {
      *err = EINTR;  // port_get(3C): "EINTR A signal was caught"
      break;
    }
  }
  return got;
}

size_t EventPort::pending() {
  cpu::InterruptGuard guard;
  return queued_;
}

uint32_t EventPort::poll_events() {
  cpu::InterruptGuard guard;
  return queued_ ? (kPollIn | kPollReadNormal) : 0;
}

}  // namespace fs
