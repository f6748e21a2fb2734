/* grep [-c] [-i] [-l] [-n] [-q] [-v] [-F] [-e PATTERN]... [PATTERN] [file ...]
 * Print the lines that match a pattern.
 *   -c count matching lines   -i ignore case       -l list matching files
 *   -n number lines           -q quiet: status only -v select non-matching lines
 *   -F fixed string: no special characters at all
 *   -e PATTERN: a pattern (may be repeated; a line matches if any does)
 * Patterns are a small part of POSIX basic regular expressions:
 *   ^ (at the start) and $ (at the end) anchor, . is any character,
 *   [abc] [a-z] [^0-9] are sets, x* repeats the thing before it (0 or more
 *   times), \x is x itself. Anything else matches itself.
 * Exit status: 0 if a line was selected, 1 if none, 2 on an error (as
 * POSIX; with -q, a selected line wins over an error). */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool count_only, ignore_case, list_files, number_lines, quiet, invert, fixed;

/* ---- patterns ------------------------------------------------------------ */

/* One element of a compiled pattern: a character, any character, or a set,
 * possibly repeated with '*'. */
struct atom {
  enum { ATOM_CHAR, ATOM_ANY, ATOM_SET } kind;
  bool star;
  unsigned char c;
  bool set[256];
};

struct pattern {
  const char *text; /* as given, for -F */
  struct atom *atoms;
  int count;
  bool anchored_start, anchored_end;
};

static struct pattern *patterns;
static int pattern_count;

static unsigned char fold(unsigned char c) { return ignore_case ? (unsigned char)tolower(c) : c; }

/* Compiles text into p; false (after a message) if it is malformed. */
static bool compile(const char *text, struct pattern *p) {
  p->text = text;
  p->atoms = calloc(strlen(text) + 1, sizeof *p->atoms);
  p->count = 0;
  p->anchored_start = p->anchored_end = false;
  if (p->atoms == NULL) return false;
  if (fixed) return true;
  const char *c = text;
  if (*c == '^') {
    p->anchored_start = true;
    c++;
  }
  while (*c) {
    if (c[0] == '$' && c[1] == '\0') {
      p->anchored_end = true;
      break;
    }
    if (*c == '*' && p->count > 0 && !p->atoms[p->count - 1].star) {
      p->atoms[p->count - 1].star = true;
      c++;
      continue;
    }
    struct atom *a = &p->atoms[p->count++];
    if (*c == '.') {
      a->kind = ATOM_ANY;
      c++;
    } else if (*c == '[') {
      a->kind = ATOM_SET;
      c++;
      bool negate = *c == '^';
      if (negate) c++;
      bool in_set[256] = {false};
      if (*c == ']') in_set[(unsigned char)*c++] = true; /* "[]x]": ] is a member */
      for (; *c && *c != ']'; c++) {
        if (c[1] == '-' && c[2] && c[2] != ']') {
          for (int ch = (unsigned char)c[0]; ch <= (unsigned char)c[2]; ch++) in_set[ch] = true;
          c += 2;
        } else {
          in_set[(unsigned char)*c] = true;
        }
      }
      if (*c != ']') {
        fprintf(stderr, "grep: Unmatched [ in '%s'\n", text);
        return false;
      }
      c++;
      for (int ch = 0; ch < 256; ch++) {
        bool member = in_set[ch] || (ignore_case && (in_set[tolower(ch)] || in_set[toupper(ch)]));
        a->set[ch] = member != negate;
      }
    } else {
      if (*c == '\\' && c[1]) c++;
      a->kind = ATOM_CHAR;
      a->c = fold((unsigned char)*c++);
    }
  }
  return true;
}

static bool atom_matches(const struct atom *a, unsigned char c) {
  switch (a->kind) {
    case ATOM_ANY: return true;
    case ATOM_SET: return a->set[c];
    default: return a->c == fold(c);
  }
}

/* Does the pattern from atom i on match text at its very start? A starred
 * atom takes as many characters as it can, then gives them back one by one
 * until the rest matches (backtracking). */
