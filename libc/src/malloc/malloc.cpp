// malloc and friends.
//
// Small blocks come from the heap, the region above the program's data that
// grows with brk (through sbrk). It is managed the way K&R's allocator does
// it: a free list sorted by address, first fit, and neighbours merged on
// free so the heap does not crumble into small pieces. Blocks of 128 KiB or
// more get their own anonymous mmap and go straight back to the kernel on
// free, so one big buffer does not pin the heap.
//
// Every block starts with a 16-byte header; the caller's pointer is just
// after it, so every pointer we return is 16-byte aligned (what x86-64 asks
// of malloc).
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

namespace {

struct Block {
  size_t size;  // whole block, header included: a multiple of 16, plus flags
  Block *next;  // next free block by address (meaningful only while free)
};
static_assert(sizeof(Block) == 16, "the header keeps payloads 16-byte aligned");

// Flags in the low bits of Block::size, free because sizes are multiples of 16.
constexpr size_t kFromMmap = 1;  // block is its own mapping
constexpr size_t kOffsetStub = 2;  // header of an aligned allocation: size is the
                                   // distance back to the real block's payload
constexpr size_t kFlagMask = 15;

constexpr size_t kAlignment = 16;
constexpr size_t kMinBlock = 32;               // header + room for a useful split
constexpr size_t kMmapThreshold = 128 * 1024;  // from here on, a block is a mapping
constexpr size_t kHeapGrowth = 64 * 1024;      // ask sbrk for at least this much
constexpr size_t kPageSize = 4096;

Block *free_list = nullptr;  // free heap blocks, ascending addresses

size_t round_up(size_t n, size_t multiple) { return (n + multiple - 1) / multiple * multiple; }
size_t block_size(const Block *b) { return b->size & ~kFlagMask; }
char *end_of(Block *b) { return reinterpret_cast<char *>(b) + block_size(b); }
void *payload_of(Block *b) { return b + 1; }
Block *header_of(void *p) { return static_cast<Block *>(p) - 1; }

// Put a heap block on the free list, merging it with the blocks right
// before and after it when they are free too.
void insert_free(Block *b) {
  Block *prev = nullptr;
  Block *next = free_list;
  while (next && next < b) {
    prev = next;
    next = next->next;
  }
  b->next = next;
  if (next && end_of(b) == reinterpret_cast<char *>(next)) {
    b->size += block_size(next);
    b->next = next->next;
  }
  if (prev && end_of(prev) == reinterpret_cast<char *>(b)) {
    prev->size += block_size(b);
    prev->next = b->next;
  } else if (prev) {
    prev->next = b;
  } else {
    free_list = b;
  }
}

// Add at least `needed` bytes to the heap; they join the free list.
bool grow_heap(size_t needed) {
  // The break may start unaligned; the first growth also pays for that.
  uintptr_t current = reinterpret_cast<uintptr_t>(sbrk(0));
  size_t misalignment = round_up(current, kAlignment) - current;
  size_t amount = round_up(needed < kHeapGrowth ? kHeapGrowth : needed, kAlignment);
  void *start = sbrk(static_cast<long>(misalignment + amount));
  if (start == reinterpret_cast<void *>(-1)) return false;
  auto *b = reinterpret_cast<Block *>(static_cast<char *>(start) + misalignment);
  b->size = amount;
  insert_free(b);
  return true;
}

// First fit: the first free block that is big enough. A block much bigger
// than needed is split, and the caller gets its tail, so the free part
// stays where it is in the list.
Block *take_free_block(size_t needed) {
  Block *prev = nullptr;
  for (Block *b = free_list; b; prev = b, b = b->next) {
    size_t size = block_size(b);
    if (size < needed) continue;
    if (size - needed >= kMinBlock) {
      b->size = size - needed;
      auto *tail = reinterpret_cast<Block *>(end_of(b));
      tail->size = needed;
      return tail;
    }
    if (prev) prev->next = b->next;
    else free_list = b->next;
    return b;
  }
  return nullptr;
}

Block *map_block(size_t needed) {
  size_t size = round_up(needed, kPageSize);
  void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  auto *b = static_cast<Block *>(p);
  b->size = size | kFromMmap;
  return b;
}

// For a pointer from posix_memalign, find the block it lives in.
Block *real_block_of(void *p) {
  Block *h = header_of(p);
  if (h->size & kOffsetStub) return header_of(static_cast<char *>(p) - block_size(h));
  return h;
}

// Bytes the caller may use at p: up to the end of the block it lives in.
size_t usable_size(void *p) {
  return static_cast<size_t>(end_of(real_block_of(p)) - static_cast<char *>(p));
}

}  // namespace

extern "C" {

void *malloc(size_t size) {
  if (size > SIZE_MAX - kPageSize - sizeof(Block)) {
    errno = ENOMEM;
    return nullptr;
  }
  size_t needed = round_up(size + sizeof(Block), kAlignment);
  if (needed < kMinBlock) needed = kMinBlock;

  Block *b;
  if (needed >= kMmapThreshold) {
    b = map_block(needed);
  } else {
    b = take_free_block(needed);
    if (b == nullptr && grow_heap(needed)) b = take_free_block(needed);
  }
  if (b == nullptr) {
    errno = ENOMEM;
    return nullptr;
  }
  return payload_of(b);
}

void free(void *p) {
  if (p == nullptr) return;
  Block *b = real_block_of(p);
  if (b->size & kFromMmap) munmap(b, block_size(b));
  else insert_free(b);
}

void *calloc(size_t count, size_t size) {
  if (size != 0 && count > SIZE_MAX / size) {
    errno = ENOMEM;
    return nullptr;
  }
  void *p = malloc(count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

void *realloc(void *p, size_t size) {
  if (p == nullptr) return malloc(size);
  if (size == 0) {
    free(p);
    return nullptr;
  }
  size_t available = usable_size(p);
  if (size <= available) return p;
  void *bigger = malloc(size);
  if (bigger == nullptr) return nullptr;
  memcpy(bigger, p, available);
  free(p);
  return bigger;
}

// Over-allocate, then place the caller's pointer at the first aligned spot
// with room for a stub header before it; the stub leads free() back to the
// real block.
int posix_memalign(void **out, size_t alignment, size_t size) {
  if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
  if (alignment <= kAlignment) {
    void *p = malloc(size);
    if (p == nullptr) return ENOMEM;
    *out = p;
    return 0;
  }
  if (size > SIZE_MAX - alignment - sizeof(Block)) return ENOMEM;
  char *raw = static_cast<char *>(malloc(size + alignment + sizeof(Block)));
  if (raw == nullptr) return ENOMEM;
  uintptr_t aligned = round_up(reinterpret_cast<uintptr_t>(raw) + sizeof(Block), alignment);
  char *user = reinterpret_cast<char *>(aligned);
  Block *stub = header_of(user);
  stub->size = static_cast<size_t>(user - raw) | kOffsetStub;
  *out = user;
  return 0;
}

void *aligned_alloc(size_t alignment, size_t size) {
  void *p = nullptr;
  int error = posix_memalign(&p, alignment, size);
  if (error) {
    errno = error;
    return nullptr;
  }
  return p;
}

}  // extern "C"
