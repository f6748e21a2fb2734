#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <bits/cdefs.h>
#include <bits/types.h>
#include <time.h>

struct timeval {
  time_t tv_sec;
  suseconds_t tv_usec;
};

/* Obsolete, but part of gettimeofday's signature. */
struct timezone {
  int tz_minuteswest;
  int tz_dsttime;
};

__BEGIN_DECLS
int gettimeofday(struct timeval *tv, void *tz);
__END_DECLS

#endif
