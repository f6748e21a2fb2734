/*
 * The only instructions in the kernel that touch user memory. The caller
 * (kernel/mm/uaccess.cpp) has already checked that the range lies in user
 * space; if a page turns out to be missing or read-only, the page fault
 * handler finds the faulting rip in the exception table (.extable) and
 * resumes at the fixup, which returns -EFAULT.
 * With SMAP on, ring 0 may touch user pages only between stac and clac.
 */
#define EFAULT 14

.macro USER_ACCESS_BEGIN
    testb $1, smap_enabled(%rip)
    jz 1f
    stac
1:
.endm
.macro USER_ACCESS_END
    testb $1, smap_enabled(%rip)
    jz 1f
    clac
1:
.endm

    .text
/* long user_copy(void* dst, const void* src, size_t n): 0 or -EFAULT */
    .globl user_copy
user_copy:
    USER_ACCESS_BEGIN
    /* 8 bytes per step, then the rest: under TCG each step of a rep costs
     * the same whatever its size (see memcpy in kernel/lib/string.cpp). */
    mov %rdx, %rcx
    shr $3, %rcx
user_copy_access:
    rep movsq
    mov %rdx, %rcx
    and $7, %rcx
user_copy_access_tail:
    rep movsb
    USER_ACCESS_END
    xor %eax, %eax
    ret
user_copy_fixup:
    USER_ACCESS_END
    mov $-EFAULT, %rax
    ret

/* long user_strncpy(char* dst, const char* src, size_t max):
 * length of the string (without its NUL) if a NUL was found within max bytes,
 * max if not (dst then holds max bytes, unterminated), or -EFAULT. */
    .globl user_strncpy
user_strncpy:
    USER_ACCESS_BEGIN
    xor %eax, %eax
2:  cmp %rdx, %rax
    je 3f
user_strncpy_access:
    movb (%rsi,%rax), %cl
    movb %cl, (%rdi,%rax)
    test %cl, %cl
    jz 3f
    inc %rax
    jmp 2b
3:  USER_ACCESS_END
    ret
user_strncpy_fixup:
    USER_ACCESS_END
    mov $-EFAULT, %rax
    ret

    .section .extable, "a"
    .balign 8
    .quad user_copy_access, user_copy_fixup
    .quad user_copy_access_tail, user_copy_fixup
    .quad user_strncpy_access, user_strncpy_fixup
