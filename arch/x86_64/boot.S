/*
 * PVH entry. QEMU (with qboot as firmware) finds the XEN_ELFNOTE_PHYS32_ENTRY
 * note below, loads this ELF at its physical addresses and jumps to pvh_entry
 * in 32-bit protected mode, paging off, %ebx = physical address of the
 * hvm_start_info structure. We build just enough page tables to enter long
 * mode, then continue in C++ (kernel_main) at the kernel's higher-half address.
 *
 * The early tables map the first 1 GiB three times, with 2 MiB pages:
 *   at 0 (identity, so the next instruction after enabling paging exists),
 *   at 0xffff800000000000 (the direct map), and at 0xffffffff80000000 (the
 *   kernel image). paging.cpp replaces them with the real tables.
 */
#define KERNEL_VMA 0xffffffff80000000

    .section .note.pvh, "a", @note
    .align 4
    .long 4                 /* name size: "Xen\0" */
    .long 4                 /* descriptor size */
    .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .align 4
    .long pvh_entry         /* physical address: .boot is linked low */

    .section .boot.text, "ax"
    .code32
    .globl pvh_entry
pvh_entry:
    cli
    cld
    mov %ebx, %edi                  /* keep start_info for kernel_main */
    mov $boot_stack32_top, %esp

    mov %cr4, %eax
    or $0x20, %eax                  /* CR4.PAE */
    mov %eax, %cr4
    mov $boot_pml4, %eax
    mov %eax, %cr3
    mov $0xC0000080, %ecx           /* EFER */
    rdmsr
    or $0x100, %eax                 /* EFER.LME */
    wrmsr
    mov %cr0, %eax
    or $0x80000001, %eax            /* CR0.PG | CR0.PE */
    mov %eax, %cr0

    lgdt boot_gdt_pointer
    ljmp $0x08, $long_mode_entry

    .code64
long_mode_entry:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %eax, %eax
    mov %ax, %fs
    mov %ax, %gs
    movabs $boot_stack_top, %rsp
    xor %ebp, %ebp                  /* backtraces stop here */
    mov %edi, %edi                  /* zero-extend start_info's address */
    movabs $kernel_main, %rax
    call *%rax
1:  cli
    hlt
    jmp 1b

    .section .boot.data, "aw"
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff        /* 0x10: data */
boot_gdt_end:
boot_gdt_pointer:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .align 4096
boot_pml4:
    .quad boot_pdpt_low + 3
    .fill 255, 8, 0
    .quad boot_pdpt_low + 3         /* entry 256: 0xffff800000000000 */
    .fill 254, 8, 0
    .quad boot_pdpt_high + 3        /* entry 511: 0xffffff8000000000 */
boot_pdpt_low:
    .quad boot_pd + 3
    .fill 511, 8, 0
boot_pdpt_high:
    .fill 510, 8, 0
    .quad boot_pd + 3               /* entry 510: 0xffffffff80000000 */
    .quad 0
boot_pd:
    .set i, 0
    .rept 512
    .quad (i << 21) | 0x83          /* present, writable, 2 MiB page */
    .set i, i + 1
    .endr

    .section .boot.bss, "aw", @nobits
    .align 16
    .space 1024
boot_stack32_top:

    .section .bss
    .align 16
    .globl boot_stack_bottom
boot_stack_bottom:
    .space 32768
    .globl boot_stack_top
boot_stack_top:
