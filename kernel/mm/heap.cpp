#include "kernel/mm/heap.h"

#include <stdint.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/panic.h"

namespace {
struct Header {
  uint32_t magic;
  uint32_t size_class;  // index into kClassSizes, or kLargeClass
  uint64_t pages;       // for large blocks: frames in the run
};
static_assert(sizeof(Header) == 16, "keeps blocks 16-byte aligned");

constexpr uint32_t kMagicUsed = 0x4b48454d;  // "MEHK"
constexpr uint32_t kMagicFree = 0x45455246;  // "FREE"
constexpr uint32_t kLargeClass = 0xFFFF;
constexpr size_t kClassSizes[] = {32, 64, 128, 256, 512, 1024, 2048};  // header included
constexpr int kClassCount = sizeof(kClassSizes) / sizeof(kClassSizes[0]);

struct FreeBlock {
  Header header;
  FreeBlock* next;
};
FreeBlock* free_lists[kClassCount];
size_t bytes_in_use = 0;

bool refill(int cls) {
  uint64_t phys = frames::alloc();
  if (!phys) return false;
  auto* page = static_cast<uint8_t*>(layout::phys_to_virt(phys));
  for (size_t off = 0; off + kClassSizes[cls] <= layout::kPageSize; off += kClassSizes[cls]) {
    auto* block = reinterpret_cast<FreeBlock*>(page + off);
    block->header = {kMagicFree, uint32_t(cls), 0};
    block->next = free_lists[cls];
    free_lists[cls] = block;
  }
  return true;
}
}  // namespace

void* kmalloc(size_t size) {
  size_t total = size + sizeof(Header);
  cpu::InterruptGuard guard;
  for (int cls = 0; cls < kClassCount; cls++) {
    if (total > kClassSizes[cls]) continue;
    if (!free_lists[cls] && !refill(cls)) return nullptr;
    FreeBlock* block = free_lists[cls];
    free_lists[cls] = block->next;
    block->header.magic = kMagicUsed;
    bytes_in_use += kClassSizes[cls];
    return reinterpret_cast<uint8_t*>(block) + sizeof(Header);
  }
  size_t pages = (total + layout::kPageSize - 1) / layout::kPageSize;
  uint64_t phys = frames::alloc_contiguous(pages);
  if (!phys) return nullptr;
  auto* header = static_cast<Header*>(layout::phys_to_virt(phys));
  *header = {kMagicUsed, kLargeClass, pages};
  bytes_in_use += pages * layout::kPageSize;
  return reinterpret_cast<uint8_t*>(header) + sizeof(Header);
}

void* kzalloc(size_t size) {
  void* p = kmalloc(size);
  if (p) memset(p, 0, size);
  return p;
}

void kfree(void* p) {
  if (!p) return;
  auto* header = reinterpret_cast<Header*>(static_cast<uint8_t*>(p) - sizeof(Header));
  cpu::InterruptGuard guard;
  if (header->magic == kMagicFree) panic("kfree: double free of %p", p);
  if (header->magic != kMagicUsed) panic("kfree: %p is not a heap block", p);
  if (header->size_class == kLargeClass) {
    bytes_in_use -= header->pages * layout::kPageSize;
    header->magic = kMagicFree;
    frames::free_contiguous(layout::virt_to_phys(header), header->pages);
    return;
  }
  KASSERT(header->size_class < uint32_t(kClassCount));
  auto* block = reinterpret_cast<FreeBlock*>(header);
  block->header.magic = kMagicFree;
  block->next = free_lists[header->size_class];
  free_lists[header->size_class] = block;
  bytes_in_use -= kClassSizes[header->size_class];
}

size_t heap_bytes_in_use() { return bytes_in_use; }

// The kernel is built without exceptions: new returns nullptr on exhaustion
// and every caller checks (allocation failure is ENOMEM, never a crash).
void* operator new(size_t size) { return kmalloc(size); }
void* operator new[](size_t size) { return kmalloc(size); }
void operator delete(void* p) noexcept { kfree(p); }
void operator delete(void* p, size_t) noexcept { kfree(p); }
void operator delete[](void* p) noexcept { kfree(p); }
void operator delete[](void* p, size_t) noexcept { kfree(p); }
extern "C" void __cxa_pure_virtual() { panic("pure virtual function called"); }
