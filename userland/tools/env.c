/* env [-i] [-u NAME] [NAME=value ...] [command [args ...]]
 * Without a command, print the environment; with one, run it in the
 * modified environment. -i (or -) starts from an empty environment, -u
 * removes NAME. The options come before everything else, since the
 * command's own options must stay the command's (no getopt permuting). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-") == 0) {
      clearenv();
    } else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) {
      unsetenv(argv[++i]);
    } else if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    } else {
      fprintf(stderr, "env: invalid option -- '%s'\nusage: env [-i] [-u NAME] [NAME=value ...] [command [args ...]]\n",
              argv[i] + 1);
      return 125;
    }
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
