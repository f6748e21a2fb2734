/* rmdir [-p] dir ...: remove empty directories.
 * -p: then remove each parent named in the path too ("a/b/c": c, b, a). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int remove_dir(const char *path) {
  if (rmdir(path) == 0) return 0;
  fprintf(stderr, "rmdir: failed to remove '%s': %s\n", path, strerror(errno));
  return 1;
}

/* Removes path, then its parents by cutting the last component off. */
static int remove_with_parents(char *path) {
  if (remove_dir(path) != 0) return 1;
  for (;;) {
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/') path[--len] = '\0';
    char *slash = strrchr(path, '/');
    if (slash == NULL || slash == path) return 0;  /* no parent left, or "/" */
    while (slash > path && slash[-1] == '/') slash--; /* "a//b" */
    *slash = '\0';
    if (remove_dir(path) != 0) return 1;
  }
}

int main(int argc, char **argv) {
  int parents = 0;
  int option;
  while ((option = getopt(argc, argv, "p")) != -1) {
    if (option != 'p') {
      fprintf(stderr, "usage: rmdir [-p] dir ...\n");
      return 1;
    }
    parents = 1;
  }
  if (optind == argc) {
    fprintf(stderr, "usage: rmdir [-p] dir ...\n");
    return 1;
  }
  int status = 0;
  for (int i = optind; i < argc; i++) status |= parents ? remove_with_parents(argv[i]) : remove_dir(argv[i]);
  return status;
}
