/* Arithmetic expansion: a recursive-descent evaluator, one function per
 * precedence level, from lowest (assignment) to highest (unary). See arith.h.
 *
 * Evaluation happens while parsing. The right side of && || and ?: that
 * must not run is still parsed, with `skip` set, so that it cannot assign
 * or fail on a division by zero: $((0 && (x = 1))) leaves x alone. */
#include "arith.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vars.h"

struct arith {
  const char *p;
  bool failed;
  int skip; /* > 0: parse, but do not evaluate */
};

static void fail(struct arith *a, const char *why) {
  if (!a->failed) fprintf(stderr, "sh: arithmetic: %s\n", why);
  a->failed = true;
}

static void blanks(struct arith *a) {
  while (isspace((unsigned char)*a->p)) a->p++;
}

/* Consumes `op` if the text continues with it (and not with a longer
 * operator that starts the same way, given in `not_followed_by`). */
static bool accept(struct arith *a, const char *op, const char *not_followed_by) {
  blanks(a);
  size_t n = strlen(op);
  if (strncmp(a->p, op, n) != 0) return false;
  if (a->p[n] && not_followed_by && strchr(not_followed_by, a->p[n])) return false;
  a->p += n;
  return true;
}

static long variable_value(struct arith *a, const char *name) {
  const char *text = get_var(name);
  if (text == NULL || *text == '\0') return 0;
  char *end;
  long value = strtol(text, &end, 0);
  if (*end != '\0') fail(a, "a variable does not hold a number");
  return value;
}

static long assignment(struct arith *a);

static long unary(struct arith *a) {
  blanks(a);
  if (accept(a, "+", "+=")) return unary(a);
  if (accept(a, "-", "-=")) return -unary(a);
  if (accept(a, "!", "=")) return !unary(a);
  if (accept(a, "~", NULL)) return ~unary(a);
  if (accept(a, "(", NULL)) {
    long value = assignment(a);
    if (!accept(a, ")", NULL)) fail(a, "')' expected");
    return value;
  }
  if (isdigit((unsigned char)*a->p)) {
    char *end;
    long value = strtol(a->p, &end, 0);
    if (isalnum((unsigned char)*end) || *end == '_') fail(a, "bad number");
    a->p = end;
    return value;
  }
  if (isalpha((unsigned char)*a->p) || *a->p == '_') {
    char name[128];
    size_t n = 0;
    while ((isalnum((unsigned char)*a->p) || *a->p == '_') && n < sizeof name - 1) name[n++] = *a->p++;
    name[n] = '\0';
    return variable_value(a, name);
  }
  fail(a, *a->p ? "syntax error" : "operand expected");
  return 0;
}

/* The binary operators, loosest last; each level calls the next tighter. */
static long multiplicative(struct arith *a) {
  long value = unary(a);
  for (;;) {
    int op = accept(a, "*", "=") ? '*' : accept(a, "/", "=") ? '/' : accept(a, "%", "=") ? '%' : 0;
    if (op == 0) return value;
    long right = unary(a);
    if (a->skip) continue;
    if ((op == '/' || op == '%') && right == 0) {
      fail(a, "division by zero");
      return 0;
    }
    value = op == '*' ? value * right : op == '/' ? value / right : value % right;
  }
}

static long additive(struct arith *a) {
  long value = multiplicative(a);
  for (;;) {
    if (accept(a, "+", "=")) value += multiplicative(a);
    else if (accept(a, "-", "=")) value -= multiplicative(a);
    else return value;
  }
}

static long shift(struct arith *a) {
  long value = additive(a);
  for (;;) {
    if (accept(a, "<<", "=")) value <<= additive(a);
    else if (accept(a, ">>", "=")) value >>= additive(a);
    else return value;
  }
}

static long relational(struct arith *a) {
  long value = shift(a);
  for (;;) {
    if (accept(a, "<=", NULL)) value = value <= shift(a);
    else if (accept(a, ">=", NULL)) value = value >= shift(a);
    else if (accept(a, "<", "<")) value = value < shift(a);
    else if (accept(a, ">", ">")) value = value > shift(a);
    else return value;
  }
}

static long equality(struct arith *a) {
  long value = relational(a);
  for (;;) {
    if (accept(a, "==", NULL)) value = value == relational(a);
    else if (accept(a, "!=", NULL)) value = value != relational(a);
    else return value;
  }
}

static long bit_and(struct arith *a) {
  long value = equality(a);
  while (accept(a, "&", "&=")) value &= equality(a);
  return value;
}

static long bit_xor(struct arith *a) {
  long value = bit_and(a);
  while (accept(a, "^", "=")) value ^= bit_and(a);
  return value;
}

static long bit_or(struct arith *a) {
  long value = bit_xor(a);
  while (accept(a, "|", "|=")) value |= bit_xor(a);
  return value;
}

static long logical_and(struct arith *a) {
  long value = bit_or(a);
  while (accept(a, "&&", NULL)) {
    if (!value) a->skip++;
    long right = bit_or(a);
    if (!value) a->skip--;
    value = value && right;
  }
  return value;
}

static long logical_or(struct arith *a) {
  long value = logical_and(a);
  while (accept(a, "||", NULL)) {
    if (value) a->skip++;
    long right = logical_and(a);
    if (value) a->skip--;
    value = value || right;
  }
  return value;
}

static long conditional(struct arith *a) {
  long condition = logical_or(a);
  if (!accept(a, "?", NULL)) return condition;
  if (!condition) a->skip++;
  long yes = assignment(a);
  if (!condition) a->skip--;
  if (!accept(a, ":", NULL)) fail(a, "':' expected");
  if (condition) a->skip++;
  long no = conditional(a);
  if (condition) a->skip--;
  return condition ? yes : no;
}

/* NAME op= expression, or else a conditional expression. */
static long assignment(struct arith *a) {
  static const char *const ops[] = {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", NULL};
  blanks(a);
  const char *start = a->p;
  if (isalpha((unsigned char)*a->p) || *a->p == '_') {
    char name[128];
    size_t n = 0;
    while ((isalnum((unsigned char)*a->p) || *a->p == '_') && n < sizeof name - 1) name[n++] = *a->p++;
    name[n] = '\0';
    for (int i = 0; ops[i]; i++) {
      if (!accept(a, ops[i], "=")) continue;
      long right = assignment(a);
      if (a->skip || a->failed) return 0;
      long value = variable_value(a, name);
      switch (ops[i][0]) {
        case '=': value = right; break;
        case '+': value += right; break;
        case '-': value -= right; break;
        case '*': value *= right; break;
        case '/':
        case '%':
          if (right == 0) {
            fail(a, "division by zero");
            return 0;
          }
          value = ops[i][0] == '/' ? value / right : value % right;
          break;
        case '<': value <<= right; break;
        case '>': value >>= right; break;
        case '&': value &= right; break;
        case '^': value ^= right; break;
        case '|': value |= right; break;
      }
      char text[32];
      snprintf(text, sizeof text, "%ld", value);
      set_var(name, text);
      return value;
    }
    a->p = start; /* not an assignment: parse it again as an expression */
  }
  return conditional(a);
}

bool arith_evaluate(const char *expr, long *value) {
  struct arith a = {.p = expr, .failed = false, .skip = 0};
  *value = assignment(&a);
  blanks(&a);
  if (*a.p != '\0') fail(&a, "syntax error");
  return !a.failed;
}
