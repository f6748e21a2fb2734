/* Shell variables. See vars.h. */
#include "vars.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

int last_status = 0;
int shell_pid = 0;
bool opt_errexit, opt_nounset, opt_xtrace, opt_noclobber, opt_pipefail;

static int param_count;
static char **params;
static char **owned_params; /* params, when this file allocated them */

struct shell_var {
  char *name;
  char *value;
  struct shell_var *next;
};
static struct shell_var *shell_vars; /* the unexported ones */

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

static struct shell_var **find_shell_var(const char *name) {
  struct shell_var **link = &shell_vars;
  while (*link && strcmp((*link)->name, name) != 0) link = &(*link)->next;
  return link;
}

static void remove_shell_var(const char *name) {
  struct shell_var **link = find_shell_var(name);
  if (*link) {
    struct shell_var *dead = *link;
    *link = dead->next;
    free(dead->name);
    free(dead->value);
    free(dead);
  }
}

const char *get_var(const char *name) {
  struct shell_var *var = *find_shell_var(name);
  return var ? var->value : getenv(name);
}

void set_var(const char *name, const char *value) {
  if (getenv(name)) {
    setenv(name, value, 1);
    return;
  }
  struct shell_var **link = find_shell_var(name);
  if (*link) {
    free((*link)->value);
    (*link)->value = xstrdup(value);
    return;
  }
  struct shell_var *v = xmalloc(sizeof *v);
  v->name = xstrdup(name);
  v->value = xstrdup(value);
  v->next = NULL;
  *link = v;
}

void export_var(const char *name, const char *value_or_null) {
  const char *value = value_or_null;
  struct shell_var *var = *find_shell_var(name);
  if (value == NULL && var) value = var->value;
  if (value == NULL) value = getenv(name);
  /* POSIX marks an unset name for export; we simply export it empty. */
  char *copy = xstrdup(value ? value : "");
  remove_shell_var(name);
  setenv(name, copy, 1);
  free(copy);
}

void unset_var(const char *name) {
  remove_shell_var(name);
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

/* ---- saved variables ----------------------------------------------------- */

struct saved_var {
  char *name;
  char *value;   /* NULL: it was unset */
  bool exported;
  struct saved_var *next;
};

struct saved_var *save_var(struct saved_var *list, const char *name) {
  for (struct saved_var *s = list; s; s = s->next)
    if (strcmp(s->name, name) == 0) return list; /* the first value is the one to restore */
  struct saved_var *s = xmalloc(sizeof *s);
  const char *value = get_var(name);
  s->name = xstrdup(name);
  s->value = value ? xstrdup(value) : NULL;
  s->exported = getenv(name) != NULL;
  s->next = list;
  return s;
}

void restore_vars(struct saved_var *list) {
  while (list) {
    struct saved_var *next = list->next;
    unset_var(list->name);
    if (list->value && list->exported) export_var(list->name, list->value);
    else if (list->value) set_var(list->name, list->value);
    free(list->name);
    free(list->value);
    free(list);
    list = next;
  }
}

/* One frame per function call that is running: what its `local`s hid. */
struct local_frame {
  struct saved_var *saved;
  struct local_frame *caller;
};
static struct local_frame *frames;

void locals_enter(void) {
  struct local_frame *f = xmalloc(sizeof *f);
  f->saved = NULL;
  f->caller = frames;
  frames = f;
}

void locals_leave(void) {
  struct local_frame *f = frames;
  frames = f->caller;
  restore_vars(f->saved);
  free(f);
}

bool make_local(const char *name) {
  if (frames == NULL) return false;
  frames->saved = save_var(frames->saved, name);
  return true;
}
