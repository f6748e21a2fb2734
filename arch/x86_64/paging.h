// x86-64 four-level page tables. One PML4 per address space; the upper half
// (entries 256-511: direct map and kernel image) is the same in all of them,
// because every PML4 points at the same, pre-allocated, kernel PDPTs.
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace paging {
constexpr uint64_t kPresent = 1ull << 0;
constexpr uint64_t kWritable = 1ull << 1;
constexpr uint64_t kUser = 1ull << 2;
constexpr uint64_t kWriteThrough = 1ull << 3;
constexpr uint64_t kCacheDisable = 1ull << 4;
constexpr uint64_t kHuge = 1ull << 7;
constexpr uint64_t kNoExecute = 1ull << 63;
constexpr uint64_t kAddressMask = 0x000ffffffffff000ull;

// Builds the kernel's tables (direct map of RAM and MMIO below 4 GiB, the
// kernel image) and switches to them. Enables NX, SMEP, SMAP, WP as available.
void init();
uint64_t kernel_root();
bool nx_supported();

// A new user root: empty lower half, shared upper half. 0 if out of memory.
uint64_t create_user_root();
// Frees the lower-half page-table pages of root (not the frames they map) and root itself.
void destroy_user_root(uint64_t root);

// Maps one 4 KiB page; allocates intermediate tables. ENOMEM if it cannot.
KStatus map_page(uint64_t root, uint64_t va, uint64_t phys, uint64_t flags);
// The PTE for va, or nullptr if an intermediate table is missing.
uint64_t* find_pte(uint64_t root, uint64_t va);
// Clears the mapping; returns the physical frame that was mapped, or 0.
uint64_t unmap_page(uint64_t root, uint64_t va);
void activate(uint64_t root);
void flush(uint64_t va);
}  // namespace paging
