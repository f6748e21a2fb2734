/* tether_test: the few functions every guest test uses.
 *
 * A test prints one line per case to stdout, each flushed at once:
 *     PASS id
 *     FAIL id: why
 *     SKIP id: why
 * and, from tt_done(), a closing line "N passed, M failed" (", K skipped"
 * when K > 0). main returns tt_done(), so the exit status is 0 iff nothing
 * failed. Lines starting with '#' are commentary for humans.
 *
 * Ids are stable names for the condition checked ("close_negative_fd_ebadf"),
 * so a log can be compared between runs, on Tether and on Linux.
 */
#ifndef TETHER_TEST_H
#define TETHER_TEST_H

#include <stdbool.h>

#define TT_PRINTF(fmt, first) __attribute__((__format__(__printf__, fmt, first)))

void tt_pass(const char *id);
void tt_fail(const char *id, const char *fmt, ...) TT_PRINTF(2, 3);
void tt_skip(const char *id, const char *fmt, ...) TT_PRINTF(2, 3);

/* PASS if ok, else FAIL with the message. Returns ok. */
bool tt_check(const char *id, bool ok, const char *fmt, ...) TT_PRINTF(3, 4);
/* cond is evaluated before the message's arguments (C leaves the order of
 * function arguments open, and GCC evaluates them right to left), so a
 * message may say strerror(errno) about a call made in cond. */
#define TT_CHECK(id, cond, ...)               \
  __extension__({                             \
    bool tt_check_ok_ = (cond) != 0;          \
    tt_check((id), tt_check_ok_, __VA_ARGS__); \
  })

/* PASS iff ret == -1 and errno == expected_errno; the failure message names
 * both errnos, e.g. "expected EFAULT, got ENOSYS (Function not implemented)",
 * or "expected EFAULT, got 0 (no error)" when the call succeeded. */
bool tt_expect_errno(const char *id, long ret, int expected_errno);

/* The symbolic name of an errno value: "EFAULT"; "0" for 0. */
const char *tt_errno_name(int e);

/* True when running on Tether (uname's sysname is "Tether"). On Linux a
 * test may SKIP what only Tether has, saying why. */
bool tt_on_tether(void);

/* On Linux: is the running kernel at least major.minor (uname's release)?
 * For a rule Linux changed: a test SKIPs on an older kernel (Debian 12's is
 * 6.1), saying why. On Tether: true, Tether follows the newer rule. */
bool tt_linux_at_least(int major, int minor);

/* For tt_run_in_child (tether_util.h): in a child, start counting from zero
 * and send each verdict up fd as one byte ('P', 'F', 'S'); in the parent, add
 * what a child reported. */
void tt_report_to(int fd);
void tt_add_counts(int passed, int failed, int skipped);

/* Prints the closing line, flushes, returns the exit status for main. */
int tt_done(void);

#endif
