// The PCI bus, as drivers see it: a list of devices found at boot, each with
// its configuration space, its BARs (already sized, assigned and decoding),
// its capability list and its MSI-X interrupts.
//
//   pci::for_each(0x1af4, 0, [](pci::Device* dev) { ... });   // every virtio device
//
// qboot leaves BARs unassigned, so pci::init() does what firmware usually
// does: it sizes every BAR and places it in the q35 PCI hole (bar_window.cpp).
// A driver never assigns addresses itself; it asks bar_virt() for a pointer.
//
// Spec references are to the PCI Local Bus Specification 3.0 ("PCI 3.0") and
// the PCI Express Base Specification ("PCIe").
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

struct TrapFrame;

namespace pci {

// Capability IDs (PCI 3.0 appendix H) that Tether looks for.
constexpr uint8_t kCapabilityMsi = 0x05;
constexpr uint8_t kCapabilityVendor = 0x09;  // virtio's capabilities use this id
constexpr uint8_t kCapabilityPciExpress = 0x10;
constexpr uint8_t kCapabilityMsix = 0x11;

// One Base Address Register, after pci::init() has sized and assigned it.
// size == 0 means the BAR is not implemented (or is the upper half of the
// 64-bit BAR before it).
struct Bar {
  uint64_t address;  // physical (memory) or port number (I/O); 0 if unassigned
  uint64_t size;     // bytes, a power of two
  bool is_mmio;      // memory space; false: I/O port space
  bool is_64bit;     // takes two BAR slots (this one and the next)
  bool prefetchable;
};

using InterruptHandler = void (*)(TrapFrame* frame, void* ctx);

class Device {
 public:
  uint8_t bus, slot, function;
  uint16_t vendor_id, device_id;
  uint16_t subsystem_vendor_id, subsystem_id;
  uint8_t class_code, subclass, prog_if, revision;
  uint8_t header_type;  // 0: endpoint, 1: PCI-to-PCI bridge (bit 7 masked off)
  Bar bars[6];

  // Configuration space, the first 256 bytes (config_space.cpp says why not
  // more); beyond them reads give all ones and writes are dropped. Offsets
  // must be naturally aligned for their size.
  uint8_t read8(uint16_t offset) const;
  uint16_t read16(uint16_t offset) const;
  uint32_t read32(uint16_t offset) const;
  void write8(uint16_t offset, uint8_t value);
  void write16(uint16_t offset, uint16_t value);
  void write32(uint16_t offset, uint32_t value);

  // Offset of the first capability with this id after `start` (0: from the
  // head of the list). 0 if there is none. Call again with the result as
  // `start` to find the next one of the same id.
  uint8_t find_capability(uint8_t id, uint8_t start = 0) const;

  // A kernel pointer to a memory BAR (through the direct map, uncached), or
  // nullptr if the BAR is not an assigned memory BAR.
  void* bar_virt(int bar) const;

  // The command register's bus-master bit: lets the device read and write
  // RAM by DMA (PCI 3.0 6.2.2). Decoding is already on after pci::init().
  void enable_bus_mastering();

  // MSI-X (PCI 3.0 6.8.2, msix.cpp). Routes table entry `entry` to a fresh
  // CPU vector on this CPU's local APIC, installs handler(frame, ctx) for it,
  // unmasks the entry and enables MSI-X on the device (which turns INTx off).
  // Returns the CPU vector. ENODEV: no MSI-X capability; ERANGE: entry is past
  // the table; ENXIO: the table's BAR is not mapped. Calling it again for the
  // same entry reuses the vector and replaces the handler.
  KResult<uint8_t> enable_msix_vector(uint16_t entry, InterruptHandler handler, void* ctx);
  // Masks the entry and forgets its handler (the CPU vector stays reserved
  // for this entry, for the next enable). For a driver that resets its device.
  void release_msix_vector(uint16_t entry);
  // Number of entries in the MSI-X table, 0 without MSI-X.
  uint16_t msix_table_size() const;

  // One driver owns a device. claim() returns false if another already has.
  bool claim(const char* driver_name);
  void unclaim() { driver_ = nullptr; }
  const char* driver() const { return driver_; }

  Device* next = nullptr;  // the registry's list, in bus order

 private:
  const char* driver_ = nullptr;
  uint8_t* msix_vectors_ = nullptr;  // CPU vector per MSI-X entry, 0 = none yet
};

// Scans bus 0, assigns BARs, turns on decoding, prints each device, then
// offers each device to the registered drivers. Called once, after paging
// and the APIC are up.
void init();

// The first device found (then follow ->next), or nullptr.
Device* first_device();

// Calls fn(Device*) for each device with this vendor id (0 = any vendor) and
// device id (0 = any device).
template <typename Fn>
void for_each(uint16_t vendor, uint16_t device, Fn fn) {
  for (Device* d = first_device(); d; d = d->next) {
    if ((vendor == 0 || d->vendor_id == vendor) && (device == 0 || d->device_id == device)) fn(d);
  }
}

// A driver that wants to be offered devices during pci::init(). Declare one
// as a global; its constructor registers it (like sysctl settings), and
// pci::init() calls probe() for each matching device, in registration order.
// probe() should claim() a device it keeps.
struct Driver {
  Driver(const char* name, uint16_t vendor_id, uint16_t device_id, void (*probe)(Device*));
  const char* name;
  uint16_t vendor_id;  // 0 = any
  uint16_t device_id;  // 0 = any
  void (*probe)(Device* device);
  Driver* next = nullptr;
};

}  // namespace pci
