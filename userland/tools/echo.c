/* echo [-n] [word ...]: print the words, separated by spaces. -n: no newline. */
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
  return fflush(stdout) == 0 ? 0 : 1;
}
