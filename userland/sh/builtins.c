/* The builtins: exit, cd, pwd, export, unset, true, false. */
#include "builtins.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strbuf.h"
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
  exit(status); /* flushes stdio */
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

static const struct {
  const char *name;
  builtin_fn run;
} builtins[] = {
    {"exit", builtin_exit},     {"cd", builtin_cd},       {"pwd", builtin_pwd},     {"export", builtin_export},
    {"unset", builtin_unset},   {"true", builtin_true},   {"false", builtin_false},
};

builtin_fn find_builtin(const char *name) {
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (strcmp(builtins[i].name, name) == 0) return builtins[i].run;
  return NULL;
}
