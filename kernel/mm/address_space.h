// A process's user address space: its page tables and the list of regions
// (VMAs) it may touch. Anonymous memory (stack, heap, mmap) is allocated
// lazily: a region is only a promise until the first access faults a zeroed
// page in. fork copies every page that exists (no copy-on-write: simpler to
// read, and fast enough for the programs Tether runs).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace mm {
// Linux mmap protection bits.
constexpr uint32_t kProtRead = 1, kProtWrite = 2, kProtExec = 4;

// What a page fault on a user address turned out to be.
enum class FaultResult {
  Mapped,       // a lazy page, now there: retry the access
  NotAllowed,   // no region, or the access breaks its protection: SIGSEGV/EFAULT
  OutOfMemory,  // allowed, but no frame is left to back it
};

struct Region {
  uint64_t start, end;  // page-aligned, end exclusive
  uint32_t prot;
  Region* next;         // sorted by start
};

class AddressSpace {
 public:
  static AddressSpace* create();  // nullptr when out of memory
  ~AddressSpace();
  AddressSpace(const AddressSpace&) = delete;
  AddressSpace& operator=(const AddressSpace&) = delete;

  uint64_t root() const { return root_; }

  // Declares [start, start+len) usable with prot; ENOMEM, or EINVAL on overlap.
  KStatus add_region(uint64_t start, uint64_t len, uint32_t prot);
  // Copies bytes into the space (exec), allocating pages; works on read-only regions.
  KStatus write(uint64_t va, const void* src, size_t n);
  // A page fault at addr.
  FaultResult handle_fault(uint64_t addr, uint64_t error_code);
  // fork: a deep copy. nullptr when out of memory.
  AddressSpace* clone() const;

  // brk(2): Linux semantics, returns the (new or unchanged) break.
  uint64_t brk(uint64_t requested);
  void set_brk_base(uint64_t base) { brk_base_ = brk_end_ = base; }
  // mmap/munmap for anonymous private memory.
  KResult<uint64_t> map_anonymous(uint64_t hint, uint64_t len, uint32_t prot, bool fixed);
  KStatus unmap(uint64_t start, uint64_t len);
  KStatus protect(uint64_t start, uint64_t len, uint32_t prot);

  // Pages mapped and present now, and the most there ever were (Linux's
  // hiwater_rss: /proc/<pid>/status VmHWM, getrusage's ru_maxrss). A copy
  // made by fork starts with its peak at what it copied, as Linux's dup_mm.
  size_t resident_pages() const { return resident_; }
  size_t peak_resident_pages() const { return peak_resident_; }

 private:
  AddressSpace() = default;
  Region* find(uint64_t addr) const;
  bool range_is_free(uint64_t start, uint64_t end) const;
  uint64_t page_flags(uint32_t prot) const;
  void release_pages(uint64_t start, uint64_t end);
  KStatus split_at(uint64_t addr);
  void page_mapped() {
    if (++resident_ > peak_resident_) peak_resident_ = resident_;
  }

  uint64_t root_ = 0;
  Region* regions_ = nullptr;
  uint64_t brk_base_ = 0, brk_end_ = 0;
  size_t resident_ = 0, peak_resident_ = 0;
};

// The page-fault hook for the current process (arch/x86_64/trap.cpp).
}  // namespace mm
