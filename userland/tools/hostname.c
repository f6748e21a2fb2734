/* hostname          print the host name (uname's nodename)
 * hostname NAME     set it: sethostname(2), root only */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
    fprintf(stderr, "usage: hostname [NAME]\n");
    return 1;
  }
  if (argc == 2) {
    if (sethostname(argv[1], strlen(argv[1])) < 0) {
      /* net-tools' words for EPERM; strerror otherwise (EINVAL: too long). */
      if (errno == EPERM) fprintf(stderr, "hostname: you must be root to change the host name\n");
      else fprintf(stderr, "hostname: %s\n", strerror(errno));
      return 1;
    }
    return 0;
  }
  char name[HOST_NAME_MAX + 1];
  if (gethostname(name, sizeof name) < 0) {
    fprintf(stderr, "hostname: %s\n", strerror(errno));
    return 1;
  }
  puts(name);
  return 0;
}
