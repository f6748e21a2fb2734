/* sigaltstack: the alternate signal stack and SA_ONSTACK handlers.
 *
 * Sources: sigaltstack(2) (Linux man-pages 6.x): SS_DISABLE, SS_ONSTACK
 * (reported while running on it; accepted in ss_flags as 0), SS_AUTODISARM;
 * ENOMEM below MINSIGSTKSZ, EPERM "an attempt was made to change the
 * alternate signal stack while it was active", EINVAL for other flags,
 * EFAULT; inherited by fork, removed by execve. sigaction(2) SA_ONSTACK.
 * The classic use: catching the SIGSEGV of a stack overflow, whose handler
 * cannot run on the exhausted stack. Linux's kernel/signal.c for the rest:
 * the old settings are reported as they were before the change, and
 * rt_sigreturn restores the settings a handler started with (SS_AUTODISARM).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

/* Larger than SIGSTKSZ: a Linux frame with AVX-512 state takes ~3.5 KiB. */
#define STACK_SIZE (64 * 1024)
static char *alt_stack;

static bool on_alt_stack(const void *p) {
  return (uintptr_t)p >= (uintptr_t)alt_stack && (uintptr_t)p < (uintptr_t)alt_stack + STACK_SIZE;
}

static int set_stack(void *sp, size_t size, int flags) {
  stack_t ss = {.ss_sp = sp, .ss_flags = flags, .ss_size = size};
  return sigaltstack(&ss, NULL);
}

static stack_t query(void) {
  stack_t ss;
  memset(&ss, 0x5a, sizeof ss);
  if (sigaltstack(NULL, &ss) != 0) tt_die("sigaltstack(NULL, &old)");
  return ss;
}

/* What a handler saw. */
static volatile uintptr_t handler_local, nested_local;
static volatile int handler_flags, handler_change_errno, nested_flags;
static stack_t handler_view;

static void nested_handler(int sig) {
  (void)sig;
  volatile char here = 0;
  nested_local = (uintptr_t)&here;
  stack_t ss;
  sigaltstack(NULL, &ss);
  nested_flags = ss.ss_flags;
}

static void recording_handler(int sig) {
  volatile char here = 0;
  handler_local = (uintptr_t)&here;
  sigaltstack(NULL, &handler_view);
  handler_flags = handler_view.ss_flags;
  /* Changing the stack while running on it. */
  stack_t other = {.ss_sp = alt_stack, .ss_flags = 0, .ss_size = STACK_SIZE / 2};
  handler_change_errno = sigaltstack(&other, NULL) == 0 ? 0 : errno;
  if (sig == SIGUSR2) raise(SIGURG); /* a nested SA_ONSTACK handler */
}

static void install(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigaction(sig, &sa, NULL);
}

