// Asking the device to fill in a frame's TCP checksum (VIRTIO_NET_F_CSUM,
// virtio 1.x 5.1.6.2).
#pragma once
#include <stdint.h>

#include "net/virtio_net/protocol.h"

namespace virtio_net {

// If `frame` (length bytes, from the Ethernet header on) is a TCP segment
// over IPv4 or IPv6, prepares it and its header for the device: returns
// true. Otherwise leaves both alone: returns false.
bool request_tcp_checksum(uint8_t* frame, uint32_t length, NetHeader* header);

}  // namespace virtio_net
