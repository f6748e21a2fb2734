// BAR sizing and assignment: the job firmware usually does before the
// kernel runs. qboot does not (QEMU's `info pci` shows every BAR at
// 0xffffffffffffffff with decoding off), so Tether does it here.
//
// Sizing (PCI 3.0 6.2.5.1): a BAR's low address bits are hardwired to zero,
// as many as its size needs. Write all ones, read back: the bits that stayed
// zero give the size, the lowest bits give the type. Then restore it.
//
// Assignment: a bump allocator over two windows, each BAR naturally aligned
// (a 16 KiB BAR at a multiple of 16 KiB, as 6.2.5.1 requires):
//
//   memory 0xc0000000 .. 0xfec00000   On q35, RAM below 4 GiB ends at 2 GiB
//                                     (or at the RAM size, if smaller), then
//                                     comes the ECAM window at 0xb0000000
//                                     (256 MiB, reserved in the E820 map
//                                     whether or not it is decoded), and the
//                                     I/O APIC at 0xfec00000. Between them is
//                                     free for PCI. 64-bit BARs go here too:
//                                     below 4 GiB, the kernel's direct map
//                                     already covers them, uncached.
//   I/O    0xc000 .. 0x10000          above every legacy ISA port, as PC
//                                     firmware does.
//
// Nothing is ever freed: devices do not come and go on this machine.
#include "kernel/dev/pci/bar_window.h"

#include "kernel/dev/pci/config_space.h"
#include "kernel/dev/pci/pci.h"
#include "kernel/printk.h"

namespace pci {
namespace {
constexpr uint64_t kMemoryWindowStart = 0xc0000000;
constexpr uint64_t kMemoryWindowEnd = 0xfec00000;
constexpr uint64_t kIoWindowStart = 0xc000;
constexpr uint64_t kIoWindowEnd = 0x10000;
// Memory BARs smaller than a page still get a page of their own, so no two
// devices ever share a page (one mapping, one owner).
constexpr uint64_t kMinimumMemoryBar = 4096;

uint64_t next_memory = kMemoryWindowStart;
uint64_t next_io = kIoWindowStart;

// BAR low bits (PCI 3.0 figures 6-5 and 6-6).
constexpr uint32_t kBarIoSpace = 1 << 0;
constexpr uint32_t kBarType64 = 2 << 1;  // bits 2:1 == 10b: 64-bit memory BAR
constexpr uint32_t kBarTypeMask = 3 << 1;
constexpr uint32_t kBarPrefetchable = 1 << 3;
constexpr uint32_t kBarMemoryAddressMask = ~0xfu;
constexpr uint32_t kBarIoAddressMask = ~0x3u;

// Takes `size` bytes, aligned to `size`, from [*next, end). 0 if it does not fit.
uint64_t allocate(uint64_t* next, uint64_t end, uint64_t size) {
  uint64_t base = (*next + size - 1) & ~(size - 1);
  if (base < *next || base > end || size > end - base) return 0;
  *next = base + size;
  return base;
}

// Writes all ones to the BAR register at `offset`, returns what reads back,
// and puts the original value back.
uint32_t probe_register(config::Address where, uint8_t offset) {
  uint32_t original = config::read32(where, offset);
  config::write32(where, offset, 0xffffffff);
  uint32_t mask = config::read32(where, offset);
  config::write32(where, offset, original);
  return mask;
}

// Sizes the BAR at index i; returns how many slots it takes (2 for 64-bit).
int size_bar(config::Address where, int i, Bar* bar) {
  uint8_t offset = config::kBar0 + 4 * i;
  uint32_t low = config::read32(where, offset);
  uint32_t mask = probe_register(where, offset);
  *bar = Bar{};
  if (mask == 0) return 1;  // no BAR in this slot (reads back 0)
  if (low & kBarIoSpace) {
    // I/O BARs may leave the upper 16 bits reading as zero (x86 ports are
    // 16-bit); count them as ones so they do not inflate the size.
    uint32_t address_bits = (mask & kBarIoAddressMask) | 0xffff0000;
    bar->size = uint32_t(~address_bits + 1);
    return 1;
  }
  bar->is_mmio = true;
  bar->prefetchable = low & kBarPrefetchable;
  uint64_t address_bits = mask & kBarMemoryAddressMask;
  if ((low & kBarTypeMask) == kBarType64 && i < 5) {
    bar->is_64bit = true;
    address_bits |= uint64_t(probe_register(where, offset + 4)) << 32;
  } else {
    address_bits |= 0xffffffff00000000ull;  // a 32-bit BAR: the upper half is fixed
  }
  bar->size = ~address_bits + 1;
  return bar->is_64bit ? 2 : 1;
}

void print_bar(const Device* d, int i, const Bar& bar) {
  const char* kind = !bar.is_mmio ? "io   " : bar.is_64bit ? "mem64" : "mem32";
  // Sizes are powers of two: print them in the largest unit that divides them.
  uint64_t size = bar.size;
  const char* unit = "bytes";
  if (size >= (1 << 20) && !(size & ((1 << 20) - 1))) size >>= 20, unit = "MiB";
  else if (size >= 1024 && !(size & 1023)) size >>= 10, unit = "KiB";
  if (!bar.address) {
    printk("pci: %02x:%02x.%x BAR%d %s %lu %s: no room in the window, left unassigned", d->bus, d->slot,
           d->function, i, kind, size, unit);
    return;
  }
  printk("pci: %02x:%02x.%x BAR%d %s %08lx-%08lx (%lu %s%s)", d->bus, d->slot, d->function, i, kind, bar.address,
         bar.address + bar.size - 1, size, unit, bar.prefetchable ? ", prefetchable" : "");
}
}  // namespace

void configure_bars(Device* d) {
  config::Address where{d->bus, d->slot, d->function};
  // Decoding off while BARs hold all ones: the device must not answer at
  // whatever address that happens to mean (PCI 3.0 6.2.5.1, implementation note).
  uint16_t command = config::read16(where, config::kCommand);
  command &= ~(config::kCommandIoSpace | config::kCommandMemorySpace);
  config::write16(where, config::kCommand, command);

  // A type 0 header has six BARs, a bridge (type 1) two.
  int count = d->header_type == 0 ? 6 : d->header_type == 1 ? 2 : 0;
  for (int i = 0; i < count;) {
    Bar& bar = d->bars[i];
    int slots = size_bar(where, i, &bar);
    if (bar.size) {
      uint8_t offset = config::kBar0 + 4 * i;
      if (bar.is_mmio) {
        uint64_t size = bar.size < kMinimumMemoryBar ? kMinimumMemoryBar : bar.size;
        bar.address = allocate(&next_memory, kMemoryWindowEnd, size);
      } else {
        bar.address = allocate(&next_io, kIoWindowEnd, bar.size);
      }
      if (bar.address) {
        // The low bits are read-only type bits; writing the address is enough.
        config::write32(where, offset, uint32_t(bar.address));
        if (bar.is_64bit) config::write32(where, offset + 4, uint32_t(bar.address >> 32));
        command |= bar.is_mmio ? config::kCommandMemorySpace : config::kCommandIoSpace;
      }
      print_bar(d, i, bar);
    }
    i += slots;
  }
  config::write16(where, config::kCommand, command);
}

}  // namespace pci
