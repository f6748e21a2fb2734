// Raw access to PCI configuration space: the 256 bytes of registers every
// PCI function has, addressed by bus, device (slot), function and offset.
// pci::Device wraps these for drivers; only the bus scan uses them directly.
#pragma once
#include <stdint.h>

namespace pci::config {

// The address of one function's configuration space.
struct Address {
  uint8_t bus;
  uint8_t slot;      // 0..31
  uint8_t function;  // 0..7
};

// offset: 0..255, naturally aligned for the access size.
uint32_t read32(Address where, uint8_t offset);
uint16_t read16(Address where, uint8_t offset);
uint8_t read8(Address where, uint8_t offset);
void write32(Address where, uint8_t offset, uint32_t value);
void write16(Address where, uint8_t offset, uint16_t value);
void write8(Address where, uint8_t offset, uint8_t value);

// Standard header registers (PCI 3.0 6.1, figure 6-1), the ones Tether uses.
constexpr uint8_t kVendorId = 0x00;      // 16 bits; 0xffff: no function here
constexpr uint8_t kDeviceId = 0x02;
constexpr uint8_t kCommand = 0x04;
constexpr uint8_t kStatus = 0x06;
constexpr uint8_t kRevision = 0x08;
constexpr uint8_t kProgIf = 0x09;
constexpr uint8_t kSubclass = 0x0a;
constexpr uint8_t kClassCode = 0x0b;
constexpr uint8_t kHeaderType = 0x0e;    // bit 7: multi-function device
constexpr uint8_t kBar0 = 0x10;          // BARs: 4 bytes each, 6 of them (type 0), 2 (type 1)
constexpr uint8_t kSubsystemVendorId = 0x2c;
constexpr uint8_t kSubsystemId = 0x2e;
constexpr uint8_t kCapabilitiesPointer = 0x34;
constexpr uint8_t kSecondaryBus = 0x19;  // type 1 (bridge) header

// Command register bits (PCI 3.0 6.2.2).
constexpr uint16_t kCommandIoSpace = 1 << 0;
constexpr uint16_t kCommandMemorySpace = 1 << 1;
constexpr uint16_t kCommandBusMaster = 1 << 2;
constexpr uint16_t kCommandInterruptDisable = 1 << 10;  // INTx off (MSI-X needs no pin)
// Status register: the capabilities list is valid (PCI 3.0 6.2.3).
constexpr uint16_t kStatusCapabilitiesList = 1 << 4;

}  // namespace pci::config
