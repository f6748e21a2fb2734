/* flock(2): advisory whole-file locks, with Linux's values. */
#ifndef _SYS_FILE_H
#define _SYS_FILE_H

#include <bits/cdefs.h>

#define LOCK_SH 1 /* shared */
#define LOCK_EX 2 /* exclusive */
#define LOCK_NB 4 /* or'd in: fail with EWOULDBLOCK instead of waiting */
#define LOCK_UN 8 /* remove */

__BEGIN_DECLS
int flock(int fd, int operation);
__END_DECLS

#endif
