// MSI-X (PCI 3.0 6.8): a device interrupts by writing a message (an
// address and a data word it was given) into memory. On x86 the address
// range 0xFEExxxxx is not memory but the local APICs: the write becomes an
// interrupt on the CPU the address names, at the vector the data names.
//
// The device's MSI-X capability points (through a BAR) at a table with one
// 16-byte entry per interrupt the device can raise. A driver picks entries
// (virtio: one per queue), and this file gives each entry a CPU vector,
// writes the message into it and unmasks it.
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/trap_frame.h"
#include "kernel/dev/pci/config_space.h"
#include "kernel/dev/pci/mmio.h"
#include "kernel/dev/pci/pci.h"
#include "kernel/mm/heap.h"
#include "kernel/printk.h"

namespace pci {
namespace {
// The capability's registers, as offsets from its start (6.8.2).
constexpr uint8_t kMessageControl = 2;
constexpr uint8_t kTableOffsetAndBar = 4;  // bits 2:0 the BAR (BIR), the rest the offset in it
constexpr uint16_t kControlTableSizeMask = 0x7ff;  // table size minus one
constexpr uint16_t kControlFunctionMask = 1 << 14;
constexpr uint16_t kControlEnable = 1 << 15;

// One table entry (6.8.2.6 - 6.8.2.9).
constexpr uint32_t kEntrySize = 16;
constexpr uint32_t kEntryAddressLow = 0;
constexpr uint32_t kEntryAddressHigh = 4;
constexpr uint32_t kEntryData = 8;
constexpr uint32_t kEntryVectorControl = 12;
constexpr uint32_t kVectorControlMasked = 1;

// The x86 message format (Intel SDM vol. 3A, 11.11.1 and 11.11.2). Address:
// 0xFEE in bits 31:20, the destination local APIC id in bits 19:12, physical
// destination mode (bits 3:2 zero). Data: the vector in bits 7:0, fixed
// delivery mode and edge trigger (the other bits zero).
constexpr uint32_t kMessageAddressBase = 0xfee00000;

// Who handles each CPU vector handed to an MSI-X entry. trap::Handler has no
// context pointer, so every MSI-X vector lands in dispatch(), which looks up
// the driver's handler and context by vector number.
struct Route {
  InterruptHandler handler;
  void* ctx;
};
Route routes[256];

void dispatch(TrapFrame* frame) {
  const Route& route = routes[frame->vector & 0xff];
  if (route.handler) route.handler(frame, route.ctx);
}

// The table entry `entry` of device d, or nullptr if the table is not
// inside an assigned memory BAR.
volatile uint8_t* table_entry(const Device* d, uint8_t cap, uint16_t table_size, uint16_t entry) {
  uint32_t location = d->read32(cap + kTableOffsetAndBar);
  int bar = location & 7;
  uint64_t offset = location & ~7u;
  auto* base = static_cast<volatile uint8_t*>(d->bar_virt(bar));
  if (!base || bar >= 6 || offset + uint64_t(table_size) * kEntrySize > d->bars[bar].size) return nullptr;
  return base + offset + uint64_t(entry) * kEntrySize;
}
}  // namespace

uint16_t Device::msix_table_size() const {
  uint8_t cap = find_capability(kCapabilityMsix);
  if (!cap) return 0;
  return (read16(cap + kMessageControl) & kControlTableSizeMask) + 1;
}

KResult<uint8_t> Device::enable_msix_vector(uint16_t entry, InterruptHandler handler, void* ctx) {
  uint8_t cap = find_capability(kCapabilityMsix);
  if (!cap) return KError{ENODEV};
  uint16_t control = read16(cap + kMessageControl);
  uint16_t table_size = (control & kControlTableSizeMask) + 1;
  if (entry >= table_size) return KError{ERANGE};
  volatile uint8_t* registers = table_entry(this, cap, table_size, entry);
  if (!registers) return KError{ENXIO};
  if (!msix_vectors_) {
    msix_vectors_ = static_cast<uint8_t*>(kzalloc(table_size));
    if (!msix_vectors_) return KError{ENOMEM};
  }

  uint8_t vector = msix_vectors_[entry];
  if (!vector) {
    vector = trap::allocate_vector();
    msix_vectors_[entry] = vector;
    trap::register_handler(vector, dispatch);
  }
  {
    cpu::InterruptGuard guard;  // the handler and its context change together
    routes[vector] = Route{handler, ctx};
  }

  // A message is a memory write by the device, so it needs bus mastering
  // like any DMA; without it the write, and the interrupt, never happen.
  enable_bus_mastering();
  if (!(control & kControlEnable)) {
    // Enabled with the whole function masked: no entry can fire while it is
    // being programmed. Entries come out of reset masked (6.8.2.9). Once
    // MSI-X is on the device must not use its INTx pin (6.8.2.3), and
    // setting Interrupt Disable says so to devices that would anyway.
    write16(config::kCommand, read16(config::kCommand) | config::kCommandInterruptDisable);
    control |= kControlEnable | kControlFunctionMask;
    write16(cap + kMessageControl, control);
  }

  // Software must not change the message of an unmasked entry (6.8.2.9):
  // mask, write the message, unmask.
  mmio::write32(registers + kEntryVectorControl, kVectorControlMasked);
  mmio::write32(registers + kEntryAddressLow, kMessageAddressBase | apic::local_apic_id() << 12);
  mmio::write32(registers + kEntryAddressHigh, 0);
  mmio::write32(registers + kEntryData, vector);
  mmio::write32(registers + kEntryVectorControl, 0);
  write16(cap + kMessageControl, control & ~kControlFunctionMask);

  printk("pci: %02x:%02x.%x MSI-X entry %u -> vector 0x%x on APIC %u", bus, slot, function, entry, vector,
         apic::local_apic_id());
  return vector;
}

void Device::release_msix_vector(uint16_t entry) {
  uint8_t cap = find_capability(kCapabilityMsix);
  if (!cap || !msix_vectors_) return;
  uint16_t table_size = (read16(cap + kMessageControl) & kControlTableSizeMask) + 1;
  if (entry >= table_size || !msix_vectors_[entry]) return;
  if (volatile uint8_t* registers = table_entry(this, cap, table_size, entry))
    mmio::write32(registers + kEntryVectorControl, kVectorControlMasked);
  cpu::InterruptGuard guard;
  routes[msix_vectors_[entry]] = Route{nullptr, nullptr};
}

}  // namespace pci
