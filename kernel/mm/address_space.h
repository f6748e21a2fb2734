// A process's user address space: its page tables and the list of regions
// (VMAs) it may touch. Anonymous memory (stack, heap, mmap) is allocated
// lazily: a region is only a promise until the first access faults a zeroed
// page in. fork copies every page that exists (no copy-on-write: simpler to
// read, and fast enough for the programs Tether runs).
//
// The space counts its regions as Linux's mm_struct does (total_vm, data_vm,
// stack_vm: /proc/<pid>/status VmSize, VmData, VmStk), and every call that
// grows it checks RLIMIT_AS and RLIMIT_DATA first (Linux's may_expand_vm).
// The limits come from the caller (kernel/proc knows the process; mm does
// not), as a SpaceLimits.
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
  bool stack;    // Linux's VM_STACK: execve's stack, MAP_GROWSDOWN
  Region* next;  // sorted by start
};

// RLIMIT_AS and RLIMIT_DATA soft limits in bytes (kUnlimited: none), and
// RLIMIT_DATA's hard limit, which a soft limit of 0 defers to (Linux's
// workaround for Valgrind in may_expand_vm).
constexpr uint64_t kUnlimited = ~0ull;
struct SpaceLimits {
  uint64_t total = kUnlimited, data = kUnlimited, data_hard = kUnlimited;
};

// How map_anonymous places a mapping (from mmap's flags).
constexpr uint32_t kMapAtHint = 1;     // MAP_FIXED: exactly at hint, replacing what is there
constexpr uint32_t kMapGrowsDown = 2;  // MAP_GROWSDOWN: a stack region (never data)

class AddressSpace {
 public:
  static AddressSpace* create();  // nullptr when out of memory
  ~AddressSpace();
  AddressSpace(const AddressSpace&) = delete;
  AddressSpace& operator=(const AddressSpace&) = delete;

  uint64_t root() const { return root_; }

  // Declares [start, start+len) usable with prot; ENOMEM, or EINVAL on
  // overlap. Not checked against limits (execve checks the whole space
  // with fits, fork copies).
  KStatus add_region(uint64_t start, uint64_t len, uint32_t prot, bool stack = false);
  // Copies bytes into the space (exec), allocating pages; works on read-only regions.
  KStatus write(uint64_t va, const void* src, size_t n);
  // A page fault at addr.
  FaultResult handle_fault(uint64_t addr, uint64_t error_code);
  // fork: a deep copy. nullptr when out of memory.
  AddressSpace* clone() const;

  // brk(2): Linux semantics, returns the (new or unchanged) break.
  uint64_t brk(uint64_t requested, const SpaceLimits& limits);
  // execve: the heap starts at base; data_segment_bytes is what Linux's
  // end_data - start_data is (the file bytes of the highest segment), which
  // brk counts with the heap against RLIMIT_DATA.
  void set_program_break(uint64_t base, uint64_t data_segment_bytes) {
    brk_base_ = brk_end_ = base;
    data_segment_bytes_ = data_segment_bytes;
  }
  // mmap/munmap/mprotect/mremap for anonymous private memory. `how`: kMapAtHint, kMapGrowsDown.
  KResult<uint64_t> map_anonymous(uint64_t hint, uint64_t len, uint32_t prot, uint32_t how, const SpaceLimits& limits);
  KStatus unmap(uint64_t start, uint64_t len);
  KStatus protect(uint64_t start, uint64_t len, uint32_t prot, const SpaceLimits& limits);
  // mremap(2) with lengths page-rounded and new_len > 0 (the syscall checks
  // flags and alignment). fixed_at: MREMAP_FIXED's address, or nullptr.
  KResult<uint64_t> remap(uint64_t start, uint64_t old_len, uint64_t new_len, bool may_move, const uint64_t* fixed_at,
                          const SpaceLimits& limits);
  // Does the whole space keep within the limits? (execve, before its point
  // of no return.)
  bool fits(const SpaceLimits& limits) const { return may_expand(0, true, limits); }

  // Pages of regions, present or not: all of them (VmSize), the data ones
  // (private, writable, not a stack: VmData), the stack ones (VmStk).
  size_t mapped_pages() const { return mapped_pages_; }
  size_t data_pages() const { return data_pages_; }
  size_t stack_pages() const { return stack_pages_; }

  // Pages mapped and present now, and the most there ever were (Linux's
  // hiwater_rss: /proc/<pid>/status VmHWM, getrusage's ru_maxrss). A copy
  // made by fork starts with its peak at what it copied, as Linux's dup_mm.
  size_t resident_pages() const { return resident_; }
  size_t peak_resident_pages() const { return peak_resident_; }

 private:
  AddressSpace() = default;
  Region* find(uint64_t addr) const;
  bool range_is_free(uint64_t start, uint64_t end) const;
  KResult<uint64_t> find_free_range(uint64_t hint, uint64_t len) const;
  uint64_t pages_mapped_in(uint64_t start, uint64_t end) const;
  bool may_expand(uint64_t pages, bool data, const SpaceLimits& limits) const;
  void count(const Region& r, bool added);
  void merge_neighbours();
  KStatus move_pages(uint64_t from, uint64_t to, uint64_t len);
  uint64_t page_flags(uint32_t prot) const;
  void release_pages(uint64_t start, uint64_t end);
  KStatus split_at(uint64_t addr);
  void page_mapped() {
    if (++resident_ > peak_resident_) peak_resident_ = resident_;
  }

  uint64_t root_ = 0;
  Region* regions_ = nullptr;
  uint64_t brk_base_ = 0, brk_end_ = 0, data_segment_bytes_ = 0;
  size_t resident_ = 0, peak_resident_ = 0;
  size_t mapped_pages_ = 0, data_pages_ = 0, stack_pages_ = 0;
};

// The page-fault hook for the current process (arch/x86_64/trap.cpp).
}  // namespace mm
