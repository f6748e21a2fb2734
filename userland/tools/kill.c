/* kill [-s NAME | -NAME | -NUMBER] pid ...   send a signal (TERM by default)
 * kill -l                                     list the signal names */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "TERM", "SIGTERM" or "15" to 15; -1 if it names no signal. */
static int parse_signal(const char *text) {
  if (isdigit((unsigned char)text[0])) {
    char *end;
    long n = strtol(text, &end, 10);
    return (*end == '\0' && n >= 0 && n < NSIG) ? (int)n : -1;
  }
  if (strncasecmp(text, "SIG", 3) == 0) text += 3;
  for (int sig = 1; sig < NSIG; sig++) {
    const char *name = sigabbrev_np(sig);
    if (name && strcasecmp(name, text) == 0) return sig;
  }
  return -1;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "-l") == 0) {
    for (int sig = 1; sig < NSIG; sig++)
      if (sigabbrev_np(sig)) printf("%2d) SIG%s\n", sig, sigabbrev_np(sig));
    return 0;
  }
  int sig = SIGTERM;
  int i = 1;
  if (i < argc && strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
    sig = parse_signal(argv[i + 1]);
    i += 2;
  } else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' && strcmp(argv[i], "--") != 0) {
    sig = parse_signal(argv[i] + 1);
    i++;
  }
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  if (sig < 0) {
    fprintf(stderr, "kill: unknown signal; kill -l lists them\n");
    return 1;
  }
  if (i == argc) {
    fprintf(stderr, "usage: kill [-s NAME | -NAME | -NUMBER] pid ...\n");
    return 1;
  }
  int status = 0;
  for (; i < argc; i++) {
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (argv[i][0] == '\0' || *end != '\0') {
      fprintf(stderr, "kill: %s: arguments must be process ids\n", argv[i]);
      status = 1;
      continue;
    }
    if (kill((pid_t)pid, sig) < 0) {
      fprintf(stderr, "kill: (%ld): %s\n", pid, strerror(errno));
      status = 1;
    }
  }
  return status;
}
