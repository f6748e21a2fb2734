/* Word expansion. See expand.h. */
#include "expand.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vars.h"

/* The state of one expansion: the field being built and where it goes. */
struct expansion {
  struct strbuf field;
  bool field_started;    /* a field exists even if empty: "" gives one empty field */
  bool split;            /* field splitting applies (false for expand_single) */
  struct strlist *fields; /* finished fields (NULL when not splitting) */
};

static void finish_field(struct expansion *ex) {
  if (ex->field_started) sl_push(ex->fields, sb_take(&ex->field));
  ex->field_started = false;
}

static void add_text(struct expansion *ex, const char *s, size_t n) {
  sb_addn(&ex->field, s, n);
  ex->field_started = true;
}

/* The value of an unquoted expansion: blanks separate fields. */
static void add_split(struct expansion *ex, const char *value) {
  if (!ex->split) {
    add_text(ex, value, strlen(value));
    return;
  }
  for (const char *c = value; *c; c++) {
    if (*c == ' ' || *c == '\t' || *c == '\n') finish_field(ex);
    else add_text(ex, c, 1);
  }
}

/* $@ and $*: all positional parameters.
 *   unquoted:  each parameter is split into fields of its own;
 *   "$@":      one field per parameter, exactly as given;
 *   "$*":      one field, the parameters joined by spaces. */
static void expand_all_parameters(struct expansion *ex, char which, bool quoted) {
  for (int i = 1; i <= positional_count(); i++) {
    const char *value = positional(i);
    if (!ex->split || (quoted && which == '*')) {
      if (i > 1) add_text(ex, " ", 1);
      add_text(ex, value, strlen(value));
    } else if (quoted) {
      if (i > 1) {
        finish_field(ex);
        ex->field_started = true; /* even an empty parameter is a field */
      }
      add_text(ex, value, strlen(value));
    } else {
      if (i > 1) finish_field(ex);
      add_split(ex, value);
    }
  }
}

/* Reads the name after a '$' at *p; returns false (consuming nothing) if
 * there is none, in which case the '$' is literal. */
static bool read_parameter_name(const char **p, char *name, size_t size) {
  const char *s = *p;
  size_t n = 0;
  if (*s == '{') {
    const char *close = strchr(s, '}');
    if (close == NULL || close == s + 1 || (size_t)(close - s - 1) >= size) return false;
    memcpy(name, s + 1, (size_t)(close - s - 1));
    name[close - s - 1] = '\0';
    *p = close + 1;
    return true;
  }
  if (*s && strchr("?$#@*", *s)) { /* one-character special parameters */
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

static void expand_parameter(struct expansion *ex, const char *name, bool quoted) {
  char number[24];
  const char *value;
  if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
    expand_all_parameters(ex, name[0], quoted);
    return;
  }
  if (strcmp(name, "?") == 0) {
    snprintf(number, sizeof number, "%d", last_status);
    value = number;
  } else if (strcmp(name, "$") == 0) {
    snprintf(number, sizeof number, "%d", shell_pid);
    value = number;
  } else if (strcmp(name, "#") == 0) {
    snprintf(number, sizeof number, "%d", positional_count());
    value = number;
  } else if (isdigit((unsigned char)name[0])) {
    value = positional(atoi(name));
  } else {
    value = get_var(name);
  }
  if (value == NULL) value = "";
  if (quoted) add_text(ex, value, strlen(value));
  else add_split(ex, value);
}

static void expand_into(struct expansion *ex, const char *raw) {
  const char *p = raw;
  bool in_double = false;

  /* ~ or ~/... at the start: the home directory. */
  if (p[0] == '~' && (p[1] == '\0' || p[1] == '/')) {
    const char *home = get_var("HOME");
    add_text(ex, home ? home : "~", strlen(home ? home : "~"));
    p++;
  }

  while (*p) {
    char c = *p++;
    if (c == '\'' && !in_double) { /* '...': everything literal */
      const char *close = strchr(p, '\'');
      size_t n = close ? (size_t)(close - p) : strlen(p);
      add_text(ex, p, n);
      p += n + (close ? 1 : 0);
    } else if (c == '"') {
      in_double = !in_double;
      ex->field_started = true;
    } else if (c == '\\') {
      /* In double quotes a backslash only escapes $ ` " \ ; elsewhere, anything. */
      if (*p == '\0') {
        add_text(ex, "\\", 1);
      } else if (!in_double || strchr("$`\"\\", *p)) {
        add_text(ex, p, 1);
        p++;
      } else {
        add_text(ex, "\\", 1);
      }
    } else if (c == '$') {
      char name[256];
      if (read_parameter_name(&p, name, sizeof name)) expand_parameter(ex, name, in_double);
      else add_text(ex, "$", 1);
    } else {
      add_text(ex, &c, 1);
    }
  }
}

void expand_word(const char *raw, struct strlist *fields) {
  struct expansion ex = {.split = true, .fields = fields};
  sb_init(&ex.field);
  expand_into(&ex, raw);
  finish_field(&ex);
  sb_free(&ex.field);
}

char *expand_single(const char *raw) {
  struct expansion ex = {.split = false, .fields = NULL};
  sb_init(&ex.field);
  expand_into(&ex, raw);
  return sb_take(&ex.field);
}
