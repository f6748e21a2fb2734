/* exec_arguments: how much argv and envp execve takes.
 *
 * Sources: execve(2) "Limits on size of arguments and environment": "the
 * total size is limited to 1/4 of the allowed stack size" (RLIMIT_STACK),
 * at least 32 pages (ARG_MAX); E2BIG "The total number of bytes in the
 * environment (envp) and argument list (argv) is too large". Linux's
 * fs/exec.c (prepare_arg_pages, 6.1): the limit is at most 3/4 of _STK_LIM
 * (8 MiB), the pathname's string counts with the others, and 8 bytes per
 * argv and envp pointer come off it. glibc's sysconf(_SC_ARG_MAX): a
 * quarter of RLIMIT_STACK, at least 131072.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

enum { kArgMax = 131072, kStkLim = 8 * 1024 * 1024, kChunk = 32768 };

/* The kernel's limit for the strings and pointers, from RLIMIT_STACK. */
static unsigned long kernel_limit(void) {
  struct rlimit rl;
  getrlimit(RLIMIT_STACK, &rl);
  unsigned long limit = rl.rlim_cur / 4;
  if (limit > kStkLim / 4 * 3) limit = kStkLim / 4 * 3;
  return limit < kArgMax ? kArgMax : limit;
}

/* Runs this program with --exec-ok and an environment whose strings,
 * pointers, argv and pathname take exactly `total` bytes of the kernel's
 * count. The wait status (100 + errno if execve failed). */
static int run_with_total(unsigned long total) {
  const char *self = tt_self_path();
  char *argv[] = {(char *)self, "--exec-ok", NULL};
  /* The pathname is counted apart from argv[0], which is the same string. */
  unsigned long used = 2 * (strlen(self) + 1) + strlen("--exec-ok") + 1 + 2 * 8;
  if (total < used) return -1;
  unsigned long left = total - used;
  size_t count = left / (kChunk + 8) + 2;
  char **envp = calloc(count + 1, sizeof(char *));
  char *bytes = malloc(left + 1);
  if (!envp || !bytes) {
    free(envp);
    free(bytes);
    return -1;
  }
  memset(bytes, 'e', left);
  size_t n = 0;
  char *at = bytes;
  /* Each string costs its length, a NUL and an 8-byte pointer. */
  while (left >= 10) {
    unsigned long size = left - 9 > kChunk ? kChunk : left - 9;
    /* Never leave a remainder too small for one more string. */
    if (left - (size + 9) > 0 && left - (size + 9) < 10) size -= 10;
    at[size] = '\0';
    envp[n++] = at;
    at += size + 1;
    left -= size + 9;
  }
  envp[n] = NULL;
  int status = left == 0 ? tt_run_exec(self, argv, envp, 60) : -1;
  free(envp);
  free(bytes);
  return status;
}

static bool exited_with(int status, int code) { return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == code; }

static void default_stack(void) {
  struct rlimit rl;
  getrlimit(RLIMIT_STACK, &rl);
  long expect = rl.rlim_cur / 4 > kArgMax ? (long)(rl.rlim_cur / 4) : kArgMax;
  long got = sysconf(_SC_ARG_MAX);
  TT_CHECK("sysconf_arg_max_quarter_of_stack", got == expect, "sysconf(_SC_ARG_MAX) %ld, RLIMIT_STACK/4 %ld", got,
           expect);
  if (kernel_limit() < 2 * 1024 * 1024) {
    tt_skip("one_mib_environment_runs", "RLIMIT_STACK is below 8 MiB here");
  } else {
    int status = run_with_total(1024 * 1024);
    TT_CHECK("one_mib_environment_runs", exited_with(status, 0), "child %s (100 + errno)", tt_status_str(status));
  }
  unsigned long limit = kernel_limit();
  printf("# argument limit %lu bytes\n", limit);
  int status = run_with_total(limit);
  TT_CHECK("exactly_the_limit_runs", exited_with(status, 0), "child %s (100 + errno)", tt_status_str(status));
  status = run_with_total(limit + 1);
  TT_CHECK("one_byte_past_the_limit_e2big", exited_with(status, 100 + E2BIG), "child %s (100 + errno)",
           tt_status_str(status));
}

/* In a child: lowers RLIMIT_STACK to *arg bytes, then checks the limit
 * and sysconf. Exit code 0, or the step that failed. */
static int lowered(void *arg) {
  unsigned long stack = *(unsigned long *)arg;
  struct rlimit rl;
  getrlimit(RLIMIT_STACK, &rl);
  rl.rlim_cur = stack;
  if (setrlimit(RLIMIT_STACK, &rl) != 0) return 1;
  unsigned long limit = stack / 4 < kArgMax ? kArgMax : stack / 4;
  if (kernel_limit() != limit) return 2;
  if (sysconf(_SC_ARG_MAX) != (long)limit) return 3;
  if (!exited_with(run_with_total(limit), 0)) return 4;
  if (!exited_with(run_with_total(limit + 1), 100 + E2BIG)) return 5;
  return 0;
}

static void lowered_stack(void) {
  unsigned long one_mib = 1024 * 1024;
  int status = tt_fork_status(lowered, &one_mib, 120);
  TT_CHECK("rlimit_stack_1mib_limit_256kib", exited_with(status, 0),
           "child %s (1 setrlimit, 2 limit, 3 sysconf, 4 the limit did not run, 5 past it not E2BIG)",
           tt_status_str(status));
  unsigned long small = 256 * 1024;
  status = tt_fork_status(lowered, &small, 120);
  TT_CHECK("rlimit_stack_256kib_limit_arg_max", exited_with(status, 0),
           "child %s (1 setrlimit, 2 limit, 3 sysconf, 4 the limit did not run, 5 past it not E2BIG)",
           tt_status_str(status));
}

/* In a child: RLIMIT_STACK unlimited; the limit stops at 6 MiB. */
static int unlimited(void *arg) {
  (void)arg;
  struct rlimit rl;
  getrlimit(RLIMIT_STACK, &rl);
  if (rl.rlim_max != RLIM_INFINITY) return 9;
  rl.rlim_cur = RLIM_INFINITY;
  if (setrlimit(RLIMIT_STACK, &rl) != 0) return 1;
  if (kernel_limit() != kStkLim / 4 * 3) return 2;
  if (!exited_with(run_with_total(kStkLim / 4 * 3 + 1), 100 + E2BIG)) return 5;
  return 0;
}

static void unlimited_stack(void) {
  int status = tt_fork_status(unlimited, NULL, 120);
  if (exited_with(status, 9)) {
    tt_skip("unlimited_stack_caps_at_6mib", "the hard RLIMIT_STACK is not unlimited here");
    return;
  }
  TT_CHECK("unlimited_stack_caps_at_6mib", exited_with(status, 0),
           "child %s (1 setrlimit, 2 limit, 5 past 6 MiB not E2BIG)", tt_status_str(status));
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  if (argc > 1 && strcmp(argv[1], "--exec-ok") == 0) return 0;
  default_stack();
  lowered_stack();
  unlimited_stack();
  return tt_done();
}
