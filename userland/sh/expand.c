/* Word expansion. See expand.h. */
#include "expand.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arith.h"
#include "exec.h"
#include "ifs.h"
#include "jobs.h"
#include "lexer.h"
#include "trap.h"
#include "vars.h"

/* The state of one expansion: the field being built and where it goes.
 *
 * Beside the field, the same text is kept as a pattern for glob(3) and
 * fnmatch(3): there a quoted * ? [ or \ gets a backslash before it, so
 * that only what the user left unquoted acts as a wildcard. `"*.c"` is the
 * field *.c and the pattern \*.c; `*.c` is *.c for both. */
struct expansion {
  struct strbuf field;
  struct strbuf pattern;  /* the field, quoted wildcards escaped */
  bool magic;             /* an unquoted * ? or [ is in the field */
  bool field_started;     /* a field exists even if empty: "" gives one empty field */
  bool after_white;       /* IFS white space just ended a field: a `:` next belongs to it */
  bool split;             /* field splitting applies (false for expand_single) */
  bool glob;              /* pathname expansion applies to finished fields */
  bool heredoc;           /* a here-document's body: quotes are plain characters */
  struct strlist *fields; /* finished fields (NULL for a single string) */
};

/* A finished field with unquoted wildcards: the pathnames it matches, in
 * order, or the field itself if none does (POSIX XCU 2.6.6). Hidden files
 * need an explicit leading '.', as glob(3) does it. */
static void expand_pathnames(struct expansion *ex) {
  glob_t g;
  if (glob(ex->pattern.data, 0, NULL, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; i++) sl_push(ex->fields, xstrdup(g.gl_pathv[i]));
    globfree(&g);
    sb_free(&ex->field);
    return;
  }
  globfree(&g);
  sl_push(ex->fields, sb_take(&ex->field));
}

static void finish_field(struct expansion *ex) {
  if (ex->field_started) {
    if (ex->glob && ex->magic) expand_pathnames(ex);
    else sl_push(ex->fields, sb_take(&ex->field));
  }
  ex->field_started = false;
  ex->magic = false;
  sb_free(&ex->pattern);
}

/* Text for the field; `quoted` says whether its wildcards are literal: in
 * quotes, after a backslash, or the value of a quoted expansion. A
 * backslash in an unquoted expansion's value (`v='a\*'; echo $v`) stays
 * an escape in the pattern, as in dash and bash. */
static void add_text(struct expansion *ex, const char *s, size_t n, bool quoted) {
  sb_addn(&ex->field, s, n);
  ex->after_white = false;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '*' || s[i] == '?' || s[i] == '[' || s[i] == '\\') {
      if (quoted) sb_addc(&ex->pattern, '\\');
      else if (s[i] != '\\') ex->magic = true;
    }
    sb_addc(&ex->pattern, s[i]);
  }
  ex->field_started = true;
}

/* The value of an unquoted expansion, split by IFS (XCU 2.6.5). A run of
 * IFS white space ends the field before it (none at the start: a field
 * must have begun); any other IFS character ends a field even if it is
 * empty, together with the white space around it: with IFS=" :",
 * "a : b" is two fields and "a::b" three. */
static void add_split(struct expansion *ex, const char *value) {
  if (!ex->split) {
    add_text(ex, value, strlen(value), false);
    return;
  }
  const char *ifs = ifs_chars();
  for (const char *c = value; *c; c++) {
    if (!ifs_has(ifs, *c)) {
      add_text(ex, c, 1, false);
    } else if (ifs_white(ifs, *c)) {
      if (ex->field_started) {
        finish_field(ex);
        ex->after_white = true;
      }
    } else if (ex->after_white) {
      ex->after_white = false; /* "a :": the white space already ended "a" */
    } else {
      ex->field_started = true; /* "::" or a leading ':': an empty field */
      finish_field(ex);
    }
  }
}

/* A value produced by an expansion: split only when unquoted. */
static void add_value(struct expansion *ex, const char *value, bool quoted) {
  if (quoted) add_text(ex, value, strlen(value), true);
  else add_split(ex, value);
}

/* ---- parameters ---------------------------------------------------------- */

