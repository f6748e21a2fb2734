/* The auxiliary vector: what the kernel tells a new program besides argv
 * and envp (System V x86-64 ABI 3.4.1), read with getauxval(3). */
#ifndef _SYS_AUXV_H
#define _SYS_AUXV_H

#include <bits/cdefs.h>

/* Entry types (Linux's include/uapi/linux/auxvec.h). */
#define AT_NULL 0
#define AT_IGNORE 1
#define AT_EXECFD 2
#define AT_PHDR 3     /* the program headers in memory */
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9    /* the program's entry point */
#define AT_NOTELF 10
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23  /* nonzero: exec changed an effective id (set-user-ID) */
#define AT_BASE_PLATFORM 24
#define AT_RANDOM 25  /* 16 random bytes */
#define AT_HWCAP2 26
#define AT_EXECFN 31  /* the path given to execve */
#define AT_SYSINFO_EHDR 33

__BEGIN_DECLS
/* The value of entry `type`; 0 with errno ENOENT if there is none. */
unsigned long getauxval(unsigned long type);
__END_DECLS

#endif
