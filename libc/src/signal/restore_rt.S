/* __restore_rt: where a signal handler "returns" to.
 *
 * The kernel pushed a signal frame (saved registers and mask) and made the
 * handler's return address point here, via sa_restorer. rt_sigreturn reads
 * that frame back and resumes the interrupted code; it never returns.
 */
#include <bits/syscall.h>

    .text
    .globl __restore_rt
    .type __restore_rt, @function
__restore_rt:
    mov $SYS_rt_sigreturn, %eax
    syscall
    ud2
    .size __restore_rt, . - __restore_rt

    .section .note.GNU-stack, "", @progbits
