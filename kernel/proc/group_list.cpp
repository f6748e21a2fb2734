#include "kernel/proc/group_list.h"

#include "kernel/lib/new.h"
#include "kernel/mm/heap.h"

GroupList* GroupList::create(size_t count) {
  if (count > kMaxGroups) return nullptr;
  void* memory = kmalloc(sizeof(GroupList) + count * sizeof(uint32_t));
  if (!memory) return nullptr;
  return new (memory) GroupList(count);
}

void GroupList::unref() {
  if (--refcount_ > 0) return;
  this->~GroupList();
  kfree(this);
}

namespace {
// Moves a[root] down the heap a[0..n) until both children are smaller.
void sift_down(uint32_t* a, size_t root, size_t n) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n) return;
    if (child + 1 < n && a[child + 1] > a[child]) child++;
    if (a[root] >= a[child]) return;
    uint32_t t = a[root];
    a[root] = a[child];
    a[child] = t;
    root = child;
  }
}
}  // namespace

// Heapsort: in place, no recursion, n log n even for 65536 ids.
void GroupList::sort() {
  uint32_t* a = ids();
  for (size_t i = count_ / 2; i-- > 0;) sift_down(a, i, count_);
  for (size_t end = count_; end > 1; end--) {
    uint32_t t = a[0];
    a[0] = a[end - 1];
    a[end - 1] = t;
    sift_down(a, 0, end - 1);
  }
}

bool GroupList::contains(uint32_t gid) const {
  const uint32_t* a = ids();
  size_t low = 0, high = count_;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (a[middle] == gid) return true;
    if (a[middle] < gid) low = middle + 1;
    else high = middle;
  }
  return false;
}
