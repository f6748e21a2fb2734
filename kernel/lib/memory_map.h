// From the boot memory map to the list of RAM the frame allocator may use.
//
// The PVH start info hands the kernel a table of hvm_memmap_table_entry,
// which has the same layout as the BIOS E820 map. Firmware maps are not
// tidy: entries may overlap, come in any order, and a reserved entry may sit
// in the middle of a RAM entry. The rule is conservative: a byte is usable
// only if some type-1 entry covers it and nothing else claims it.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace mem {

constexpr uint32_t kE820Usable = 1;  // type 1: usable RAM; any other type is off limits

struct E820Entry {
  uint64_t addr;
  uint64_t size;
  uint32_t type;
  uint32_t reserved;
};

struct Region {
  uint64_t base;
  uint64_t size;
};

// Usable, 4 KiB-aligned regions: the type-1 entries with base rounded up and
// end rounded down to 4 KiB, minus every byte covered by a non-type-1 entry
// or by a range in `reserved` (the kernel image, the initrd, ...), those two
// rounded outward to 4 KiB. Entries of size 0 cover nothing; a range running
// past 2^64 is cut there (so the top page is never usable). The result is
// sorted by base, adjacent regions merged, empty ones dropped. Returns how
// many regions were written: at most max_out; further ones are dropped and
// *truncated (if given) says so. Cost: O((n + nreserved)^2), fine at boot.
size_t usable_regions(const E820Entry* map, size_t n, const Region* reserved, size_t nreserved,
                      Region* out, size_t max_out, bool* truncated = nullptr);

}  // namespace mem
