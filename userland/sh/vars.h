/* Shell variables and special parameters.
 *
 * Two kinds of variable: exported ones live in the environment (setenv),
 * so children inherit them; the others live in a small table private to
 * this shell. A name is in at most one of the two. */
#ifndef SH_VARS_H
#define SH_VARS_H

/* $? : status of the last command; $$ : the shell's pid. */
extern int last_status;
extern int shell_pid;

/* $0, $1 ... and $# */
void set_positional(int count, char **values);
const char *positional(int n); /* NULL when n >= count */
int positional_count(void);

const char *get_var(const char *name); /* NULL when unset */
/* NAME=value: updates the environment if NAME is exported, else the table. */
void set_var(const char *name, const char *value);
/* export NAME[=value]: moves NAME to the environment. */
void export_var(const char *name, const char *value_or_null);
void unset_var(const char *name);

/* Splits "NAME=value" at the '='; returns the name (malloc'd). */
char *assignment_name(const char *assignment, const char **value);

#endif
