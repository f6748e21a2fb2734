#include "arch/x86_64/paging.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/layout.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

extern "C" bool smap_enabled;  // read by user_copy.S
bool smap_enabled = false;

namespace paging {
namespace {
uint64_t kernel_pml4 = 0;
bool has_nx = false;
constexpr uint64_t k2MiB = 2ull << 20;
constexpr uint64_t k4GiB = 4ull << 30;

uint64_t* table(uint64_t phys) { return static_cast<uint64_t*>(layout::phys_to_virt(phys)); }
unsigned index(uint64_t va, int level) { return (va >> (12 + 9 * (level - 1))) & 0x1FF; }

uint64_t alloc_table() {
  uint64_t phys = frames::alloc_zeroed();
  if (!phys) panic("out of memory while building kernel page tables");
  return phys;
}

void enable_cpu_protections() {
  uint32_t a, b, c, d;
  cpu::cpuid(0x80000001, 0, &a, &b, &c, &d);
  has_nx = d & (1u << 20);
  if (has_nx) cpu::wrmsr(cpu::kMsrEfer, cpu::rdmsr(cpu::kMsrEfer) | (1u << 11));  // EFER.NXE
  cpu::cpuid(7, 0, &a, &b, &c, &d);
  bool smep = b & (1u << 7);
  bool smap = b & (1u << 20);
  uint64_t cr4 = cpu::read_cr4();
  if (smep) cr4 |= 1u << 20;
  if (smap) cr4 |= 1u << 21;
  cpu::write_cr4(cr4);
  smap_enabled = smap;
  cpu::write_cr0(cpu::read_cr0() | (1u << 16));  // WP: ring 0 honours read-only user pages too
  printk("paging: NX %s, SMEP %s, SMAP %s", has_nx ? "on" : "absent", smep ? "on" : "absent",
         smap ? "on" : "absent");
}

// Direct-map [0, end) with 2 MiB pages. Below 4 GiB, whatever the memory map
// does not call RAM is device memory (the PCI hole with BARs, the APICs):
// mapped uncached. (On q35 the hole starts at 2 GiB or 2.75 GiB depending on
// -m, so it is read from the map, not assumed.)
void build_direct_map(uint64_t root, uint64_t end) {
  uint64_t nx = has_nx ? kNoExecute : 0;
  for (uint64_t phys = 0; phys < end; phys += k2MiB) {
    uint64_t va = layout::kDirectMapBase + phys;
    uint64_t* pdpt = table(table(root)[index(va, 4)] & kAddressMask);
    uint64_t& pdpt_entry = pdpt[index(va, 3)];
    if (!(pdpt_entry & kPresent)) pdpt_entry = alloc_table() | kPresent | kWritable;
    uint64_t* pd = table(pdpt_entry & kAddressMask);
    bool device_memory = phys < k4GiB && !frames::is_ram(phys);
    uint64_t cache = device_memory ? (kCacheDisable | kWriteThrough) : 0;
    pd[index(va, 2)] = phys | kPresent | kWritable | kHuge | nx | cache;
  }
}
}  // namespace

void init() {
  enable_cpu_protections();
  kernel_pml4 = alloc_table();
  uint64_t* pml4 = table(kernel_pml4);
  for (int i = 256; i < 512; i++) pml4[i] = alloc_table() | kPresent | kWritable;

  uint64_t ram_top = frames::highest_usable_address();
  uint64_t end = ram_top > k4GiB ? ram_top : k4GiB;
  build_direct_map(kernel_pml4, (end + k2MiB - 1) & ~(k2MiB - 1));

  // The kernel image: the first 1 GiB of physical memory at -2 GiB.
  uint64_t* pdpt = table(pml4[511] & kAddressMask);
  uint64_t pd = alloc_table();
  for (int i = 0; i < 512; i++) table(pd)[i] = (uint64_t(i) * k2MiB) | kPresent | kWritable | kHuge;
  pdpt[index(layout::kKernelBase, 3)] = pd | kPresent | kWritable;

  activate(kernel_pml4);
}

uint64_t kernel_root() { return kernel_pml4; }
bool nx_supported() { return has_nx; }

uint64_t create_user_root() {
  uint64_t root = frames::alloc_zeroed();
  if (!root) return 0;
  for (int i = 256; i < 512; i++) table(root)[i] = table(kernel_pml4)[i];
  return root;
}

void destroy_user_root(uint64_t root) {
  uint64_t* pml4 = table(root);
  for (int i4 = 0; i4 < 256; i4++) {
    if (!(pml4[i4] & kPresent)) continue;
    uint64_t* pdpt = table(pml4[i4] & kAddressMask);
    for (int i3 = 0; i3 < 512; i3++) {
      if (!(pdpt[i3] & kPresent)) continue;
      uint64_t* pd = table(pdpt[i3] & kAddressMask);
      for (int i2 = 0; i2 < 512; i2++)
        if (pd[i2] & kPresent) frames::free(pd[i2] & kAddressMask);
      frames::free(pdpt[i3] & kAddressMask);
    }
    frames::free(pml4[i4] & kAddressMask);
  }
  frames::free(root);
}

KStatus map_page(uint64_t root, uint64_t va, uint64_t phys, uint64_t flags) {
  uint64_t* t = table(root);
  for (int level = 4; level > 1; level--) {
    uint64_t& entry = t[index(va, level)];
    if (!(entry & kPresent)) {
      uint64_t next = frames::alloc_zeroed();
      if (!next) return KError{ENOMEM};
      // Permissions are decided by the last level; upper levels allow all.
      entry = next | kPresent | kWritable | (va < layout::kUserTop ? kUser : 0);
    }
    t = table(entry & kAddressMask);
  }
  t[index(va, 1)] = (phys & kAddressMask) | flags | kPresent;
  return ok();
}

uint64_t* find_pte(uint64_t root, uint64_t va) {
  uint64_t* t = table(root);
  for (int level = 4; level > 1; level--) {
    uint64_t entry = t[index(va, level)];
    if (!(entry & kPresent) || (entry & kHuge)) return nullptr;
    t = table(entry & kAddressMask);
  }
  return &t[index(va, 1)];
}

uint64_t unmap_page(uint64_t root, uint64_t va) {
  uint64_t* pte = find_pte(root, va);
  if (!pte || !(*pte & kPresent)) return 0;
  uint64_t phys = *pte & kAddressMask;
  *pte = 0;
  if (cpu::read_cr3() == root) flush(va);
  return phys;
}

void activate(uint64_t root) {
  if (cpu::read_cr3() != root) cpu::write_cr3(root);
}
void flush(uint64_t va) { cpu::invlpg(va); }
}  // namespace paging
