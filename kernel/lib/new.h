// Placement new, and the kernel-heap operator new/delete declarations. The
// kernel has no C++ standard library, so it declares these itself.
#pragma once
#include <stddef.h>

inline void* operator new(size_t, void* where) noexcept { return where; }
inline void* operator new[](size_t, void* where) noexcept { return where; }
void* operator new(size_t size);
void* operator new[](size_t size);
void operator delete(void* p) noexcept;
void operator delete(void* p, size_t) noexcept;
void operator delete[](void* p) noexcept;
void operator delete[](void* p, size_t) noexcept;
