/* <limits.h> for lwIP and arch/cc.h. The compiler's own wants to include
 * the C library's next to it, which a freestanding kernel does not have; the
 * values are libc's (x86-64 LP64), from the one header that has them, which
 * includes nothing else. */
#ifndef TETHER_LWIP_SHIM_LIMITS_H
#define TETHER_LWIP_SHIM_LIMITS_H
#include "libc/include/limits.h"
#endif
