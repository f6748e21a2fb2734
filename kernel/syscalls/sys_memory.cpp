// Memory syscalls: brk, and anonymous mmap/munmap/mprotect.
#include "kernel/mm/address_space.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"

namespace {
// Linux mmap flags.
constexpr uint64_t kMapShared = 0x01, kMapPrivate = 0x02, kMapFixed = 0x10, kMapAnonymous = 0x20;
constexpr uint64_t kMapKnown = kMapShared | kMapPrivate | kMapFixed | kMapAnonymous |
                               0x100 /*GROWSDOWN*/ | 0x4000 /*NORESERVE*/ | 0x8000 /*POPULATE*/ |
                               0x20000 /*STACK*/ | 0x100000 /*FIXED_NOREPLACE*/;

mm::AddressSpace* space() { return proc::current()->address_space; }

long sys_brk(const SyscallArgs& a) { return long(space()->brk(a.a0)); }

long sys_mmap(const SyscallArgs& a) {
  uint64_t addr = a.a0, len = a.a1, prot = a.a2, flags = a.a3;
  if (prot & ~uint64_t(mm::kProtRead | mm::kProtWrite | mm::kProtExec)) return -EINVAL;
  if (flags & ~kMapKnown) return -EINVAL;
  bool shared = flags & kMapShared, priv = flags & kMapPrivate;
  if (shared == priv) return -EINVAL;  // exactly one of the two
  // File mappings need a page cache, which the ramfs does not have yet.
  if (!(flags & kMapAnonymous)) return -ENODEV;
  // A shared anonymous mapping would have to stay shared across fork; without
  // that, it would silently behave like a private one. Refuse honestly.
  if (shared) return -ENOSYS;
  return syscall_result(space()->map_anonymous(addr, len, uint32_t(prot), flags & kMapFixed));
}

long sys_munmap(const SyscallArgs& a) {
  KStatus r = space()->unmap(a.a0, a.a1);
  return r.is_error() ? -r.error() : 0;
}

long sys_mprotect(const SyscallArgs& a) {
  if (a.a2 & ~uint64_t(mm::kProtRead | mm::kProtWrite | mm::kProtExec)) return -EINVAL;
  KStatus r = space()->protect(a.a0, a.a1, uint32_t(a.a2));
  return r.is_error() ? -r.error() : 0;
}
}  // namespace

void register_memory_syscalls() {
  register_syscall(SYS_brk, sys_brk);
  register_syscall(SYS_mmap, sys_mmap);
  register_syscall(SYS_munmap, sys_munmap);
  register_syscall(SYS_mprotect, sys_mprotect);
}
