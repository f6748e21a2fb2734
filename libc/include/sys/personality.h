/* personality(2): Linux's call; Tether uses it to pick a semantic profile
 * (see docs). PER_LINUX is Linux's default; 0xffffffff queries. */
#ifndef _SYS_PERSONALITY_H
#define _SYS_PERSONALITY_H

#include <bits/cdefs.h>

/* Linux's values (include/uapi/linux/personality.h) for the systems Tether
 * can imitate. Names for them, and Tether's own darwin value, are in
 * <tether/personality.h>. */
#define PER_LINUX 0x0000
#define PER_BSD 0x0006
#define STICKY_TIMEOUTS 0x4000000
#define PER_SOLARIS (0x000d | STICKY_TIMEOUTS)
#define PER_MASK 0x00ff
#define PER_QUERY 0xffffffffUL

__BEGIN_DECLS
int personality(unsigned long persona);
__END_DECLS

#endif
