/* ln [-s] [-f] target [linkname]: make a hard link, or with -s a symbolic
 * link. When linkname is a directory (or is left out: the current one), the
 * link goes in it, named after target, as in GNU ln. -f: remove an existing
 * linkname first. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int usage(void) {
  fprintf(stderr, "usage: ln [-s] [-f] target [linkname]\n");
  return 1;
}

int main(int argc, char **argv) {
  int symbolic = 0, force = 0;
  int option;
  while ((option = getopt(argc, argv, "sf")) != -1) {
    if (option == 's') symbolic = 1;
    else if (option == 'f') force = 1;
    else return usage();
  }
  if (argc - optind != 1 && argc - optind != 2) return usage();
  const char *target = argv[optind];
  const char *linkname = argc - optind == 2 ? argv[optind + 1] : ".";
  char inside[PATH_MAX];
  struct stat st;
  if (stat(linkname, &st) == 0 && S_ISDIR(st.st_mode)) {
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", target);
    snprintf(inside, sizeof inside, "%s/%s", linkname, basename(copy));
    linkname = inside;
  }
  if (force && unlink(linkname) < 0 && errno != ENOENT) {
    fprintf(stderr, "ln: cannot remove '%s': %s\n", linkname, strerror(errno));
    return 1;
  }
  if ((symbolic ? symlink(target, linkname) : link(target, linkname)) < 0) {
    fprintf(stderr, "ln: %s: %s\n", linkname, strerror(errno));
    return 1;
  }
  return 0;
}