static void settings(void) {
  stack_t ss = query();
  TT_CHECK("sigaltstack_default_disabled", ss.ss_flags == SS_DISABLE && ss.ss_sp == NULL && ss.ss_size == 0,
           "ss_sp %p ss_flags %#x ss_size %zu", ss.ss_sp, ss.ss_flags, ss.ss_size);
  TT_CHECK("sigaltstack_set", set_stack(alt_stack, STACK_SIZE, 0) == 0, "%s", strerror(errno));
  ss = query();
  TT_CHECK("sigaltstack_query_after_set", ss.ss_sp == alt_stack && ss.ss_size == STACK_SIZE && ss.ss_flags == 0,
           "ss_sp %p ss_flags %#x ss_size %zu", ss.ss_sp, ss.ss_flags, ss.ss_size);

  /* old_ss describes the stack as it was before the new one is set. */
  stack_t next = {.ss_sp = alt_stack, .ss_flags = 0, .ss_size = STACK_SIZE / 2}, old;
  memset(&old, 0, sizeof old);
  int r = sigaltstack(&next, &old);
  TT_CHECK("sigaltstack_old_is_previous", r == 0 && old.ss_size == STACK_SIZE && old.ss_sp == alt_stack,
           "returned %d, old ss_size %zu", r, old.ss_size);

  tt_expect_errno("sigaltstack_below_minsigstksz_enomem", set_stack(alt_stack, MINSIGSTKSZ - 1, 0), ENOMEM);
  ss = query();
  TT_CHECK("sigaltstack_enomem_changes_nothing", ss.ss_size == STACK_SIZE / 2, "ss_size %zu", ss.ss_size);
  TT_CHECK("sigaltstack_minsigstksz_ok", set_stack(alt_stack, MINSIGSTKSZ, 0) == 0, "%s", strerror(errno));
  tt_expect_errno("sigaltstack_bad_flags_einval", set_stack(alt_stack, STACK_SIZE, 4), EINVAL);
  tt_expect_errno("sigaltstack_both_flags_einval", set_stack(alt_stack, STACK_SIZE, SS_ONSTACK | SS_DISABLE),
                  EINVAL);
  TT_CHECK("sigaltstack_ss_onstack_accepted", set_stack(alt_stack, STACK_SIZE, SS_ONSTACK) == 0, "%s",
           strerror(errno));
  ss = query();
  TT_CHECK("sigaltstack_ss_onstack_reported_as_0", ss.ss_flags == 0, "ss_flags %#x", ss.ss_flags);

  /* SS_DISABLE ignores the size and pointer. */
  TT_CHECK("sigaltstack_disable", set_stack(NULL, 1, SS_DISABLE) == 0, "%s", strerror(errno));
  ss = query();
  TT_CHECK("sigaltstack_disabled_reported", ss.ss_flags == SS_DISABLE && ss.ss_size == 0 && ss.ss_sp == NULL,
           "ss_sp %p ss_flags %#x ss_size %zu", ss.ss_sp, ss.ss_flags, ss.ss_size);

  tt_expect_errno("sigaltstack_new_kernel_pointer_efault", sigaltstack((stack_t *)TT_KERNEL_ADDR, NULL), EFAULT);
  tt_expect_errno("sigaltstack_old_kernel_pointer_efault", sigaltstack(NULL, (stack_t *)TT_KERNEL_ADDR), EFAULT);
  tt_expect_errno("sigaltstack_new_unmapped_efault", sigaltstack((stack_t *)tt_unmapped_page(), NULL), EFAULT);
}

static void handlers(void) {
  set_stack(alt_stack, STACK_SIZE, 0);
  install(SIGUSR1, recording_handler, SA_ONSTACK);
  handler_local = 0;
  raise(SIGUSR1);
  TT_CHECK("sa_onstack_handler_runs_on_alt_stack", on_alt_stack((void *)handler_local),
           "a local of the handler at %#lx, the stack is %p..+%d", (unsigned long)handler_local, alt_stack,
           STACK_SIZE);
  TT_CHECK("sigaltstack_ss_onstack_inside_handler", handler_flags == SS_ONSTACK, "ss_flags %#x in the handler",
           handler_flags);
  TT_CHECK("sigaltstack_change_on_stack_eperm", handler_change_errno == EPERM, "changing it in the handler: %s",
           tt_errno_name(handler_change_errno));
  stack_t ss = query();
  TT_CHECK("sigaltstack_after_handler_not_onstack", ss.ss_flags == 0 && ss.ss_size == STACK_SIZE,
           "ss_flags %#x ss_size %zu", ss.ss_flags, ss.ss_size);

  install(SIGUSR1, recording_handler, 0);
  handler_local = 0;
  raise(SIGUSR1);
  TT_CHECK("handler_without_sa_onstack_on_normal_stack", handler_local && !on_alt_stack((void *)handler_local),
           "a local of the handler at %#lx", (unsigned long)handler_local);

  /* A handler interrupting one on the alternate stack stays on it, below. */
  install(SIGUSR2, recording_handler, SA_ONSTACK);
  install(SIGURG, nested_handler, SA_ONSTACK);
  handler_local = nested_local = 0;
  raise(SIGUSR2);
  TT_CHECK("nested_sa_onstack_handler_below_outer",
           on_alt_stack((void *)nested_local) && nested_local < handler_local && nested_flags == SS_ONSTACK,
           "outer local %#lx, nested %#lx, nested ss_flags %#x", (unsigned long)handler_local,
           (unsigned long)nested_local, nested_flags);

  /* SS_AUTODISARM: disarmed while the handler runs, back afterwards. */
  set_stack(alt_stack, STACK_SIZE, (int)SS_AUTODISARM);
  install(SIGUSR1, recording_handler, SA_ONSTACK);
  handler_local = 0;
  raise(SIGUSR1);
  TT_CHECK("ss_autodisarm_handler_on_alt_stack", on_alt_stack((void *)handler_local), "local at %#lx",
           (unsigned long)handler_local);
  TT_CHECK("ss_autodisarm_disarmed_in_handler", handler_view.ss_flags == SS_DISABLE && handler_change_errno == 0,
           "in the handler: ss_flags %#x, changing it: %s", handler_view.ss_flags,
           tt_errno_name(handler_change_errno));
  ss = query();
  TT_CHECK("ss_autodisarm_restored_by_sigreturn",
           ss.ss_sp == alt_stack && ss.ss_size == STACK_SIZE && ss.ss_flags == (int)SS_AUTODISARM,
           "after the handler: ss_sp %p ss_flags %#x ss_size %zu", ss.ss_sp, ss.ss_flags, ss.ss_size);
  set_stack(NULL, 0, SS_DISABLE);
  install(SIGUSR1, SIG_DFL, 0);
  install(SIGUSR2, SIG_DFL, 0);
  install(SIGURG, SIG_DFL, 0);
}

