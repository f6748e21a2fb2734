#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <bits/cdefs.h>
#include <bits/types.h>

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON MAP_ANONYMOUS
#define MAP_GROWSDOWN 0x0100
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_FIXED_NOREPLACE 0x100000

#define MAP_FAILED ((void *)-1)

/* mremap flags */
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2

__BEGIN_DECLS
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int mprotect(void *addr, size_t length, int prot);
/* With MREMAP_FIXED, a fifth argument: the new address. */
void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, ...);
__END_DECLS

#endif