/* $@ and $*: all positional parameters.
 *   unquoted:  each parameter is split into fields of its own;
 *   "$@":      one field per parameter, exactly as given;
 *   "$*":      one field, the parameters joined by IFS's first character
 *              (by nothing if IFS is empty); so are both where no field
 *              splitting happens (`x=$@`), as dash does. */
static void expand_all_parameters(struct expansion *ex, char which, bool quoted) {
  char join = ifs_join_char();
  for (int i = 1; i <= positional_count(); i++) {
    const char *value = positional(i);
    if (!ex->split || (quoted && which == '*')) {
      if (i > 1 && join) add_text(ex, &join, 1, quoted);
      add_text(ex, value, strlen(value), quoted);
    } else if (quoted) {
      if (i > 1) {
        finish_field(ex);
        ex->field_started = true; /* even an empty parameter is a field */
      }
      add_text(ex, value, strlen(value), true);
    } else {
      if (i > 1) finish_field(ex);
      add_split(ex, value);
    }
  }
}

/* The value of a parameter by name, or NULL if it is unset. Numbers are
 * written into `number`. */
static const char *parameter_value(const char *name, char number[24]) {
  if (strcmp(name, "?") == 0) {
    snprintf(number, 24, "%d", last_status);
    return number;
  }
  if (strcmp(name, "$") == 0) {
    snprintf(number, 24, "%d", shell_pid);
    return number;
  }
  if (strcmp(name, "!") == 0) {
    if (last_background_pid == 0) return NULL;
    snprintf(number, 24, "%d", last_background_pid);
    return number;
  }
  if (strcmp(name, "#") == 0) {
    snprintf(number, 24, "%d", positional_count());
    return number;
  }
  if (isdigit((unsigned char)name[0])) return positional(atoi(name));
  return get_var(name);
}

/* Reads the name after a '$' at *p ($NAME, $1, $?); returns false
 * (consuming nothing) if there is none, in which case the '$' is literal. */
static bool read_parameter_name(const char **p, char *name, size_t size) {
  const char *s = *p;
  size_t n = 0;
  if (*s && strchr("?$!#@*", *s)) { /* one-character special parameters */
    name[0] = *s;
    name[1] = '\0';
    *p = s + 1;
    return true;
  }
  if (isdigit((unsigned char)*s)) { /* $0 .. $9: one digit only, as POSIX */
    name[0] = *s;
    name[1] = '\0';
    *p = s + 1;
    return true;
  }
  while ((isalnum((unsigned char)s[n]) || s[n] == '_') && n + 1 < size) {
    if (n == 0 && isdigit((unsigned char)s[n])) break;
    name[n] = s[n];
    n++;
  }
  if (n == 0) return false;
  name[n] = '\0';
  *p = s + n;
  return true;
}

bool expansion_failed;

void parameter_unset(const char *name) {
  fprintf(stderr, "sh: %s: parameter not set\n", name);
  if (!interactive) shell_exit(2);
  expansion_failed = true;
}

/* $NAME and friends, without braces. $@ and $* are never unset, even with
 * no parameters (set -u exempts them, XCU set). */
static void expand_parameter(struct expansion *ex, const char *name, bool quoted) {
  if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
    expand_all_parameters(ex, name[0], quoted);
    return;
  }
  char number[24];
  const char *value = parameter_value(name, number);
  if (value == NULL && opt_nounset) parameter_unset(name);
  add_value(ex, value ? value : "", quoted);
}

