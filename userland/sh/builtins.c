/* The builtins that change the shell itself: exit, cd, pwd, export,
 * unset, set, shift, read, local, ., break, continue, return; and true,
 * false, `:`.
 * (wait, jobs and fg are in jobs.c, with the jobs; exec is in exec.c;
 * trap is in trap.c, ulimit in ulimit.c.) */
#include "builtins.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"
#include "ifs.h"
#include "jobs.h"
#include "strbuf.h"
#include "trap.h"
#include "ulimit.h"
#include "vars.h"

extern char **environ;

static bool valid_name(const char *s, size_t len) {
  if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return false;
  for (size_t i = 1; i < len; i++)
    if (!(isalnum((unsigned char)s[i]) || s[i] == '_')) return false;
  return true;
}

/* exit [n]: leave with n, or with the status of the last command. */
static int builtin_exit(int argc, char **argv) {
  int status = last_status;
  if (argc > 1) {
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (argv[1][0] == '\0' || *end != '\0') {
      fprintf(stderr, "sh: exit: Illegal number: %s\n", argv[1]);
      return 2;
    }
    status = (int)(n & 0xff);
  }
  jobs_hang_up_stopped();
  shell_exit(status); /* the EXIT trap, then exit (which flushes stdio) */
}

/* cd [dir | -]: no argument means $HOME; "-" means $OLDPWD. */
static int builtin_cd(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : get_var("HOME");
  bool print = false;
  if (dir == NULL) {
    fprintf(stderr, "sh: cd: HOME not set\n");
    return 1;
  }
  if (strcmp(dir, "-") == 0) {
    dir = get_var("OLDPWD");
    if (dir == NULL) {
      fprintf(stderr, "sh: cd: OLDPWD not set\n");
      return 1;
    }
    print = true;
  }
  char old[PATH_MAX];
  bool have_old = getcwd(old, sizeof old) != NULL;
  if (chdir(dir) < 0) {
    fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
    return 1;
  }
  char now[PATH_MAX];
  if (have_old) set_var("OLDPWD", old);
  if (getcwd(now, sizeof now)) {
    set_var("PWD", now);
    if (print) puts(now);
  }
  return 0;
}

static int builtin_pwd(int argc, char **argv) {
  (void)argc;
  (void)argv;
  char dir[PATH_MAX];
  if (getcwd(dir, sizeof dir) == NULL) {
    fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
    return 1;
  }
  puts(dir);
  return 0;
}

/* Prints value in single quotes, so the output can be read back by sh. */
static void print_quoted(const char *value) {
  putchar('\'');
  for (const char *c = value; *c; c++) {
    if (*c == '\'') fputs("'\\''", stdout);
    else putchar(*c);
  }
  putchar('\'');
}

/* export: with no arguments, list the environment; else export each
 * NAME or NAME=value. */
static int builtin_export(int argc, char **argv) {
  if (argc == 1) {
    for (char **e = environ; e && *e; e++) {
      const char *equals = strchr(*e, '=');
      if (equals == NULL) continue;
      printf("export %.*s=", (int)(equals - *e), *e);
      print_quoted(equals + 1);
      putchar('\n');
    }
    return 0;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    const char *equals = strchr(argv[i], '=');
    size_t len = equals ? (size_t)(equals - argv[i]) : strlen(argv[i]);
    if (!valid_name(argv[i], len)) {
      fprintf(stderr, "sh: export: %s: bad variable name\n", argv[i]);
      status = 1;
      continue;
    }
    char *name = xmalloc(len + 1);
    memcpy(name, argv[i], len);
    name[len] = '\0';
    export_var(name, equals ? equals + 1 : NULL);
    free(name);
  }
  return status;
}

static int builtin_unset(int argc, char **argv) {
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (!valid_name(argv[i], strlen(argv[i]))) {
      fprintf(stderr, "sh: unset: %s: bad variable name\n", argv[i]);
      status = 1;
      continue;
    }
    unset_var(argv[i]);
  }
  return status;
}

static int builtin_true(int argc, char **argv) {
  (void)argc;
  (void)argv;
  return 0;
}

static int builtin_false(int argc, char **argv) {
  (void)argc;
  (void)argv;
  return 1;
}

/* break [n] / continue [n]: leave (or restart) the n-th enclosing loop. */
static int loop_control(int argc, char **argv, int *pending) {
  long n = 1;
  if (argc > 1) {
    char *end;
    n = strtol(argv[1], &end, 10);
    if (argv[1][0] == '\0' || *end != '\0' || n < 1) {
      fprintf(stderr, "sh: %s: Illegal number: %s\n", argv[0], argv[1]);
      return 2;
    }
  }
  if (loop_depth == 0) return 0; /* outside a loop: nothing to do, as dash */
  *pending = n > loop_depth ? loop_depth : (int)n;
  return 0;
}

