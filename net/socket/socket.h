// Socket: what every kind of socket shares, whatever its family or type.
//
// A socket is an open file (fs::File): socket(2) returns a descriptor like
// open(2) does, read(2)/write(2)/close(2)/poll(2)/fcntl(2) work on it, and
// the socket calls (connect, bind, ...) find it through the descriptor.
// This class holds the parts the manual pages describe for all sockets
// (socket(7)): the pending error SO_ERROR, the SOL_SOCKET options, the
// timeouts SO_RCVTIMEO/SO_SNDTIMEO, and the Readiness that poll(2) watches.
// A subclass (InetStreamSocket, TCP) supplies the protocol: the
// protocol_*() methods, in the template-method shape of SerenityOS's Socket.
//
// The address checks of connect(2) and bind(2) (rows A3-A7 of
// shared/spec/conditions.md) happen once, here, for every family: the
// syscall has copied the address in (A3, EFAULT) and its length is known;
// check_address() compares length and family with the socket's and names
// the condition; the personality's errno comes from the condition table.
//
// This header uses no lwIP type, so the syscall layer (kernel/) can include
// it; every lwIP call stays in net/.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/file.h"
#include "kernel/fs/readiness.h"
#include "kernel/lib/kresult.h"
#include "kernel/proc/wait_queue.h"
#include "net/socket/condition.h"
#include "net/socket/control_message.h"

namespace net {

struct SocketStats;  // net/net.h

// A socket address copied in from user space: the bytes and the length the
// caller passed (sockaddr_storage is 128 bytes; Linux refuses longer with
// EINVAL, and so do we, as row A4).
struct SocketAddress {
  static constexpr uint32_t kMaxLength = 128;
  uint8_t bytes[kMaxLength];
  uint32_t length;
  uint16_t family() const { return length >= 2 ? uint16_t(bytes[0] | (bytes[1] << 8)) : 0; }
};

// The fail point debug.fail.net_pcb: true when a test asked that the next
// allocation of a protocol control block (lwIP's tcp_pcb, udp_pcb) fail,
// as if the network stack were out of memory (row B13, ENOBUFS).
bool protocol_block_fail_point();

// The errno this process's personality gives for a condition (condition.h).
int errno_of(Condition condition);
inline KError error_of(Condition condition) { return KError{errno_of(condition)}; }

// Values of the Linux ABI the socket layer needs (socket(2), socket(7),
// send(2), tcp(7), ipv6(7)). libc's <sys/socket.h> has the same numbers.
namespace abi {
constexpr int kAfUnspec = 0, kAfUnix = 1, kAfInet = 2, kAfInet6 = 10;
constexpr int kSockStream = 1, kSockDgram = 2, kSockSeqPacket = 5;
constexpr int kSockTypeMask = 0xf;
constexpr int kSockNonBlock = 04000, kSockCloseOnExec = 02000000;
constexpr int kIpProtoIp = 0, kIpProtoIcmp = 1, kIpProtoTcp = 6, kIpProtoUdp = 17, kIpProtoIpv6 = 41;
constexpr int kSolSocket = 1;
constexpr int kSoDebug = 1, kSoReuseAddr = 2, kSoType = 3, kSoError = 4, kSoBroadcast = 6, kSoSndBuf = 7,
              kSoRcvBuf = 8, kSoKeepAlive = 9, kSoLinger = 13, kSoReusePort = 15, kSoPassCred = 16, kSoRcvTimeo = 20,
              kSoSndTimeo = 21, kSoAcceptConn = 30, kSoProtocol = 38, kSoDomain = 39;
constexpr int kTcpNoDelay = 1;
constexpr int kIpv6V6Only = 26;
constexpr int kMsgOob = 0x1, kMsgPeek = 0x2, kMsgDontRoute = 0x4, kMsgCtrunc = 0x8, kMsgTrunc = 0x20,
              kMsgDontWait = 0x40, kMsgEor = 0x80, kMsgWaitAll = 0x100, kMsgNoSignal = 0x4000,
              kMsgCmsgCloexec = 0x40000000;
constexpr int kShutRd = 0, kShutWr = 1, kShutRdWr = 2;
}  // namespace abi

// An option value on its way in or out of get/setsockopt: the kernel copy
// of the user's bytes (the syscall copies; nothing here touches user memory).
struct OptionValue {
  static constexpr uint32_t kMax = 64;
  uint8_t bytes[kMax];
  uint32_t length;  // in: what the caller passed (capped); out: what to copy back
};

class Socket : public fs::File {
 public:
  ~Socket() override;

