/* echo [-n] [word ...]: print the words, separated by spaces. -n: no newline. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  int first = 1;
  int newline = 1;
  if (argc > 1 && strcmp(argv[1], "-n") == 0) {
    newline = 0;
    first = 2;
  }
  for (int i = first; i < argc; i++) {
    if (i > first) putchar(' ');
    fputs(argv[i], stdout);
  }
  if (newline) putchar('\n');
  // A write that fails (EINVAL from a /proc/sys file given a bad value,
  // ENOSPC, EPIPE...) must be said, not only signalled by the status.
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "echo: write error: %s\n", strerror(errno));
    return 1;
  }
  return 0;
}
