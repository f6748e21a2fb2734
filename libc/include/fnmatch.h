/* fnmatch(3): does a string match a shell pattern? `*` any string, `?` any
 * one character, `[a-z]` `[!abc]` `[^abc]` `[[:digit:]]` one character of a
 * set, `\x` the character x itself. Returns 0 on a match, FNM_NOMATCH if
 * not. Values are glibc's. */
#ifndef _FNMATCH_H
#define _FNMATCH_H

#include <bits/cdefs.h>

#define FNM_PATHNAME (1 << 0) /* no wildcard or set matches '/' */
#define FNM_NOESCAPE (1 << 1) /* a backslash is an ordinary character */
#define FNM_PERIOD (1 << 2)   /* a leading '.' is matched only by a '.' in the pattern */
#define FNM_FILE_NAME FNM_PATHNAME

#define FNM_NOMATCH 1

__BEGIN_DECLS
int fnmatch(const char *pattern, const char *string, int flags);
__END_DECLS

#endif
