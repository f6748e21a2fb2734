/* head [-n N | -N] [file ...]: the first N lines (10 by default). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int head(int fd, const char *name, unsigned long lines) {
  static char buffer[65536];
  while (lines > 0) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "head: %s: %s\n", name, strerror(errno));
      return 1;
    }
    /* Print up to and including the line that uses up the count. */
    ssize_t end = 0;
    while (end < n && lines > 0)
      if (buffer[end++] == '\n') lines--;
    fwrite(buffer, 1, (size_t)end, stdout);
  }
  return 0;
}

static int parse_count(const char *text, unsigned long *lines) {
  char *end;
  *lines = strtoul(text, &end, 10);
  if (*text == '\0' || *text == '-' || *end != '\0') {
    fprintf(stderr, "head: invalid number of lines: '%s'\n", text);
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  unsigned long lines = 10;
  int i = 1;
  if (i < argc && strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
    if (parse_count(argv[i + 1], &lines) < 0) return 1;
    i += 2;
  } else if (i < argc && strncmp(argv[i], "-n", 2) == 0 && argv[i][2]) {
    if (parse_count(argv[i] + 2, &lines) < 0) return 1;
    i++;
  } else if (i < argc && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9') { /* -5 */
    if (parse_count(argv[i] + 1, &lines) < 0) return 1;
    i++;
  }

  if (i == argc) return head(0, "-", lines);
  int status = 0;
  int several = argc - i > 1;
  for (int first = i; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    if (several) printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
    status |= head(fd, argv[i], lines);
    close(fd);
  }
  return status;
}
