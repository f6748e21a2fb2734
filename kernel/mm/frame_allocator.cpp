#include "kernel/mm/frame_allocator.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "kernel/lib/frame_bitmap.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/profile.h"

namespace frames {
namespace {
FrameBitmap bitmap;
size_t usable_frames = 0;
uint64_t highest_address = 0;
constexpr size_t kMaxRegions = 64;
mem::Region ram[kMaxRegions];  // usable RAM as the map gives it, for is_ram()
size_t ram_count = 0;
}  // namespace

void init(const mem::E820Entry* map, size_t entries, const mem::Region* reserved, size_t nreserved) {
  mem::Region regions[kMaxRegions];
  bool truncated = false;
  ram_count = mem::usable_regions(map, entries, nullptr, 0, ram, kMaxRegions);
  size_t n = mem::usable_regions(map, entries, reserved, nreserved, regions, kMaxRegions, &truncated);
  if (n == 0) panic("no usable memory in the boot memory map");
  highest_address = regions[n - 1].base + regions[n - 1].size;
  size_t frame_count = highest_address / layout::kPageSize;

  // The bitmap itself lives in the first usable region large enough for it.
  size_t bytes = FrameBitmap::words_needed(frame_count) * sizeof(uint64_t);
  size_t bitmap_pages = (bytes + layout::kPageSize - 1) / layout::kPageSize;
  uint64_t bitmap_phys = 0;
  for (size_t i = 0; i < n && !bitmap_phys; i++)
    if (regions[i].size >= bitmap_pages * layout::kPageSize) bitmap_phys = regions[i].base;
  if (!bitmap_phys) panic("no room for the frame bitmap");

  bitmap.init(static_cast<uint64_t*>(layout::phys_to_virt(bitmap_phys)), frame_count);
  for (size_t i = 0; i < n; i++) {
    bitmap.mark_free(regions[i].base / layout::kPageSize, regions[i].size / layout::kPageSize);
    usable_frames += regions[i].size / layout::kPageSize;
  }
  bitmap.mark_used(bitmap_phys / layout::kPageSize, bitmap_pages);
  printk("memory: %lu MiB usable in %lu regions%s, %lu frames free", usable_frames * 4096 >> 20, n,
         truncated ? " (map truncated)" : "", bitmap.free_count());
}

uint64_t alloc() {
  cpu::InterruptGuard guard;
  int64_t frame = bitmap.alloc();
  return frame < 0 ? 0 : uint64_t(frame) * layout::kPageSize;
}

uint64_t alloc_zeroed() {
  uint64_t phys = alloc();
  if (phys) memset(layout::phys_to_virt(phys), 0, layout::kPageSize);
  return phys;
}

profile::Counter contiguous_time{"mm.frames.alloc_contiguous"};

uint64_t alloc_contiguous(size_t count) {
  cpu::InterruptGuard guard;
  profile::Scope scope(contiguous_time);
  int64_t frame = bitmap.alloc_contiguous(count, 1);
  return frame < 0 ? 0 : uint64_t(frame) * layout::kPageSize;
}

void free(uint64_t phys) {
  cpu::InterruptGuard guard;
  if (!bitmap.free(phys / layout::kPageSize)) panic("frames::free: frame %lx was not allocated", phys);
}

void free_contiguous(uint64_t phys, size_t count) {
  for (size_t i = 0; i < count; i++) free(phys + i * layout::kPageSize);
}

size_t free_count() { return bitmap.free_count(); }

bool is_ram(uint64_t phys) {
  for (size_t i = 0; i < ram_count; i++)
    if (phys >= ram[i].base && phys - ram[i].base < ram[i].size) return true;
  return false;
}
size_t usable_count() { return usable_frames; }
uint64_t highest_usable_address() { return highest_address; }
}  // namespace frames
