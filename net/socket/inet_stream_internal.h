// What the files of InetStreamSocket share (inet_stream_socket.cpp,
// inet_stream_connect.cpp, inet_stream_listen.cpp, inet_stream_transfer.cpp):
// sizes and a few helpers around lwIP's pcbs. Private to net/socket/.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "lwip/tcp.h"
#include "net/socket/port_allocator.h"

namespace net::stream {

// The receive ring: as big as the window lwIP advertises (lwipopts.h
// TCP_WND), so everything the peer may send fits.
constexpr size_t kRingSize = TCP_WND;
// The most one read or write moves through its bounce buffer at a time.
constexpr size_t kBounceSize = 16384;
constexpr u8_t kPollInterval = 2;  // tcp_poll counts TCP's 500 ms timer: once a second

// The local TCP ports sockets hold (port_allocator.h). Lock held.
EphemeralPortAllocator& ports();

inline size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

// tcp_bind, and SO_REUSEADDR (inet_stream_socket.cpp says how).
err_t bind_pcb(struct tcp_pcb* pcb, const ip_addr_t* address, u16_t port, bool reuse);

}  // namespace net::stream
