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

// Linux's is_data_mapping (mm/internal.h): private, writable, not a stack.
// Every Tether mapping is private.
bool is_data(uint32_t prot, bool stack) { return (prot & kProtWrite) && !stack; }

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

uint64_t AddressSpace::pages_mapped_in(uint64_t start, uint64_t end) const {
  uint64_t bytes = 0;
  for (Region* r = regions_; r; r = r->next) {
    uint64_t lo = r->start > start ? r->start : start, hi = r->end < end ? r->end : end;
    if (lo < hi) bytes += hi - lo;
  }
  return bytes / kPage;
}

// Linux's vm_stat_account: a region joins (added) or leaves the counts.
void AddressSpace::count(const Region& r, bool added) {
  size_t pages = (r.end - r.start) / kPage;
  size_t& kind = r.stack ? stack_pages_ : data_pages_;
  bool counted_by_kind = r.stack || is_data(r.prot, r.stack);
  if (added) {
    mapped_pages_ += pages;
    if (counted_by_kind) kind += pages;
  } else {
    mapped_pages_ -= pages;
    if (counted_by_kind) kind -= pages;
  }
}

// Linux's may_expand_vm: may `pages` more pages be mapped (data pages, if
// `data`) within RLIMIT_AS and RLIMIT_DATA?
bool AddressSpace::may_expand(uint64_t pages, bool data, const SpaceLimits& limits) const {
  if (mapped_pages_ + pages > limits.total / kPage) return false;
  if (data && data_pages_ + pages > limits.data / kPage) {
    // Linux's "workaround for Valgrind": a soft limit of 0 lets data grow
    // up to the hard limit.
    return limits.data == 0 && data_pages_ + pages <= limits.data_hard / kPage;
  }
  return true;
}

// Adjacent regions that are alike become one, as Linux merges VMAs: a range
// made by several calls (brk steps, mprotect and back) is one region again,
// which mremap needs (it works within one region).
void AddressSpace::merge_neighbours() {
  for (Region* r = regions_; r && r->next;) {
    Region* next = r->next;
    if (r->end == next->start && r->prot == next->prot && r->stack == next->stack) {
      r->end = next->end;
      r->next = next->next;
      delete next;
    } else {
      r = next;
    }
  }
}

KStatus AddressSpace::add_region(uint64_t start, uint64_t len, uint32_t prot, bool stack) {
  uint64_t end = start + len;
  if (start % kPage || len % kPage || len == 0 || !layout::is_user_range(start, len)) return KError{EINVAL};
  if (!range_is_free(start, end)) return KError{EINVAL};
  auto* region = new Region{start, end, prot, stack, nullptr};
  if (!region) return KError{ENOMEM};
  Region** link = &regions_;
  while (*link && (*link)->start < start) link = &(*link)->next;
  region->next = *link;
  *link = region;
  count(*region, true);
  merge_neighbours();
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
    if (copy->add_region(r->start, r->end - r->start, r->prot, r->stack).is_error()) {
      delete copy;
      return nullptr;
    }
  }
  copy->brk_base_ = brk_base_;
  copy->brk_end_ = brk_end_;
  copy->data_segment_bytes_ = data_segment_bytes_;
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
  auto* upper = new Region{addr, r->end, r->prot, r->stack, r->next};
  if (!upper) return KError{ENOMEM};
  r->end = addr;
  r->next = upper;
  return ok();
}

uint64_t AddressSpace::brk(uint64_t requested, const SpaceLimits& limits) {
  // (Past the mmap area, round_up would also wrap around to 0.)
  if (requested < brk_base_ || requested > layout::kUserMmapTop) return brk_end_;
  // Linux's check_data_rlimit, before anything else, so also when
  // shrinking: the heap and the data segment's file bytes, unrounded.
  if (limits.data != kUnlimited && (requested - brk_base_) + data_segment_bytes_ > limits.data) return brk_end_;
  uint64_t old_top = round_up(brk_end_);
  uint64_t new_top = round_up(requested);
  if (new_top > old_top) {
    if (!range_is_free(old_top, new_top)) return brk_end_;
    if (!may_expand((new_top - old_top) / kPage, true, limits)) return brk_end_;
    if (add_region(old_top, new_top - old_top, kProtRead | kProtWrite).is_error()) return brk_end_;
  } else if (new_top < old_top) {
    if (unmap(new_top, old_top - new_top).is_error()) return brk_end_;
  }
  brk_end_ = requested;
  return brk_end_;
}

KResult<uint64_t> AddressSpace::map_anonymous(uint64_t hint, uint64_t len, uint32_t prot, uint32_t how,
                                              const SpaceLimits& limits) {
  if (len == 0) return KError{EINVAL};
  len = round_up(len);
  if (len == 0 || len > layout::kUserTop) return KError{ENOMEM};
  bool stack = how & kMapGrowsDown;
  bool data = is_data(prot, stack);
  if (how & kMapAtHint) {
    if (hint % kPage) return KError{EINVAL};
    if (!layout::is_user_range(hint, len) || hint < kPage) return KError{ENOMEM};
    // mmap(2) ENOMEM past RLIMIT_AS or RLIMIT_DATA, checked before anything
    // is replaced; what it replaces is no growth (Linux's mmap_region).
    if (!may_expand(len / kPage - pages_mapped_in(hint, hint + len), data, limits)) return KError{ENOMEM};
    TRY(unmap(hint, len));
    TRY(add_region(hint, len, prot, stack));
    return hint;
  }
  if (!may_expand(len / kPage, data, limits)) return KError{ENOMEM};
  uint64_t at = TRY(find_free_range(hint, len));
  TRY(add_region(at, len, prot, stack));
  return at;
}

