// The kernel heap: kmalloc/kfree, and operator new/delete on top of them.
// Small blocks come from per-size free lists carved out of whole frames;
// blocks over 2 KiB get their own run of contiguous frames. Every block has a
// 16-byte header recording its size, so kfree needs no size and can catch a
// double free.
#pragma once
#include <stddef.h>

void* kmalloc(size_t size);   // nullptr when memory is exhausted
void* kzalloc(size_t size);   // zeroed
void kfree(void* p);
size_t heap_bytes_in_use();
