// Finding the devices: pci::init() walks bus 0, records each function it
// finds as a pci::Device, gives its BARs addresses, and then offers it to the
// drivers that registered for it.
//
// Enumeration (PCI 3.0 3.2.2.3 and 6.2.1): every (slot, function) address
// is tried; a vendor id of 0xffff means nobody answered. Functions 1-7 are
// only looked at if function 0 says the device is multi-function (bit 7 of
// its header type).
//
// Only bus 0 is scanned. On q35 every device QEMU is given without a bus=
// option sits there (the PCIe root complex), the NIC included. Devices behind
// a bridge would need bus numbers and address windows programmed into the
// bridge first; a bridge is listed but not crossed.
#include "kernel/dev/pci/bar_window.h"
#include "kernel/dev/pci/config_space.h"
#include "kernel/dev/pci/pci.h"
#include "kernel/printk.h"

namespace pci {
namespace {
Device* devices = nullptr;
Device** devices_tail = &devices;
Driver* drivers = nullptr;
Driver** drivers_tail = &drivers;

constexpr uint16_t kNoDevice = 0xffff;
constexpr uint8_t kHeaderMultiFunction = 0x80;
constexpr uint8_t kHeaderTypeMask = 0x7f;

// Class codes (PCI Code and ID Assignment Specification), enough to read
// the boot log.
const char* class_name(uint8_t class_code, uint8_t subclass) {
  switch (class_code) {
    case 0x01: return subclass == 0x06 ? "SATA controller" : "storage controller";
    case 0x02: return "network controller";
    case 0x03: return "display controller";
    case 0x06:
      switch (subclass) {
        case 0x00: return "host bridge";
        case 0x01: return "ISA bridge";
        case 0x04: return "PCI-to-PCI bridge";
        default: return "bridge";
      }
    case 0x0c: return subclass == 0x05 ? "SMBus controller" : "serial bus controller";
    default: return "device";
  }
}

void add_function(config::Address where) {
  Device* d = new Device();
  if (!d) {
    printk("pci: %02x:%02x.%x: out of memory, device ignored", where.bus, where.slot, where.function);
    return;
  }
  d->bus = where.bus;
  d->slot = where.slot;
  d->function = where.function;
  d->vendor_id = config::read16(where, config::kVendorId);
  d->device_id = config::read16(where, config::kDeviceId);
  d->revision = config::read8(where, config::kRevision);
  d->prog_if = config::read8(where, config::kProgIf);
  d->subclass = config::read8(where, config::kSubclass);
  d->class_code = config::read8(where, config::kClassCode);
  d->header_type = config::read8(where, config::kHeaderType) & kHeaderTypeMask;
  if (d->header_type == 0) {
    d->subsystem_vendor_id = config::read16(where, config::kSubsystemVendorId);
    d->subsystem_id = config::read16(where, config::kSubsystemId);
  }
  *devices_tail = d;
  devices_tail = &d->next;

  printk("pci: %02x:%02x.%x %04x:%04x %s (class %02x.%02x)", d->bus, d->slot, d->function, d->vendor_id,
         d->device_id, class_name(d->class_code, d->subclass), d->class_code, d->subclass);
  configure_bars(d);
  if (uint16_t entries = d->msix_table_size())
    printk("pci: %02x:%02x.%x MSI-X capable, %u table entries", d->bus, d->slot, d->function, entries);
  if (d->header_type == 1)
    printk("pci: %02x:%02x.%x bridge to bus %u: not scanned", d->bus, d->slot, d->function,
           config::read8(where, config::kSecondaryBus));
}

void scan_bus(uint8_t bus) {
  for (uint8_t slot = 0; slot < 32; slot++) {
    config::Address function0{bus, slot, 0};
    if (config::read16(function0, config::kVendorId) == kNoDevice) continue;
    add_function(function0);
    if (!(config::read8(function0, config::kHeaderType) & kHeaderMultiFunction)) continue;
    for (uint8_t function = 1; function < 8; function++) {
      config::Address where{bus, slot, function};
      if (config::read16(where, config::kVendorId) != kNoDevice) add_function(where);
    }
  }
}

bool matches(const Driver* driver, const Device* d) {
  return (driver->vendor_id == 0 || driver->vendor_id == d->vendor_id) &&
         (driver->device_id == 0 || driver->device_id == d->device_id);
}
}  // namespace

Driver::Driver(const char* name, uint16_t vendor_id, uint16_t device_id, void (*probe)(Device*))
    : name(name), vendor_id(vendor_id), device_id(device_id), probe(probe) {
  *drivers_tail = this;
  drivers_tail = &next;
}

Device* first_device() { return devices; }

void init() {
  scan_bus(0);
  for (Driver* driver = drivers; driver; driver = driver->next) {
    for (Device* d = devices; d; d = d->next) {
      if (matches(driver, d)) driver->probe(d);
    }
  }
}

}  // namespace pci
