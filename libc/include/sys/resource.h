#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H

#include <bits/cdefs.h>
#include <sys/time.h>

struct rusage {
  struct timeval ru_utime;
  struct timeval ru_stime;
  long __other[14]; /* maxrss ... nivcsw: Linux's layout, unused here */
};

typedef unsigned long rlim_t;
struct rlimit {
  rlim_t rlim_cur;
  rlim_t rlim_max;
};
#define RLIM_INFINITY (~0UL)
#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_NOFILE 7
#define RLIMIT_AS 9

__BEGIN_DECLS
int getrlimit(int resource, struct rlimit *limit);
int setrlimit(int resource, const struct rlimit *limit);
__END_DECLS

#endif