static int builtin_break(int argc, char **argv) { return loop_control(argc, argv, &pending_break); }
static int builtin_continue(int argc, char **argv) { return loop_control(argc, argv, &pending_continue); }

/* return [n]: leave the function (or `.` file) with status n, or $?. */
static int builtin_return(int argc, char **argv) {
  int status = argc > 1 ? (int)(strtol(argv[1], NULL, 10) & 0xff) : last_status;
  if (function_depth == 0) {
    fprintf(stderr, "sh: return: not in a function\n");
    return 1;
  }
  pending_return = true;
  return last_status = status;
}

/* local NAME[=value] ...: NAME belongs to the running function until it
 * returns (vars.h). Without a value NAME keeps the value it had, as in
 * dash (bash unsets it). */
static int builtin_local(int argc, char **argv) {
  int status = 0;
  for (int i = 1; i < argc; i++) {
    const char *equals = strchr(argv[i], '=');
    size_t len = equals ? (size_t)(equals - argv[i]) : strlen(argv[i]);
    if (!valid_name(argv[i], len)) {
      fprintf(stderr, "sh: local: %s: bad variable name\n", argv[i]);
      status = 1;
      continue;
    }
    char *name = strndup(argv[i], len);
    if (!make_local(name)) {
      free(name);
      fprintf(stderr, "sh: local: not in a function\n");
      return 2;
    }
    if (equals) set_var(name, equals + 1);
    free(name);
  }
  return status;
}

/* shift [n] */
static int builtin_shift(int argc, char **argv) {
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1;
  if (!shift_positional((int)n)) {
    fprintf(stderr, "sh: shift: can't shift that many\n");
    return 1;
  }
  return 0;
}

/* The options `set` knows, by letter and by `set -o` name. */
static const struct {
  char letter;
  const char *name;
  bool *on;
} options[] = {
    {'e', "errexit", &opt_errexit},
    {'C', "noclobber", &opt_noclobber},
    {'u', "nounset", &opt_nounset},
    {'x', "xtrace", &opt_xtrace},
    {0, "pipefail", &opt_pipefail}, /* no letter: only `set -o pipefail` */
};
#define OPTION_COUNT (sizeof options / sizeof options[0])

/* Sets the option named by a letter (name NULL) or by name; false after
 * saying it is unknown. */
static bool set_option(char letter, const char *name, bool on) {
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    if (name ? strcmp(name, options[i].name) == 0 : letter != 0 && letter == options[i].letter) {
      *options[i].on = on;
      return true;
    }
  }
  if (name) fprintf(stderr, "sh: set: %s: unknown option name (Tether's sh knows", name);
  else fprintf(stderr, "sh: set: %c%c: unknown option (Tether's sh knows", on ? '-' : '+', letter);
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    if (name) fprintf(stderr, " %s", options[i].name);
    else if (options[i].letter) fprintf(stderr, " -%c", options[i].letter);
  }
  fputs(")\n", stderr);
  return false;
}

/* `set -o`: a table, as dash prints it; `set +o`: commands that set the
 * options again. */
static void list_options(bool as_commands) {
  if (!as_commands) puts("Current option settings");
  for (size_t i = 0; i < OPTION_COUNT; i++) {
    if (as_commands) printf("set %co %s\n", *options[i].on ? '-' : '+', options[i].name);
    else printf("%-16s%s\n", options[i].name, *options[i].on ? "on" : "off");
  }
}

/* set [-eux -C] [+eux +C] [-o NAME] [+o NAME] [-- arg ...]: options, and
 * with arguments new $1 ... `set -o`/`set +o` alone list the options.
 * Without arguments: every shell variable, as `export` lists them. */
static int builtin_set(int argc, char **argv) {
  int i = 1;
  for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+'); i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    bool on = argv[i][0] == '-';
    for (const char *c = argv[i] + 1; *c; c++) {
      if (*c != 'o') {
        if (!set_option(*c, NULL, on)) return 2;
      } else if (i + 1 < argc) { /* -o NAME: the name is the next argument */
        if (!set_option(0, argv[++i], on)) return 2;
      } else {
        list_options(!on);
      }
    }
  }
  if (i < argc || (argc > 1 && strcmp(argv[argc - 1], "--") == 0)) replace_positional(argc - i, argv + i);
  if (argc == 1) return builtin_export(1, argv);
  return 0;
}

/* A line that `read` got: its characters, and which of them a backslash
 * escaped (those never separate fields). */
struct read_line {
  char *text;
  bool *escaped;
  size_t len;
};

/* Reads one line from standard input (false at end of input before a
 * newline). Without -r a backslash escapes the next character and a
 * backslash-newline joins lines. Byte by byte, so that nothing after the
 * line is taken from a pipe. */
