/* Word expansion: from a raw word as typed to the strings a command gets.
 *
 * In order: a leading ~ becomes $HOME; parameters are replaced by their
 * values ($NAME ${NAME} $? $$ $! $# $0-$9 $@ $*, and ${NAME:-word}
 * ${NAME:=word} ${NAME:+word} ${NAME:?word} ${#NAME}, each also without
 * the ':'); $(command) and `command` by the command's output, trailing
 * newlines removed; $((expression)) by its value; the results of unquoted
 * expansions are split into fields at blanks; quotes and backslashes are
 * removed. (No globbing: `*` stays a `*`.) */
#ifndef SH_EXPAND_H
#define SH_EXPAND_H

#include "strbuf.h"

/* Appends the fields of `raw` to `fields` (zero, one or more). */
void expand_word(const char *raw, struct strlist *fields);

/* Expands to exactly one string, without field splitting: for assignments
 * and redirection targets. Returns a malloc'd string. */
char *expand_single(const char *raw);

/* A here-document's body whose delimiter was not quoted: $ expansions,
 * $( ) and ` `, and backslash before $ ` \ and newline; quotes stay as
 * they are. Returns a malloc'd string. */
char *expand_heredoc(const char *body);

#endif
