// Usable RAM from an E820-style map, without allocating memory (this runs
// before there is an allocator) and without sorting.
//
// The method: every entry contributes two boundaries, its start and its end.
// Between two consecutive boundaries nothing changes, so each such piece is
// either usable as a whole or not at all; it is enough to test its first
// byte. We walk the pieces in increasing address order, finding each next
// boundary with a linear scan, and append the usable pieces to the output,
// merging a piece into the previous region when they touch.
#include "kernel/lib/memory_map.h"

namespace mem {
namespace {

constexpr uint64_t kPageSize = 4096;
// Ends are exclusive, so 2^64 cannot be written down; ranges are cut at the
// start of the top page instead. Rounding down never exceeds this value.
constexpr uint64_t kTop = UINT64_MAX & ~(kPageSize - 1);

struct Range {
  uint64_t begin, end;  // [begin, end); empty if begin >= end
  bool empty() const { return begin >= end; }
  bool contains(uint64_t address) const { return begin <= address && address < end; }
};

uint64_t round_down(uint64_t x) { return x & ~(kPageSize - 1); }

// Rounded up, or kTop if that would pass it.
uint64_t round_up_capped(uint64_t x) { return x > kTop ? kTop : round_down(x + kPageSize - 1); }

// addr + size, saturating instead of wrapping past 2^64.
uint64_t end_of(uint64_t addr, uint64_t size) { return size > UINT64_MAX - addr ? UINT64_MAX : addr + size; }

// RAM is rounded inward: a partial page at either end is not usable.
Range inward(uint64_t addr, uint64_t size) {
  if (addr > kTop) return {0, 0};
  return {round_up_capped(addr), round_down(end_of(addr, size))};
}

// Anything reserved is rounded outward: a page partly reserved is reserved.
Range outward(uint64_t addr, uint64_t size) {
  if (size == 0) return {0, 0};
  return {round_down(addr), round_up_capped(end_of(addr, size))};
}

struct Inputs {
  const E820Entry* map;
  size_t n;
  const Region* reserved;
  size_t nreserved;
};

bool is_usable_entry(const E820Entry& e) { return e.type == kE820Usable; }
Range range_of_entry(const E820Entry& e) { return is_usable_entry(e) ? inward(e.addr, e.size) : outward(e.addr, e.size); }
Range range_of_reserved(const Region& r) { return outward(r.base, r.size); }

// A byte is usable if some RAM entry covers it and nothing excludes it.
bool is_usable(const Inputs& in, uint64_t address) {
  bool in_ram = false;
  for (size_t i = 0; i < in.n; i++) {
    if (!range_of_entry(in.map[i]).contains(address)) continue;
    if (!is_usable_entry(in.map[i])) return false;
    in_ram = true;
  }
  for (size_t i = 0; i < in.nreserved; i++) {
    if (range_of_reserved(in.reserved[i]).contains(address)) return false;
  }
  return in_ram;
}

// Lowers *best to `candidate` if candidate lies above `after` and below *best.
void consider(uint64_t candidate, uint64_t after, bool* found, uint64_t* best) {
  if (candidate > after && (!*found || candidate < *best)) {
    *found = true;
    *best = candidate;
  }
}

// The smallest boundary (start or end of a non-empty range) above `after`.
bool next_boundary(const Inputs& in, uint64_t after, uint64_t* next) {
  bool found = false;
  for (size_t i = 0; i < in.n; i++) {
    Range r = range_of_entry(in.map[i]);
    if (r.empty()) continue;
    consider(r.begin, after, &found, next);
    consider(r.end, after, &found, next);
  }
  for (size_t i = 0; i < in.nreserved; i++) {
    Range r = range_of_reserved(in.reserved[i]);
    if (r.empty()) continue;
    consider(r.begin, after, &found, next);
    consider(r.end, after, &found, next);
  }
  return found;
}

// Where the walk starts: the lowest start of any RAM range.
bool lowest_ram_start(const Inputs& in, uint64_t* start) {
  bool found = false;
  for (size_t i = 0; i < in.n; i++) {
    Range r = range_of_entry(in.map[i]);
    if (!is_usable_entry(in.map[i]) || r.empty()) continue;
    if (!found || r.begin < *start) *start = r.begin;
    found = true;
  }
  return found;
}

}  // namespace

size_t usable_regions(const E820Entry* map, size_t n, const Region* reserved, size_t nreserved,
                      Region* out, size_t max_out, bool* truncated) {
  Inputs in{map, n, reserved, nreserved};
  size_t count = 0;
  bool dropped = false;

  uint64_t piece_begin = 0;
  bool more = lowest_ram_start(in, &piece_begin);
  while (more) {
    uint64_t piece_end = 0;
    more = next_boundary(in, piece_begin, &piece_end);
    if (!more) break;  // past the last boundary: nothing is RAM any more
    if (is_usable(in, piece_begin)) {
      if (count > 0 && out[count - 1].base + out[count - 1].size == piece_begin) {
        out[count - 1].size += piece_end - piece_begin;
      } else if (count < max_out) {
        out[count++] = Region{piece_begin, piece_end - piece_begin};
      } else {
        dropped = true;
      }
    }
    piece_begin = piece_end;
  }

  if (truncated != nullptr) *truncated = dropped;
  return count;
}

}  // namespace mem
