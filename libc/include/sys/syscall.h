/* SYS_* numbers for syscall(2); the one table is <bits/syscall.h>. */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H
#include <bits/syscall.h>
#endif
