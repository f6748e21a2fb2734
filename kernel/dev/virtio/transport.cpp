// The virtio 1.x PCI transport (virtio 1.x section 4.1). See transport.h.
//
// A modern virtio PCI device describes where its registers are with vendor
// capabilities (4.1.4): each one names a BAR, an offset and a length, and a
// cfg_type saying which of the register blocks it is:
//
//   common configuration  status, features, queue setup (4.1.4.3)
//   notifications         where to write to kick a queue (4.1.4.4)
//   ISR status            for INTx interrupts; unused with MSI-X (4.1.4.5)
//   device configuration  device-specific: a NIC's MAC address, ... (4.1.4.6)
#include "kernel/dev/virtio/transport.h"

#include "kernel/dev/pci/mmio.h"
#include "kernel/lib/new.h"
#include "kernel/printk.h"

namespace virtio {
namespace {

// struct virtio_pci_cap (4.1.4), as offsets from the capability's start.
constexpr uint8_t kCapConfigType = 3;
constexpr uint8_t kCapBar = 4;
constexpr uint8_t kCapOffset = 8;
constexpr uint8_t kCapLength = 12;
constexpr uint8_t kCapNotifyOffMultiplier = 16;  // only in the notification capability

constexpr uint8_t kCommonConfig = 1;  // VIRTIO_PCI_CAP_COMMON_CFG
constexpr uint8_t kNotifyConfig = 2;  // VIRTIO_PCI_CAP_NOTIFY_CFG
constexpr uint8_t kIsrConfig = 3;     // VIRTIO_PCI_CAP_ISR_CFG
constexpr uint8_t kDeviceConfig = 4;  // VIRTIO_PCI_CAP_DEVICE_CFG

// struct virtio_pci_common_cfg (4.1.4.3), as offsets.
constexpr uint32_t kDeviceFeatureSelect = 0x00;
constexpr uint32_t kDeviceFeature = 0x04;
constexpr uint32_t kDriverFeatureSelect = 0x08;
constexpr uint32_t kDriverFeature = 0x0c;
constexpr uint32_t kConfigMsixVector = 0x10;
constexpr uint32_t kNumQueues = 0x12;
constexpr uint32_t kDeviceStatus = 0x14;
constexpr uint32_t kConfigGeneration = 0x15;
constexpr uint32_t kQueueSelect = 0x16;  // the queue_* fields below are those of the selected queue
constexpr uint32_t kQueueSize = 0x18;
constexpr uint32_t kQueueMsixVector = 0x1a;
constexpr uint32_t kQueueEnable = 0x1c;
constexpr uint32_t kQueueNotifyOff = 0x1e;
constexpr uint32_t kQueueDesc = 0x20;
constexpr uint32_t kQueueDriver = 0x28;
constexpr uint32_t kQueueDevice = 0x30;
constexpr uint32_t kCommonConfigMinimumLength = 0x38;

constexpr uint16_t kNoVector = 0xffff;  // VIRTIO_MSI_NO_VECTOR (4.1.5.1.2)
constexpr uint16_t kConfigChangeEntry = 0;  // MSI-X entry 0: config changes; entry i + 1: queue i

// PCI device ids (4.1.2): 0x1040 + type for modern-only devices; 0x1000 -
// 0x103f for transitional ones (legacy and modern registers both), whose
// type is the PCI subsystem id.
constexpr uint16_t kModernDeviceIdBase = 0x1040;
constexpr uint16_t kTransitionalFirst = 0x1000;
constexpr uint16_t kTransitionalLast = 0x103f;

// Feature bits that belong to the device type: 0-23 and 50 up (6). The ones
// in between are the transport's; it accepts only those it implements.
constexpr uint64_t kDeviceTypeFeatures = ((1ull << 24) - 1) | ~((1ull << 50) - 1);
constexpr uint64_t kTransportFeatures = kFeatureVersion1 | kFeatureRingEventIdx;

// How long to wait for a reset to finish. QEMU resets synchronously; real
// hardware may take a while, but not forever.
constexpr int kResetPolls = 1000000;

const char* type_name(uint16_t type) {
  switch (type) {
    case kDeviceNet: return "net";
    case kDeviceBlock: return "block";
    case kDeviceConsole: return "console";
    case kDeviceEntropy: return "entropy";
    default: return "unknown";
  }
}

// The register block a capability points at, if it lies inside an assigned
// memory BAR; nullptr otherwise (a capability we cannot use).
volatile uint8_t* map_region(const pci::Device* dev, uint8_t cap, uint32_t* length) {
  uint8_t bar = dev->read8(cap + kCapBar);
  uint32_t offset = dev->read32(cap + kCapOffset);
  *length = dev->read32(cap + kCapLength);
  if (bar >= 6) return nullptr;
  auto* base = static_cast<volatile uint8_t*>(dev->bar_virt(bar));
  if (!base || uint64_t(offset) + *length > dev->bars[bar].size) return nullptr;
  return base + offset;
}

void write64(volatile uint8_t* p, uint64_t value) {
  // 4.1.3.1: a 64-bit field may be written as two 32-bit halves.
  mmio::write32(p, uint32_t(value));
  mmio::write32(p + 4, uint32_t(value >> 32));
}
}  // namespace

KResult<Transport*> Transport::probe(pci::Device* dev) {
  if (!dev || dev->vendor_id != kVendorId) return KError{ENODEV};
  uint16_t type;
  if (dev->device_id >= kModernDeviceIdBase && dev->device_id < kModernDeviceIdBase + 0x40) {
    type = dev->device_id - kModernDeviceIdBase;
  } else if (dev->device_id >= kTransitionalFirst && dev->device_id <= kTransitionalLast) {
    type = dev->subsystem_id;
  } else {
    return KError{ENODEV};
  }

  auto* t = new Transport();
  if (!t) return KError{ENOMEM};
  t->device_ = dev;
  t->device_type_ = type;
  // 4.1.4.1: a device may offer several capabilities of one type; the driver
  // uses the first it can, so a later one never overrides an earlier one.
  uint32_t common_length = 0;
  for (uint8_t cap = dev->find_capability(pci::kCapabilityVendor); cap;
       cap = dev->find_capability(pci::kCapabilityVendor, cap)) {
    uint32_t length;
    volatile uint8_t* region = map_region(dev, cap, &length);
    if (!region) continue;
    uint8_t type_of_block = dev->read8(cap + kCapConfigType);
    if (type_of_block == kCommonConfig && !t->common_ && length >= kCommonConfigMinimumLength) {
      t->common_ = region;
      common_length = length;
    } else if (type_of_block == kNotifyConfig && !t->notify_base_) {
      t->notify_base_ = region;
      t->notify_length_ = length;
      t->notify_off_multiplier_ = dev->read32(cap + kCapNotifyOffMultiplier);
    } else if (type_of_block == kIsrConfig && !t->isr_ && length >= 1) {
      t->isr_ = region;
    } else if (type_of_block == kDeviceConfig && !t->device_config_) {
      t->device_config_ = region;
      t->device_config_length_ = length;
    }
  }
  // Without these it is a legacy-only device (or a broken one): not ours.
  if (!t->common_ || !t->notify_base_ || !t->isr_) {
    printk("virtio: %02x:%02x.%x has no usable modern virtio capabilities", dev->bus, dev->slot, dev->function);
    delete t;
    return KError{ENODEV};
  }
  printk("virtio: %02x:%02x.%x %s device: common %u bytes, notify %u bytes (x%u), device config %u bytes",
         dev->bus, dev->slot, dev->function, type_name(type), common_length, t->notify_length_,
         t->notify_off_multiplier_, t->device_config_length_);

  // 3.1.1, steps 1-3: reset, then say we noticed the device and know how
  // to drive it. The device reads queues by DMA, hence bus mastering.
  dev->enable_bus_mastering();
  t->reset();
  t->set_status_bits(kStatusAcknowledge);
  t->set_status_bits(kStatusDriver);
  return t;
}

Transport::~Transport() {
  if (common_) reset();
}

uint8_t Transport::status() const { return mmio::read8(common_ + kDeviceStatus); }
uint16_t Transport::num_queues() const { return mmio::read16(common_ + kNumQueues); }

void Transport::set_status_bits(uint8_t bits) { mmio::write8(common_ + kDeviceStatus, status() | bits); }

// 3.1.1: "If any of these steps go irrecoverably wrong, the driver SHOULD
// set the FAILED status bit to indicate that it has given up on the device."
void Transport::fail() {
  set_status_bits(kStatusFailed);
  printk("virtio: %02x:%02x.%x: initialization failed, device marked FAILED", device_->bus, device_->slot,
         device_->function);
}

void Transport::reset() {
  // 4.1.4.3.2: write 0, then wait until device_status reads 0. Only then has
  // the device stopped using the queues, and their memory can go.
  mmio::write8(common_ + kDeviceStatus, 0);
  int polls = 0;
  while (status() != 0 && ++polls < kResetPolls) asm volatile("pause");
  if (polls == kResetPolls) {
    // The device may still be reading the rings: leak them rather than
    // hand their memory to someone else.
    printk("virtio: %02x:%02x.%x does not finish its reset", device_->bus, device_->slot, device_->function);
    return;
  }
  for (Virtqueue*& queue : queues_) {
    if (!queue) continue;
    if (queue->cpu_vector_) device_->release_msix_vector(queue->index() + 1);
    delete queue;
    queue = nullptr;
  }
  if (on_config_change_) {
    device_->release_msix_vector(kConfigChangeEntry);
    on_config_change_ = nullptr;
  }
  features_ = 0;
}

KResult<uint64_t> Transport::negotiate(uint64_t wanted) {
  if (status() & kStatusFeaturesOk) return KError{EBUSY};  // once per reset
  // 3.1.1 step 4: read the device's features, 32 bits at a time through the
  // select register (4.1.4.3).
  mmio::write32(common_ + kDeviceFeatureSelect, 0);
  uint64_t offered = mmio::read32(common_ + kDeviceFeature);
  mmio::write32(common_ + kDeviceFeatureSelect, 1);
  offered |= uint64_t(mmio::read32(common_ + kDeviceFeature)) << 32;
  // A device without VERSION_1 speaks only the legacy interface (7.x).
  if (!(offered & kFeatureVersion1)) {
    fail();
    return KError{ENODEV};
  }
  uint64_t accepted = offered & (wanted | kFeatureVersion1) & (kDeviceTypeFeatures | kTransportFeatures);
  mmio::write32(common_ + kDriverFeatureSelect, 0);
  mmio::write32(common_ + kDriverFeature, uint32_t(accepted));
  mmio::write32(common_ + kDriverFeatureSelect, 1);
  mmio::write32(common_ + kDriverFeature, uint32_t(accepted >> 32));
  // Steps 5 and 6: FEATURES_OK, then read it back; a device that cannot work
  // with this subset clears it (3.1.1, 2.2.2).
  set_status_bits(kStatusFeaturesOk);
  if (!(status() & kStatusFeaturesOk)) {
    fail();
    return KError{EIO};
  }
  features_ = accepted;
  printk("virtio: %02x:%02x.%x features offered %016lx, accepted %016lx", device_->bus, device_->slot,
         device_->function, offered, accepted);
  return accepted;
}

KResult<Virtqueue*> Transport::setup_queue(uint16_t index, uint16_t max_size, void (*on_interrupt)(void*),
                                           void* ctx) {
  if (max_size == 0 || !(status() & kStatusFeaturesOk)) return KError{EINVAL};
  if (index >= kMaxQueues || index >= num_queues()) return KError{ENOENT};
  if (queues_[index]) return KError{EBUSY};
  mmio::write16(common_ + kQueueSelect, index);
  uint16_t device_max = mmio::read16(common_ + kQueueSize);
  if (device_max == 0) return KError{ENOENT};  // 4.1.4.3: size 0 means no such queue
  if (mmio::read16(common_ + kQueueEnable)) return KError{EBUSY};

  // Split queue sizes are powers of two (2.7); the driver may pick one
  // smaller than the device's maximum (4.1.4.3.2).
  uint16_t limit = device_max < max_size ? device_max : max_size;
  uint16_t size = 1;
  while (size <= limit / 2 && size < kMaxQueueSize) size = uint16_t(size * 2);
  auto created = Virtqueue::create(index, size, features_ & kFeatureRingEventIdx);
  if (created.is_error()) {
    fail();
    return KError{created.error()};
  }
  Virtqueue* queue = created.value();
  mmio::write16(common_ + kQueueSize, size);

  // 4.1.5.1.2: map the queue to an MSI-X entry. The device answers
  // NO_VECTOR on read-back if it could not; then there would be no
  // interrupts, so that is a failure.
  uint16_t entry = kNoVector;
  if (on_interrupt) {
    queue->on_interrupt_ = on_interrupt;
    queue->on_interrupt_ctx_ = ctx;
    entry = uint16_t(index + 1);
    auto vector = device_->enable_msix_vector(entry, Virtqueue::interrupt, queue);
    if (vector.is_error()) {
      printk("virtio: queue %u: no MSI-X entry %u (errno %d)", index, entry, vector.error());
      delete queue;
      fail();
      return KError{vector.error()};
    }
    queue->cpu_vector_ = vector.value();
  }
  mmio::write16(common_ + kQueueMsixVector, entry);
  if (mmio::read16(common_ + kQueueMsixVector) != entry) {
    if (queue->cpu_vector_) device_->release_msix_vector(entry);
    delete queue;
    fail();
    return KError{EIO};
  }

  write64(common_ + kQueueDesc, queue->descriptors_phys());
  write64(common_ + kQueueDriver, queue->available_phys());
  write64(common_ + kQueueDevice, queue->used_phys());

  // 4.1.4.4: the queue's notify address is notify_base +
  // queue_notify_off * notify_off_multiplier.
  uint64_t notify_offset = uint64_t(mmio::read16(common_ + kQueueNotifyOff)) * notify_off_multiplier_;
  if (notify_offset + 2 > notify_length_) {
    if (queue->cpu_vector_) device_->release_msix_vector(entry);
    delete queue;
    fail();
    return KError{EIO};
  }
  queue->notify_register_ = reinterpret_cast<volatile uint16_t*>(notify_base_ + notify_offset);

  mmio::write16(common_ + kQueueEnable, 1);
  queues_[index] = queue;
  printk("virtio: %02x:%02x.%x queue %u: %u entries, %s", device_->bus, device_->slot, device_->function, index,
         size, on_interrupt ? "MSI-X" : "polled");
  return queue;
}

void Transport::driver_ok() { set_status_bits(kStatusDriverOk); }

uint8_t Transport::config_generation() const { return mmio::read8(common_ + kConfigGeneration); }

// 4.1.3.1: each field is read with an access of its own width, aligned.
uint8_t Transport::config_read8(uint32_t offset) {
  if (uint64_t(offset) + 1 > device_config_length_) return 0;
  return mmio::read8(device_config_ + offset);
}
uint16_t Transport::config_read16(uint32_t offset) {
  if (uint64_t(offset) + 2 > device_config_length_ || (offset & 1)) return 0;
  return mmio::read16(device_config_ + offset);
}
uint32_t Transport::config_read32(uint32_t offset) {
  if (uint64_t(offset) + 4 > device_config_length_ || (offset & 3)) return 0;
  return mmio::read32(device_config_ + offset);
}
void Transport::config_write8(uint32_t offset, uint8_t value) {
  if (uint64_t(offset) + 1 <= device_config_length_) mmio::write8(device_config_ + offset, value);
}

void Transport::config_read_bytes(uint32_t offset, void* buffer, uint32_t length) {
  auto* out = static_cast<uint8_t*>(buffer);
  // 4.1.4.3.1 / 2.5.1: config_generation changes whenever the device changes
  // its configuration; equal before and after means the copy is consistent.
  uint8_t before, after;
  do {
    before = config_generation();
    for (uint32_t i = 0; i < length; i++) out[i] = config_read8(offset + i);
    after = config_generation();
  } while (before != after);
}

void Transport::on_config_change(void (*fn)(void*), void* ctx) {
  on_config_change_ = fn;
  on_config_change_ctx_ = ctx;
  auto vector = device_->enable_msix_vector(kConfigChangeEntry, config_interrupt, this);
  if (vector.is_error()) {
    printk("virtio: %02x:%02x.%x: no configuration-change interrupt (errno %d)", device_->bus, device_->slot,
           device_->function, vector.error());
    return;
  }
  mmio::write16(common_ + kConfigMsixVector, kConfigChangeEntry);
  if (mmio::read16(common_ + kConfigMsixVector) != kConfigChangeEntry)
    printk("virtio: %02x:%02x.%x refused MSI-X entry 0 for configuration changes", device_->bus, device_->slot,
           device_->function);
}

void Transport::config_interrupt(TrapFrame*, void* ctx) {
  auto* t = static_cast<Transport*>(ctx);
  if (t->on_config_change_) t->on_config_change_(t->on_config_change_ctx_);
}

}  // namespace virtio
