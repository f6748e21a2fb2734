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

/* Interval timers: ITIMER_REAL counts wall time and sends SIGALRM. */
#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

struct itimerval {
  struct timeval it_interval; /* reloaded after each expiry; 0: one shot */
  struct timeval it_value;    /* time to the next expiry; 0: disarmed */
};

#define timerisset(tv) ((tv)->tv_sec || (tv)->tv_usec)
#define timerclear(tv) ((tv)->tv_sec = (tv)->tv_usec = 0)
#define timercmp(a, b, CMP) \
  (((a)->tv_sec == (b)->tv_sec) ? ((a)->tv_usec CMP (b)->tv_usec) : ((a)->tv_sec CMP (b)->tv_sec))

__BEGIN_DECLS
int gettimeofday(struct timeval *tv, void *tz);
int setitimer(int which, const struct itimerval *value, struct itimerval *old);
int getitimer(int which, struct itimerval *value);
__END_DECLS

#endif