static bool match_here(const struct pattern *p, int i, const char *text) {
  if (i == p->count) return !p->anchored_end || *text == '\0';
  const struct atom *a = &p->atoms[i];
  if (a->star) {
    const char *t = text;
    while (*t && atom_matches(a, (unsigned char)*t)) t++;
    for (;; t--) {
      if (match_here(p, i + 1, t)) return true;
      if (t == text) return false;
    }
  }
  return *text && atom_matches(a, (unsigned char)*text) && match_here(p, i + 1, text + 1);
}

static bool fixed_match(const char *needle, const char *line) {
  size_t n = strlen(needle);
  for (const char *start = line;; start++) {
    size_t k = 0;
    while (k < n && start[k] && fold((unsigned char)start[k]) == fold((unsigned char)needle[k])) k++;
    if (k == n) return true;
    if (*start == '\0') return false;
  }
}

static bool line_matches(const char *line) {
  for (int i = 0; i < pattern_count; i++) {
    const struct pattern *p = &patterns[i];
    if (fixed) {
      if (fixed_match(p->text, line)) return true;
      continue;
    }
    if (p->anchored_start) {
      if (match_here(p, 0, line)) return true;
      continue;
    }
    for (const char *start = line;; start++) {
      if (match_here(p, 0, start)) return true;
      if (*start == '\0') break;
    }
  }
  return false;
}

/* ---- files ----------------------------------------------------------------- */

/* Searches one stream; returns the number of selected lines. */
static long search(FILE *f, const char *name, bool show_name) {
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  long selected = 0, number = 0;
  while ((length = getline(&line, &capacity, f)) >= 0) {
    number++;
    bool had_newline = length > 0 && line[length - 1] == '\n';
    if (had_newline) line[--length] = '\0';
    if (line_matches(line) == invert) continue;
    selected++;
    if (quiet) break; /* the answer is known */
    if (list_files) break;
    if (count_only) continue;
    if (show_name) printf("%s:", name);
    if (number_lines) printf("%ld:", number);
    fwrite(line, 1, (size_t)length, stdout);
    putchar('\n');
  }
  free(line);
  if (list_files && selected) printf("%s\n", name);
  if (count_only && !quiet && !list_files) {
    if (show_name) printf("%s:", name);
    printf("%ld\n", selected);
  }
  return selected;
}

static void usage(void) {
  fprintf(stderr, "usage: grep [-c] [-i] [-l] [-n] [-q] [-v] [-F] [-e PATTERN]... [PATTERN] [file ...]\n");
  exit(2);
}

static void add_pattern(const char *text) {
  /* A pattern with newlines is one pattern per line, as POSIX says. */
  char *copy = strdup(text);
  for (char *piece = copy, *next; piece; piece = next) {
    next = strchr(piece, '\n');
    if (next) *next++ = '\0';
    patterns = realloc(patterns, (size_t)(pattern_count + 1) * sizeof *patterns);
    if (patterns == NULL) {
      fprintf(stderr, "grep: out of memory\n");
      exit(2);
    }
    patterns[pattern_count++].text = piece;
  }
}

int main(int argc, char **argv) {
  int option;
  while ((option = getopt(argc, argv, "cilnqvFe:")) != -1) {
    switch (option) {
      case 'c': count_only = true; break;
      case 'i': ignore_case = true; break;
      case 'l': list_files = true; break;
      case 'n': number_lines = true; break;
      case 'q': quiet = true; break;
      case 'v': invert = true; break;
      case 'F': fixed = true; break;
      case 'e': add_pattern(optarg); break;
      default: usage();
    }
  }
  if (pattern_count == 0) {
    if (optind == argc) usage();
    add_pattern(argv[optind++]);
  }
  for (int i = 0; i < pattern_count; i++)
    if (!compile(patterns[i].text, &patterns[i])) return 2;

  bool error = false;
  long selected = 0;
  int files = argc - optind;
  if (files == 0) {
    selected = search(stdin, "(standard input)", false);
  }
  for (int i = optind; i < argc && !(quiet && selected); i++) {
    const char *name = argv[i];
    bool is_stdin = strcmp(name, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(name, "r");
    if (f == NULL) {
      fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
      error = true;
      continue;
    }
    selected += search(f, is_stdin ? "(standard input)" : name, files > 1);
    if (ferror(f)) {
      fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
      error = true;
    }
    if (!is_stdin) fclose(f);
  }
  if (quiet && selected) return 0;
  if (error) return 2;
  return selected ? 0 : 1;
}
