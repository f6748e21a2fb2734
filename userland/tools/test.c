/* test EXPRESSION   or   [ EXPRESSION ]: check files, strings and numbers;
 * exit 0 if the expression is true, 1 if false, 2 on a bad expression.
 *   files:   -e exists  -f regular  -d directory  -L/-h symbolic link
 *            -p FIFO  -S socket  -b -c devices  -s not empty
 *            -r -w -x readable, writable, executable by us
 *            -u -g -k set-user-ID, set-group-ID, sticky  -t FD a terminal
 *            A -nt B, A -ot B (newer, older), A -ef B (the same file)
 *   strings: -n S (not empty), -z S (empty), S, S1 = S2, S1 != S2
 *   numbers: N1 -eq -ne -lt -le -gt -ge N2
 *   logic:   ! E, E1 -a E2, E1 -o E2, ( E )
 * With up to four arguments the POSIX rules decide what each one means, so
 * `test "$x" = "!"` works whatever $x holds. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **args;
static int nargs, pos;

static _Noreturn void bad(const char *what, const char *arg) {
  if (arg) fprintf(stderr, "test: %s: %s\n", arg, what);
  else fprintf(stderr, "test: %s\n", what);
  exit(2);
}

static long integer(const char *s) {
  char *end;
  errno = 0;
  long n = strtol(s, &end, 10);
  while (*end == ' ' || *end == '\t') end++;
  if (*s == '\0' || *end != '\0' || errno) bad("integer expression expected", s);
  return n;
}

static bool is_unary(const char *op) {
  return op[0] == '-' && op[1] && op[2] == '\0' && strchr("bcdefghkLnprsStuwxz", op[1]);
}

static bool is_binary(const char *op) {
  static const char *const ops[] = {"=", "!=", "==", "<", ">", "-eq", "-ne", "-lt", "-le",
                                    "-gt", "-ge", "-nt", "-ot", "-ef", NULL};
  for (int i = 0; ops[i]; i++)
    if (strcmp(op, ops[i]) == 0) return true;
  return false;
}

static bool unary(const char *op, const char *arg) {
  struct stat st;
  switch (op[1]) {
    case 'n': return arg[0] != '\0';
    case 'z': return arg[0] == '\0';
    case 't': return isatty((int)integer(arg));
    case 'r': return access(arg, R_OK) == 0;
    case 'w': return access(arg, W_OK) == 0;
    case 'x': return access(arg, X_OK) == 0;
    case 'h':
    case 'L': return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
  }
  if (stat(arg, &st) < 0) return false;
  switch (op[1]) {
    case 'e': return true;
    case 'f': return S_ISREG(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 'b': return S_ISBLK(st.st_mode);
    case 'c': return S_ISCHR(st.st_mode);
    case 'p': return S_ISFIFO(st.st_mode);
    case 'S': return S_ISSOCK(st.st_mode);
    case 's': return st.st_size > 0;
    case 'u': return (st.st_mode & S_ISUID) != 0;
    case 'g': return (st.st_mode & S_ISGID) != 0;
    case 'k': return (st.st_mode & S_ISVTX) != 0;
    default: return false;
  }
}

/* Modification time in nanoseconds; -1 when the file does not exist. */
static long long mtime_of(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) return -1;
  return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

static bool binary(const char *a, const char *op, const char *b) {
  if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0) return strcmp(a, b) == 0;
  if (strcmp(op, "!=") == 0) return strcmp(a, b) != 0;
  if (strcmp(op, "<") == 0) return strcmp(a, b) < 0;
  if (strcmp(op, ">") == 0) return strcmp(a, b) > 0;
  if (strcmp(op, "-nt") == 0) return mtime_of(a) > mtime_of(b);
  /* A missing file counts as older than any that exists (as bash). */
  if (strcmp(op, "-ot") == 0) return mtime_of(a) < mtime_of(b);
  if (strcmp(op, "-ef") == 0) {
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
  }
  long m = integer(a), n = integer(b);
  if (strcmp(op, "-eq") == 0) return m == n;
  if (strcmp(op, "-ne") == 0) return m != n;
  if (strcmp(op, "-lt") == 0) return m < n;
  if (strcmp(op, "-le") == 0) return m <= n;
  if (strcmp(op, "-gt") == 0) return m > n;
  return m >= n; /* -ge */
}

/* ---- the general grammar, for five or more arguments ---------------------
 *   or  := and ( -o and )*
 *   and := not ( -a not )*
 *   not := ! not | primary
 *   primary := ( or ) | UNARY arg | arg BINARY arg | arg */

static const char *peek(int ahead) { return pos + ahead < nargs ? args[pos + ahead] : NULL; }
static const char *take(void) {
  if (pos >= nargs) bad("argument expected", NULL);
  return args[pos++];
}

static bool parse_or(void);

static bool parse_primary(void) {
  const char *a = take();
  if (strcmp(a, "(") == 0) {
    bool value = parse_or();
    if (pos >= nargs || strcmp(take(), ")") != 0) bad("')' expected", NULL);
    return value;
  }
  if (is_unary(a) && peek(0)) return unary(a, take());
  if (peek(0) && is_binary(peek(0)) && peek(1)) {
    const char *op = take();
    return binary(a, op, take());
  }
  return a[0] != '\0';
}

static bool parse_not(void) {
  if (peek(0) && strcmp(peek(0), "!") == 0) {
    pos++;
    return !parse_not();
  }
  return parse_primary();
}

static bool parse_and(void) {
  bool value = parse_not();
  while (peek(0) && strcmp(peek(0), "-a") == 0) {
    pos++;
    bool right = parse_not();
    value = value && right;
  }
  return value;
}

static bool parse_or(void) {
  bool value = parse_and();
  while (peek(0) && strcmp(peek(0), "-o") == 0) {
    pos++;
    bool right = parse_and();
    value = value || right;
  }
  return value;
}

/* ---- POSIX's rules by argument count ------------------------------------- */

static bool evaluate(char **a, int n) {
  switch (n) {
    case 0: return false;
    case 1: return a[0][0] != '\0';
    case 2:
      if (strcmp(a[0], "!") == 0) return !evaluate(a + 1, 1);
      if (is_unary(a[0])) return unary(a[0], a[1]);
      break;
    case 3:
      if (is_binary(a[1])) return binary(a[0], a[1], a[2]);
      if (strcmp(a[0], "!") == 0) return !evaluate(a + 1, 2);
      if (strcmp(a[0], "(") == 0 && strcmp(a[2], ")") == 0) return evaluate(a + 1, 1);
      break;
    case 4:
      if (strcmp(a[0], "!") == 0) return !evaluate(a + 1, 3);
      if (strcmp(a[0], "(") == 0 && strcmp(a[3], ")") == 0) return evaluate(a + 1, 2);
      break;
  }
  args = a;
  nargs = n;
  pos = 0;
  bool value = parse_or();
  if (pos != nargs) bad("unexpected argument", args[pos]);
  return value;
}

int main(int argc, char **argv) {
  const char *name = strrchr(argv[0], '/');
  name = name ? name + 1 : argv[0];
  if (strcmp(name, "[") == 0) {
    if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) bad("missing ']'", NULL);
    argc--;
  }
  return evaluate(argv + 1, argc - 1) ? 0 : 1;
}
