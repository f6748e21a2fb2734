/* glob(3): the pathnames that match a pattern, as a shell finds them for
 * `ls *.c`. Each '/'-separated part of the pattern may hold wildcards
 * (fnmatch(3)); a name starting with '.' is matched only by a pattern
 * part starting with '.'. Results are sorted with strcmp (the C locale).
 *
 * glob_t has glibc's layout (72 bytes), so a program's view of it is the
 * same as under glibc; the five function pointers are there for that
 * layout only (GLOB_ALTDIRFUNC is not supported). Flag and error values
 * are glibc's. */
#ifndef _GLOB_H
#define _GLOB_H

#include <bits/cdefs.h>
#include <bits/types.h>

/* Flags for glob. */
#define GLOB_ERR (1 << 0)      /* stop at a directory that cannot be read */
#define GLOB_MARK (1 << 1)     /* append '/' to each directory's name */
#define GLOB_NOSORT (1 << 2)   /* leave the names in directory order */
#define GLOB_DOOFFS (1 << 3)   /* leave gl_offs NULL slots at the start of gl_pathv */
#define GLOB_NOCHECK (1 << 4)  /* no match: return the pattern itself */
#define GLOB_APPEND (1 << 5)   /* add to the names of an earlier call */
#define GLOB_NOESCAPE (1 << 6) /* a backslash is an ordinary character */
#define GLOB_PERIOD (1 << 7)   /* wildcards may match a leading '.' */
#define GLOB_MAGCHAR (1 << 8)  /* set by glob in gl_flags: the pattern had wildcards */

/* What glob returns besides 0. */
#define GLOB_NOSPACE 1 /* out of memory */
#define GLOB_ABORTED 2 /* a directory could not be read (GLOB_ERR or errfunc) */
#define GLOB_NOMATCH 3 /* nothing matched (and no GLOB_NOCHECK) */
#define GLOB_NOSYS 4
#define GLOB_ABEND GLOB_ABORTED

typedef struct {
  size_t gl_pathc;  /* how many names matched */
  char **gl_pathv;  /* the names, after gl_offs NULLs, ending with a NULL */
  size_t gl_offs;   /* NULL slots to leave first (GLOB_DOOFFS) */
  int gl_flags;     /* the flags given, and GLOB_MAGCHAR */
  void (*gl_closedir)(void *);
  void *(*gl_readdir)(void *);
  void *(*gl_opendir)(const char *);
  int (*gl_lstat)(const char *, void *);
  int (*gl_stat)(const char *, void *);
} glob_t;

__BEGIN_DECLS
int glob(const char *pattern, int flags, int (*errfunc)(const char *path, int error), glob_t *pglob);
void globfree(glob_t *pglob);
__END_DECLS

#endif
