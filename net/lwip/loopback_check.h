// A boot-time self-check of lwIP and its loopback interface: a UDP datagram
// to 127.0.0.1 and one to ::1 must come back. It exercises the whole port
// (memory, pbufs, checksums, the loopback queue) before any NIC is there.
#pragma once

namespace net {
// Runs under the network lock; true when both datagrams arrived intact.
bool loopback_self_check();
}  // namespace net
