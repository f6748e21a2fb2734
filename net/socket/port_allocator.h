// Local ports of one transport protocol: which are held by a socket, and the
// choice of an ephemeral port when a socket connects (or sends) unbound.
//
// One allocator per protocol (TCP and UDP have separate port spaces). A bit
// per port, 65536 bits = 8 KiB inside the object, so a kernel instance is
// static storage and a test instance a member or a local.
//
// The allocator reports facts, never errnos. When allocate() finds no free
// port it says PortStatus::Exhausted; the socket layer names the condition
// and looks the errno up in the condition table (condition.h, row E1):
//
//   net::PortAllocation a = tcp_ports.allocate(first, last);   // net::ephemeral_range()
//   if (!a.ok())
//     return KError{net::errno_for(net::Condition::EphemeralPortsExhaustedTcp,
//                                  personality::system_of(process->personality))};
//
// (EphemeralPortsExhaustedUdp for datagram sockets). That gives EAGAIN under
// freebsd, EADDRNOTAVAIL under linux for TCP and EAGAIN for UDP, as
// shared/spec/conditions.md says.
//
// Port 0 is never held or handed out (bind to port 0 means "choose one").
// A set bit means "some socket holds this port": with SO_REUSEADDR several
// sockets may share a port, and then the socket layer calls release() only
// when the last of them lets go. reserve() does not decide EADDRINUSE either;
// it only says whether the port was free.
//
// Pure logic (kernel and host unit tests; only <stdint.h>/<stddef.h>). Not
// thread-safe: the caller holds the network lock.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace net {

enum class PortStatus : uint8_t {
  Ok,         // port is the chosen port, now held
  Exhausted,  // every port in [first, last] is held: condition E1
  BadRange,   // first == 0 or first > last; nothing chosen. The sysctls never
              // give such a range (ephemeral_range() normalizes it), so the
              // socket layer may treat this like Exhausted.
};

struct PortAllocation {
  PortStatus status;
  uint16_t port;  // 0 unless status == Ok
  bool ok() const { return status == PortStatus::Ok; }
};

class EphemeralPortAllocator {
 public:
  static constexpr size_t kPorts = 65536;
  static constexpr size_t kWords = kPorts / 64;

  // The seed makes the sequence of choices reproducible (tests); the kernel
  // seeds from something that varies between boots (reseed()).
  explicit EphemeralPortAllocator(uint64_t seed = 0x9e3779b97f4a7c15ull);

  void reseed(uint64_t seed);

  // A free port in [first, last], now held. The search starts at a random
  // distance (1..kMaxStep, fewer if the range is small) past the port chosen
  // last, and wraps round the range (RFC 6056 section 3.3.5, "random-
  // increments port selection"): consecutive connects get different ports
  // even when the previous one was released at once (its connection may be in
  // TIME_WAIT), the sequence cycles through the whole range before a port
  // comes back, and it is not simply predictable. Exhausted only when every
  // port of the range is held.
  PortAllocation allocate(uint16_t first, uint16_t last);

  // Explicit bind: holds the port; false if it was already held (or is 0).
  bool reserve(uint16_t port);
  // Lets a port go; releasing a free port (or 0) does nothing.
  void release(uint16_t port);

  bool in_use(uint16_t port) const;
  size_t in_use_count() const { return in_use_count_; }

  static constexpr uint32_t kMaxStep = 500;

 private:
  // The first free port in [lo, hi] (lo <= hi), or -1.
  int32_t find_free(uint32_t lo, uint32_t hi) const;
  void set(uint16_t port) { words_[port / 64] |= uint64_t(1) << (port % 64); }
  void clear(uint16_t port) { words_[port / 64] &= ~(uint64_t(1) << (port % 64)); }
  uint64_t next_random();

  uint64_t words_[kWords] = {};
  size_t in_use_count_ = 0;
  uint64_t rng_state_;
  uint16_t last_chosen_ = 0;  // 0: nothing chosen yet
};

// The ephemeral range the sysctls hold (net/socket/port_range_sysctl.cpp,
// kernel only): net.inet.ip.portrange.first/last, the same two numbers as
// Linux's /proc/sys/net/ipv4/ip_local_port_range. Always 1 <= *first <= *last
// (if the FreeBSD sysctls were set crosswise, the two are swapped, as
// FreeBSD's in_pcb_lport does).
void ephemeral_range(uint16_t* first, uint16_t* last);

}  // namespace net
