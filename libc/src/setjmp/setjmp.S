/* setjmp/longjmp. jmp_buf (8 words): rbx rbp r12 r13 r14 r15 rsp rip.
 * Only callee-saved registers need saving: setjmp is a function call, so the
 * caller already assumes every other register is lost.
 */
    .text
    .globl setjmp
    .type setjmp, @function
setjmp:
    mov %rbx, 0(%rdi)
    mov %rbp, 8(%rdi)
    mov %r12, 16(%rdi)
    mov %r13, 24(%rdi)
    mov %r14, 32(%rdi)
    mov %r15, 40(%rdi)
    lea 8(%rsp), %rdx          /* rsp as the caller will see it after we return */
    mov %rdx, 48(%rdi)
    mov (%rsp), %rdx           /* our return address */
    mov %rdx, 56(%rdi)
    xor %eax, %eax             /* the first return gives 0 */
    ret
    .size setjmp, . - setjmp

    .globl longjmp
    .type longjmp, @function
longjmp:
    mov %esi, %eax
    test %eax, %eax            /* longjmp(env, 0) must look like 1 */
    jnz 1f
    inc %eax
1:  mov 0(%rdi), %rbx
    mov 8(%rdi), %rbp
    mov 16(%rdi), %r12
    mov 24(%rdi), %r13
    mov 32(%rdi), %r14
    mov 40(%rdi), %r15
    mov 48(%rdi), %rsp
    jmp *56(%rdi)
    .size longjmp, . - longjmp

    .section .note.GNU-stack, "", @progbits
