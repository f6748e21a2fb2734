// UNIX-domain addresses (unix(7)): struct sockaddr_un is sa_family, then
// sun_path[108]. A name is one of three kinds:
//
//   unnamed   an unbound socket, or one made by socketpair(2): the address
//             is just sa_family (length 2)
//   path      a name in the filesystem: sun_path up to its first NUL, or up
//             to the address length given, whichever comes first
//   abstract  Linux's abstract namespace: sun_path[0] is NUL and the name is
//             every byte after it, up to the length given (NULs included);
//             no file appears. Only under the linux personality: the other
//             pages have no such namespace, so there the same bytes read as
//             the empty path, which names nothing (ENOENT).
//
// Pure logic: no filesystem, no socket.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace net {

struct SocketAddress;

struct UnixName {
  static constexpr size_t kPathBytes = 108;  // sizeof sun_path
  enum class Kind : uint8_t { Unnamed, Path, Abstract };
  Kind kind = Kind::Unnamed;
  uint8_t bytes[kPathBytes];  // the path (no NUL) or the abstract name (no leading NUL)
  size_t length = 0;

  bool operator==(const UnixName& other) const;
  // The sockaddr_un of this name, as getsockname(2) returns it: a path with
  // its NUL (Linux's length: 2 + strlen + 1), an abstract name with its
  // leading NUL and no trailing one, an unnamed socket's two bytes.
  void to_address(SocketAddress* out) const;
};

// sockaddr_un as bind(2)/connect(2)/sendto(2) received it (its family was
// checked already). EINVAL when there is no byte of sun_path or the length
// passes sizeof(struct sockaddr_un) (row A4); an address of exactly two
// bytes is "unnamed" (bind(2) then autobinds on Linux). abstract_allowed:
// whether a leading NUL means the abstract namespace (linux personality).
KResult<UnixName> parse_unix_address(const SocketAddress& address, bool abstract_allowed);

}  // namespace net
