/* clocks: clock_gettime (CLOCK_REALTIME, CLOCK_MONOTONIC), clock_getres,
 * gettimeofday, time, nanosleep and clock_nanosleep.
 *
 * Sources: POSIX clock_gettime() (EINVAL for an unknown clock; MONOTONIC
 * cannot go backwards), clock_getres(), gettimeofday(), time(),
 * nanosleep() (sleeps at least the request; EINVAL for tv_nsec outside
 * [0, 1e9) or negative tv_sec), clock_nanosleep() (TIMER_ABSTIME; an
 * absolute time already past returns at once; EINVAL); Linux
 * clock_gettime(2), time(2), nanosleep(2), clock_nanosleep(2) (returns the
 * error number instead of setting errno).
 * EINTR and the remaining time of an interrupted sleep are in signals.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static long long ns_of(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

static bool valid(struct timespec t) { return t.tv_sec >= 0 && t.tv_nsec >= 0 && t.tv_nsec < 1000000000L; }

int main(int argc, char **argv) {
  tt_init(argc, argv);
  struct timespec rt, mono, res;
  TT_CHECK("clock_gettime.realtime", clock_gettime(CLOCK_REALTIME, &rt) == 0 && valid(rt), "%s; %ld.%09ld",
           strerror(errno), (long)rt.tv_sec, rt.tv_nsec);
  /* Any date after 2020-01-01 says the clock was set from somewhere. */
  TT_CHECK("clock_gettime.realtime_is_a_real_date", rt.tv_sec > 1577836800L, "CLOCK_REALTIME %ld s after 1970",
           (long)rt.tv_sec);
  TT_CHECK("clock_gettime.monotonic", clock_gettime(CLOCK_MONOTONIC, &mono) == 0 && valid(mono), "%s; %ld.%09ld",
           strerror(errno), (long)mono.tv_sec, mono.tv_nsec);
  /* CLOCK_TAI: REALTIME plus the TAI-UTC offset, 0 until adjtimex sets it
   * (37 s on a host that ntpd told); the other Linux clocks answer too. */
  struct timespec tai, rt_now;
  int tai_r = clock_gettime(CLOCK_TAI, &tai);
  clock_gettime(CLOCK_REALTIME, &rt_now);
  TT_CHECK("clock_gettime.tai", tai_r == 0 && valid(tai) && rt_now.tv_sec - tai.tv_sec <= 1 &&
                                    tai.tv_sec - rt_now.tv_sec <= 40,
           "%s; TAI %ld s, REALTIME %ld s", tai_r ? strerror(errno) : "ok", (long)tai.tv_sec, (long)rt_now.tv_sec);
  static const clockid_t others[] = {CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
                                     CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
  bool all = true;
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
    struct timespec t;
    if (clock_gettime(others[i], &t) != 0 || !valid(t)) {
      tt_fail("clock_gettime.linux_clocks", "clock %d: %s", (int)others[i], strerror(errno));
      all = false;
      break;
    }
  }
  if (all) tt_pass("clock_gettime.linux_clocks");
  tt_expect_errno("clock_gettime.unknown_clock_einval", clock_gettime(12345, &rt), EINVAL);
  tt_expect_errno("clock_gettime.negative_clock_einval", syscall(SYS_clock_gettime, -1000, &rt), EINVAL);

  /* Monotonic never goes backwards, and it moves. */
  struct timespec prev, now;
  clock_gettime(CLOCK_MONOTONIC, &prev);
  struct timespec first = prev;
  bool backwards = false;
  for (int i = 0; i < 2000; i++) {
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (ns_of(now) < ns_of(prev)) backwards = true;
    prev = now;
  }
  TT_CHECK("clock_gettime.monotonic_never_backwards", !backwards, "a later reading was smaller");
  tt_sleep_ms(20);
  clock_gettime(CLOCK_MONOTONIC, &now);
  TT_CHECK("clock_gettime.monotonic_advances", ns_of(now) - ns_of(first) >= 20000000LL, "moved %lld ns over a 20 ms sleep",
           ns_of(now) - ns_of(first));

  TT_CHECK("clock_getres.monotonic", clock_getres(CLOCK_MONOTONIC, &res) == 0 && valid(res) && ns_of(res) > 0 &&
                                         ns_of(res) <= 10000000LL,
           "%s; resolution %ld.%09ld", strerror(errno), (long)res.tv_sec, res.tv_nsec);
  TT_CHECK("clock_getres.realtime", clock_getres(CLOCK_REALTIME, &res) == 0 && ns_of(res) > 0, "%s", strerror(errno));
  TT_CHECK("clock_getres.null_ok", clock_getres(CLOCK_REALTIME, NULL) == 0, "%s", strerror(errno));
  tt_expect_errno("clock_getres.unknown_clock_einval", clock_getres(12345, &res), EINVAL);

  /* The wall clocks agree. (gettimeofday and time are called with
   * syscall(): libc builds its own on clock_gettime.) */
  struct timeval tv;
  clock_gettime(CLOCK_REALTIME, &rt);
  TT_CHECK("gettimeofday.ok", syscall(SYS_gettimeofday, &tv, NULL) == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000, "%s; usec %ld",
           strerror(errno), (long)tv.tv_usec);
  long long diff_us = (tv.tv_sec * 1000000LL + tv.tv_usec) - ns_of(rt) / 1000;
  TT_CHECK("gettimeofday.agrees_with_realtime", diff_us >= 0 && diff_us < 1000000, "gettimeofday - realtime = %lld us",
           diff_us);
  TT_CHECK("gettimeofday.null_tz_and_tv_ok", syscall(SYS_gettimeofday, NULL, NULL) == 0, "%s", strerror(errno));
  time_t stored = 0;
  time_t t = (time_t)syscall(SYS_time, &stored);
  TT_CHECK("time.returns_and_stores", t == stored && t > 0, "returned %ld, stored %ld", (long)t, (long)stored);
  /* Linux's time() reads the coarse clock, updated once a tick: it may be
   * a second behind a CLOCK_REALTIME read made just before it, across a
   * second's boundary. */
  TT_CHECK("time.agrees_with_realtime", t >= rt.tv_sec - 1 && t <= rt.tv_sec + 1, "time %ld, realtime %ld", (long)t,
           (long)rt.tv_sec);
  TT_CHECK("time.null_ok", syscall(SYS_time, NULL) >= t, "time(NULL) went backwards");

  /* nanosleep sleeps at least the request, by both clocks. */
  struct timespec m0, m1, r0, r1;
  clock_gettime(CLOCK_MONOTONIC, &m0);
  clock_gettime(CLOCK_REALTIME, &r0);
  struct timespec req = {0, 150000000L}, rem = {7, 7};
  int r = nanosleep(&req, &rem);
  clock_gettime(CLOCK_MONOTONIC, &m1);
  clock_gettime(CLOCK_REALTIME, &r1);
  TT_CHECK("nanosleep.returns_0", r == 0, "%s", strerror(errno));
  TT_CHECK("nanosleep.at_least_request_monotonic", ns_of(m1) - ns_of(m0) >= 150000000LL, "slept %lld ns",
           ns_of(m1) - ns_of(m0));
  TT_CHECK("nanosleep.realtime_advances_too", ns_of(r1) - ns_of(r0) >= 140000000LL, "realtime moved %lld ns",
           ns_of(r1) - ns_of(r0));
  req = (struct timespec){0, 0};
  TT_CHECK("nanosleep.zero_returns_0", nanosleep(&req, NULL) == 0, "%s", strerror(errno));
  req = (struct timespec){0, -1};
  tt_expect_errno("nanosleep.negative_nsec_einval", nanosleep(&req, NULL), EINVAL);

  /* clock_nanosleep: relative, absolute, already past; errors are returned. */
  clock_gettime(CLOCK_MONOTONIC, &m0);
  req = (struct timespec){0, 100000000L};
  r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
  clock_gettime(CLOCK_MONOTONIC, &m1);
  TT_CHECK("clock_nanosleep.relative", r == 0 && ns_of(m1) - ns_of(m0) >= 100000000LL, "returned %d after %lld ns", r,
           ns_of(m1) - ns_of(m0));
  clock_gettime(CLOCK_MONOTONIC, &m0);
  struct timespec until = {m0.tv_sec, m0.tv_nsec + 100000000L};
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
  clock_gettime(CLOCK_MONOTONIC, &m1);
  TT_CHECK("clock_nanosleep.absolute", r == 0 && ns_of(m1) >= ns_of(until), "returned %d, %lld ns before the deadline",
           r, ns_of(until) - ns_of(m1));
  clock_gettime(CLOCK_MONOTONIC, &m0);
  struct timespec past = {m0.tv_sec - 1 > 0 ? m0.tv_sec - 1 : 0, 0};
  r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL);
  TT_CHECK("clock_nanosleep.absolute_past_returns_at_once", r == 0 && tt_ms_since(&m0) < 50, "returned %d after %ld ms",
           r, tt_ms_since(&m0));
  req = (struct timespec){0, 1000000000L};
  r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
  TT_CHECK("clock_nanosleep.bad_nsec_returns_einval", r == EINVAL, "returned %d (%s)", r, r > 0 ? tt_errno_name(r) : "");
  req = (struct timespec){0, 1000};
  r = clock_nanosleep(12345, 0, &req, NULL);
  TT_CHECK("clock_nanosleep.unknown_clock_returns_einval", r == EINVAL, "returned %d (%s)", r,
           r > 0 ? tt_errno_name(r) : "");
  return tt_done();
}
