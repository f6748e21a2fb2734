/* mknod [-m MODE] name TYPE [MAJOR MINOR]: make a special file.
 * TYPE is p (a FIFO; no numbers), c or u (a character device) or b (a
 * block device), the last two with their device numbers. Making devices
 * is for root; MODE is octal, default 0666 less the umask. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static void usage(void) {
  fprintf(stderr, "usage: mknod [-m MODE] name p\n       mknod [-m MODE] name b|c MAJOR MINOR\n");
  exit(1);
}

static unsigned number(const char *text) {
  char *end;
  unsigned long n = strtoul(text, &end, 0);
  if (*text == '\0' || *end != '\0' || n > 0xfffff) usage();
  return (unsigned)n;
}

int main(int argc, char **argv) {
  mode_t mode = 0666;
  int explicit_mode = 0;
  int option;
  while ((option = getopt(argc, argv, "m:")) != -1) {
    char *end;
    if (option != 'm') usage();
    mode = (mode_t)strtoul(optarg, &end, 8);
    if (*end != '\0' || mode > 07777) usage();
    explicit_mode = 1;
  }
  int count = argc - optind;
  if (count < 2) usage();
  const char *name = argv[optind], *type = argv[optind + 1];
  mode_t kind;
  dev_t dev = 0;
  if (strcmp(type, "p") == 0) {
    if (count != 2) usage();
    kind = S_IFIFO;
  } else if (strcmp(type, "c") == 0 || strcmp(type, "u") == 0 || strcmp(type, "b") == 0) {
    if (count != 4) usage();
    kind = type[0] == 'b' ? S_IFBLK : S_IFCHR;
    dev = makedev(number(argv[optind + 2]), number(argv[optind + 3]));
  } else {
    usage();
  }
  if (mknod(name, kind | mode, dev) < 0) {
    fprintf(stderr, "mknod: %s: %s\n", name, strerror(errno));
    return 1;
  }
  if (explicit_mode) chmod(name, mode);
  return 0;
}
