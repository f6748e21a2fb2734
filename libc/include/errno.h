/* errno: a plain global int (Tether has no threads in user space yet). The
 * numbers come from <bits/errno.h>, the table the kernel uses too. */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <bits/cdefs.h>
#include <bits/errno.h>

__BEGIN_DECLS
extern int errno;
/* The program's name as run (argv[0] and its last path component), as glibc. */
extern char *program_invocation_name;
extern char *program_invocation_short_name;
__END_DECLS

#endif
