/* sleep SECONDS: pause; SECONDS may have a fraction ("0.25"). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: sleep SECONDS\n");
    return 1;
  }
  char *end;
  errno = 0;
  unsigned long seconds = strtoul(argv[1], &end, 10);
  long nanoseconds = 0;
  if (*end == '.') { /* up to nine digits of fraction, no floating point needed */
    long scale = 100000000;
    for (end++; isdigit((unsigned char)*end); end++) {
      nanoseconds += (*end - '0') * scale;
      scale /= 10;
    }
  }
  if (argv[1][0] == '-' || *end != '\0' || errno) {
    fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[1]);
    return 1;
  }
  struct timespec request = {(time_t)seconds, nanoseconds};
  while (nanosleep(&request, &request) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "sleep: %s\n", strerror(errno));
      return 1;
    }
  }
  return 0;
}
