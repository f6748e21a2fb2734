// A regular file's bytes, page by page. Each page is one physical frame taken
// straight from the frame allocator: kmalloc would add its 16-byte header to
// 4096 bytes and spend two frames on every page.
//
// Invariant: bytes of the last page past size_ are zero, so growing the file
// (truncate, or a write past the end) exposes zeros, as POSIX requires of a
// gap ("reads of data in the gap shall return bytes with the value 0").
#include "kernel/fs/file_data.h"

#include "arch/x86_64/layout.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/mm/heap.h"

namespace fs {
namespace {
// What a page that was never written contains.
const uint8_t zero_page[FileData::kPageSize] = {};

size_t min_size(uint64_t a, uint64_t b) { return size_t(a < b ? a : b); }
size_t pages_for(uint64_t bytes) { return size_t((bytes + FileData::kPageSize - 1) / FileData::kPageSize); }

uint8_t* allocate_page() {
  uint64_t phys = frames::alloc_zeroed();
  return phys ? static_cast<uint8_t*>(layout::phys_to_virt(phys)) : nullptr;
}
void free_page(uint8_t* page) { frames::free(layout::virt_to_phys(page)); }
}  // namespace

KResult<size_t> FileData::read(uint64_t offset, const IoBuffer& buffer, size_t n) const {
  if (offset >= size_) return size_t(0);
  n = min_size(n, size_ - offset);
  size_t done = 0;
  while (done < n) {
    uint64_t position = offset + done;
    size_t index = size_t(position / kPageSize);
    size_t in_page = size_t(position % kPageSize);
    size_t chunk = min_size(kPageSize - in_page, n - done);
    const uint8_t* page = index < page_slots_ && pages_[index] ? pages_[index] : zero_page;
    // One page at a time, so a fault part way still reports what got through.
    if (buffer.write_from(done, page + in_page, chunk).is_error()) break;
    done += chunk;
  }
  if (done == 0) return KError{EFAULT};
  return done;
}

KResult<size_t> FileData::write(uint64_t offset, const IoBuffer& buffer, size_t n) {
  if (n == 0) return size_t(0);
  if (offset >= kMaxSize) return KError{EFBIG};
  n = min_size(n, kMaxSize - offset);  // a write that crosses the limit stops at it
  TRY(ensure_page_slots(pages_for(offset + n)));

  size_t done = 0;
  int error = 0;
  while (done < n) {
    uint64_t position = offset + done;
    size_t index = size_t(position / kPageSize);
    size_t in_page = size_t(position % kPageSize);
    size_t chunk = min_size(kPageSize - in_page, n - done);
    KResult<uint8_t*> page = page_for_write(index);
    if (page.is_error()) {
      error = page.error();
      break;
    }
    if (buffer.read_into(page.value() + in_page, done, chunk).is_error()) {
      // The copy may have stopped part way: bytes it left past the end of the
      // file must go back to zero (the invariant above).
      if (position + chunk > size_) {
        uint64_t from = position > size_ ? position : size_;
        memset(page.value() + (from % kPageSize), 0, size_t(position + chunk - from));
      }
      error = EFAULT;
      break;
    }
    done += chunk;
    if (position + chunk > size_) size_ = position + chunk;
  }
  if (done == 0 && error) return KError{error};
  return done;
}

KStatus FileData::truncate(uint64_t new_size) {
  if (new_size > kMaxSize) return KError{EFBIG};
  if (new_size >= size_) {
    // Growing: the new bytes are zeros already (the invariant), and pages
    // past the old end stay unallocated until written.
    TRY(ensure_page_slots(pages_for(new_size)));
    size_ = new_size;
    return ok();
  }
  size_t keep = pages_for(new_size);
  for (size_t i = keep; i < page_slots_; i++) {
    if (!pages_[i]) continue;
    free_page(pages_[i]);
    pages_[i] = nullptr;
    pages_in_use_--;
  }
  // Zero the tail of the last kept page, so growing again shows zeros.
  size_t in_page = size_t(new_size % kPageSize);
  if (in_page && pages_[keep - 1]) memset(pages_[keep - 1] + in_page, 0, kPageSize - in_page);
  size_ = new_size;
  return ok();
}

void FileData::clear() {
  for (size_t i = 0; i < page_slots_; i++)
    if (pages_[i]) free_page(pages_[i]);
  kfree(pages_);
  pages_ = nullptr;
  page_slots_ = 0;
  pages_in_use_ = 0;
  size_ = 0;
}

// Makes room in the page array for `count` pages (the pages themselves are
// allocated when first written). The array doubles, so appending stays cheap.
KStatus FileData::ensure_page_slots(size_t count) {
  if (count <= page_slots_) return ok();
  size_t slots = page_slots_ ? page_slots_ * 2 : 16;
  if (slots < count) slots = count;
  auto** bigger = static_cast<uint8_t**>(kzalloc(slots * sizeof(uint8_t*)));
  if (!bigger) return KError{ENOMEM};
  if (pages_) memcpy(bigger, pages_, page_slots_ * sizeof(uint8_t*));
  kfree(pages_);
  pages_ = bigger;
  page_slots_ = slots;
  return ok();
}

KResult<uint8_t*> FileData::page_for_write(size_t index) {
  if (!pages_[index]) {
    pages_[index] = allocate_page();
    if (!pages_[index]) return KError{ENOMEM};
    pages_in_use_++;
  }
  return pages_[index];
}

}  // namespace fs