/* ${...}: `inside` is the text between the braces. */
static void expand_braces(struct expansion *ex, const char *inside, bool quoted) {
  char number[24];
  if (inside[0] == '#' && inside[1]) { /* ${#NAME}: the length of the value */
    const char *value = parameter_value(inside + 1, number);
    if (value == NULL && opt_nounset && !strchr("@*", inside[1])) parameter_unset(inside + 1);
    char length[24];
    snprintf(length, sizeof length, "%zu", value ? strlen(value) : (size_t)0);
    add_value(ex, length, quoted);
    return;
  }
  /* The name: a special character, digits, or a variable name. */
  size_t n = 0;
  if (inside[0] && strchr("?$!#@*", inside[0])) n = 1;
  else if (isdigit((unsigned char)inside[0]))
    while (isdigit((unsigned char)inside[n])) n++;
  else
    while (isalnum((unsigned char)inside[n]) || inside[n] == '_') n++;
  if (n == 0 || n > 255) {
    fprintf(stderr, "sh: ${%s}: bad substitution\n", inside);
    return;
  }
  char name[256];
  memcpy(name, inside, n);
  name[n] = '\0';
  const char *op = inside + n;
  if (*op == '\0') {
    expand_parameter(ex, name, quoted);
    return;
  }

  bool colon = *op == ':';
  if (colon) op++;
  if (*op == '\0' || !strchr("-=+?", *op)) {
    fprintf(stderr, "sh: ${%s}: bad substitution\n", inside);
    return;
  }
  const char *value = parameter_value(name, number);
  /* With ':' an empty value counts as unset. */
  bool unset = value == NULL || (colon && value[0] == '\0');
  const char *word = op + 1;
  char *expanded = NULL;
  switch (*op) {
    case '-': /* default */
      if (unset) value = expanded = expand_single(word);
      break;
    case '=': /* default, and assign it */
      if (unset) {
        value = expanded = expand_single(word);
        if (!isdigit((unsigned char)name[0]) && !strchr("?$!#@*", name[0])) set_var(name, value);
      }
      break;
    case '+': /* alternative */
      value = unset ? "" : (expanded = expand_single(word));
      break;
    case '?': /* error if unset */
      if (unset) {
        char *message = expand_single(word);
        fprintf(stderr, "sh: %s: %s\n", name, *message ? message : "parameter not set");
        free(message);
        if (!interactive) shell_exit(2); /* as dash; the status POSIX leaves open */
        expansion_failed = true;
        value = "";
      }
      break;
  }
  add_value(ex, value ? value : "", quoted);
  free(expanded);
}

/* ---- command substitution and arithmetic --------------------------------- */

/* $(text): runs text in a child with its output in a pipe; the output,
 * less its trailing newlines, is the value. $? becomes the child's status. */
static void substitute_command(struct expansion *ex, const char *text, bool quoted) {
  int fds[2];
  if (pipe(fds) < 0) {
    fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
    return;
  }
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "sh: fork: %s\n", strerror(errno));
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (pid == 0) {
    become_subshell();
    close(fds[0]);
    dup2(fds[1], 1);
    close(fds[1]);
    run_string(text);
    fflush(NULL);
    _exit(last_status);
  }
  close(fds[1]);
  struct strbuf output;
  sb_init(&output);
  char chunk[4096];
  ssize_t n;
  while ((n = read(fds[0], chunk, sizeof chunk)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    sb_addn(&output, chunk, (size_t)n);
  }
  close(fds[0]);
  last_status = exit_status_of(wait_for_pid(pid));
  while (output.len > 0 && output.data[output.len - 1] == '\n') output.data[--output.len] = '\0';
  add_value(ex, output.data ? output.data : "", quoted);
  sb_free(&output);
}

/* $((expression)): the expression's own $ and $( ) are expanded first. */
static void substitute_arithmetic(struct expansion *ex, const char *expression) {
  char *text = expand_single(expression);
  long value = 0;
  if (!arith_evaluate(text, &value)) last_status = 1;
  free(text);
  char number[24];
  snprintf(number, sizeof number, "%ld", value);
  add_text(ex, number, strlen(number), false);
}

/* `text`: inside backquotes, a backslash escapes only $ ` and \. */
static char *unescape_backquoted(const char *s, size_t n) {
  struct strbuf sb;
  sb_init(&sb);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' && i + 1 < n && strchr("$`\\", s[i + 1])) i++;
    sb_addc(&sb, s[i]);
  }
  return sb_take(&sb);
}

/* ---- the word ------------------------------------------------------------ */

