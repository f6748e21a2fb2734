// pci::Device: one PCI function as a driver sees it. Configuration space
// accessors, the capability list, BAR pointers, bus mastering, ownership.
// (MSI-X is in msix.cpp.)
#include "arch/x86_64/layout.h"
#include "kernel/dev/pci/config_space.h"
#include "kernel/dev/pci/pci.h"

namespace pci {
namespace {
config::Address address_of(const Device* d) { return {d->bus, d->slot, d->function}; }

// Capabilities live after the 64-byte standard header, and each takes at
// least 4 bytes: a list longer than this is a loop (a broken or hostile
// device), and the walk stops instead of spinning.
constexpr int kMaxCapabilities = (256 - 64) / 4;
constexpr uint8_t kFirstCapabilityOffset = 0x40;
}  // namespace

// Only the first 256 bytes are reachable (config_space.cpp). Past them, a
// read answers all ones, as a read from an absent device does, and a write
// is dropped: an offset must never wrap around onto the header.
constexpr uint16_t kConfigSpaceSize = 256;

uint8_t Device::read8(uint16_t offset) const {
  return offset < kConfigSpaceSize ? config::read8(address_of(this), uint8_t(offset)) : 0xff;
}
uint16_t Device::read16(uint16_t offset) const {
  return offset < kConfigSpaceSize ? config::read16(address_of(this), uint8_t(offset)) : 0xffff;
}
uint32_t Device::read32(uint16_t offset) const {
  return offset < kConfigSpaceSize ? config::read32(address_of(this), uint8_t(offset)) : 0xffffffff;
}
void Device::write8(uint16_t offset, uint8_t value) {
  if (offset < kConfigSpaceSize) config::write8(address_of(this), uint8_t(offset), value);
}
void Device::write16(uint16_t offset, uint16_t value) {
  if (offset < kConfigSpaceSize) config::write16(address_of(this), uint8_t(offset), value);
}
void Device::write32(uint16_t offset, uint32_t value) {
  if (offset < kConfigSpaceSize) config::write32(address_of(this), uint8_t(offset), value);
}

// The capability list (PCI 3.0 6.7): a singly linked list through
// configuration space. Its head is at 0x34; each entry starts with its id
// byte and the offset of the next entry (0 ends the list). The low two bits
// of every pointer are reserved and must be masked off.
uint8_t Device::find_capability(uint8_t id, uint8_t start) const {
  if (start != 0 && start < kFirstCapabilityOffset) return 0;
  if (!(read16(config::kStatus) & config::kStatusCapabilitiesList)) return 0;
  uint8_t offset = start ? read8(start + 1) : read8(config::kCapabilitiesPointer);
  for (int i = 0; i < kMaxCapabilities; i++) {
    offset &= 0xfc;
    if (offset < kFirstCapabilityOffset) return 0;  // 0 is the end; anything else below is bogus
    if (read8(offset) == id) return offset;
    offset = read8(offset + 1);
  }
  return 0;
}

void* Device::bar_virt(int bar) const {
  if (bar < 0 || bar >= 6) return nullptr;
  const Bar& b = bars[bar];
  if (!b.is_mmio || !b.address || !b.size) return nullptr;
  // The direct map covers all of 0-4 GiB and maps what is not RAM uncached
  // (paging.cpp); bar_window.cpp keeps every BAR below 4 GiB.
  if (b.address + b.size > (4ull << 30)) return nullptr;
  return layout::phys_to_virt(b.address);
}

void Device::enable_bus_mastering() {
  write16(config::kCommand, read16(config::kCommand) | config::kCommandBusMaster);
}

bool Device::claim(const char* driver_name) {
  if (driver_) return false;
  driver_ = driver_name;
  return true;
}

}  // namespace pci
