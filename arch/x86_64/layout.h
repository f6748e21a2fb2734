// The virtual address map, in one place.
//
//   0x0000000000000000 .. 0x00007fffffffffff  user space (one per process)
//   0xffff800000000000 ..                     direct map of physical memory
//   0xffffffff80000000 ..                     the kernel image (linked here,
//                                             loaded at physical 1 MiB)
#pragma once
#include <stdint.h>

namespace layout {
constexpr uint64_t kUserTop = 0x0000800000000000ull;     // first address past user space
constexpr uint64_t kUserStackTop = 0x00007ffffffff000ull;
constexpr uint64_t kUserMmapTop = 0x00007f0000000000ull; // mmap hands out addresses below this
constexpr uint64_t kDirectMapBase = 0xffff800000000000ull;
constexpr uint64_t kKernelBase = 0xffffffff80000000ull;
constexpr uint64_t kPageSize = 4096;

inline void* phys_to_virt(uint64_t phys) { return reinterpret_cast<void*>(phys + kDirectMapBase); }
inline uint64_t virt_to_phys(const void* v) {
  uint64_t a = reinterpret_cast<uint64_t>(v);
  return a >= kKernelBase ? a - kKernelBase : a - kDirectMapBase;
}
inline bool is_user_range(uint64_t addr, uint64_t len) {
  return addr < kUserTop && len <= kUserTop - addr;
}
}  // namespace layout