static void expand_into(struct expansion *ex, const char *raw) {
  const char *p = raw;
  /* A here-document is expanded as if it were in double quotes. */
  bool in_double = ex->heredoc;

  /* ~ or ~/... at the start: the home directory. */
  if (!ex->heredoc && p[0] == '~' && (p[1] == '\0' || p[1] == '/')) {
    const char *home = get_var("HOME");
    add_text(ex, home ? home : "~", strlen(home ? home : "~"), true); /* never a pattern */
    p++;
  }

  while (*p) {
    char c = *p++;
    if (c == '\'' && !in_double) { /* '...': everything literal */
      const char *close = strchr(p, '\'');
      size_t n = close ? (size_t)(close - p) : strlen(p);
      add_text(ex, p, n, true);
      p += n + (close ? 1 : 0);
    } else if (c == '"' && !ex->heredoc) {
      in_double = !in_double;
      ex->field_started = true;
      ex->after_white = false;
    } else if (c == '\\' && ex->heredoc && *p == '\n') {
      p++; /* a continued line */
    } else if (c == '\\') {
      /* In double quotes a backslash only escapes $ ` " \ (in a
       * here-document not even "); elsewhere, anything. */
      if (*p == '\0') {
        add_text(ex, "\\", 1, true);
      } else if (!in_double || strchr(ex->heredoc ? "$`\\" : "$`\"\\", *p)) {
        add_text(ex, p, 1, true);
        p++;
      } else {
        add_text(ex, "\\", 1, true);
      }
    } else if (c == '`') {
      size_t span = backquote_span(p - 1);
      if (span == 0) { /* unterminated: literal (the lexer lets none through) */
        add_text(ex, "`", 1, true);
        continue;
      }
      char *text = unescape_backquoted(p, span - 2);
      substitute_command(ex, text, in_double);
      free(text);
      p += span - 1;
    } else if (c == '$' && *p == '(') {
      size_t span = paren_span(p);
      if (span == 0) {
        add_text(ex, "$", 1, true);
        continue;
      }
      bool arithmetic = p[1] == '(' && span >= 4 && p[span - 2] == ')';
      size_t skip = arithmetic ? 2 : 1;
      char *text = strndup(p + skip, span - 2 * skip);
      if (arithmetic) substitute_arithmetic(ex, text);
      else substitute_command(ex, text, in_double);
      free(text);
      p += span;
    } else if (c == '$' && *p == '{') {
      const char *close = strchr(p, '}');
      if (close == NULL) {
        add_text(ex, "$", 1, true);
        continue;
      }
      char *inside = strndup(p + 1, (size_t)(close - p - 1));
      expand_braces(ex, inside, in_double);
      free(inside);
      p = close + 1;
    } else if (c == '$') {
      char name[256];
      if (read_parameter_name(&p, name, sizeof name)) expand_parameter(ex, name, in_double);
      else add_text(ex, "$", 1, true);
    } else {
      add_text(ex, &c, 1, in_double);
    }
  }
}

void expand_word(const char *raw, struct strlist *fields) {
  struct expansion ex = {.split = true, .glob = true, .fields = fields};
  sb_init(&ex.field);
  sb_init(&ex.pattern);
  expand_into(&ex, raw);
  finish_field(&ex);
  sb_free(&ex.field);
}

void expand_redirect_target(const char *raw, struct strlist *fields) {
  struct expansion ex = {.split = false, .glob = true, .fields = fields};
  sb_init(&ex.field);
  sb_init(&ex.pattern);
  expand_into(&ex, raw);
  finish_field(&ex);
  sb_free(&ex.field);
}

char *expand_single(const char *raw) {
  struct expansion ex = {.split = false, .fields = NULL};
  sb_init(&ex.field);
  sb_init(&ex.pattern);
  expand_into(&ex, raw);
  sb_free(&ex.pattern);
  return sb_take(&ex.field);
}

char *expand_pattern(const char *raw) {
  struct expansion ex = {.split = false, .fields = NULL};
  sb_init(&ex.field);
  sb_init(&ex.pattern);
  expand_into(&ex, raw);
  sb_free(&ex.field);
  return sb_take(&ex.pattern);
}

char *expand_heredoc(const char *body) {
  struct expansion ex = {.split = false, .heredoc = true, .fields = NULL};
  sb_init(&ex.field);
  sb_init(&ex.pattern);
  expand_into(&ex, body);
  sb_free(&ex.pattern);
  return sb_take(&ex.field);
}
