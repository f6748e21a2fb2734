/* _start: where every Tether program begins.
 *
 * The kernel enters here with the System V initial stack:
 *     (%rsp)      argc
 *     8(%rsp)     argv[0] ... argv[argc - 1], NULL
 *     then        envp[0] ... NULL, then the auxiliary vector
 * and nothing else set up. We hand these to __libc_start_main (C++, in
 * libc/src/startup), which never returns.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp                 /* outermost frame: stops debuggers' backtraces */
    mov (%rsp), %rsi               /* argc */
    lea 8(%rsp), %rdx              /* argv */
    lea 8(%rdx, %rsi, 8), %rcx     /* envp = argv + argc + 1 */
    lea main(%rip), %rdi           /* main */
    and $-16, %rsp                 /* the ABI wants rsp % 16 == 0 before a call */
    call __libc_start_main
    ud2                            /* not reached */
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
