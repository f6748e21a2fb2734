/* env [-i] [NAME=value ...] [command [args ...]]
 * Without a command, print the environment; with one, run it in the
 * modified environment. -i starts from an empty environment. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int i = 1;
  if (i < argc && strcmp(argv[i], "-i") == 0) {
    clearenv();
    i++;
  }
  for (; i < argc && strchr(argv[i], '='); i++) {
    if (putenv(argv[i]) < 0) {
      fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
      return 125;
    }
  }
  if (i == argc) {
    for (char **e = environ; e && *e; e++) puts(*e);
    return 0;
  }
  execvp(argv[i], argv + i);
  int error = errno;
  fprintf(stderr, "env: %s: %s\n", argv[i], strerror(error));
  return error == ENOENT ? 127 : 126; /* as the shell would report it */
}
