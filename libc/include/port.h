/* Event ports, as on illumos (port_create(3C), port_associate(3C),
 * port_get(3C), port_send(3C), port_alert(3C)): one descriptor on which a
 * process waits for events from many sources. Tether-only system calls: on
 * Linux every function fails with ENOSYS. */
#ifndef _PORT_H
#define _PORT_H

#include <bits/cdefs.h>
#include <poll.h> /* the events of a PORT_SOURCE_FD association are poll bits */
#include <stdint.h>
#include <time.h>

/* illumos has these in <sys/types.h>; the port functions use them. */
#ifndef _TETHER_UINT_T
#define _TETHER_UINT_T
typedef unsigned int uint_t;
typedef unsigned short ushort_t;
#endif

/* Event sources (portev_source), illumos values. Tether implements FD,
 * USER and ALERT; AIO and TIMER come from calls Tether does not have
 * (port_associate answers EINVAL for every source but FD). */
#define PORT_SOURCE_AIO 1
#define PORT_SOURCE_TIMER 2
#define PORT_SOURCE_USER 3  /* port_send */
#define PORT_SOURCE_FD 4    /* port_associate of a file descriptor */
#define PORT_SOURCE_ALERT 5

/* port_alert flags (illumos values); both at once is EINVAL. */
#define PORT_ALERT_SET 0x01    /* enter alert mode, or change its events/user */
#define PORT_ALERT_UPDATE 0x02 /* enter alert mode; EBUSY if already in it */

typedef struct port_event {
  int portev_events;       /* what fired: poll bits, or port_send's events */
  ushort_t portev_source;  /* PORT_SOURCE_* */
  ushort_t portev_pad;
  uintptr_t portev_object; /* PORT_SOURCE_FD: the descriptor */
  void *portev_user;       /* the cookie given to port_associate/port_send */
} port_event_t;

__BEGIN_DECLS
/* A new port: a descriptor (close-on-exec not set); closing it frees the
 * port and all its associations. */
int port_create(void);
/* Watch object (a descriptor, for PORT_SOURCE_FD) for events (POLLIN,
 * POLLOUT, ...). One-shot: retrieving the event dissociates the object. */
int port_associate(int port, int source, uintptr_t object, int events, void *user);
/* ENOENT if object is not associated. */
int port_dissociate(int port, int source, uintptr_t object);
/* Queues a PORT_SOURCE_USER event. */
int port_send(int port, int events, void *user);
/* events != 0: alert mode. Every port_get/port_getn (blocked ones woken at
 * once) returns one PORT_SOURCE_ALERT event with these events and user,
 * and queued events wait until it ends. events 0 ends it. */
int port_alert(int port, int flags, int events, void *user);
/* One event. timeout NULL: wait forever; {0, 0}: just look. ETIME, EINTR. */
int port_get(int port, port_event_t *pe, struct timespec *timeout);
/* Up to max events, waiting for at least *nget of them (0: none); *nget
 * becomes the number returned (also after ETIME). max 0: *nget becomes the
 * number pending. */
int port_getn(int port, port_event_t list[], uint_t max, uint_t *nget, struct timespec *timeout);
__END_DECLS

#endif