  int domain() const { return domain_; }
  int type() const { return type_; }
  int protocol() const { return protocol_; }

  // The socket a File is, or nullptr (ENOTSOCK, row A2). Every live socket
  // is on one list, so no cast of an unknown File is ever needed.
  static Socket* from_file(fs::File* file);

  // The calls. Each checks what is common, then calls the protocol.
  KStatus connect(const SocketAddress& address);
  KStatus bind(const SocketAddress& address);
  virtual KStatus listen(int backlog) = 0;
  // accept(2): the new connection's socket, holding one reference.
  virtual KResult<Socket*> accept(int flags) = 0;
  virtual KStatus shutdown(int how) = 0;
  virtual KStatus local_address(SocketAddress* out) = 0;
  virtual KStatus peer_address(SocketAddress* out) = 0;  // ENOTCONN
  // send(2), sendto(2), sendmsg(2): n bytes of `buffer` (one datagram or
  // record on a socket that keeps boundaries), with their flags (MSG_*).
  // `to` is the destination the caller named, or nullptr; a connected
  // stream socket ignores it (send(2): it "may be ignored").
  virtual KResult<size_t> send(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to) = 0;
  // recv(2), recvfrom(2), recvmsg(2): at most n bytes into `buffer`.
  // `from` (may be nullptr) gets the sender's address, length 0 if it has
  // none; *message_flags gets recvmsg's msg_flags (MSG_TRUNC when a
  // datagram did not fit, MSG_EOR at a record's end), 0 by default.
  virtual KResult<size_t> receive(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                  int* message_flags) = 0;
  // sendmsg(2)/recvmsg(2) with ancillary data (control_message.h). By
  // default a socket carries none: sending checks the messages by the rule
  // every Internet socket follows, then sends the data; receiving returns
  // no control data. AF_UNIX overrides both to pass descriptors.
  virtual KResult<size_t> send_message(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to,
                                       const ControlInput& control);
  virtual KResult<size_t> receive_message(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                          int* message_flags, ControlOutput* control);

  // get/setsockopt(2): SOL_SOCKET here, other levels in the protocol.
  KStatus set_option(int level, int name, const OptionValue& value);
  KStatus get_option(int level, int name, OptionValue* value);

  // fs::File
  KResult<size_t> read(const IoBuffer& buffer, size_t n) override {
    int message_flags;
    return receive(buffer, n, 0, nullptr, &message_flags);
  }
  KResult<size_t> write(const IoBuffer& buffer, size_t n) override { return send(buffer, n, 0, nullptr); }
  KResult<long> ioctl(unsigned long request, uint64_t arg) override;
  fs::Readiness* readiness() override { return &readiness_; }

 protected:
  Socket(int domain, int type, int protocol, int status_flags);