// Where a mapping of len bytes goes: at hint if it is free, else the highest
// free range below the mmap top (top-down first fit).
KResult<uint64_t> AddressSpace::find_free_range(uint64_t hint, uint64_t len) const {
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
      count(*r, false);
      delete r;
    } else {
      link = &r->next;
    }
  }
  return ok();
}

KStatus AddressSpace::protect(uint64_t start, uint64_t len, uint32_t prot, const SpaceLimits& limits) {
  if (start % kPage) return KError{EINVAL};
  uint64_t end = round_up(start + len);
  uint64_t becoming_data = 0;
  for (uint64_t a = start; a < end;) {  // POSIX: ENOMEM if part of the range is unmapped
    Region* r = find(a);
    if (!r) return KError{ENOMEM};
    uint64_t upto = r->end < end ? r->end : end;
    if (!is_data(r->prot, r->stack) && is_data(prot, r->stack)) becoming_data += (upto - a) / kPage;
    a = r->end;
  }
  // Pages turning writable become data: growth that RLIMIT_DATA may refuse
  // (ENOMEM). Linux's mprotect_fixup refuses only when the data limit is
  // what fails: not when RLIMIT_AS would refuse the pages either way.
  if (becoming_data && !may_expand(becoming_data, true, limits) && may_expand(becoming_data, false, limits))
    return KError{ENOMEM};
  TRY(split_at(start));
  TRY(split_at(end));
  for (Region* r = regions_; r; r = r->next) {
    if (r->start < start || r->end > end) continue;
    count(*r, false);
    r->prot = prot;
    count(*r, true);
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
  merge_neighbours();
  return ok();
}

// Moves the pages present in [from, from+len) to the same offsets at `to`
// (a region already, with nothing present). Every page is mapped at its new
// place before any old mapping goes, so a failure (no frame for a page
// table: ENOMEM) undoes the new ones and loses nothing.
KStatus AddressSpace::move_pages(uint64_t from, uint64_t to, uint64_t len) {
  for (uint64_t off = 0; off < len; off += kPage) {
    uint64_t* pte = paging::find_pte(root_, from + off);
    if (!pte || !(*pte & paging::kPresent)) continue;
    uint64_t entry = *pte;
    if (paging::map_page(root_, to + off, entry & paging::kAddressMask, entry & ~paging::kAddressMask).is_error()) {
      for (uint64_t back = 0; back < off; back += kPage) paging::unmap_page(root_, to + back);
      return KError{ENOMEM};
    }
  }
  // The frames now belong to the new addresses: only the old entries go.
  for (uint64_t off = 0; off < len; off += kPage) paging::unmap_page(root_, from + off);
  return ok();
}

// mremap(2), in Linux's order (mm/mremap.c): the region at start, then
// MREMAP_FIXED, shrinking (always allowed), growing in place, moving.
KResult<uint64_t> AddressSpace::remap(uint64_t start, uint64_t old_len, uint64_t new_len, bool may_move,
                                      const uint64_t* fixed_at, const SpaceLimits& limits) {
  // EFAULT: "Some address in the range old_address to old_address+old_size
  // is an invalid virtual memory address for this process."
  Region* r = find(start);
  if (!r) return KError{EFAULT};
  // Growth is checked on the one region it comes from: an old size of 0
  // would "duplicate" a private mapping, which Linux refuses (EINVAL);
  // a range past the region is EFAULT.
  auto check_resize = [&](uint64_t kept) -> KStatus {
    if (old_len == 0) return KError{EINVAL};
    if (start + kept > r->end) return KError{EFAULT};
    return ok();
  };
  // Removes [start, start+old_len) and returns `to`, where its pages now
  // are in a region of new_len bytes with its protection.
  auto move_to = [&](uint64_t to) -> KResult<uint64_t> {
    uint32_t prot = r->prot;
    bool stack = r->stack;
    TRY(add_region(to, new_len, prot, stack));
    KStatus moved = move_pages(start, to, old_len);
    if (moved.is_error()) {
      (void)unmap(to, new_len);
      return KError{moved.error()};
    }
    (void)unmap(start, old_len);  // nothing present is left there
    return to;
  };

  if (fixed_at) {
    uint64_t to = *fixed_at;
    if (to % kPage || !layout::is_user_range(to, new_len)) return KError{EINVAL};
    if (start + old_len > to && to + new_len > start) return KError{EINVAL};  // the ranges may not overlap
    TRY(check_resize(old_len < new_len ? old_len : new_len));
    // As Linux, whatever is at the destination goes first.
    TRY(unmap(to, new_len));
    if (old_len > new_len) {
      TRY(unmap(start + new_len, old_len - new_len));
      old_len = new_len;
    }
    r = find(start);
    if (!may_expand((new_len - old_len) / kPage, is_data(r->prot, r->stack), limits)) return KError{ENOMEM};
    return move_to(to);
  }

  if (old_len >= new_len) {
    if (old_len > new_len) TRY(unmap(start + new_len, old_len - new_len));
    return start;
  }
  TRY(check_resize(old_len));
  // mremap(2) ENOMEM past RLIMIT_AS or RLIMIT_DATA, for the growth only.
  if (!may_expand((new_len - old_len) / kPage, is_data(r->prot, r->stack), limits)) return KError{ENOMEM};
  uint64_t new_end = start + new_len;
  if (start + old_len == r->end && layout::is_user_range(start, new_len) && range_is_free(r->end, new_end)) {
    count(*r, false);
    r->end = new_end;
    count(*r, true);
    merge_neighbours();
    return start;
  }
  // ENOMEM: "the memory area cannot be expanded at the current virtual
  // address, and the MREMAP_MAYMOVE flag is not set".
  if (!may_move) return KError{ENOMEM};
  uint64_t to = TRY(find_free_range(0, new_len));
  return move_to(to);
}

}  // namespace mm
