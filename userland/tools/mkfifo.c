/* mkfifo [-m MODE] name ...: make named pipes (FIFOs). MODE is octal
 * (default 0666, less the umask). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
  mode_t mode = 0666;
  int explicit_mode = 0;
  int option;
  while ((option = getopt(argc, argv, "m:")) != -1) {
    char *end;
    if (option != 'm' || (mode = (mode_t)strtoul(optarg, &end, 8), *end != '\0' || mode > 07777)) {
      fprintf(stderr, "usage: mkfifo [-m MODE] name ...\n");
      return 1;
    }
    explicit_mode = 1;
  }
  if (optind == argc) {
    fprintf(stderr, "usage: mkfifo [-m MODE] name ...\n");
    return 1;
  }
  int status = 0;
  for (int i = optind; i < argc; i++) {
    if (mkfifo(argv[i], mode) < 0) {
      fprintf(stderr, "mkfifo: cannot create fifo '%s': %s\n", argv[i], strerror(errno));
      status = 1;
    } else if (explicit_mode) {
      chmod(argv[i], mode); /* -m is the mode exactly, whatever the umask */
    }
  }
  return status;
}
