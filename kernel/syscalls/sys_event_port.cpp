// Event ports: illumos's port_create, port_associate, port_dissociate,
// port_send, port_alert and port_getn (port_get is port_getn of one, in
// libc). Linux has no such calls, so they take Tether-only numbers
// (libc/include/bits/syscall.h, 1001 up); on Linux they fail with ENOSYS.
//
//   port_create()                               → a new port's fd
//   port_associate(port, source, fd, events, user)
//   port_dissociate(port, source, fd)
//   port_send(port, events, user)
//   port_alert(port, flags, events, user)
//   port_getn(port, list, max, nget*, timeout*) → 0; *nget = events written
//
// The object itself (fs::EventPort, kernel/fs/event_port.h) does the work;
// this file checks arguments, in the order of the illumos pages' ERRORS.
//
// port_getn is on kernel/proc/signal.cpp's never_restarted() list: as on
// illumos, a signal ends it with EINTR even under SA_RESTART.
//
// Sources: port_associate(3C) lists PORT_SOURCE_FD and PORT_SOURCE_FILE as
// what a process associates; Tether has FD only. Timers (PORT_SOURCE_TIMER)
// reach a port through timer_create(3C) with SIGEV_PORT, which Tether does
// not have, and AIO through aio_*: neither comes through port_associate,
// which answers EINVAL for them, as illumos does.
#include "kernel/fs/event_port.h"
#include "kernel/fs/fd_table.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/time.h"

namespace {
using fs::EventPort;
using fs::FileRef;

constexpr int64_t kNsPerSec = 1000000000;
// port_getn(3C) "EINVAL The value in max exceeds the maximum number of
// events per call": illumos caps it (port_max_list); so do we, at the size
// of one kernel buffer we are willing to allocate.
constexpr uint64_t kMaxList = 1024;

fs::FdTable& descriptors() { return *proc::current()->files; }

// The port named by fd: EBADF if fd is not open, EBADFD if it is open but
// not a port (port_associate(3C): "EBADFD The port argument is not an
// event port file descriptor").
KResult<EventPort*> port_for(uint64_t fd, FileRef* hold) {
  KResult<FileRef> file = descriptors().get(int(fd));
  if (file.is_error()) return KError{EBADF};
  *hold = file.value();
  EventPort* port = EventPort::from(hold->get());
  if (!port) return KError{EBADFD};
  return port;
}

long sys_port_create(const SyscallArgs&) {
  EventPort* port = EventPort::create();
  // port_create(3C) says EAGAIN for "not enough resources"; out of
  // kernel memory is ENOMEM everywhere else in Tether.
  if (!port) return -ENOMEM;
  // port_create(3C): a file descriptor, close-on-exec not set.
  KResult<int> fd = descriptors().install(port, /*close_on_exec=*/false);
  if (fd.is_error()) fs::release(port);
  return syscall_result(fd);
}

long sys_port_associate(const SyscallArgs& a) {
  FileRef hold;
  KResult<EventPort*> found = port_for(a.a0, &hold);
  if (found.is_error()) return -found.error();
  EventPort* port = found.value();
  // "EINVAL The source argument is not valid": only PORT_SOURCE_FD has
  // objects that a process associates here (see the top of this file).
  if (int(a.a1) != fs::kPortSourceFd) return -EINVAL;
  KResult<FileRef> object = descriptors().get(int(a.a2));
  if (object.is_error()) return -EBADF;  // "EBADF ... the object is not a valid file descriptor"
  // A port inside a port could make a cycle of references that nothing
  // ever frees; illumos allows it, Tether does not.
  if (EventPort::from(object.value().get())) return -EINVAL;
  return syscall_result(port->associate(int(a.a2), object.value().get(), uint32_t(a.a3), a.a4));
}

long sys_port_dissociate(const SyscallArgs& a) {
  FileRef hold;
  KResult<EventPort*> found = port_for(a.a0, &hold);
  if (found.is_error()) return -found.error();
  EventPort* port = found.value();
  if (int(a.a1) != fs::kPortSourceFd) return -EINVAL;
  return syscall_result(port->dissociate(int(a.a2)));
}

long sys_port_send(const SyscallArgs& a) {
  FileRef hold;
  KResult<EventPort*> found = port_for(a.a0, &hold);
  if (found.is_error()) return -found.error();
  EventPort* port = found.value();
  return syscall_result(port->send(int(a.a1), a.a2));
}

// port_alert(3C) "EINVAL Mutually exclusive flags are set" (illumos checks
// only that SET and UPDATE are not both given; leaving alert mode, events
// 0, ignores flags).
long sys_port_alert(const SyscallArgs& a) {
  FileRef hold;
  KResult<EventPort*> found = port_for(a.a0, &hold);
  if (found.is_error()) return -found.error();
  int flags = int(a.a1);
  constexpr int kBoth = fs::kPortAlertSet | fs::kPortAlertUpdate;
  if ((flags & kBoth) == kBoth) return -EINVAL;
  return syscall_result(found.value()->alert(flags, int(a.a2), a.a3));
}

// A relative timespec as a monotonic deadline; NULL is forever (0). EFAULT,
// EINVAL (port_get(3C): "EINVAL The timeout element tv_sec is < 0 or the
// timeout element tv_nsec is < 0 or > 1000000000").
KResult<uint64_t> read_timeout(uint64_t user_ts) {
  if (!user_ts) return uint64_t(0);
  struct {
    int64_t tv_sec, tv_nsec;
  } ts;
  if (uaccess::get(&ts, user_ts).is_error()) return KError{EFAULT};
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= kNsPerSec) return KError{EINVAL};
  if (ts.tv_sec >= (int64_t(1) << 32)) return uint64_t(0);  // 136 years: forever
  // +1 so that {0, 0} is a deadline already past, never 0 ("forever").
  return time::monotonic_ns() + uint64_t(ts.tv_sec) * kNsPerSec + uint64_t(ts.tv_nsec) + 1;
}

