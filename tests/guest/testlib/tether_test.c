/* tether_test: reporting for guest tests. See tether_test.h. */
#include "tether_test.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static int passed, failed, skipped;

/* In a child started by tt_run_in_child (tether_util.c), each verdict is also
 * sent up a pipe as one byte, so it counts in the parent's totals. */
static int report_fd = -1;

static void count(char verdict) {
  if (verdict == 'P') passed++;
  else if (verdict == 'F') failed++;
  else skipped++;
  if (report_fd >= 0) (void)write(report_fd, &verdict, 1);
}

void tt_report_to(int fd) {
  passed = failed = skipped = 0;
  report_fd = fd;
}

void tt_add_counts(int p, int f, int s) {
  while (p-- > 0) count('P');
  while (f-- > 0) count('F');
  while (s-- > 0) count('S');
}

/* One whole line per call, flushed, so output stays ordered even when the
 * test forks or dies right after. */
static void report(const char *verdict, const char *id, const char *fmt, va_list ap) {
  printf("%s %s", verdict, id);
  if (fmt) {
    printf(": ");
    vprintf(fmt, ap);
  }
  printf("\n");
  fflush(stdout);
}

void tt_pass(const char *id) {
  printf("PASS %s\n", id);
  fflush(stdout);
  count('P');
}

void tt_fail(const char *id, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report("FAIL", id, fmt, ap);
  count('F');
  va_end(ap);
}

void tt_skip(const char *id, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report("SKIP", id, fmt, ap);
  count('S');
  va_end(ap);
}

bool tt_check(const char *id, bool ok, const char *fmt, ...) {
  if (ok) {
    tt_pass(id);
    return true;
  }
  va_list ap;
  va_start(ap, fmt);
  report("FAIL", id, fmt, ap);
  count('F');
  va_end(ap);
  return false;
}

const char *tt_errno_name(int e) {
  static char unknown[24];
  const char *name = strerrorname_np(e);
  if (name) return name;
  snprintf(unknown, sizeof unknown, "errno %d", e);
  return unknown;
}

bool tt_expect_errno(const char *id, long ret, int expected_errno) {
  int got = errno; /* before anything else can change it */
  if (ret != -1) {
    tt_fail(id, "expected %s, got %ld (no error)", tt_errno_name(expected_errno), ret);
    return false;
  }
  if (got != expected_errno) {
    tt_fail(id, "expected %s, got %s (%s)", tt_errno_name(expected_errno), tt_errno_name(got),
            strerror(got));
    return false;
  }
  tt_pass(id);
  return true;
}

bool tt_on_tether(void) {
  struct utsname u;
  return uname(&u) == 0 && strcmp(u.sysname, "Tether") == 0;
}

bool tt_linux_at_least(int major, int minor) {
  if (tt_on_tether()) return true;
  struct utsname u;
  int have_major = 0, have_minor = 0;
  if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &have_major, &have_minor) != 2) return false;
  return have_major > major || (have_major == major && have_minor >= minor);
}

int tt_done(void) {
  if (skipped > 0) printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  else printf("%d passed, %d failed\n", passed, failed);
  fflush(stdout);
  return failed == 0 ? 0 : 1;
}
