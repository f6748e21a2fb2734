/* Resource usage and limits, with Linux x86-64's layouts and numbers. */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H

#include <bits/cdefs.h>
#include <bits/types.h>
#include <sys/time.h>

/* getrusage(2). Tether fills ru_utime and ru_stime; the other fields are 0. */
struct rusage {
  struct timeval ru_utime; /* user CPU time */
  struct timeval ru_stime; /* system CPU time */
  long ru_maxrss;
  long ru_ixrss;
  long ru_idrss;
  long ru_isrss;
  long ru_minflt;
  long ru_majflt;
  long ru_nswap;
  long ru_inblock;
  long ru_oublock;
  long ru_msgsnd;
  long ru_msgrcv;
  long ru_nsignals;
  long ru_nvcsw;
  long ru_nivcsw;
};
#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

typedef unsigned long rlim_t;
struct rlimit {
  rlim_t rlim_cur; /* soft limit */
  rlim_t rlim_max; /* hard limit: the ceiling of the soft one */
};
#define RLIM_INFINITY (~0UL)
#define RLIM_SAVED_MAX RLIM_INFINITY
#define RLIM_SAVED_CUR RLIM_INFINITY
#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12
#define RLIMIT_NICE 13
#define RLIMIT_RTPRIO 14
#define RLIMIT_RTTIME 15
#define RLIMIT_NLIMITS 16
#define RLIM_NLIMITS RLIMIT_NLIMITS

__BEGIN_DECLS
int getrlimit(int resource, struct rlimit *limit);
int setrlimit(int resource, const struct rlimit *limit);
/* Linux's prlimit(2): another process's limits (pid 0: the caller). */
int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit);
int getrusage(int who, struct rusage *usage);
__END_DECLS

#endif
