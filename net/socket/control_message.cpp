#include "net/socket/control_message.h"

#include "net/socket/socket.h"

namespace net {

KStatus ControlInput::check() const {
  for (size_t at = 0; at < length;) {
    if (length - at < sizeof(ControlHeader)) return KError{EINVAL};
    ControlHeader header;
    __builtin_memcpy(&header, bytes + at, sizeof header);
    if (header.length < sizeof(ControlHeader) || header.length > length - at) return KError{EINVAL};
    at += control_align(size_t(header.length));
  }
  return ok();
}

KStatus ControlInput::check_socket_level_only() const {
  return for_each([](const ControlHeader& header, const uint8_t*, size_t) -> KStatus {
    if (header.level != abi::kSolSocket) return ok();
    if (header.type == abi::kScmRights || header.type == abi::kScmCredentials) return ok();
    return KError{EINVAL};
  });
}

void ControlOutput::append(int level, int type, const void* data, size_t data_length) {
  size_t room = capacity - length;
  if (room < sizeof(ControlHeader)) {
    truncated = true;
    return;
  }
  size_t wanted = sizeof(ControlHeader) + data_length;
  size_t written = wanted <= room ? wanted : room;
  if (written < wanted) truncated = true;
  ControlHeader header{written, level, type};
  __builtin_memcpy(bytes + length, &header, sizeof header);
  __builtin_memcpy(bytes + length + sizeof header, data, written - sizeof header);
  length += control_align(written) <= room ? control_align(written) : room;
}

}  // namespace net
