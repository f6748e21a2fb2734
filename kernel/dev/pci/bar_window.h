// Base Address Registers: how big each of a device's register blocks is,
// and where in the physical address space (or I/O port space) it answers.
#pragma once

namespace pci {
class Device;

// Sizes every BAR of `device`, gives each an address in the PCI window,
// fills device->bars[], and turns on memory and I/O decoding for what got an
// address. Prints one line per BAR.
void configure_bars(Device* device);
}  // namespace pci
