// qsort and bsearch.
//
// qsort is a heapsort: short, in place, and O(n log n) even on inputs that
// make a naive quicksort quadratic. Elements are opaque blocks of `size`
// bytes, so the swap is byte by byte.
#include <stdlib.h>

namespace {

using Compare = int (*)(const void *, const void *);

void swap_elements(unsigned char *a, unsigned char *b, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    unsigned char t = a[i];
    a[i] = b[i];
    b[i] = t;
  }
}

// Push element `root` down until the subtree under it (within `count`
// elements) is a max-heap again.
void sift_down(unsigned char *base, size_t root, size_t count, size_t size, Compare compare) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= count) return;
    if (child + 1 < count && compare(base + child * size, base + (child + 1) * size) < 0) ++child;
    if (compare(base + root * size, base + child * size) >= 0) return;
    swap_elements(base + root * size, base + child * size, size);
    root = child;
  }
}

}  // namespace

extern "C" {

void qsort(void *array, size_t count, size_t size, Compare compare) {
  auto *base = static_cast<unsigned char *>(array);
  if (count < 2 || size == 0) return;
  // Build a max-heap, then repeatedly move the maximum to the end.
  for (size_t i = count / 2; i-- > 0;) sift_down(base, i, count, size, compare);
  for (size_t end = count - 1; end > 0; --end) {
    swap_elements(base, base + end * size, size);
    sift_down(base, 0, end, size, compare);
  }
}

void *bsearch(const void *key, const void *array, size_t count, size_t size, Compare compare) {
  auto *base = static_cast<const unsigned char *>(array);
  size_t low = 0, high = count;  // the answer, if any, is in [low, high)
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    const unsigned char *element = base + middle * size;
    int order = compare(key, element);
    if (order == 0) return const_cast<unsigned char *>(element);
    if (order < 0) high = middle;
    else low = middle + 1;
  }
  return nullptr;
}

}  // extern "C"
