/* ln [-s] target linkname: make a hard link, or with -s a symbolic link. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int symbolic = 0;
  int option;
  while ((option = getopt(argc, argv, "s")) != -1) {
    if (option != 's') {
      fprintf(stderr, "usage: ln [-s] target linkname\n");
      return 1;
    }
    symbolic = 1;
  }
  if (argc - optind != 2) {
    fprintf(stderr, "usage: ln [-s] target linkname\n");
    return 1;
  }
  const char *target = argv[optind], *linkname = argv[optind + 1];
  if ((symbolic ? symlink(target, linkname) : link(target, linkname)) < 0) {
    fprintf(stderr, "ln: %s: %s\n", linkname, strerror(errno));
    return 1;
  }
  return 0;
}
