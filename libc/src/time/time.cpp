// Clocks and sleeping. Every clock reading is clock_gettime(2), so the
// kernel needs one clock call; gettimeofday and time are built on it.
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

int clock_gettime(clockid_t clock, struct timespec *ts) {
  return sys(SYS_clock_gettime, clock, ts);
}

int clock_getres(clockid_t clock, struct timespec *res) {
  return sys(SYS_clock_getres, clock, res);
}

int gettimeofday(struct timeval *tv, void * /*tz: obsolete, ignored*/) {
  if (tv == nullptr) return 0;
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) < 0) return -1;
  tv->tv_sec = now.tv_sec;
  tv->tv_usec = now.tv_nsec / 1000;
  return 0;
}

time_t time(time_t *out) {
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) < 0) return -1;
  if (out) *out = now.tv_sec;
  return now.tv_sec;
}

// clock(3): processor time used, in CLOCKS_PER_SEC units (microseconds).
// Where the kernel has no CPU-time clock, the time since boot stands in.
clock_t clock(void) {
  struct timespec used;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used) < 0 &&
      clock_gettime(CLOCK_MONOTONIC, &used) < 0)
    return static_cast<clock_t>(-1);
  return static_cast<clock_t>(used.tv_sec * CLOCKS_PER_SEC + used.tv_nsec / 1000);
}

int nanosleep(const struct timespec *request, struct timespec *remaining) {
  return sys(SYS_nanosleep, request, remaining);
}

// Unlike most calls, clock_nanosleep returns the error number itself.
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request,
                    struct timespec *remaining) {
  long ret = tether::syscall4(SYS_clock_nanosleep, clock, flags, reinterpret_cast<long>(request),
                              reinterpret_cast<long>(remaining));
  return static_cast<int>(-ret);
}

// sleep(3): returns the seconds left when a signal cut the sleep short.
unsigned int sleep(unsigned int seconds) {
  struct timespec request = {static_cast<time_t>(seconds), 0};
  struct timespec remaining = {0, 0};
  if (nanosleep(&request, &remaining) < 0 && errno == EINTR)
    return static_cast<unsigned int>(remaining.tv_sec + (remaining.tv_nsec > 0 ? 1 : 0));
  return 0;
}

int usleep(useconds_t usec) {
  struct timespec request = {static_cast<time_t>(usec / 1000000),
                             static_cast<long>(usec % 1000000) * 1000};
  return nanosleep(&request, nullptr);
}

}  // extern "C"
