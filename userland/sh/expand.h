/* Word expansion: from a raw word as typed to the strings a command gets.
 *
 * In order: a leading ~ becomes $HOME; parameters are replaced by their
 * values ($NAME ${NAME} $? $$ $! $# $0-$9 $@ $*, and ${NAME:-word}
 * ${NAME:=word} ${NAME:+word} ${NAME:?word} ${#NAME}, each also without
 * the ':'); $(command) and `command` by the command's output, trailing
 * newlines removed; $((expression)) by its value; the results of unquoted
 * expansions are split into fields by IFS (ifs.h); a field with an unquoted
 * * ? or [ becomes the pathnames it matches (glob(3)), or stays as it is
 * if none does; quotes and backslashes are removed. */
#ifndef SH_EXPAND_H
#define SH_EXPAND_H

#include <stdbool.h>

#include "strbuf.h"

/* set -u: `name` was expanded but is unset. Says so ("sh: x: parameter not
 * set"); a non-interactive shell exits with status 2, an interactive one
 * sets expansion_failed so that the command does not run. */
void parameter_unset(const char *name);
extern bool expansion_failed;

/* Appends the fields of `raw` to `fields` (zero, one or more). */
void expand_word(const char *raw, struct strlist *fields);

/* Expands to exactly one string, without field splitting or pathname
 * expansion: for assignments and the word of `case`. Returns a malloc'd
 * string. */
char *expand_single(const char *raw);

/* A redirection's target: no field splitting, but pathname expansion, so
 * `> out*` may give several fields (an error for the caller to report:
 * bash's "ambiguous redirect"). POSIX lets a non-interactive shell skip
 * this expansion; bash does it, and students expect `cat < *.txt`. */
void expand_redirect_target(const char *raw, struct strlist *fields);

/* A `case` pattern: expanded like expand_single, but returned as an
 * fnmatch(3) pattern, with quoted * ? [ and \ escaped by a backslash, so
 * that `"*")` matches only a star. Returns a malloc'd string. */
char *expand_pattern(const char *raw);

/* A here-document's body whose delimiter was not quoted: $ expansions,
 * $( ) and ` `, and backslash before $ ` \ and newline; quotes stay as
 * they are. Returns a malloc'd string. */
char *expand_heredoc(const char *body);

#endif
