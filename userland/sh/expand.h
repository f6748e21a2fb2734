/* Word expansion: from a raw word as typed to the strings a command gets.
 *
 * In order: a leading ~ becomes $HOME; $NAME, ${NAME}, $?, $$, $#, $0-$9,
 * $@ and $* are replaced by their values; the results of unquoted
 * expansions are split into fields at blanks; quotes and backslashes are
 * removed. (No globbing, no command substitution, no arithmetic.) */
#ifndef SH_EXPAND_H
#define SH_EXPAND_H

#include "strbuf.h"

/* Appends the fields of `raw` to `fields` (zero, one or more). */
void expand_word(const char *raw, struct strlist *fields);

/* Expands to exactly one string, without field splitting: for assignments
 * and redirection targets. Returns a malloc'd string. */
char *expand_single(const char *raw);

#endif
