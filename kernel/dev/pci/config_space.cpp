// Configuration space through the legacy I/O ports 0xCF8 (address) and
// 0xCFC (data), "configuration mechanism #1" (PCI 3.0 3.2.2.3.2).
//
// Why not the memory-mapped ECAM window (PCIe 7.2.2) at 0xB0000000? It is
// there on this machine: after qboot, the q35 MCH's PCIEXBAR register reads
// 0xb0000001 (enabled, 256 buses), and the E820 map reserves the range. But
// the window exists only because firmware programmed it, and where it is
// comes from the chipset and the firmware (on real machines, from the ACPI
// MCFG table, which Tether does not parse). The port mechanism works on
// every PC from reset, with nothing to discover. What it costs: each access
// is two port operations, with interrupts off in between (below), and only
// the first 256 bytes of each function are reachable, not the 4 KiB of PCIe
// extended space. Nothing Tether needs lives beyond 256: the capability list
// that carries MSI-X and virtio's structures is in the first 256 bytes.
#include "kernel/dev/pci/config_space.h"

#include "arch/x86_64/cpu.h"

namespace pci::config {
namespace {
constexpr uint16_t kAddressPort = 0xcf8;
constexpr uint16_t kDataPort = 0xcfc;

// Bit 31 enables the access; then bus, device, function and the register
// number (the offset's upper six bits: the port reads a whole dword).
uint32_t address_of(Address where, uint8_t offset) {
  return 1u << 31 | uint32_t(where.bus) << 16 | uint32_t(where.slot & 31) << 11 |
         uint32_t(where.function & 7) << 8 | (offset & 0xfc);
}
}  // namespace

// Every access is two port operations: select, then transfer. An interrupt
// handler that touched configuration space in between would change the
// selection under us, so each pair runs with interrupts off.
uint32_t read32(Address where, uint8_t offset) {
  cpu::InterruptGuard guard;
  cpu::outl(kAddressPort, address_of(where, offset));
  return cpu::inl(kDataPort);
}

// Narrower accesses use the matching byte lanes of the data port: the byte
// at offset 0x0e of a dword is port 0xcfe.
uint16_t read16(Address where, uint8_t offset) {
  cpu::InterruptGuard guard;
  cpu::outl(kAddressPort, address_of(where, offset));
  return cpu::inw(kDataPort + (offset & 2));
}

uint8_t read8(Address where, uint8_t offset) {
  cpu::InterruptGuard guard;
  cpu::outl(kAddressPort, address_of(where, offset));
  return cpu::inb(kDataPort + (offset & 3));
}

void write32(Address where, uint8_t offset, uint32_t value) {
  cpu::InterruptGuard guard;
  cpu::outl(kAddressPort, address_of(where, offset));
  cpu::outl(kDataPort, value);
}

void write16(Address where, uint8_t offset, uint16_t value) {
  cpu::InterruptGuard guard;
  cpu::outl(kAddressPort, address_of(where, offset));
  cpu::outw(kDataPort + (offset & 2), value);
}

void write8(Address where, uint8_t offset, uint8_t value) {
  cpu::InterruptGuard guard;
  cpu::outl(kAddressPort, address_of(where, offset));
  cpu::outb(kDataPort + (offset & 3), value);
}

}  // namespace pci::config
