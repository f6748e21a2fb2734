/* wc [-lwc] [file ...]: count lines, words and bytes (all three by
 * default), with a total when there are several files. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
  unsigned long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;

static int count(int fd, const char *name, struct counts *c) {
  static char buffer[65536];
  int in_word = 0;
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
      return 1;
    }
    c->bytes += (unsigned long)n;
    for (ssize_t i = 0; i < n; i++) {
      if (buffer[i] == '\n') c->lines++;
      if (isspace((unsigned char)buffer[i])) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        c->words++;
      }
    }
  }
}

static void print_number(unsigned long n, int width, int *first) {
  printf(*first ? "%*lu" : " %*lu", width, n);
  *first = 0;
}

static void print(const struct counts *c, const char *name) {
  /* One number alone is printed bare (wc -l < file), several in columns. */
  int width = show_lines + show_words + show_bytes > 1 || name ? 7 : 0;
  int first = 1;
  if (show_lines) print_number(c->lines, width, &first);
  if (show_words) print_number(c->words, width, &first);
  if (show_bytes) print_number(c->bytes, width, &first);
  if (name) printf(" %s", name);
  putchar('\n');
}

int main(int argc, char **argv) {
  int option;
  while ((option = getopt(argc, argv, "lwc")) != -1) {
    if (option == 'l') show_lines = 1;
    else if (option == 'w') show_words = 1;
    else if (option == 'c') show_bytes = 1;
    else {
      fprintf(stderr, "usage: wc [-lwc] [file ...]\n");
      return 1;
    }
  }
  if (!show_lines && !show_words && !show_bytes) show_lines = show_words = show_bytes = 1;

  if (optind == argc) {
    struct counts c = {0, 0, 0};
    int status = count(0, "-", &c);
    print(&c, NULL);
    return status;
  }
  int status = 0;
  struct counts total = {0, 0, 0};
  for (int i = optind; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    struct counts c = {0, 0, 0};
    status |= count(fd, argv[i], &c);
    close(fd);
    print(&c, argv[i]);
    total.lines += c.lines;
    total.words += c.words;
    total.bytes += c.bytes;
  }
  if (argc - optind > 1) print(&total, "total");
  return status;
}
