#include "net/unix/unix_address.h"

#include "net/socket/socket.h"

namespace net {
namespace {
constexpr uint32_t kFamilyBytes = 2;
constexpr uint32_t kMaxLength = kFamilyBytes + UnixName::kPathBytes;  // sizeof(struct sockaddr_un)
}  // namespace

bool UnixName::operator==(const UnixName& other) const {
  return kind == other.kind && length == other.length && __builtin_memcmp(bytes, other.bytes, length) == 0;
}

void UnixName::to_address(SocketAddress* out) const {
  out->bytes[0] = uint8_t(abi::kAfUnix);
  out->bytes[1] = 0;
  out->length = kFamilyBytes;
  switch (kind) {
    case Kind::Unnamed: return;
    case Kind::Path:
      __builtin_memcpy(out->bytes + kFamilyBytes, bytes, length);
      out->bytes[kFamilyBytes + length] = 0;
      // A 108-byte path has no room for its NUL in sun_path; Linux then
      // reports 110 bytes, the NUL left out.
      out->length = uint32_t(kFamilyBytes + length + (length < kPathBytes ? 1 : 0));
      return;
    case Kind::Abstract:
      out->bytes[kFamilyBytes] = 0;
      __builtin_memcpy(out->bytes + kFamilyBytes + 1, bytes, length);
      out->length = uint32_t(kFamilyBytes + 1 + length);
      return;
  }
}

KResult<UnixName> parse_unix_address(const SocketAddress& address, bool abstract_allowed) {
  // Linux's unix_validate_addr: "addr_len <= offsetof(sun_path) ||
  // addr_len > sizeof(*sunaddr)" is EINVAL; bind(2) treats exactly
  // sizeof(sa_family_t) as "pick a name for me", which the caller decides.
  if (address.length > kMaxLength) return KError{EINVAL};
  UnixName name;
  if (address.length == kFamilyBytes) return name;
  if (address.length < kFamilyBytes) return KError{EINVAL};
  const uint8_t* path = address.bytes + kFamilyBytes;
  size_t given = address.length - kFamilyBytes;
  if (path[0] == 0 && abstract_allowed) {
    name.kind = UnixName::Kind::Abstract;
    name.length = given - 1;
    __builtin_memcpy(name.bytes, path + 1, name.length);
    return name;
  }
  size_t n = 0;
  while (n < given && path[n] != 0) n++;
  name.kind = UnixName::Kind::Path;
  name.length = n;
  __builtin_memcpy(name.bytes, path, n);
  return name;
}

}  // namespace net
