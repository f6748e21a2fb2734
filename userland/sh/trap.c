/* trap. See trap.h. */
#include "trap.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "strbuf.h"
#include "vars.h"

/* actions[sig]: NULL when not trapped, "" when ignored, else the commands.
 * actions[0] is EXIT. */
static char *actions[NSIG];
/* What a signal did before its first trap, for `trap - SIG`. */
static struct sigaction original[NSIG];
static bool have_original[NSIG];

static volatile sig_atomic_t arrived[NSIG];
static volatile sig_atomic_t any_arrived;
static bool running_action; /* a trap's commands do not interrupt themselves */

static void on_signal(int sig) {
  arrived[sig] = 1;
  any_arrived = 1;
}

/* "INT", "SIGINT", "int", "2", "EXIT" or "0": the number, or -1. */
static int signal_number(const char *name) {
  if (isdigit((unsigned char)name[0])) {
    char *end;
    long n = strtol(name, &end, 10);
    return *end == '\0' && n >= 0 && n < NSIG ? (int)n : -1;
  }
  char upper[16];
  size_t i = 0;
  for (; name[i] && i + 1 < sizeof upper; i++) upper[i] = (char)toupper((unsigned char)name[i]);
  upper[i] = '\0';
  const char *bare = strncmp(upper, "SIG", 3) == 0 ? upper + 3 : upper;
  if (strcmp(bare, "EXIT") == 0) return 0;
  for (int sig = 1; sig < NSIG; sig++) {
    const char *abbrev = sigabbrev_np(sig);
    if (abbrev && strcmp(abbrev, bare) == 0) return sig;
  }
  return -1;
}

/* Sets the handling of sig for the action: catch it, ignore it, or give
 * back what it did before (action NULL). False if the kernel refuses
 * (SIGKILL, SIGSTOP). */
static bool install(int sig, const char *action) {
  if (sig == 0) return true; /* EXIT is not a signal */
  struct sigaction sa = {0};
  if (action == NULL) {
    if (!have_original[sig]) return true; /* never changed */
    sa = original[sig];
  } else {
    /* No SA_RESTART: a `wait` in progress must return when a trapped
     * signal arrives. The shell's own reads and waits retry on EINTR. */
    sa.sa_handler = *action ? on_signal : SIG_IGN;
    sigemptyset(&sa.sa_mask);
  }
  struct sigaction old;
  if (sigaction(sig, &sa, &old) < 0) return false;
  if (!have_original[sig]) {
    original[sig] = old;
    have_original[sig] = true;
  }
  return true;
}

static void set_action(int sig, const char *action) {
  free(actions[sig]);
  actions[sig] = action ? xstrdup(action) : NULL;
  arrived[sig] = 0;
}

static void print_quoted(const char *s) {
  putchar('\'');
  for (; *s; s++) {
    if (*s == '\'') fputs("'\\''", stdout);
    else putchar(*s);
  }
  putchar('\'');
}

/* trap: one line per trap, as dash prints them; only `which`'s if >= 0. */
static void list_traps(int which) {
  for (int sig = 0; sig < NSIG; sig++) {
    if (actions[sig] == NULL || (which >= 0 && sig != which)) continue;
    fputs("trap -- ", stdout);
    print_quoted(actions[sig]);
    printf(" %s\n", sig == 0 ? "EXIT" : sigabbrev_np(sig));
  }
}

/* trap -l: the signals by number, five to a line, as bash prints them. */
static void list_signal_names(void) {
  int column = 0;
  for (int sig = 1; sig < NSIG; sig++) {
    const char *abbrev = sigabbrev_np(sig);
    if (abbrev == NULL) continue;
    printf("%s%2d) SIG%s", column ? "\t" : "", sig, abbrev);
    if (++column == 5) {
      putchar('\n');
      column = 0;
    }
  }
  if (column) putchar('\n');
}

int builtin_trap(int argc, char **argv) {
  int first = 1;
  if (first < argc && strcmp(argv[first], "-l") == 0) {
    list_signal_names();
    return 0;
  }
  if (first < argc && strcmp(argv[first], "-p") == 0) { /* bash's: the list, of all or of some */
    if (argc == 2) list_traps(-1);
    int status = 0;
    for (int i = 2; i < argc; i++) {
      int sig = signal_number(argv[i]);
      if (sig < 0) {
        fprintf(stderr, "sh: trap: %s: bad trap\n", argv[i]);
        status = 1;
      } else {
        list_traps(sig);
      }
    }
    return status;
  }
  if (first < argc && strcmp(argv[first], "--") == 0) first++;
  if (first == argc) {
    list_traps(-1);
    return 0;
  }
  /* `trap - SIG...`, `trap SIG` alone, and (POSIX) a first operand that
   * is a number all mean: reset these conditions. */
  const char *action = argv[first];
  int conditions = first + 1;
  if (strcmp(action, "-") == 0) {
    action = NULL;
  } else if (argc - first == 1 || isdigit((unsigned char)action[0])) {
    action = NULL;
    conditions = first;
  }
  int status = 0;
  for (int i = conditions; i < argc; i++) {
    int sig = signal_number(argv[i]);
    if (sig < 0) {
      fprintf(stderr, "sh: trap: %s: bad trap\n", argv[i]);
      status = 1;
      continue;
    }
    if (!install(sig, action)) {
      fprintf(stderr, "sh: trap: %s: cannot be trapped\n", argv[i]);
      status = 1;
      continue;
    }
    set_action(sig, action);
  }
  return status;
}

/* A trap's commands: $? is kept for the commands after it (XCU 2.11). */
static void run_action(const char *action) {
  int saved_status = last_status;
  char *text = xstrdup(action); /* the trap may change itself while running */
  running_action = true;
  run_string(text);
  running_action = false;
  free(text);
  last_status = saved_status;
}

void run_pending_traps(void) {
  if (!any_arrived || running_action) return;
  any_arrived = 0;
  for (int sig = 1; sig < NSIG; sig++) {
    if (!arrived[sig]) continue;
    arrived[sig] = 0;
    if (actions[sig] && *actions[sig]) run_action(actions[sig]);
  }
}

int trap_pending(void) {
  if (!any_arrived) return 0;
  for (int sig = 1; sig < NSIG; sig++)
    if (arrived[sig]) return sig;
  return 0;
}

bool trap_ignored(int sig) { return sig > 0 && sig < NSIG && actions[sig] && *actions[sig] == '\0'; }

bool exit_trap_set(void) { return actions[0] != NULL; }

void run_exit_trap(int status) {
  char *action = actions[0];
  if (action == NULL) return;
  actions[0] = NULL; /* once: an `exit` inside the trap does not run it again */
  last_status = status;
  if (*action) {
    running_action = true;
    run_string(action);
    running_action = false;
  }
  free(action);
}

void shell_exit(int status) {
  run_exit_trap(status);
  exit(status);
}

void traps_reset_in_child(void) {
  for (int sig = 0; sig < NSIG; sig++) {
    if (actions[sig] == NULL || (sig > 0 && *actions[sig] == '\0')) continue;
    install(sig, NULL);
    set_action(sig, NULL);
  }
  any_arrived = 0;
}
