/* wc [-lwc] [file ...]: count lines, words and bytes (all three by
 * default), with a total when there are several files; "-" is stdin. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct counts {
  unsigned long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;
static int width; /* of each number's column */

/* GNU wc's column width: one number for one input is printed bare; else
 * wide enough for the total size when every input is a regular file, and
 * at least 7 when one is not (a pipe's size is unknown). */
static int column_width(int argc, char **argv, int first) {
  int inputs = first == argc ? 1 : argc - first;
  if (show_lines + show_words + show_bytes == 1 && inputs == 1) return 1;
  int least = 1;
  unsigned long total = 0;
  struct stat st;
  for (int i = first; i < argc || (first == argc && i == first); i++) {
    bool from_stdin = first == argc || strcmp(argv[i], "-") == 0;
    bool ok = from_stdin ? fstat(0, &st) == 0 : stat(argv[i], &st) == 0;
    if (ok && S_ISREG(st.st_mode)) total += (unsigned long)st.st_size;
    else least = 7;
  }
  int digits = 1;
  for (; total >= 10; total /= 10) digits++;
  return digits > least ? digits : least;
}

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

static void print_number(unsigned long n, int *first) {
  printf(*first ? "%*lu" : " %*lu", width, n);
  *first = 0;
}

static void print(const struct counts *c, const char *name) {
  int first = 1;
  if (show_lines) print_number(c->lines, &first);
  if (show_words) print_number(c->words, &first);
  if (show_bytes) print_number(c->bytes, &first);
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
  width = column_width(argc, argv, optind);

  if (optind == argc) {
    struct counts c = {0, 0, 0};
    int status = count(0, "-", &c);
    print(&c, NULL);
    return status;
  }
  int status = 0;
  struct counts total = {0, 0, 0};
  for (int i = optind; i < argc; i++) {
    int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    struct counts c = {0, 0, 0};
    status |= count(fd, argv[i], &c);
    if (fd != 0) close(fd);
    print(&c, argv[i]);
    total.lines += c.lines;
    total.words += c.words;
    total.bytes += c.bytes;
  }
  if (argc - optind > 1) print(&total, "total");
  return status;
}