long sys_port_getn(const SyscallArgs& a) {
  FileRef hold;
  KResult<EventPort*> found = port_for(a.a0, &hold);
  if (found.is_error()) return -found.error();
  EventPort* port = found.value();
  uint64_t list = a.a1, max = a.a2, user_nget = a.a3;
  uint32_t wanted;
  if (uaccess::get(&wanted, user_nget).is_error()) return -EFAULT;
  // port_getn(3C): max 0 asks how many events are pending, in *nget.
  if (max == 0) {
    uint32_t n = uint32_t(port->pending());
    return uaccess::put(user_nget, n).is_error() ? -EFAULT : 0;
  }
  if (max > kMaxList || wanted > max) return -EINVAL;
  KResult<uint64_t> deadline = read_timeout(a.a4);
  if (deadline.is_error()) return -deadline.error();
  auto* events = static_cast<fs::PortEvent*>(kmalloc(max * sizeof(fs::PortEvent)));
  if (!events) return -ENOMEM;
  // The list must be writable before an event is taken off the queue (an
  // event copied to a bad address would be lost), and is not to change
  // unless events arrive: so write its own bytes back to it.
  size_t bytes = max * sizeof(fs::PortEvent);
  if (uaccess::copy_from_user(events, list, bytes).is_error() ||
      uaccess::copy_to_user(list, events, bytes).is_error()) {
    kfree(events);
    return -EFAULT;
  }
  int err = 0;
  // The events are collected with interrupts off into kernel memory, and
  // copied out afterwards (user memory may fault).
  size_t got = port->get(events, max, wanted, deadline.value(), &err);
  long result = err ? -err : 0;
  if (uaccess::copy_to_user(list, events, got * sizeof(fs::PortEvent)).is_error()) result = -EFAULT;
  kfree(events);
  uint32_t n = uint32_t(got);
  if (uaccess::put(user_nget, n).is_error()) result = -EFAULT;
  return result;
}
}  // namespace

void register_event_port_syscalls() {
  register_syscall(SYS_tether_port_create, sys_port_create);
  register_syscall(SYS_tether_port_associate, sys_port_associate);
  register_syscall(SYS_tether_port_dissociate, sys_port_dissociate);
  register_syscall(SYS_tether_port_send, sys_port_send);
  register_syscall(SYS_tether_port_getn, sys_port_getn);
  register_syscall(SYS_tether_port_alert, sys_port_alert);
}
