/* mkdir [-p] dir ...: make directories. -p: make missing parents too, and
 * do not complain about directories that already exist. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int make_parents(char *path) {
  /* Create each prefix ending before a '/', then the whole path. */
  for (char *slash = strchr(path + 1, '/');; slash = strchr(slash + 1, '/')) {
    if (slash) *slash = '\0';
    struct stat st;
    if (mkdir(path, 0777) < 0 && !(errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
      fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
      if (slash) *slash = '/';
      return 1;
    }
    if (!slash) return 0;
    *slash = '/';
    while (slash[1] == '/') slash++; /* a//b */
    if (slash[1] == '\0') return 0;  /* trailing slash */
  }
}

int main(int argc, char **argv) {
  int parents = 0;
  int option;
  while ((option = getopt(argc, argv, "p")) != -1) {
    if (option != 'p') {
      fprintf(stderr, "usage: mkdir [-p] dir ...\n");
      return 1;
    }
    parents = 1;
  }
  if (optind == argc) {
    fprintf(stderr, "usage: mkdir [-p] dir ...\n");
    return 1;
  }
  int status = 0;
  for (int i = optind; i < argc; i++) {
    if (parents) {
      status |= make_parents(argv[i]);
    } else if (mkdir(argv[i], 0777) < 0) {
      fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
      status = 1;
    }
  }
  return status;
}
