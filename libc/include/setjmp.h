/* Non-local jumps. jmp_buf holds what the callee must preserve:
 * rbx, rbp, r12-r15, then the caller's rsp and the return address. */
#ifndef _SETJMP_H
#define _SETJMP_H

#include <bits/cdefs.h>

typedef long jmp_buf[8];

__BEGIN_DECLS
int setjmp(jmp_buf env) __attribute__((__returns_twice__));
__noreturn void longjmp(jmp_buf env, int value);
__END_DECLS

#endif
