/* The personalities Tether knows, by name: the one table that `persona`
 * and anything else turning "freebsd" into a personality(2) value use.
 * The kernel keeps the same values in kernel/proc/personality.h.
 *
 *   linux    0x0000  PER_LINUX, the default
 *   freebsd  0x0006  PER_BSD
 *   illumos  0x000d  the low byte of PER_SOLARIS (Linux adds STICKY_TIMEOUTS)
 *   darwin   0x0020  Tether's own: Linux has no value for it
 *
 * Only the low byte (PER_MASK) names the system; the upper bits are Linux's
 * flags (ADDR_NO_RANDOMIZE, ...). */
#ifndef _TETHER_PERSONALITY_H
#define _TETHER_PERSONALITY_H

#include <stddef.h>
#include <string.h>
#include <sys/personality.h>

#define TETHER_PERSONA_LINUX 0x0000UL
#define TETHER_PERSONA_FREEBSD 0x0006UL
#define TETHER_PERSONA_ILLUMOS 0x000dUL
#define TETHER_PERSONA_DARWIN 0x0020UL

struct tether_persona {
  const char *name;
  unsigned long value;
};

/* The table, ended by an entry whose name is NULL. */
static inline const struct tether_persona *tether_personas(void) {
  static const struct tether_persona table[] = {
      {"linux", TETHER_PERSONA_LINUX},     {"freebsd", TETHER_PERSONA_FREEBSD},
      {"darwin", TETHER_PERSONA_DARWIN},   {"illumos", TETHER_PERSONA_ILLUMOS},
      {NULL, 0},
  };
  return table;
}

/* "freebsd" for any value whose low byte is 0x06; NULL for a system not in
 * the table. */
static inline const char *tether_persona_name(unsigned long value) {
  for (const struct tether_persona *p = tether_personas(); p->name; p++)
    if (p->value == (value & PER_MASK)) return p->name;
  return NULL;
}

/* The value for a name; -1 if there is no such personality. */
static inline long tether_persona_value(const char *name) {
  for (const struct tether_persona *p = tether_personas(); p->name; p++)
    if (strcmp(p->name, name) == 0) return (long)p->value;
  return -1;
}

#endif
