// Memory syscalls: brk, and anonymous mmap/munmap/mprotect/mremap. Every
// call that grows the address space is checked against RLIMIT_AS and
// RLIMIT_DATA (kernel/proc/resource_limits.h); the address space does the
// counting.
#include "arch/x86_64/layout.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"

namespace {
// Linux mmap flags.
constexpr uint64_t kMapShared = 0x01, kMapPrivate = 0x02, kMapFixed = 0x10, kMapAnonymous = 0x20, kMapGrowsDown = 0x100;
constexpr uint64_t kMapKnown = kMapShared | kMapPrivate | kMapFixed | kMapAnonymous | kMapGrowsDown |
                               0x4000 /*NORESERVE*/ | 0x8000 /*POPULATE*/ | 0x20000 /*STACK*/ |
                               0x100000 /*FIXED_NOREPLACE*/;
// Linux mremap flags.
constexpr uint64_t kMremapMayMove = 1, kMremapFixed = 2, kMremapDontUnmap = 4;

mm::AddressSpace* space() { return proc::current()->address_space; }
mm::SpaceLimits limits() { return proc::memory_limits(proc::current()); }

long sys_brk(const SyscallArgs& a) { return long(space()->brk(a.a0, limits())); }

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
  uint32_t how = ((flags & kMapFixed) ? mm::kMapAtHint : 0) | ((flags & kMapGrowsDown) ? mm::kMapGrowsDown : 0);
  return syscall_result(space()->map_anonymous(addr, len, uint32_t(prot), how, limits()));
}

long sys_munmap(const SyscallArgs& a) {
  KStatus r = space()->unmap(a.a0, a.a1);
  return r.is_error() ? -r.error() : 0;
}

long sys_mprotect(const SyscallArgs& a) {
  if (a.a2 & ~uint64_t(mm::kProtRead | mm::kProtWrite | mm::kProtExec)) return -EINVAL;
  KStatus r = space()->protect(a.a0, a.a1, uint32_t(a.a2), limits());
  return r.is_error() ? -r.error() : 0;
}

// mremap(2), checked in Linux's order: flags, the old address, the sizes;
// the rest is the address space's (mm::AddressSpace::remap).
long sys_mremap(const SyscallArgs& a) {
  uint64_t old_addr = a.a0, old_len = a.a1, new_len = a.a2, flags = a.a3, new_addr = a.a4;
  constexpr uint64_t kPage = layout::kPageSize;
  if (flags & ~(kMremapMayMove | kMremapFixed | kMremapDontUnmap)) return -EINVAL;
  if ((flags & kMremapFixed) && !(flags & kMremapMayMove)) return -EINVAL;
  // MREMAP_DONTUNMAP (Linux 5.7) leaves the old range mapped but empty, for
  // userfaultfd; Tether has neither: EINVAL, as Linux before 5.7.
  if (flags & kMremapDontUnmap) return -EINVAL;
  if (old_addr % kPage) return -EINVAL;
  if (old_len > layout::kUserTop || new_len > layout::kUserTop) return -EINVAL;
  old_len = (old_len + kPage - 1) & ~(kPage - 1);
  new_len = (new_len + kPage - 1) & ~(kPage - 1);
  if (new_len == 0) return -EINVAL;
  const uint64_t* fixed_at = (flags & kMremapFixed) ? &new_addr : nullptr;
  return syscall_result(space()->remap(old_addr, old_len, new_len, flags & kMremapMayMove, fixed_at, limits()));
}
}  // namespace

void register_memory_syscalls() {
  register_syscall(SYS_brk, sys_brk);
  register_syscall(SYS_mmap, sys_mmap);
  register_syscall(SYS_munmap, sys_munmap);
  register_syscall(SYS_mprotect, sys_mprotect);
  register_syscall(SYS_mremap, sys_mremap);
}
