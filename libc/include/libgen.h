/* POSIX path pieces. Both may modify `path` and may return a pointer into it
 * or to static storage:
 *   dirname("/usr/lib") = "/usr"   basename("/usr/lib") = "lib"
 *   dirname("usr")      = "."      basename("/")        = "/"   */
#ifndef _LIBGEN_H
#define _LIBGEN_H

#include <bits/cdefs.h>

__BEGIN_DECLS
char *dirname(char *path);
char *basename(char *path);
__END_DECLS

#endif
