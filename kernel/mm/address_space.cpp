#include "kernel/mm/address_space.h"

#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame_allocator.h"

namespace mm {
namespace {
constexpr uint64_t kPage = layout::kPageSize;
uint64_t round_down(uint64_t a) { return a & ~(kPage - 1); }
uint64_t round_up(uint64_t a) { return (a + kPage - 1) & ~(kPage - 1); }
// The lowest address mmap hands out without MAP_FIXED.
constexpr uint64_t kMmapFloor = 0x10000;

// Page-fault error code bits (Intel SDM vol. 3, 4.7).
constexpr uint64_t kFaultPresent = 1, kFaultWrite = 2, kFaultFetch = 16;

// Calls fn(va, pte) for every present user page in [start, end).
template <typename Fn>
void for_each_present_page(uint64_t root, Fn fn) {
  auto* pml4 = static_cast<uint64_t*>(layout::phys_to_virt(root));
  for (uint64_t i4 = 0; i4 < 256; i4++) {
    if (!(pml4[i4] & paging::kPresent)) continue;
    auto* pdpt = static_cast<uint64_t*>(layout::phys_to_virt(pml4[i4] & paging::kAddressMask));
    for (uint64_t i3 = 0; i3 < 512; i3++) {
      if (!(pdpt[i3] & paging::kPresent)) continue;
      auto* pd = static_cast<uint64_t*>(layout::phys_to_virt(pdpt[i3] & paging::kAddressMask));
      for (uint64_t i2 = 0; i2 < 512; i2++) {
        if (!(pd[i2] & paging::kPresent)) continue;
        auto* pt = static_cast<uint64_t*>(layout::phys_to_virt(pd[i2] & paging::kAddressMask));
        for (uint64_t i1 = 0; i1 < 512; i1++) {
          if (!(pt[i1] & paging::kPresent)) continue;
          fn((i4 << 39) | (i3 << 30) | (i2 << 21) | (i1 << 12), pt[i1]);
        }
      }
    }
  }
}
}  // namespace

AddressSpace* AddressSpace::create() {
  auto* as = new AddressSpace();
  if (!as) return nullptr;
  as->root_ = paging::create_user_root();
  if (!as->root_) {
    delete as;
    return nullptr;
  }
  return as;
}

AddressSpace::~AddressSpace() {
  if (root_) {
    for_each_present_page(root_, [](uint64_t, uint64_t pte) { frames::free(pte & paging::kAddressMask); });
    paging::destroy_user_root(root_);
  }
  while (regions_) {
    Region* next = regions_->next;
    delete regions_;
    regions_ = next;
  }
}

Region* AddressSpace::find(uint64_t addr) const {
  for (Region* r = regions_; r && r->start <= addr; r = r->next)
    if (addr < r->end) return r;
  return nullptr;
}

bool AddressSpace::range_is_free(uint64_t start, uint64_t end) const {
  for (Region* r = regions_; r; r = r->next)
    if (r->start < end && start < r->end) return false;
  return true;
}

uint64_t AddressSpace::page_flags(uint32_t prot) const {
  uint64_t flags = paging::kUser;
  if (prot & kProtWrite) flags |= paging::kWritable;
  if (!(prot & kProtExec) && paging::nx_supported()) flags |= paging::kNoExecute;
  return flags;
}

KStatus AddressSpace::add_region(uint64_t start, uint64_t len, uint32_t prot) {
  uint64_t end = start + len;
  if (start % kPage || len % kPage || len == 0 || !layout::is_user_range(start, len)) return KError{EINVAL};
  if (!range_is_free(start, end)) return KError{EINVAL};
  auto* region = new Region{start, end, prot, nullptr};
  if (!region) return KError{ENOMEM};
  Region** link = &regions_;
  while (*link && (*link)->start < start) link = &(*link)->next;
  region->next = *link;
  *link = region;
  return ok();
}

FaultResult AddressSpace::handle_fault(uint64_t addr, uint64_t error_code) {
  // A protection violation on a present page is never a lazy page.
  if (error_code & kFaultPresent) return FaultResult::NotAllowed;
  Region* r = find(addr);
  if (!r || !(r->prot & (kProtRead | kProtWrite | kProtExec))) return FaultResult::NotAllowed;
  if ((error_code & kFaultWrite) && !(r->prot & kProtWrite)) return FaultResult::NotAllowed;
  if ((error_code & kFaultFetch) && !(r->prot & kProtExec)) return FaultResult::NotAllowed;
  uint64_t frame = frames::alloc_zeroed();
  if (!frame) return FaultResult::OutOfMemory;
  if (paging::map_page(root_, round_down(addr), frame, page_flags(r->prot)).is_error()) {
    frames::free(frame);
    return FaultResult::OutOfMemory;  // no frame for a page table either
  }
  page_mapped();
  return FaultResult::Mapped;
}

KStatus AddressSpace::write(uint64_t va, const void* src, size_t n) {
  auto* bytes = static_cast<const uint8_t*>(src);
  while (n) {
    Region* r = find(va);
    if (!r) return KError{EFAULT};
    uint64_t page = round_down(va);
    uint64_t* pte = paging::find_pte(root_, page);
    uint64_t frame;
    if (pte && (*pte & paging::kPresent)) {
      frame = *pte & paging::kAddressMask;
    } else {
      frame = frames::alloc_zeroed();
      if (!frame) return KError{ENOMEM};
      if (paging::map_page(root_, page, frame, page_flags(r->prot)).is_error()) {
        frames::free(frame);
        return KError{ENOMEM};
      }
      page_mapped();
    }
    size_t offset = va - page;
    size_t chunk = kPage - offset < n ? kPage - offset : n;
    memcpy(static_cast<uint8_t*>(layout::phys_to_virt(frame)) + offset, bytes, chunk);
    va += chunk;
    bytes += chunk;
    n -= chunk;
  }
  return ok();
}

AddressSpace* AddressSpace::clone() const {
  AddressSpace* copy = create();
  if (!copy) return nullptr;
  for (Region* r = regions_; r; r = r->next) {
    if (copy->add_region(r->start, r->end - r->start, r->prot).is_error()) {
      delete copy;
      return nullptr;
    }
  }
  copy->brk_base_ = brk_base_;
  copy->brk_end_ = brk_end_;
  bool failed = false;
  for_each_present_page(root_, [&](uint64_t va, uint64_t pte) {
    if (failed) return;
    uint64_t frame = frames::alloc();
    if (!frame) {
      failed = true;
      return;
    }
    memcpy(layout::phys_to_virt(frame), layout::phys_to_virt(pte & paging::kAddressMask), kPage);
    uint64_t flags = pte & (paging::kUser | paging::kWritable | paging::kNoExecute);
    if (paging::map_page(copy->root_, va, frame, flags).is_error()) {
      frames::free(frame);
      failed = true;
      return;
    }
    copy->page_mapped();
  });
  if (failed) {
    delete copy;
    return nullptr;
  }
  return copy;
}

void AddressSpace::release_pages(uint64_t start, uint64_t end) {
  for (uint64_t va = start; va < end; va += kPage) {
    uint64_t frame = paging::unmap_page(root_, va);
    if (frame) {
      paging::flush(va);
      frames::free(frame);
      resident_--;
    }
  }
}

KStatus AddressSpace::split_at(uint64_t addr) {
  Region* r = find(addr);
  if (!r || r->start == addr) return ok();
  auto* upper = new Region{addr, r->end, r->prot, r->next};
  if (!upper) return KError{ENOMEM};
  r->end = addr;
  r->next = upper;
  return ok();
}

uint64_t AddressSpace::brk(uint64_t requested) {
  if (requested < brk_base_) return brk_end_;
  uint64_t old_top = round_up(brk_end_);
  uint64_t new_top = round_up(requested);
  if (new_top > old_top) {
    if (new_top > layout::kUserMmapTop || !range_is_free(old_top, new_top)) return brk_end_;
    if (add_region(old_top, new_top - old_top, kProtRead | kProtWrite).is_error()) return brk_end_;
  } else if (new_top < old_top) {
    if (unmap(new_top, old_top - new_top).is_error()) return brk_end_;
  }
  brk_end_ = requested;
  return brk_end_;
}

KResult<uint64_t> AddressSpace::map_anonymous(uint64_t hint, uint64_t len, uint32_t prot, bool fixed) {
  if (len == 0) return KError{EINVAL};
  len = round_up(len);
  if (len == 0 || len > layout::kUserTop) return KError{ENOMEM};
  if (fixed) {
    if (hint % kPage) return KError{EINVAL};
    if (!layout::is_user_range(hint, len) || hint < kPage) return KError{ENOMEM};
    TRY(unmap(hint, len));
    TRY(add_region(hint, len, prot));
    return hint;
  }
  uint64_t candidate = round_down(hint);
  if (!candidate || !layout::is_user_range(candidate, len) || candidate < kMmapFloor ||
      !range_is_free(candidate, candidate + len))
    candidate = layout::kUserMmapTop - len;
  // Top-down first fit: step below whatever region is in the way.
  for (;;) {
    Region* blocking = nullptr;
    for (Region* r = regions_; r; r = r->next)
      if (r->start < candidate + len && candidate < r->end) blocking = r;
    if (!blocking) break;
    if (blocking->start < kMmapFloor + len) return KError{ENOMEM};
    candidate = blocking->start - len;
  }
  TRY(add_region(candidate, len, prot));
  return candidate;
}

KStatus AddressSpace::unmap(uint64_t start, uint64_t len) {
  if (start % kPage || len == 0) return KError{EINVAL};
  uint64_t end = round_up(start + len);
  if (!layout::is_user_range(start, end - start)) return KError{EINVAL};
  TRY(split_at(start));
  TRY(split_at(end));
  Region** link = &regions_;
  while (*link) {
    Region* r = *link;
    if (r->start >= start && r->end <= end) {
      *link = r->next;
      release_pages(r->start, r->end);
      delete r;
    } else {
      link = &r->next;
    }
  }
  return ok();
}

KStatus AddressSpace::protect(uint64_t start, uint64_t len, uint32_t prot) {
  if (start % kPage) return KError{EINVAL};
  uint64_t end = round_up(start + len);
  for (uint64_t a = start; a < end;) {  // POSIX: ENOMEM if part of the range is unmapped
    Region* r = find(a);
    if (!r) return KError{ENOMEM};
    a = r->end;
  }
  TRY(split_at(start));
  TRY(split_at(end));
  for (Region* r = regions_; r; r = r->next) {
    if (r->start < start || r->end > end) continue;
    r->prot = prot;
    for (uint64_t va = r->start; va < r->end; va += kPage) {
      uint64_t* pte = paging::find_pte(root_, va);
      if (!pte || !(*pte & paging::kPresent)) continue;
      // PROT_NONE keeps the page (its contents must survive a later
      // mprotect back) but takes away the user bit, so user access faults.
      uint64_t flags = page_flags(prot);
      if (!(prot & (kProtRead | kProtWrite | kProtExec))) flags &= ~paging::kUser;
      *pte = (*pte & paging::kAddressMask) | paging::kPresent | flags;
      paging::flush(va);
    }
  }
  return ok();
}

}  // namespace mm
