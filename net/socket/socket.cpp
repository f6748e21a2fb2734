// Socket: the shared half of every socket (socket.h). Options of level
// SOL_SOCKET as socket(7) describes them, the address checks A4-A7 of
// connect(2)/bind(2), SO_ERROR, FIONREAD, fstat, and socket(2)'s choice of
// the class that implements a family and type.
#include "net/socket/socket.h"

#include "kernel/lib/new.h"
#include "kernel/proc/process.h"
#include "kernel/sysctl/fail_point.h"
#include "kernel/time.h"
#include "net/interface_ioctl.h"
#include "net/lwip/net_lock.h"
#include "net/net.h"
#include "net/lwip/net_thread.h"
#include "net/socket/icmp_socket.h"
#include "net/socket/inet_datagram_socket.h"
#include "net/socket/inet_stream_socket.h"
#include "net/unix/unix_factory.h"

namespace net {
namespace {

// Row B13 on demand: debug.fail.net_pcb (kernel/sysctl/README.md).
sysctl::FailPoint net_pcb("net_pcb", "the next N protocol control block allocations of a connect fail with ENOBUFS");

// Every live socket, for from_file(). Touched under the network lock.
Socket* all_sockets = nullptr;

// Linux's limits for SO_RCVBUF/SO_SNDBUF (socket(7): "The kernel doubles
// this value ... The minimum (doubled) value for this option is 256" for
// SO_RCVBUF and 2048 for SO_SNDBUF; the maximum is net.core.rmem_max /
// wmem_max, 212992 by default).
constexpr int kBufferMax = 212992;
constexpr int kReceiveBufferMin = 256;
constexpr int kSendBufferMin = 2048;

int read_int(const OptionValue& v) {
  int value;
  __builtin_memcpy(&value, v.bytes, sizeof value);
  return value;
}

void write_int(OptionValue* v, int value) {
  __builtin_memcpy(v->bytes, &value, sizeof value);
  // getsockopt copies min(the caller's length, the value's) back (Linux's
  // sock_getsockopt truncates, it does not fail).
  if (v->length > sizeof value) v->length = sizeof value;
}

struct LinuxTimeval {
  int64_t tv_sec;
  int64_t tv_usec;
};

struct LinuxLinger {
  int l_onoff;
  int l_linger;
};

}  // namespace

bool protocol_block_fail_point() { return net_pcb.should_fail(); }

int errno_of(Condition condition) {
  return errno_for(condition, personality::system_of(proc::current()->personality));
}

// socket(7) fds have an inode, as on Linux (net/socket.c, sock_alloc):
// S_IFSOCK, mode 0777, the creator's ids; fstat shows it, fchmod and
// fchown change it. Without memory for it, the socket has no inode and its
// maker fails with ENOMEM (made_whole).
Socket::Socket(int domain, int type, int protocol, int status_flags)
    : File(fs::kOpenReadWrite | (status_flags & fs::kOpenNonBlock),
           fs::InodeRef::adopt(fs::Inode::create_anonymous(fs::InodeType::Socket, 0777, proc::current()->cred.euid,
                                                           proc::current()->cred.egid))),
      receive_buffer_(131072),
      send_buffer_(65536),
      domain_(domain),
      type_(type),
      protocol_(protocol),
      system_(personality::system_of(proc::current()->personality)) {
  Lock lock;
  next_socket_ = all_sockets;
  if (all_sockets) all_sockets->previous_socket_ = this;
  all_sockets = this;
}

Socket::~Socket() {
  Lock lock;
  if (previous_socket_) previous_socket_->next_socket_ = next_socket_;
  else all_sockets = next_socket_;
  if (next_socket_) next_socket_->previous_socket_ = previous_socket_;
}

Socket* Socket::from_file(fs::File* file) {
  Lock lock;
  for (Socket* s = all_sockets; s; s = s->next_socket_)
    if (static_cast<fs::File*>(s) == file) return s;
  return nullptr;
}

void snapshot_socket_stats(SocketStats* out) {
  *out = SocketStats{};
  Lock lock;
  for (Socket* s = all_sockets; s; s = s->next_socket_) {
    out->sockets++;
    bool inet = s->domain() == abi::kAfInet || s->domain() == abi::kAfInet6;
    if (inet && s->type() == abi::kSockStream) out->tcp_sockets++;
    if (inet && s->protocol() == abi::kIpProtoIcmp) out->icmp_sockets++;
  }
  out->tcp_ports = InetStreamSocket::ports_in_use();
  InetStreamSocket::count_unowned_connections(&out->tcp_orphans, &out->tcp_time_wait);
  out->udp_ports = InetDatagramSocket::ports_in_use();
}

int Socket::sleep(uint64_t deadline_ns) {
  wake_thread_if_needed();  // a segment we just queued on loopback needs the net thread
  return wait_.wait(deadline_ns, /*interruptible=*/true);
}

uint64_t Socket::receive_deadline() const {
  return receive_timeout_ns_ ? time::monotonic_ns() + receive_timeout_ns_ : 0;
}

uint64_t Socket::send_deadline() const { return send_timeout_ns_ ? time::monotonic_ns() + send_timeout_ns_ : 0; }

// Rows A4-A7: the address's length and family against the socket's, in
// Linux's order (tcp_v4_connect/tcp_v6_connect): first enough bytes for
// sa_family, then the length the socket's own family needs, and only then
// the family. So an IPv4-sized address on an AF_INET6 socket is EINVAL (A4),
// not EAFNOSUPPORT.
// AF_UNSPEC reaches here only when the protocol gave it no meaning
// (protocol_disconnect), and is then a family mismatch (EAFNOSUPPORT).
KStatus Socket::check_address(const SocketAddress& address) {
  if (address.length < 2) return error_of(Condition::AddressLengthInvalid);  // A4
  uint16_t family = address.family();
  if (address.length < min_address_length()) return error_of(Condition::AddressLengthInvalid);  // A4
  if (family != abi::kAfUnspec && family != abi::kAfUnix && family != abi::kAfInet && family != abi::kAfInet6)
    return error_of(Condition::FamilyUnknown);  // A7: "no family at all"
  if (family != domain_) {
    // An AF_INET6 socket takes no AF_INET address, nor the other way round
    // (A5); an AF_INET address on an AF_UNIX socket is A6.
    // Real Linux's unix_validate_addr answers EINVAL for any family but
    // AF_UNIX, AF_INET6 and AF_UNSPEC included: row A6 for all of them.
    if (domain_ == abi::kAfUnix) return error_of(Condition::InetAddressOnUnixSocket);
    return error_of(Condition::FamilyNotForSocket);
  }
  return ok();
}

KStatus Socket::connect(const SocketAddress& address) {
  // AF_UNSPEC may mean "dissolve" to the protocol (N4); Linux tests only
  // that sa_family fits before it disconnects.
  if (address.length >= 2 && address.family() == abi::kAfUnspec) {
    system_ = personality::system_of(proc::current()->personality);
    KStatus result = ok();
    if (protocol_disconnect(&result)) return result;
  }
  TRY(check_address(address));
  system_ = personality::system_of(proc::current()->personality);
  return protocol_connect(address);
}

KStatus Socket::bind(const SocketAddress& address) {
  // bind(2) on Linux: a too-short address is EINVAL, another family
  // EAFNOSUPPORT, as for connect.
  TRY(check_address(address));
  return protocol_bind(address);
}

KStatus Socket::set_option(int level, int name, const OptionValue& value) {
  if (level != abi::kSolSocket) return protocol_set_option(level, name, value);
  switch (name) {
    case abi::kSoRcvTimeo:
    case abi::kSoSndTimeo: {
      // socket(7): "the argument is a struct timeval"; EINVAL if shorter,
      // EDOM if tv_usec is out of range (Linux's sock_set_timeout). A
      // negative time is taken as 0, "never time out".
      LinuxTimeval tv;
      if (value.length < sizeof tv) return KError{EINVAL};
      __builtin_memcpy(&tv, value.bytes, sizeof tv);
      if (tv.tv_usec < 0 || tv.tv_usec >= 1000000) return KError{EDOM};
      uint64_t ns = tv.tv_sec < 0 ? 0 : uint64_t(tv.tv_sec) * 1000000000ull + uint64_t(tv.tv_usec) * 1000ull;
      (name == abi::kSoRcvTimeo ? receive_timeout_ns_ : send_timeout_ns_) = ns;
      return ok();
    }
    case abi::kSoLinger: {
      LinuxLinger l;
      if (value.length < sizeof l) return KError{EINVAL};
      __builtin_memcpy(&l, value.bytes, sizeof l);
      linger_on_ = l.l_onoff != 0;
      linger_seconds_ = l.l_linger;
      return ok();
    }
    default: break;
  }
  // The rest take an int (socket(7)); Linux: "optlen < sizeof(int)" is EINVAL.
  if (value.length < sizeof(int)) return KError{EINVAL};
  int v = read_int(value);
  switch (name) {
    case abi::kSoReuseAddr: reuse_address_ = v != 0; return ok();
    case abi::kSoKeepAlive:
      keep_alive_ = v != 0;
      option_changed(name);
      return ok();
    case abi::kSoRcvBuf:
    case abi::kSoSndBuf: {
      // socket(7): "The kernel doubles this value (to allow space for
      // bookkeeping overhead) when it is set using setsockopt(2), and this
      // doubled value is returned by getsockopt(2)." Stored; TCP's windows
      // stay lwIP's (TCP_WND, TCP_SND_BUF).
      if (v < 0) v = 0;
      if (v > kBufferMax) v = kBufferMax;
      v *= 2;
      if (name == abi::kSoRcvBuf) receive_buffer_ = v < kReceiveBufferMin ? kReceiveBufferMin : v;
      else send_buffer_ = v < kSendBufferMin ? kSendBufferMin : v;
      return ok();
    }
    case abi::kSoBroadcast: broadcast_ = v != 0; return ok();  // a stream socket ignores it; UDP reads it (D1)
    case abi::kSoPassCred:
      if (!carries_credentials()) return KError{EOPNOTSUPP};
      pass_credentials_ = v != 0;
      return ok();
    case abi::kSoDebug:
    case abi::kSoReusePort:
      return ok();
    case abi::kSoType:
    case abi::kSoError:
    case abi::kSoAcceptConn:
    case abi::kSoProtocol:
    case abi::kSoDomain:
      return KError{ENOPROTOOPT};  // read-only: Linux's sock_setsockopt does not know them
    default: return KError{ENOPROTOOPT};
  }
}

KStatus Socket::get_option(int level, int name, OptionValue* value) {
  if (level != abi::kSolSocket) return protocol_get_option(level, name, value);
  switch (name) {
    case abi::kSoRcvTimeo:
    case abi::kSoSndTimeo: {
      uint64_t ns = name == abi::kSoRcvTimeo ? receive_timeout_ns_ : send_timeout_ns_;
      LinuxTimeval tv{int64_t(ns / 1000000000ull), int64_t(ns % 1000000000ull / 1000)};
      __builtin_memcpy(value->bytes, &tv, sizeof tv);
      if (value->length > sizeof tv) value->length = sizeof tv;
      return ok();
    }
    case abi::kSoLinger: {
      LinuxLinger l{linger_on_ ? 1 : 0, linger_seconds_};
      __builtin_memcpy(value->bytes, &l, sizeof l);
      if (value->length > sizeof l) value->length = sizeof l;
      return ok();
    }
    case abi::kSoError: {
      // socket(7): "Get and clear the pending socket error" (row N10).
      Lock lock;
      write_int(value, take_error());
      return ok();
    }
    case abi::kSoType: write_int(value, type_); return ok();
    case abi::kSoDomain: write_int(value, domain_); return ok();
    case abi::kSoProtocol: write_int(value, protocol_); return ok();
    case abi::kSoAcceptConn: write_int(value, is_listening() ? 1 : 0); return ok();
    case abi::kSoReuseAddr: write_int(value, reuse_address_ ? 1 : 0); return ok();
    case abi::kSoKeepAlive: write_int(value, keep_alive_ ? 1 : 0); return ok();
    case abi::kSoRcvBuf: write_int(value, receive_buffer_); return ok();
    case abi::kSoSndBuf: write_int(value, send_buffer_); return ok();
    case abi::kSoBroadcast: write_int(value, broadcast_ ? 1 : 0); return ok();
    case abi::kSoPassCred:
      if (!carries_credentials()) return KError{EOPNOTSUPP};
      write_int(value, pass_credentials_ ? 1 : 0);
      return ok();
    case abi::kSoDebug:
    case abi::kSoReusePort: write_int(value, 0); return ok();
    default: return protocol_get_option(level, name, value);  // SO_PEERCRED (AF_UNIX)...
  }
}

KStatus Socket::protocol_set_option(int, int, const OptionValue&) { return KError{ENOPROTOOPT}; }
KStatus Socket::protocol_get_option(int, int, OptionValue*) { return KError{ENOPROTOOPT}; }

KResult<long> Socket::ioctl(unsigned long request, uint64_t arg) {
  // FIONREAD (tcp(7) SIOCINQ): the bytes a read would return now.
  // FIONBIO is every file's (sys_fs.cpp), through the status flags.
  // The SIOC* range: interfaces, on any socket (net/interface_ioctl.h).
  if (is_interface_ioctl(request)) return interface_ioctl(request, arg, domain_);
  if (request != fs::kIoctlBytesReadable) return KError{ENOTTY};
  int n;
  {
    Lock lock;
    n = int(bytes_readable());
  }
  TRY(uaccess::put(arg, n));
  return 0;
}

KResult<Socket*> made_whole(Socket* s) {
  if (!s) return KError{ENOMEM};
  if (!s->inode()) {
    s->unref();
    return KError{ENOMEM};
  }
  return s;
}

KResult<Socket*> create_socket(int domain, int type_and_flags, int protocol) {
  // socket(2): "EINVAL Unknown protocol, or protocol family not available.
  // EINVAL Invalid flags in type."
  if (type_and_flags & ~(abi::kSockTypeMask | abi::kSockNonBlock | abi::kSockCloseOnExec)) return KError{EINVAL};
  int type = type_and_flags & abi::kSockTypeMask;
  int flags = (type_and_flags & abi::kSockNonBlock) ? fs::kOpenNonBlock : 0;
  switch (domain) {
    case abi::kAfInet:
    case abi::kAfInet6:
      if (type == abi::kSockStream) {
        // "EPROTONOSUPPORT The protocol type or the specified protocol is
        // not supported within this domain."
        if (protocol != 0 && protocol != abi::kIpProtoTcp) return KError{EPROTONOSUPPORT};
        return made_whole(new InetStreamSocket(domain, flags));
      }
      if (type == abi::kSockDgram && domain == abi::kAfInet && protocol == abi::kIpProtoIcmp) {
        return made_whole(new IcmpSocket(flags));  // Linux's ping socket (icmp_socket.h)
      }
      if (type == abi::kSockDgram) {
        if (protocol != 0 && protocol != abi::kIpProtoUdp) return KError{EPROTONOSUPPORT};
        return made_whole(new InetDatagramSocket(domain, flags));
      }
      // socket(7) types Linux's inet family lacks (SOCK_SEQPACKET...).
      return KError{type == abi::kSockSeqPacket || type == 3 ? EPROTONOSUPPORT : EINVAL};
    case abi::kAfUnix:
      return create_unix_socket(type_and_flags, protocol);
    default:
      // "EAFNOSUPPORT The implementation does not support the specified address family."
      return KError{EAFNOSUPPORT};
  }
}

KResult<size_t> Socket::send_message(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to,
                                     const ControlInput& control) {
  TRY(control.check_socket_level_only());
  return send(buffer, n, flags, to);
}

KResult<size_t> Socket::receive_message(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                        int* message_flags, ControlOutput*) {
  return receive(buffer, n, flags, from, message_flags);
}

KStatus create_socket_pair(int domain, int type_and_flags, int protocol, Socket* pair[2]) {
  if (type_and_flags & ~(abi::kSockTypeMask | abi::kSockNonBlock | abi::kSockCloseOnExec)) return KError{EINVAL};
  switch (domain) {
    case abi::kAfInet:
    case abi::kAfInet6:
      // Linux creates the socket first, so a bad type or protocol is
      // reported as socket(2) would; only then "EOPNOTSUPP".
      {
        Socket* probe = TRY(create_socket(domain, type_and_flags, protocol));
        probe->unref();
      }
      return KError{EOPNOTSUPP};
    case abi::kAfUnix:
      return create_unix_socket_pair(type_and_flags, protocol, pair);
    default:
      return KError{EAFNOSUPPORT};
  }
}

}  // namespace net
