/* mv [-f] source target: rename a file or directory.
 * mv [-f] source ... directory: move each source into directory.
 * A move is rename(2), so it stays within one file system (EXDEV
 * otherwise). -f is accepted for compatibility: mv never asks anyway. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_directory(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int move(const char *source, const char *target) {
  if (rename(source, target) == 0) return 0;
  fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", source, target, strerror(errno));
  return 1;
}

/* target/last-component-of-source */
static int move_into(const char *source, const char *directory) {
  char copy[PATH_MAX], target[PATH_MAX];
  snprintf(copy, sizeof copy, "%s", source);
  if (snprintf(target, sizeof target, "%s/%s", directory, basename(copy)) >= (int)sizeof target) {
    fprintf(stderr, "mv: %s/%s: File name too long\n", directory, source);
    return 1;
  }
  return move(source, target);
}

int main(int argc, char **argv) {
  int option;
  while ((option = getopt(argc, argv, "f")) != -1) {
    if (option != 'f') {
      fprintf(stderr, "usage: mv source target\n       mv source ... directory\n");
      return 1;
    }
  }
  int count = argc - optind;
  if (count < 2) {
    fprintf(stderr, "usage: mv source target\n       mv source ... directory\n");
    return 1;
  }
  const char *last = argv[argc - 1];
  if (count == 2 && !is_directory(last)) return move(argv[optind], last);
  if (!is_directory(last)) {
    fprintf(stderr, "mv: target '%s' is not a directory\n", last);
    return 1;
  }
  int status = 0;
  for (int i = optind; i < argc - 1; i++) status |= move_into(argv[i], last);
  return status;
}
