// Loads and stores to device registers (memory-mapped I/O).
//
// Each access is volatile, so the compiler emits exactly one instruction of
// exactly that width, in program order, and never merges, splits, caches or
// drops it: a device register is not memory, and reading it twice can give
// two answers. The "memory" clobber also keeps the compiler from moving
// ordinary memory accesses (a ring entry written for the device) across the
// register access. The CPU side is settled by the mapping: BARs are mapped
// uncached (paging.cpp), and x86 keeps uncached accesses in program order
// with respect to all other loads and stores.
#pragma once
#include <stdint.h>

namespace mmio {

inline uint8_t read8(const volatile void* p) {
  uint8_t v = *static_cast<const volatile uint8_t*>(p);
  asm volatile("" ::: "memory");
  return v;
}
inline uint16_t read16(const volatile void* p) {
  uint16_t v = *static_cast<const volatile uint16_t*>(p);
  asm volatile("" ::: "memory");
  return v;
}
inline uint32_t read32(const volatile void* p) {
  uint32_t v = *static_cast<const volatile uint32_t*>(p);
  asm volatile("" ::: "memory");
  return v;
}
inline void write8(volatile void* p, uint8_t v) {
  asm volatile("" ::: "memory");
  *static_cast<volatile uint8_t*>(p) = v;
}
inline void write16(volatile void* p, uint16_t v) {
  asm volatile("" ::: "memory");
  *static_cast<volatile uint16_t*>(p) = v;
}
inline void write32(volatile void* p, uint32_t v) {
  asm volatile("" ::: "memory");
  *static_cast<volatile uint32_t*>(p) = v;
}

// p + offset, for register blocks described by their offsets.
inline volatile uint8_t* at(volatile void* base, uint32_t offset) {
  return static_cast<volatile uint8_t*>(base) + offset;
}

}  // namespace mmio
