/* Commands the shell runs itself, because they change the shell's own
 * state (cd, exit, export, unset) or are that cheap (true, false, pwd). */
#ifndef SH_BUILTINS_H
#define SH_BUILTINS_H

#include <stdbool.h>

typedef int (*builtin_fn)(int argc, char **argv);

/* NULL if `name` is not a builtin. */
builtin_fn find_builtin(const char *name);
/* POSIX's special builtins (XCU 2.14): assignments before them stay. */
bool is_special_builtin(const char *name);

#endif
