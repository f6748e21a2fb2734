/* IFS: the characters that separate fields, for the field splitting of
 * unquoted expansions (expand.c), for `read` (builtins.c) and for joining
 * "$*" (POSIX XCU 2.6.5, 2.5.2).
 *
 * An unset IFS means space, tab and newline; an empty IFS means no
 * splitting at all. The space, tab and newline in IFS are "IFS white
 * space": runs of them separate fields and are dropped at both ends. Any
 * other IFS character (`IFS=:`) ends a field by itself, so `a::b` has an
 * empty field in the middle. */
#ifndef SH_IFS_H
#define SH_IFS_H

#include <stdbool.h>

/* The separators in force: $IFS, or " \t\n" when IFS is unset. */
const char *ifs_chars(void);
/* Is c one of `ifs`? ('\0' never is.) */
bool ifs_has(const char *ifs, char c);
/* Is c IFS white space: in `ifs` and a space, tab or newline? */
bool ifs_white(const char *ifs, char c);
/* What joins "$*": IFS's first character; '\0' (nothing) for an empty IFS. */
char ifs_join_char(void);

#endif
