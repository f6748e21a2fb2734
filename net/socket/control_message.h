// Ancillary data of sendmsg(2)/recvmsg(2) (cmsg(3)): a kernel copy of the
// control buffer, and a walk over its messages.
//
// The syscall copies msg_control in (at most kMaxControl bytes, as Linux's
// optmem_max; ENOBUFS past it) and checks every header is whole (EINVAL).
// The socket then reads the messages it understands: SCM_RIGHTS on an
// AF_UNIX socket. On the way out, the socket writes messages into a
// ControlOutput of the size the caller offered; what does not fit is cut
// and recvmsg reports MSG_CTRUNC.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace net {

namespace abi {
constexpr int kScmRights = 1, kScmCredentials = 2;
}

// struct cmsghdr of the Linux x86-64 ABI: length, level, type, then data,
// each message padded to 8 bytes (CMSG_ALIGN).
struct ControlHeader {
  uint64_t length;  // header plus data, unpadded
  int32_t level;
  int32_t type;
};
constexpr size_t control_align(size_t n) { return (n + 7) & ~size_t(7); }

struct ControlInput {
  static constexpr size_t kMaxControl = 20480;  // Linux's net.core.optmem_max
  const uint8_t* bytes = nullptr;
  size_t length = 0;

  // EINVAL unless every message header lies whole inside the buffer
  // (Linux's CMSG_OK).
  KStatus check() const;
  // Calls visit(header, data, data_length) for each message; stops at the
  // first error visit returns.
  template <typename Visit>
  KStatus for_each(Visit visit) const {
    for (size_t at = 0; at + sizeof(ControlHeader) <= length;) {
      ControlHeader header;
      __builtin_memcpy(&header, bytes + at, sizeof header);
      TRY(visit(header, bytes + at + sizeof header, size_t(header.length) - sizeof header));
      at += control_align(size_t(header.length));
    }
    return ok();
  }
  // The rule for a socket that carries no descriptors or credentials
  // (every Internet socket): messages of other levels are the protocol's
  // to ignore; at SOL_SOCKET, SCM_RIGHTS and SCM_CREDENTIALS are accepted
  // and ignored and any other type is EINVAL (Linux's __sock_cmsg_send,
  // whose SO_MARK and timestamping types Tether does not implement).
  KStatus check_socket_level_only() const;
};

struct ControlOutput {
  uint8_t* bytes = nullptr;  // kernel buffer of `capacity` bytes
  size_t capacity = 0;
  size_t length = 0;       // what was written
  bool truncated = false;  // MSG_CTRUNC
  bool close_on_exec = false;  // recvmsg's MSG_CMSG_CLOEXEC: received descriptors get FD_CLOEXEC
  // Appends one message; cuts it (and sets truncated) if it does not fit.
  void append(int level, int type, const void* data, size_t data_length);
};

}  // namespace net
