/* times(2): the CPU times of the process and of its waited-for children,
 * in clock ticks (sysconf(_SC_CLK_TCK), 100 per second). */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H

#include <bits/cdefs.h>
#include <bits/types.h>

struct tms {
  clock_t tms_utime;
  clock_t tms_stime;
  clock_t tms_cutime;
  clock_t tms_cstime;
};

__BEGIN_DECLS
/* Returns the clock ticks elapsed since an arbitrary point (Tether: boot). */
clock_t times(struct tms *buf);
__END_DECLS

#endif
