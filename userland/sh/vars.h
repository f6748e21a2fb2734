/* Shell variables, special parameters, options and functions.
 *
 * Two kinds of variable: exported ones live in the environment (setenv),
 * so children inherit them; the others live in a small table private to
 * this shell. A name is in at most one of the two. */
#ifndef SH_VARS_H
#define SH_VARS_H

#include <stdbool.h>

/* $? : status of the last command; $$ : the shell's pid. */
extern int last_status;
extern int shell_pid;

/* set -e (errexit): exit when a command fails untested; -u (nounset):
 * expanding an unset variable is an error; -x (xtrace): trace commands;
 * -C (noclobber): `>` does not overwrite an existing file; -o pipefail
 * (POSIX 2024, bash): a pipeline's status is its last failing command's. */
extern bool opt_errexit, opt_nounset, opt_xtrace, opt_noclobber, opt_pipefail;

/* $0, $1 ... and $#. values[0] is $0; the strings must outlive their use. */
void set_positional(int count, char **values);
const char *positional(int n); /* NULL when n >= count */
int positional_count(void);
/* shift n: $n+1 becomes $1; false if there are fewer than n. */
bool shift_positional(int n);
/* set -- args: new $1 ..., $0 kept (the strings are copied). */
void replace_positional(int count, char **values);
/* A function call: new $1 ... for the call, and the caller's back after. */
struct saved_positional {
  int count;
  char **values;
  char **owned;
};
void push_positional(int count, char **values, struct saved_positional *saved);
void pop_positional(const struct saved_positional *saved);

/* Functions: name() { body; } keeps the body's text; NULL if undefined. */
void define_function(const char *name, const char *text);
const char *find_function(const char *name);

const char *get_var(const char *name); /* NULL when unset */
/* NAME=value: updates the environment if NAME is exported, else the table. */
void set_var(const char *name, const char *value);
/* export NAME[=value]: moves NAME to the environment. */
void export_var(const char *name, const char *value_or_null);
void unset_var(const char *name);

/* Saved values of variables, to put back later: what a function's
 * `local` hides, and the variables that assignments before a builtin
 * change for it only (`IFS=: read a b`). A list, newest first; NULL is
 * the empty list. */
struct saved_var;
/* Remembers NAME's value (or that it is unset, or exported) unless the
 * list already holds it; returns the new list. */
struct saved_var *save_var(struct saved_var *list, const char *name);
/* Puts every variable in the list back as it was, and frees the list. */
void restore_vars(struct saved_var *list);

/* local: dynamic scope as in dash and bash. A function call opens a frame
 * (locals_enter) and closes it when it returns (locals_leave), which puts
 * back every variable that `local` made its own. So a function it calls
 * sees the local value, and the caller never does. make_local is false
 * outside a function. */
void locals_enter(void);
void locals_leave(void);
bool make_local(const char *name);

/* Splits "NAME=value" at the '='; returns the name (malloc'd). */
char *assignment_name(const char *assignment, const char **value);

#endif
