/* tether_test: reporting for guest tests. See tether_test.h. */
#include "tether_test.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

static int passed, failed, skipped;

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
  passed++;
  printf("PASS %s\n", id);
  fflush(stdout);
}

void tt_fail(const char *id, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  failed++;
  report("FAIL", id, fmt, ap);
  va_end(ap);
}

void tt_skip(const char *id, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  skipped++;
  report("SKIP", id, fmt, ap);
  va_end(ap);
}

bool tt_check(const char *id, bool ok, const char *fmt, ...) {
  if (ok) {
    tt_pass(id);
    return true;
  }
  va_list ap;
  va_start(ap, fmt);
  failed++;
  report("FAIL", id, fmt, ap);
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

int tt_done(void) {
  if (skipped > 0) printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  else printf("%d passed, %d failed\n", passed, failed);
  fflush(stdout);
  return failed == 0 ? 0 : 1;
}
