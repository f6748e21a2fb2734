// Event ports (<port.h>): thin wrappers over Tether's own system calls
// (kernel/syscalls/sys_event_port.cpp). On Linux the numbers are unused,
// so every call fails with ENOSYS.
#include <port.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

int port_create(void) { return sys(SYS_tether_port_create); }

int port_associate(int port, int source, uintptr_t object, int events, void *user) {
  return sys(SYS_tether_port_associate, port, source, object, events, user);
}

int port_dissociate(int port, int source, uintptr_t object) {
  return sys(SYS_tether_port_dissociate, port, source, object);
}

int port_send(int port, int events, void *user) { return sys(SYS_tether_port_send, port, events, user); }

int port_alert(int port, int flags, int events, void *user) {
  return sys(SYS_tether_port_alert, port, flags, events, user);
}

int port_getn(int port, port_event_t list[], uint_t max, uint_t *nget, struct timespec *timeout) {
  return sys(SYS_tether_port_getn, port, list, max, nget, timeout);
}

// port_get is port_getn waiting for exactly one event; *pe is written only
// when one arrives (port_get(3C)).
int port_get(int port, port_event_t *pe, struct timespec *timeout) {
  uint_t nget = 1;
  return sys(SYS_tether_port_getn, port, pe, 1, &nget, timeout);
}

}  // extern "C"
