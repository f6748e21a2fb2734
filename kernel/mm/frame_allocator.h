// Physical memory, one 4 KiB frame at a time. Built at boot from the PVH
// memory map, minus the kernel image, the initrd and the first megabyte.
// Frames are addressed by physical address; the kernel reaches their
// contents through the direct map (layout::phys_to_virt).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/memory_map.h"

namespace frames {
// reserved: physical ranges that must never be handed out.
void init(const mem::E820Entry* map, size_t entries, const mem::Region* reserved, size_t nreserved);
// 0 when memory is exhausted (callers turn that into ENOMEM).
uint64_t alloc();
uint64_t alloc_zeroed();
uint64_t alloc_contiguous(size_t count);
void free(uint64_t phys);
void free_contiguous(uint64_t phys, size_t count);
size_t free_count();
size_t usable_count();
uint64_t highest_usable_address();
// Whether phys lies in RAM the memory map calls usable (before reservations).
bool is_ram(uint64_t phys);
}  // namespace frames
