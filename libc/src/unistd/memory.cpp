// Address space: the program break (brk) and mappings (mmap).
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../internal/syscall.h"

namespace {

// The break as we last saw it; 0 until the first call asks the kernel.
uintptr_t current_break = 0;

// Linux's brk(2) does not return an errno: it returns the new break on
// success and the unchanged old break on failure. brk(0) asks for the break.
uintptr_t kernel_brk(uintptr_t wanted) {
  return static_cast<uintptr_t>(tether::syscall1(SYS_brk, static_cast<long>(wanted)));
}

}  // namespace

extern "C" {

int brk(void *addr) {
  uintptr_t wanted = reinterpret_cast<uintptr_t>(addr);
  current_break = kernel_brk(wanted);
  if (current_break != wanted) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void *sbrk(long increment) {
  if (current_break == 0) current_break = kernel_brk(0);
  uintptr_t old_break = current_break;
  if (increment == 0) return reinterpret_cast<void *>(old_break);
  uintptr_t wanted = old_break + increment;
  current_break = kernel_brk(wanted);
  if (current_break != wanted) {
    errno = ENOMEM;
    return reinterpret_cast<void *>(-1);
  }
  return reinterpret_cast<void *>(old_break);
}

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  long ret = tether::sys(SYS_mmap, addr, length, prot, flags, fd, offset);
  return ret == -1 ? MAP_FAILED : reinterpret_cast<void *>(ret);
}

int munmap(void *addr, size_t length) { return tether::sys(SYS_munmap, addr, length); }

int mprotect(void *addr, size_t length, int prot) {
  return tether::sys(SYS_mprotect, addr, length, prot);
}

// glibc's prototype: the new address is read only with MREMAP_FIXED.
void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, ...) {
  void *new_address = nullptr;
  if (flags & MREMAP_FIXED) {
    va_list ap;
    va_start(ap, flags);
    new_address = va_arg(ap, void *);
    va_end(ap);
  }
  long ret = tether::sys(SYS_mremap, old_address, old_size, new_size, flags, new_address);
  return ret == -1 ? MAP_FAILED : reinterpret_cast<void *>(ret);
}

}  // extern "C"
