#ifndef _TIME_H
#define _TIME_H

#include <bits/cdefs.h>
#include <bits/types.h>
#include <stddef.h>

struct timespec {
  time_t tv_sec;
  long tv_nsec;
};

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_TAI 11

#define TIMER_ABSTIME 1
#define CLOCKS_PER_SEC 1000000L

/* A broken-down time, glibc's layout. Tether has no time zones: local
 * time is UTC. */
struct tm {
  int tm_sec;   /* 0-60 (60: a leap second) */
  int tm_min;   /* 0-59 */
  int tm_hour;  /* 0-23 */
  int tm_mday;  /* 1-31 */
  int tm_mon;   /* 0-11 */
  int tm_year;  /* years since 1900 */
  int tm_wday;  /* 0-6, Sunday = 0 */
  int tm_yday;  /* 0-365 */
  int tm_isdst; /* always 0 here */
  long tm_gmtoff;      /* seconds east of UTC: 0 */
  const char *tm_zone; /* "GMT" from gmtime, "UTC" from localtime */
};

__BEGIN_DECLS
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *t, struct tm *out);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *t, struct tm *out);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);
double difftime(time_t end, time_t start);
size_t strftime(char *s, size_t size, const char *fmt, const struct tm *tm);
char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *tm, char *buf);
char *ctime(const time_t *t);
char *ctime_r(const time_t *t, char *buf);
/* Does nothing: there is no time zone to load. */
void tzset(void);

time_t time(time_t *out);
clock_t clock(void);
int clock_gettime(clockid_t clock, struct timespec *ts);
int clock_getres(clockid_t clock, struct timespec *res);
int nanosleep(const struct timespec *request, struct timespec *remaining);
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request,
                    struct timespec *remaining);
__END_DECLS

#endif
