// From a UNIX-domain name to the socket bound to it, and bind(2).
//
// A path is resolved by the VFS's own walk (kernel/fs/path_walk.h), the
// one open(2) uses, following symbolic links, as the calling process (its
// cwd, its credentials). What can go wrong on the way is a condition of
// conditions.md's F rows; the personality's errno comes from the table:
//
//   walk: ENOTDIR                      F1  UnixPrefixNotDirectory
//   walk succeeds, no inode at the end F2  UnixSocketMissing
//   walk: ENOENT (a directory missing) F3  UnixPrefixMissing
//   walk: ENAMETOOLONG                 F4  UnixComponentTooLong
//   expanded name past 1023 bytes      F5  UnixResolvedPathTooLong (not an error on linux)
//   walk: EACCES (search permission)   F6  UnixSearchDenied
//   no write permission on the file    F7  UnixWriteDenied
//   walk: ELOOP                        F8  UnixTooManyLinks
//   walk: EIO (debug.fail.vfs_lookup)  F9  UnixResolveIoError
//   a socket file nobody is bound to   F10 UnixNotListening
//   not a socket file                  F11 UnixNameNotASocket
//
// The order is Linux's unix_find_bsd: resolve, check write permission,
// check the file type, find the socket. (F12, the socket's type, and F10
// for a socket that does not listen are the caller's: unix_connect.cpp.)
#include "kernel/fs/inode.h"
#include "kernel/fs/permission.h"
#include "kernel/fs/vfs.h"
#include "kernel/proc/process.h"
#include "net/unix/unix_socket.h"

namespace net {
namespace {

Condition condition_of_walk_error(int error) {
  switch (error) {
    case ENOTDIR: return Condition::UnixPrefixNotDirectory;
    case ENOENT: return Condition::UnixPrefixMissing;
    case ENAMETOOLONG: return Condition::UnixComponentTooLong;
    case EACCES: return Condition::UnixSearchDenied;
    case ELOOP: return Condition::UnixTooManyLinks;
    case EIO: return Condition::UnixResolveIoError;
    default: return Condition::Count;  // not a condition of the table (ENOMEM): passed on as is
  }
}

KError walk_error(int error) {
  Condition c = condition_of_walk_error(error);
  return c == Condition::Count ? KError{error} : error_of(c);
}

}  // namespace

bool abstract_namespace() {
  // Linux's abstract names are a linux-personality extra (unix_address.h).
  return personality::system_of(proc::current()->personality) == personality::System::Linux;
}

KResult<UnixSocket*> UnixSocket::find_socket(const UnixName& name) {
  if (name.kind == UnixName::Kind::Abstract) {
    // Nothing bound to an abstract name: Linux says ECONNREFUSED, F10's errno.
    UnixSocket* s = find_abstract(name);
    if (!s) return error_of(Condition::UnixNotListening);
    return s;
  }
  fs::WalkResult where;
  KStatus walked = fs::walk_at(fs::kAtCurrentDirectory, reinterpret_cast<const char*>(name.bytes), name.length,
                               fs::kFollowFinalSymlink, &where);
  if (walked.is_error()) return walk_error(walked.error());
  if (!where.inode) return error_of(Condition::UnixSocketMissing);
  // F5: FreeBSD ("an entire path name exceeded 1023 characters") and Darwin
  // ({PATH_MAX}) limit the name as expanded; linux and illumos do not.
  if (where.longest_expansion > path::kPathMax && errno_of(Condition::UnixResolvedPathTooLong) != 0)
    return error_of(Condition::UnixResolvedPathTooLong);
  fs::Inode* inode = where.inode.get();
  if (fs::check_permission(inode, fs::current_credentials(), fs::kMayWrite).is_error())
    return error_of(Condition::UnixWriteDenied);
  if (inode->type != fs::InodeType::Socket) return error_of(Condition::UnixNameNotASocket);
  if (!inode->socket) return error_of(Condition::UnixNotListening);  // its socket was closed
  return static_cast<UnixSocket*>(inode->socket);
}

KStatus UnixSocket::protocol_bind(const SocketAddress& address) {
  UnixName name = TRY(parse_unix_address(address, abstract_namespace()));
  if (name.kind == UnixName::Kind::Path) return bind_path(name);
  if (name.kind == UnixName::Kind::Abstract) return bind_abstract(name);
  // unix(7) "Autobind feature": an address of just sa_family binds "an
  // abstract address ... of 5 bytes in the character set [0-9a-f]". Linux
  // only; the other pages take such a short address as not valid (A4).
  if (!abstract_namespace()) return error_of(Condition::AddressLengthInvalid);
  if (owns_name_) return KError{EINVAL};
  return autobind();
}

// unix(7): "or the SO_PASSCRED socket option was specified for a socket
// that was not explicitly bound to an address, then the socket is autobound
// to an abstract address": when it sends a datagram or connects (Linux's
// unix_dgram_sendmsg, unix_dgram_connect, unix_stream_connect). Only where
// there is an abstract namespace.
KStatus UnixSocket::autobind_for_credentials() {
  if (!pass_credentials_ || owns_name_ || name_.kind != UnixName::Kind::Unnamed || !abstract_namespace()) return ok();
  return autobind();
}

KStatus UnixSocket::autobind() {
  static uint32_t next_auto = 0;
  for (uint32_t tries = 0; tries < 0x100000; tries++) {
    UnixName candidate;
    candidate.kind = UnixName::Kind::Abstract;
    candidate.length = 5;
    uint32_t n = next_auto++ & 0xfffff;
    for (int i = 4; i >= 0; i--, n >>= 4) candidate.bytes[i] = uint8_t("0123456789abcdef"[n & 0xf]);
    if (!find_abstract(candidate)) {
      name_ = candidate;
      owns_name_ = true;
      return ok();
    }
  }
  return KError{ENOSPC};  // Linux's unix_autobind when all 2^20 names are taken
}

KStatus UnixSocket::bind_path(const UnixName& name) {
  // bind(2) makes the socket file as mknod(2) would (Linux's
  // unix_bind_bsd): "EADDRINUSE The given address is already in use" when
  // the name exists (whatever it is), and only then EINVAL for a socket
  // that is already bound.
  fs::WalkResult where;
  TRY(fs::walk_at(fs::kAtCurrentDirectory, reinterpret_cast<const char*>(name.bytes), name.length,
                  fs::kFinalIsName, &where));
  if (where.inode) return KError{EADDRINUSE};
  if (owns_name_) return KError{EINVAL};
  // The mode: a socket inode's 0777, less the umask (unix(7): "the socket
  // file's permissions are ... according to the process umask"); the owner
  // and group: the caller's (create_node).
  uint32_t permissions = 0777 & ~proc::current()->umask;
  fs::InodeRef inode = TRY(fs::create_node(where, fs::InodeType::Socket, permissions));
  inode->socket = this;
  bound_inode_ = inode.leak();
  name_ = name;
  owns_name_ = true;
  return ok();
}

KStatus UnixSocket::bind_abstract(const UnixName& name) {
  if (find_abstract(name)) return KError{EADDRINUSE};
  if (owns_name_) return KError{EINVAL};
  name_ = name;
  owns_name_ = true;
  return ok();
}

}  // namespace net
