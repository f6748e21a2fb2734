/* Shell variables. See vars.h. */
#include "vars.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

int last_status = 0;
int shell_pid = 0;
bool opt_errexit, opt_xtrace;

static int param_count;
static char **params;
static char **owned_params; /* params, when this file allocated them */

struct local_var {
  char *name;
  char *value;
  struct local_var *next;
};
static struct local_var *locals;

void set_positional(int count, char **values) {
  param_count = count;
  params = values;
}

const char *positional(int n) { return n < param_count ? params[n] : NULL; }

int positional_count(void) { return param_count > 0 ? param_count - 1 : 0; } /* $0 is not counted */

/* Makes params a private copy of $0 and the given values (old strings may
 * still be in use by the caller, so they are not freed). */
static void own_params(const char *zero, int count, char **values) {
  char **copy = xmalloc((size_t)(count + 2) * sizeof *copy);
  copy[0] = xstrdup(zero ? zero : "sh");
  for (int i = 0; i < count; i++) copy[i + 1] = xstrdup(values[i]);
  copy[count + 1] = NULL;
  free(owned_params); /* the array only */
  owned_params = params = copy;
  param_count = count + 1;
}

bool shift_positional(int n) {
  if (n < 0 || n > positional_count()) return false;
  own_params(positional(0), positional_count() - n, params + 1 + n);
  return true;
}

void replace_positional(int count, char **values) { own_params(positional(0), count, values); }

void push_positional(int count, char **values, struct saved_positional *saved) {
  *saved = (struct saved_positional){param_count, params, owned_params};
  owned_params = NULL; /* the caller's array stays alive in `saved` */
  own_params(positional(0), count, values);
}

void pop_positional(const struct saved_positional *saved) {
  free(owned_params);
  param_count = saved->count;
  params = saved->values;
  owned_params = saved->owned;
}

/* ---- functions ----------------------------------------------------------- */

struct function {
  char *name;
  char *text;
  struct function *next;
};
static struct function *functions;

void define_function(const char *name, const char *text) {
  struct function *f = functions;
  while (f && strcmp(f->name, name) != 0) f = f->next;
  if (f == NULL) {
    f = xmalloc(sizeof *f);
    f->name = xstrdup(name);
    f->next = functions;
    functions = f;
  } else {
    free(f->text);
  }
  f->text = xstrdup(text);
}

const char *find_function(const char *name) {
  for (struct function *f = functions; f; f = f->next)
    if (strcmp(f->name, name) == 0) return f->text;
  return NULL;
}

static struct local_var **find_local(const char *name) {
  struct local_var **link = &locals;
  while (*link && strcmp((*link)->name, name) != 0) link = &(*link)->next;
  return link;
}

static void remove_local(const char *name) {
  struct local_var **link = find_local(name);
  if (*link) {
    struct local_var *dead = *link;
    *link = dead->next;
    free(dead->name);
    free(dead->value);
    free(dead);
  }
}

const char *get_var(const char *name) {
  struct local_var *local = *find_local(name);
  return local ? local->value : getenv(name);
}

void set_var(const char *name, const char *value) {
  if (getenv(name)) {
    setenv(name, value, 1);
    return;
  }
  struct local_var **link = find_local(name);
  if (*link) {
    free((*link)->value);
    (*link)->value = xstrdup(value);
    return;
  }
  struct local_var *v = xmalloc(sizeof *v);
  v->name = xstrdup(name);
  v->value = xstrdup(value);
  v->next = NULL;
  *link = v;
}

void export_var(const char *name, const char *value_or_null) {
  const char *value = value_or_null;
  struct local_var *local = *find_local(name);
  if (value == NULL && local) value = local->value;
  if (value == NULL) value = getenv(name);
  /* POSIX marks an unset name for export; we simply export it empty. */
  char *copy = xstrdup(value ? value : "");
  remove_local(name);
  setenv(name, copy, 1);
  free(copy);
}

void unset_var(const char *name) {
  remove_local(name);
  unsetenv(name);
}

char *assignment_name(const char *assignment, const char **value) {
  const char *equals = strchr(assignment, '=');
  size_t len = (size_t)(equals - assignment);
  char *name = xmalloc(len + 1);
  memcpy(name, assignment, len);
  name[len] = '\0';
  *value = equals + 1;
  return name;
}
