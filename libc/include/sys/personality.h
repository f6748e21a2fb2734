/* personality(2): Linux's call; Tether uses it to pick a semantic profile
 * (see docs). PER_LINUX is Linux's default; 0xffffffff queries. */
#ifndef _SYS_PERSONALITY_H
#define _SYS_PERSONALITY_H

#include <bits/cdefs.h>

#define PER_LINUX 0x0000
#define PER_QUERY 0xffffffffUL

__BEGIN_DECLS
int personality(unsigned long persona);
__END_DECLS

#endif
