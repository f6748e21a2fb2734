// What the virtio specification says a network device looks like (virtio
// 1.x section 5.1, "Network Device"): its feature bits, its configuration
// space, its queues, and the header in front of every frame. Only the parts
// Tether uses.
#pragma once
#include <stdint.h>

namespace virtio_net {

// PCI device ids (4.1.2.1): a transitional device (legacy and modern
// interfaces, QEMU's default) or a modern-only one (0x1040 + type 1).
constexpr uint16_t kPciDeviceTransitional = 0x1000;
constexpr uint16_t kPciDeviceModern = 0x1041;

// Feature bits (5.1.3).
constexpr uint64_t kFeatureCsum = 1ull << 0;       // device checksums frames we send (partial checksums)
constexpr uint64_t kFeatureGuestCsum = 1ull << 1;  // device may hand us frames with partial/validated checksums
constexpr uint64_t kFeatureMac = 1ull << 5;        // config has the MAC address
constexpr uint64_t kFeatureMrgRxbuf = 1ull << 15;  // a received frame may span several buffers
constexpr uint64_t kFeatureStatus = 1ull << 16;    // config has the link status

// Queues (5.1.2): receiveq1 and transmitq1. (Queue 2 would be the control
// queue, which Tether does not use.)
constexpr uint16_t kReceiveQueue = 0;
constexpr uint16_t kTransmitQueue = 1;

// struct virtio_net_config (5.1.4), the offsets of its fields.
constexpr uint32_t kConfigMac = 0;     // u8[6], with kFeatureMac
constexpr uint32_t kConfigStatus = 6;  // le16, with kFeatureStatus
constexpr uint16_t kStatusLinkUp = 1;  // VIRTIO_NET_S_LINK_UP

// struct virtio_net_hdr (5.1.6): in front of every frame, both ways. With
// VERSION_1 it is always these 12 bytes; num_buffers means something only
// on receive with kFeatureMrgRxbuf (otherwise it is 1, or ignored).
struct NetHeader {
  uint8_t flags;
  uint8_t gso_type;  // kGsoNone: Tether negotiates no segmentation offload
  uint16_t hdr_len;
  uint16_t gso_size;
  uint16_t csum_start;   // with kFlagNeedsCsum: checksum from this offset in the frame...
  uint16_t csum_offset;  // ...to the end, and store it at csum_start + csum_offset
  uint16_t num_buffers;  // receive: the frame continues in num_buffers - 1 more buffers
} __attribute__((packed));
static_assert(sizeof(NetHeader) == 12);

constexpr uint8_t kFlagNeedsCsum = 1;  // VIRTIO_NET_HDR_F_NEEDS_CSUM: the checksum is partial
constexpr uint8_t kFlagDataValid = 2;  // VIRTIO_NET_HDR_F_DATA_VALID: the device checked it
constexpr uint8_t kGsoNone = 0;

}  // namespace virtio_net
