// The virtio 1.x modern PCI transport (virtio 1.x section 4.1): how a driver
// finds a virtio device's registers on PCI, resets it, agrees on features,
// sets up its virtqueues and tells it to start. Nothing here knows what kind
// of device it is talking to; net, block or console drivers all use it:
//
//   Transport* t = TRY(virtio::Transport::probe(dev));   // reset, ACKNOWLEDGE, DRIVER
//   if (t->device_type() != virtio::kDeviceNet) ...
//   uint64_t features = TRY(t->negotiate(kWanted));      // FEATURES_OK
//   Virtqueue* rx = TRY(t->setup_queue(0, 256, rx_interrupt, driver));
//   ... fill the receive queue ...
//   t->driver_ok();                                      // DRIVER_OK: the device may start
//
// The order of those calls is the initialization sequence of 3.1.1. Any
// failure along it sets the FAILED status bit and returns an error.
#pragma once
#include <stdint.h>

#include "kernel/dev/pci/pci.h"
#include "kernel/dev/virtio/virtqueue.h"
#include "kernel/lib/kresult.h"

namespace virtio {

constexpr uint16_t kVendorId = 0x1af4;

// Device types (5 "Device Types").
constexpr uint16_t kDeviceNet = 1;
constexpr uint16_t kDeviceBlock = 2;
constexpr uint16_t kDeviceConsole = 3;
constexpr uint16_t kDeviceEntropy = 4;

// Feature bits the transport itself understands (6 "Reserved Feature Bits").
// Bits 0-23 (and 50 up) belong to the device type and pass through
// negotiate() if the driver asks for them; of the bits in between, only these
// are ever accepted, because the transport implements nothing else.
constexpr uint64_t kFeatureRingEventIdx = 1ull << 29;  // VIRTIO_F_EVENT_IDX
constexpr uint64_t kFeatureVersion1 = 1ull << 32;      // VIRTIO_F_VERSION_1

// Device status bits (2.1).
constexpr uint8_t kStatusAcknowledge = 1;
constexpr uint8_t kStatusDriver = 2;
constexpr uint8_t kStatusDriverOk = 4;
constexpr uint8_t kStatusFeaturesOk = 8;
constexpr uint8_t kStatusDeviceNeedsReset = 64;
constexpr uint8_t kStatusFailed = 128;

constexpr int kMaxQueues = 16;

class Transport {
 public:
  // ENODEV if dev is not a virtio device with the modern (1.x) capabilities.
  // On success the device is reset, ACKNOWLEDGE and DRIVER are set, and bus
  // mastering is on. The caller owns the result (delete resets the device).
  static KResult<Transport*> probe(pci::Device* dev);
  ~Transport();

  pci::Device* pci_device() const { return device_; }
  uint16_t device_type() const { return device_type_; }  // kDeviceNet, ...
  uint16_t num_queues() const;

  // Offers the device the features in `wanted` that it has and the transport
  // supports, plus VERSION_1, and checks the device kept FEATURES_OK.
  // Returns the accepted set. ENODEV: the device lacks VERSION_1 (a legacy
  // device); EIO: the device refused the set.
  KResult<uint64_t> negotiate(uint64_t wanted);
  uint64_t features() const { return features_; }

  // Sets up queue `index` with at most max_size entries (rounded down to a
  // power of two, and to what the device allows). on_interrupt(ctx) is called
  // from the queue's MSI-X interrupt, with interrupts off; nullptr: no
  // interrupt, the driver polls. Call after negotiate() and before
  // driver_ok(). ENOENT: no such queue; EBUSY: already set up; EINVAL:
  // max_size 0; ENOMEM; EIO: the device refused the MSI-X vector.
  KResult<Virtqueue*> setup_queue(uint16_t index, uint16_t max_size, void (*on_interrupt)(void* ctx), void* ctx);

  // The device may now use its queues (3.1.1 step 8).
  void driver_ok();
  // Resets the device (2.4): it stops all DMA and forgets features and
  // queues. The queues are freed and their interrupts released; Virtqueue
  // pointers from setup_queue() are dangling afterwards.
  void reset();
  uint8_t status() const;

  // The device-specific configuration (5.x.4 of each device type), read
  // directly. A multi-byte field that may change (5.1.4: status) is read
  // consistently with config_read_bytes. Reads outside the structure return 0.
  uint8_t config_read8(uint32_t offset);
  uint16_t config_read16(uint32_t offset);
  uint32_t config_read32(uint32_t offset);
  void config_write8(uint32_t offset, uint8_t value);
  // Copies length bytes one byte at a time (for byte arrays such as a MAC
  // address), retrying until config_generation is stable across the copy
  // (2.5.1), so a field is not torn by a concurrent change.
  void config_read_bytes(uint32_t offset, void* buffer, uint32_t length);
  // Changes whenever the device changes its configuration (2.5.1): read it
  // before and after reading several fields, and retry if it moved.
  uint8_t config_generation() const;

  // fn(ctx) runs, interrupts off, when the device changes its configuration
  // (MSI-X entry 0). Call before driver_ok().
  void on_config_change(void (*fn)(void* ctx), void* ctx);

 private:
  Transport() = default;
  static void config_interrupt(TrapFrame* frame, void* ctx);
  void set_status_bits(uint8_t bits);
  void fail();

  pci::Device* device_ = nullptr;
  uint16_t device_type_ = 0;
  uint64_t features_ = 0;
  // The four register blocks, found through the vendor capabilities (4.1.4).
  volatile uint8_t* common_ = nullptr;
  volatile uint8_t* notify_base_ = nullptr;
  uint32_t notify_length_ = 0;
  uint32_t notify_off_multiplier_ = 0;
  volatile uint8_t* isr_ = nullptr;  // must exist (4.1.4.5); only INTx uses it, and Tether uses MSI-X
  volatile uint8_t* device_config_ = nullptr;
  uint32_t device_config_length_ = 0;
  Virtqueue* queues_[kMaxQueues] = {};
  void (*on_config_change_)(void* ctx) = nullptr;
  void* on_config_change_ctx_ = nullptr;
};

}  // namespace virtio