/* The classic case: infinite recursion, SIGSEGV caught on the alternate stack. */
static void segv_exit_42(int sig) {
  (void)sig;
  _exit(42);
}

static int recurse(int depth) {
  volatile char frame[512];
  frame[0] = (char)depth;
  if (depth == -1) return 0; /* never: keeps the recursion from looking infinite */
  return recurse(depth + 1) + frame[0];
}

static int overflow_child(void *with_alt_stack) {
  struct rlimit limit;
  /* A bounded stack on a host with `ulimit -s unlimited`. */
  if (getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur > 8 << 20) {
    limit.rlim_cur = 8 << 20;
    setrlimit(RLIMIT_STACK, &limit);
  }
  if (with_alt_stack) set_stack(alt_stack, STACK_SIZE, 0);
  install(SIGSEGV, segv_exit_42, SA_ONSTACK);
  return recurse(0);
}

static void stack_overflow(void) {
  int status = tt_fork_status(overflow_child, (void *)1, 60);
  TT_CHECK("stack_overflow_segv_caught_on_alt_stack", WIFEXITED(status) && WEXITSTATUS(status) == 42, "child %s",
           tt_status_str(status));
  status = tt_fork_status(overflow_child, NULL, 60);
  TT_CHECK("stack_overflow_without_alt_stack_killed", WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
           "child %s", tt_status_str(status));
}

static int child_sees_inherited(void *arg) {
  (void)arg;
  stack_t ss = query();
  return ss.ss_sp == alt_stack && ss.ss_size == STACK_SIZE && ss.ss_flags == 0 ? 0 : 1;
}

static void fork_and_exec(void) {
  set_stack(alt_stack, STACK_SIZE, 0);
  int status = tt_fork_status(child_sees_inherited, NULL, 30);
  TT_CHECK("sigaltstack_inherited_by_fork", WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %s",
           tt_status_str(status));
  char *argv[] = {(char *)tt_self_path(), "--report-alt-stack", NULL};
  char *envp[] = {NULL};
  status = tt_run_exec(tt_self_path(), argv, envp, 30);
  TT_CHECK("sigaltstack_removed_by_execve", WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "the new program %s (1: a stack was still set)", tt_status_str(status));
  set_stack(NULL, 0, SS_DISABLE);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--report-alt-stack") == 0) {
    stack_t ss;
    if (sigaltstack(NULL, &ss) != 0) return 2;
    return ss.ss_flags == SS_DISABLE && ss.ss_size == 0 ? 0 : 1;
  }
  tt_init(argc, argv);
  alt_stack = malloc(STACK_SIZE);
  if (!alt_stack) tt_die("malloc");
  settings();
  handlers();
  stack_overflow();
  fork_and_exec();
  return tt_done();
}
