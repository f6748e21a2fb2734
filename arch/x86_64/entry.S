/*
 * Every way into and out of the kernel:
 *   interrupt_stub_N  - the 256 interrupt/exception entries
 *   syscall_entry     - the SYSCALL instruction
 *   trap_return       - back to where the TrapFrame says (iretq)
 *   switch_context    - from one kernel thread's stack to another's
 * All entries build a TrapFrame (trap_frame.h) on the kernel stack.
 * Tether runs on one CPU and does not use swapgs: the kernel keeps no per-CPU
 * data in %gs, so user code may use %fs and %gs freely.
 */
#define SYSCALL_VECTOR 0x100
#define USER_CS (0x20 | 3)
#define USER_SS (0x18 | 3)

.macro PUSH_GPRS
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
.endm

.macro POP_GPRS
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
.endm

    .text
/* Stubs: exceptions 8, 10-14, 17, 21, 29, 30 push an error code; the rest get a 0. */
.macro STUB n
    .balign 16
interrupt_stub_\n:
    .if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    .else
    pushq $0
    .endif
    pushq $\n
    jmp interrupt_common
.endm

    /* .altmacro lets "%n" pass the current value of n to the macro. */
    .altmacro
    .set n, 0
    .rept 256
    STUB %n
    .set n, n + 1
    .endr
    .noaltmacro

interrupt_common:
    PUSH_GPRS
    cld
    /* Interrupt gates keep EFLAGS.AC: user code that set it must not switch
     * SMAP off for the kernel. clac exists only where SMAP does. */
    testb $1, smap_enabled(%rip)
    jz 1f
    clac
1:
    mov %rsp, %rdi
    call trap_dispatch
    .globl trap_return
trap_return:
    POP_GPRS
    add $16, %rsp           /* vector and error code */
    iretq

    .section .rodata
    .balign 8
    .globl interrupt_stub_table
interrupt_stub_table:
.macro STUB_ADDRESS n
    .quad interrupt_stub_\n
.endm
    .altmacro
    .set n, 0
    .rept 256
    STUB_ADDRESS %n
    .set n, n + 1
    .endr
    .noaltmacro

    .text
/*
 * SYSCALL: rip in rcx, rflags in r11, interrupts masked by FMASK, still on the
 * user stack. Switch to the thread's kernel stack and build a TrapFrame that
 * looks like an interrupt from user mode.
 */
    .globl syscall_entry
syscall_entry:
    mov %rsp, syscall_user_rsp(%rip)
    mov syscall_kernel_stack_top(%rip), %rsp
    pushq $USER_SS
    pushq syscall_user_rsp(%rip)
    push %r11               /* rflags */
    pushq $USER_CS
    push %rcx               /* rip */
    pushq $0                /* error code */
    pushq $SYSCALL_VECTOR
    PUSH_GPRS
    cld
    mov %rsp, %rdi
    sti
    call syscall_dispatch
    cli
    /*
     * Fast return with SYSRET when the frame still describes plain user code
     * (execve and signal delivery rewrite it). SYSRET to a non-canonical rip
     * would fault in ring 0 on Intel CPUs, so such frames take iretq.
     */
    cmpq $USER_CS, 18*8(%rsp)
    jne trap_return
    cmpq $USER_SS, 21*8(%rsp)
    jne trap_return
    movabs $0x00007ffffffff000, %rax
    cmpq %rax, 17*8(%rsp)
    jae trap_return
    POP_GPRS
    add $16, %rsp
    pop %rcx                /* rip */
    add $8, %rsp            /* cs */
    pop %r11                /* rflags */
    pop %rsp                /* user rsp (ss is implied) */
    sysretq

/* switch_context(uint64_t* save_rsp, uint64_t new_rsp): callee-saved registers on the old stack, then the new. */
    .globl switch_context
switch_context:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

/* A new thread's first switch "returns" here: r12 = function, r13 = argument. */
    .globl thread_trampoline
thread_trampoline:
    sti
    mov %r13, %rdi
    call *%r12
    ud2                     /* thread functions never return */

    .data
    .balign 8
    .globl syscall_kernel_stack_top
syscall_kernel_stack_top: .quad 0
syscall_user_rsp: .quad 0

    .text
/* enter_user_mode(TrapFrame* frame): leave the kernel through this frame (used once, by PID 1). */
    .globl enter_user_mode
enter_user_mode:
    cli
    mov %rdi, %rsp
    jmp trap_return