  // The protocol's halves of connect and bind, after the checks A4-A7.
  virtual KStatus protocol_connect(const SocketAddress& address) = 0;
  virtual KStatus protocol_bind(const SocketAddress& address) = 0;
  // connect(2) to an address whose sa_family is AF_UNSPEC (and at least
  // that long). A protocol for which it means "disconnect" (Linux's
  // inet_dgram_connect/inet_stream_connect; conditions.md N4) does so,
  // sets *result and returns true; by default false, and the address is
  // checked like any other (A5: EAFNOSUPPORT).
  virtual bool protocol_disconnect(KStatus* /*result*/) { return false; }
  // The smallest address length this family accepts (row A4).
  virtual uint32_t min_address_length() const = 0;
  // Options of other levels (IPPROTO_TCP, IPPROTO_IPV6); ENOPROTOOPT.
  virtual KStatus protocol_set_option(int level, int name, const OptionValue& value);
  virtual KStatus protocol_get_option(int level, int name, OptionValue* value);
  // SOL_SOCKET options the protocol must hear about (SO_KEEPALIVE).
  virtual void option_changed(int /*name*/) {}
  virtual bool is_listening() const = 0;
  virtual size_t bytes_readable() = 0;  // FIONREAD
  // Whether the family can pass credentials (SCM_CREDENTIALS): only such a
  // socket takes SO_PASSCRED, as Linux since 6.16 (EOPNOTSUPP).
  virtual bool carries_credentials() const { return false; }

  // Something changed: wake the blocked calls and tell poll(2).
  void changed() {
    wait_.wake_all();
    readiness_.notify();
  }
  // Sleeps on the socket's queue until changed(), the deadline (ns, 0 =
  // none) or a signal. Called with the network lock held: wakes the net
  // thread first if the caller left it work (a segment on loopback).
  int sleep(uint64_t deadline_ns);
  // The deadline of a blocking receive or send (SO_RCVTIMEO/SO_SNDTIMEO), 0: none.
  uint64_t receive_deadline() const;
  uint64_t send_deadline() const;

  // SO_ERROR (socket(7): "Get and clear the pending socket error"). 0: none.
  int so_error_ = 0;
  int take_error() {
    int e = so_error_;
    so_error_ = 0;
    return e;
  }

  // Stored SOL_SOCKET options.
  bool reuse_address_ = false;
  bool keep_alive_ = false;
  bool broadcast_ = false;  // SO_BROADCAST: datagram sockets read it (D1)
  bool pass_credentials_ = false;  // SO_PASSCRED: AF_UNIX reads it
  int receive_buffer_;  // reported as set: Linux doubles, see socket.cpp
  int send_buffer_;
  uint64_t receive_timeout_ns_ = 0;  // 0: wait forever
  uint64_t send_timeout_ns_ = 0;
  bool linger_on_ = false;
  int linger_seconds_ = 0;

  int domain_, type_, protocol_;
  // The personality of the process that last called connect (or created
  // the socket): lwIP's callbacks run in the net thread, not in that
  // process, and name their errnos through this (errno_in_callback).
  personality::System system_;
  int errno_in_callback(Condition condition) const { return errno_for(condition, system_); }
  fs::Readiness readiness_;
  WaitQueue wait_;

 private:
  KStatus check_address(const SocketAddress& address);
  friend void snapshot_socket_stats(SocketStats* out);  // walks the list (net/net.h)
  Socket* next_socket_ = nullptr;  // the list of live sockets (from_file)
  Socket* previous_socket_ = nullptr;
};

// A socket just made with new, whole: nullptr, or one whose inode could not
// be had, is ENOMEM (and released).
KResult<Socket*> made_whole(Socket* s);

// socket(2) after the syscall's checks: a new socket with one reference.
// EAFNOSUPPORT, EPROTONOSUPPORT, EINVAL, ENOSYS (families and types whose
// issue is still open), ENOMEM.
KResult<Socket*> create_socket(int domain, int type_and_flags, int protocol);

// socketpair(2) after the syscall's checks: two sockets connected to each
// other, one reference each. Only AF_UNIX makes pairs ("EOPNOTSUPP The
// specified protocol does not permit creation of socket pairs" for the
// Internet families); EAFNOSUPPORT, EPROTONOSUPPORT, EINVAL, ENOMEM.
KStatus create_socket_pair(int domain, int type_and_flags, int protocol, Socket* pair[2]);

}  // namespace net