static bool read_one_line(bool raw, struct read_line *line) {
  struct strbuf text;
  sb_init(&text);
  size_t cap = 64;
  line->escaped = xmalloc(cap);
  bool escaped = false, got_newline = false;
  for (;;) {
    char c;
    ssize_t n = read(0, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (!escaped && c == '\\' && !raw) {
      escaped = true;
      continue;
    }
    if (!escaped && c == '\n') {
      got_newline = true;
      break;
    }
    if (escaped && c == '\n') {
      escaped = false;
      continue;
    }
    if (text.len + 1 > cap) line->escaped = xrealloc(line->escaped, cap *= 2);
    line->escaped[text.len] = escaped;
    sb_addc(&text, c);
    escaped = false;
  }
  line->len = text.len;
  line->text = sb_take(&text);
  return got_newline;
}

/* Splits the line into the names by IFS (XCU read, 2.6.5): each name but
 * the last gets a field; the last gets the rest of the line, less IFS
 * white space at both ends and, when the rest is one field followed by
 * its delimiter (`y:` with IFS=:), less that delimiter. */
static void assign_fields(const struct read_line *line, char **names, int count) {
  const char *ifs = ifs_chars();
  const char *t = line->text;
  size_t pos = 0, end = line->len;
#define SEPARATOR(i) (!line->escaped[i] && ifs_has(ifs, t[i]))
#define WHITE(i) (!line->escaped[i] && ifs_white(ifs, t[i]))
  while (pos < end && WHITE(pos)) pos++;
  for (int k = 0; k < count - 1; k++) {
    size_t start = pos;
    while (pos < end && !SEPARATOR(pos)) pos++;
    char *value = strndup(t + start, pos - start);
    set_var(names[k], value);
    free(value);
    /* The delimiter: white space, at most one other IFS character, white space. */
    while (pos < end && WHITE(pos)) pos++;
    if (pos < end && SEPARATOR(pos)) pos++;
    while (pos < end && WHITE(pos)) pos++;
  }
  while (end > pos && WHITE(end - 1)) end--;
  size_t first = pos;
  while (first < end && !SEPARATOR(first)) first++;
  if (first < end) {
    size_t after = first;
    while (after < end && WHITE(after)) after++;
    if (after < end && SEPARATOR(after)) after++;
    while (after < end && WHITE(after)) after++;
    if (after == end) end = first;
  }
#undef SEPARATOR
#undef WHITE
  char *value = strndup(t + pos, end - pos);
  set_var(names[count - 1], value);
  free(value);
}

/* read [-r] [name ...]: one line from standard input into the names, split
 * by IFS. Without names the whole line goes into REPLY, as bash does it
 * (dash requires a name). Status 1 at end of input. */
static int builtin_read(int argc, char **argv) {
  int i = 1;
  bool raw = false;
  if (i < argc && strcmp(argv[i], "-r") == 0) {
    raw = true;
    i++;
  }
  for (int k = i; k < argc; k++) {
    if (!valid_name(argv[k], strlen(argv[k]))) {
      fprintf(stderr, "sh: read: %s: bad variable name\n", argv[k]);
      return 2;
    }
  }
  struct read_line line;
  bool got_newline = read_one_line(raw, &line);
  if (i < argc) assign_fields(&line, argv + i, argc - i);
  else set_var("REPLY", line.text);
  free(line.text);
  free(line.escaped);
  return got_newline ? 0 : 1;
}

/* . FILE: run the commands of FILE in this shell. */
static int builtin_dot(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "sh: .: filename argument required\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (f == NULL) {
    fprintf(stderr, "sh: .: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  struct strbuf text;
  sb_init(&text);
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sb_addn(&text, chunk, n);
  fclose(f);
  function_depth++; /* `return` ends the file */
  int status = run_string(text.data ? text.data : "");
  function_depth--;
  pending_return = false;
  sb_free(&text);
  return status;
}

static const struct {
  const char *name;
  builtin_fn run;
} builtins[] = {
    {"exit", builtin_exit},   {"cd", builtin_cd},         {"pwd", builtin_pwd},     {"export", builtin_export},
    {"unset", builtin_unset}, {"true", builtin_true},     {"false", builtin_false}, {":", builtin_true},
    {"set", builtin_set},     {"shift", builtin_shift},   {"read", builtin_read},   {".", builtin_dot},
    {"break", builtin_break}, {"continue", builtin_continue}, {"wait", builtin_wait}, {"jobs", builtin_jobs},
    {"fg", builtin_fg},       {"bg", builtin_bg},         {"return", builtin_return}, {"trap", builtin_trap},
    {"ulimit", builtin_ulimit}, {"local", builtin_local},
};

bool is_special_builtin(const char *name) {
  static const char *const special[] = {"break", ":", "continue", ".", "exec", "exit", "export",
                                        "return", "set", "shift", "trap", "unset", NULL};
  for (int i = 0; special[i]; i++)
    if (strcmp(special[i], name) == 0) return true;
  return false;
}

builtin_fn find_builtin(const char *name) {
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (strcmp(builtins[i].name, name) == 0) return builtins[i].run;
  return NULL;
}
