/* cat [-n] [file ...]: copy files (or stdin, also named "-") to stdout.
 * -n: number the output lines, as GNU cat does ("     1\tline"). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buffer[65536];
static bool number_lines;
static unsigned long line_number;
static bool at_line_start = true;

/* Writes n bytes, numbering lines with -n; false after a write error. */
static bool output(const char *data, ssize_t n) {
  if (number_lines) {
    for (ssize_t i = 0; i < n; i++) {
      if (at_line_start) printf("%6lu\t", ++line_number);
      putchar(data[i]);
      at_line_start = data[i] == '\n';
    }
    return fflush(stdout) == 0;
  }
  for (ssize_t done = 0; done < n;) {
    ssize_t w = write(1, data + done, (size_t)(n - done));
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += w;
  }
  return true;
}

/* Copies fd to stdout; returns 0, or 1 after reporting an error. */
static int copy(int fd, const char *name) {
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
      return 1;
    }
    if (!output(buffer, n)) {
      fprintf(stderr, "cat: write error: %s\n", strerror(errno));
      return 1;
    }
  }
}

int main(int argc, char **argv) {
  int option;
  while ((option = getopt(argc, argv, "n")) != -1) {
    if (option != 'n') {
      fprintf(stderr, "usage: cat [-n] [file ...]\n");
      return 1;
    }
    number_lines = true;
  }
  if (optind == argc) return copy(0, "-");
  int status = 0;
  for (int i = optind; i < argc; i++) {
    if (strcmp(argv[i], "-") == 0) {
      status |= copy(0, "-");
      continue;
    }
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    status |= copy(fd, argv[i]);
    close(fd);
  }
  return status;
}
