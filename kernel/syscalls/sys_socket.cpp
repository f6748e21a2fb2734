// The socket system calls: socket, bind, listen, accept/accept4, connect,
// getsockname, getpeername, sendto, recvfrom, sendmsg, recvmsg, socketpair,
// shutdown, setsockopt, getsockopt. read, write, close, poll, fcntl and
// ioctl reach a socket as any file (sys_fs.cpp), through net::Socket's
// fs::File methods.
//
// As in sys_fs.cpp, each handler only moves arguments: it copies addresses
// and option values in and out of user space (uaccess: a bad pointer is
// EFAULT, row A3 of shared/spec/conditions.md), finds the socket behind the
// descriptor (EBADF, row A1; ENOTSOCK, row A2), and calls net::Socket
// (net/socket/socket.h), which decides everything else. The order of the
// checks is Linux's (net/socket.c), so the same bad call gets the same
// errno on both.
//
// sendmsg(2)/recvmsg(2) move ancillary data as bytes; its meaning is the
// socket's (net/socket/control_message.h).
// socketpair(2) is here; which families can make a pair is net/'s business
// (net::create_socket_pair).
#include "arch/x86_64/layout.h"
#include "kernel/fs/fd_table.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/user_vector.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"
#include "libc/include/bits/syscall.h"
#include "net/socket/socket.h"

namespace {

using fs::FileRef;
using net::Socket;
using net::SocketAddress;

fs::FdTable& descriptors() { return *proc::current()->files; }

// The socket open as fd, with a reference held by `holder`. EBADF, ENOTSOCK.
KResult<Socket*> socket_for(uint64_t fd, FileRef* holder) {
  *holder = TRY(descriptors().get(int(fd)));
  Socket* s = Socket::from_file(holder->get());
  if (!s) return KError{ENOTSOCK};
  return s;
}

// Linux's move_addr_to_kernel: "EINVAL" for a negative length or one longer
// than struct sockaddr_storage; EFAULT if the bytes cannot be read. A zero
// length copies nothing (the socket then sees a zero-length address: A4).
KStatus copy_address_in(uint64_t user_address, uint64_t length, SocketAddress* out) {
  int n = int(length);
  if (n < 0 || uint32_t(n) > SocketAddress::kMaxLength) return KError{EINVAL};
  out->length = uint32_t(n);
  if (n) TRY(uaccess::copy_from_user(out->bytes, user_address, size_t(n)));
  return ok();
}

// Linux's move_addr_to_user: *length says how much room there is (EINVAL if
// negative); the address is truncated to it, and *length gets the real size
// (getsockname(2): "the returned address is truncated if the buffer
// provided is too small; in this case, addrlen will return a value greater
// than was supplied").
KStatus copy_address_out(const SocketAddress& address, uint64_t user_address, uint64_t user_length) {
  int room;
  TRY(uaccess::get(&room, user_length));
  if (room < 0) return KError{EINVAL};
  uint32_t n = uint32_t(room) < address.length ? uint32_t(room) : address.length;
  if (n) TRY(uaccess::copy_to_user(user_address, address.bytes, n));
  TRY(uaccess::put(user_length, int(address.length)));
  return ok();
}

long sys_socket(const SyscallArgs& a) {
  // Linux takes the descriptor first: EMFILE leaves no socket behind.
  if (!descriptors().has_free_slot()) return -EMFILE;
  int type = int(a.a1);
  Socket* s = TRY_ERRNO(net::create_socket(int(a.a0), type, int(a.a2)));
  KResult<int> fd = descriptors().install(s, type & net::abi::kSockCloseOnExec);
  if (fd.is_error()) s->unref();
  return syscall_result(fd);
}

long sys_bind(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  SocketAddress address;
  TRY_ERRNO(copy_address_in(a.a1, a.a2, &address));
  return syscall_result(s->bind(address));
}

long sys_connect(const SyscallArgs& a) {
  // Linux: the descriptor (EBADF), then the address (EINVAL, EFAULT), then
  // whether it is a socket (ENOTSOCK).
  FileRef holder = TRY_ERRNO(descriptors().get(int(a.a0)));
  SocketAddress address;
  TRY_ERRNO(copy_address_in(a.a1, a.a2, &address));
  Socket* s = Socket::from_file(holder.get());
  if (!s) return -ENOTSOCK;
  return syscall_result(s->connect(address));
}

long sys_listen(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  return syscall_result(s->listen(int(a.a1)));
}

long accept_common(uint64_t fd, uint64_t user_address, uint64_t user_length, int flags) {
  // accept(2): "EINVAL (accept4()) invalid value in flags."
  if (flags & ~(net::abi::kSockNonBlock | net::abi::kSockCloseOnExec)) return -EINVAL;
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(fd, &holder));
  if (!descriptors().has_free_slot()) return -EMFILE;
  Socket* connection = TRY_ERRNO(s->accept(flags));
  // The new socket's inode is the accepting process's (Linux's do_accept
  // makes it with sock_alloc, as socket(2) does), whoever made the connection.
  const Credentials& cred = proc::current()->cred;
  connection->inode()->uid = cred.euid;
  connection->inode()->gid = cred.egid;
  if (user_address) {
    SocketAddress peer;
    KStatus named = connection->peer_address(&peer);
    if (named.is_error()) {  // reset before we got to it: the address is all zeros
      peer.length = 0;
      (void)connection->local_address(&peer);
      __builtin_memset(peer.bytes + 2, 0, peer.length - 2);
    }
    KStatus copied = copy_address_out(peer, user_address, user_length);
    if (copied.is_error()) {  // as on Linux, the connection is lost
      connection->unref();
      return -long(copied.error());
    }
  }
  KResult<int> new_fd = descriptors().install(connection, flags & net::abi::kSockCloseOnExec);
  if (new_fd.is_error()) connection->unref();
  return syscall_result(new_fd);
}

long sys_accept(const SyscallArgs& a) { return accept_common(a.a0, a.a1, a.a2, 0); }
long sys_accept4(const SyscallArgs& a) { return accept_common(a.a0, a.a1, a.a2, int(a.a3)); }

long name_common(const SyscallArgs& a, bool peer) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  SocketAddress address;
  TRY_ERRNO(peer ? s->peer_address(&address) : s->local_address(&address));
  TRY_ERRNO(copy_address_out(address, a.a1, a.a2));
  return 0;
}

long sys_getsockname(const SyscallArgs& a) { return name_common(a, false); }
long sys_getpeername(const SyscallArgs& a) { return name_common(a, true); }

size_t clamp_transfer(uint64_t n) { return n > fs::kMaxTransfer ? fs::kMaxTransfer : size_t(n); }

long sys_sendto(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  size_t n = clamp_transfer(a.a2);
  if (!layout::is_user_range(a.a1, n)) return -EFAULT;
  SocketAddress to;
  if (a.a4) TRY_ERRNO(copy_address_in(a.a4, a.a5, &to));
  return syscall_result(s->send(IoBuffer::user(a.a1), n, int(a.a3), a.a4 ? &to : nullptr));
}

long sys_recvfrom(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  size_t n = clamp_transfer(a.a2);
  if (!layout::is_user_range(a.a1, n)) return -EFAULT;
  SocketAddress from;
  from.length = 0;
  int message_flags;
  size_t got = TRY_ERRNO(s->receive(IoBuffer::user(a.a1), n, int(a.a3), a.a4 ? &from : nullptr, &message_flags));
  if (a.a4) TRY_ERRNO(copy_address_out(from, a.a4, a.a5));
  return long(got);
}

// struct msghdr of the Linux x86-64 ABI (sendmsg(2), recvmsg(2)).
struct LinuxMessageHeader {
  uint64_t name;  // void *msg_name
  int32_t name_length;
  int32_t pad0;
  uint64_t iov;  // struct iovec *msg_iov
  uint64_t iov_count;
  uint64_t control;  // void *msg_control
  uint64_t control_length;
  int32_t flags;
  int32_t pad1;
};
static_assert(sizeof(LinuxMessageHeader) == 56);

// The header and its iovec array, copied in and checked as Linux's
// ___sys_sendmsg/___sys_recvmsg do: "EMSGSIZE" for more than UIO_MAXIOV
// pieces (an errno of its own here, unlike readv's EINVAL).
KStatus copy_message_in(uint64_t user_header, LinuxMessageHeader* header, UserVector* pieces) {
  TRY(uaccess::get(header, user_header));
  if (header->iov_count > uint64_t(fs::kMaxIovecs)) return KError{EMSGSIZE};
  return pieces->copy_in(header->iov, int(header->iov_count), fs::kMaxTransfer);
}

// recvmsg's results into the user's msghdr: the sender's name (cut to the
// room given, msg_namelen the real size), the control data (MSG_CTRUNC if
// cut), msg_flags. Returns `got`, or -EFAULT.
long copy_message_results_out(uint64_t user_header, const LinuxMessageHeader& header, const SocketAddress& from,
                              const net::ControlOutput& control, int message_flags, long got) {
  if (header.name) {
    uint32_t n = uint32_t(header.name_length) < from.length ? uint32_t(header.name_length) : from.length;
    if (n) TRY_ERRNO(uaccess::copy_to_user(header.name, from.bytes, n));
  }
  int32_t name_length = header.name ? int32_t(from.length) : 0;
  TRY_ERRNO(uaccess::put(user_header + offsetof(LinuxMessageHeader, name_length), name_length));
  if (control.length) TRY_ERRNO(uaccess::copy_to_user(header.control, control.bytes, control.length));
  TRY_ERRNO(uaccess::put(user_header + offsetof(LinuxMessageHeader, control_length), uint64_t(control.length)));
  if (control.truncated) message_flags |= net::abi::kMsgCtrunc;
  TRY_ERRNO(uaccess::put(user_header + offsetof(LinuxMessageHeader, flags), int32_t(message_flags)));
  return got;
}

long sys_sendmsg(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  LinuxMessageHeader header;
  UserVector pieces;
  TRY_ERRNO(copy_message_in(a.a1, &header, &pieces));
  SocketAddress to;
  if (header.name) TRY_ERRNO(copy_address_in(header.name, uint64_t(int64_t(header.name_length)), &to));
  // Ancillary data: copied in whole and its headers checked here; what the
  // messages mean is the socket's business.
  net::ControlInput control;
  uint8_t* control_copy = nullptr;
  if (header.control_length) {
    if (header.control_length > net::ControlInput::kMaxControl) return -ENOBUFS;
    control_copy = static_cast<uint8_t*>(kmalloc(header.control_length));
    if (!control_copy) return -ENOMEM;
    control.bytes = control_copy;
    control.length = header.control_length;
  }
  KResult<size_t> sent = KError{EFAULT};
  if (!control_copy || !uaccess::copy_from_user(control_copy, header.control, header.control_length).is_error()) {
    KStatus well_formed = control.check();
    sent = well_formed.is_error()
               ? KResult<size_t>(KError{well_formed.error()})
               : s->send_message(pieces.buffer(), pieces.total(), int(a.a2), header.name ? &to : nullptr, control);
  }
  kfree(control_copy);
  return syscall_result(sent);
}

long sys_recvmsg(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  LinuxMessageHeader header;
  UserVector pieces;
  TRY_ERRNO(copy_message_in(a.a1, &header, &pieces));
  // recvmsg(2): msg_namelen is "value-result": the room in, the size out.
  if (header.name && header.name_length < 0) return -EINVAL;
  net::ControlOutput control;
  if (header.control && header.control_length) {
    control.capacity = header.control_length < net::ControlInput::kMaxControl ? header.control_length
                                                                               : net::ControlInput::kMaxControl;
    control.bytes = static_cast<uint8_t*>(kmalloc(control.capacity));
    if (!control.bytes) return -ENOMEM;
  }
  SocketAddress from;
  from.length = 0;
  int message_flags = 0;
  int flags = int(a.a2);
  control.close_on_exec = flags & net::abi::kMsgCmsgCloexec;
  KResult<size_t> got = s->receive_message(pieces.buffer(), pieces.total(), flags & ~net::abi::kMsgCmsgCloexec,
                                           header.name ? &from : nullptr, &message_flags, &control);
  long result = syscall_result(got);
  // The results go back field by field, as Linux writes msg_namelen,
  // msg_controllen and msg_flags in place.
  if (!got.is_error()) result = copy_message_results_out(a.a1, header, from, control, message_flags, long(got.value()));
  kfree(control.bytes);
  return result;
}

// socketpair(2): two connected sockets, their descriptors written to the
// user's int[2]. As on Linux, the descriptors are taken first (EMFILE), and
// a bad pointer (EFAULT) leaves nothing behind.
long sys_socketpair(const SyscallArgs& a) {
  int type = int(a.a1);
  Socket* pair[2];
  TRY_ERRNO(net::create_socket_pair(int(a.a0), type, int(a.a2), pair));
  bool close_on_exec = type & net::abi::kSockCloseOnExec;
  int fds[2] = {-1, -1};
  long result = 0;
  for (int i = 0; i < 2; i++) {
    KResult<int> fd = descriptors().install(pair[i], close_on_exec);
    if (fd.is_error()) {
      pair[i]->unref();
      if (i == 0) pair[1]->unref();
      result = -long(fd.error());
      break;
    }
    fds[i] = fd.value();
  }
  if (result == 0 && uaccess::copy_to_user(a.a3, fds, sizeof fds).is_error()) result = -EFAULT;
  if (result != 0) {
    for (int fd : fds)
      if (fd >= 0) (void)descriptors().close(fd);
  }
  return result;
}

long sys_shutdown(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  return syscall_result(s->shutdown(int(a.a1)));
}

long sys_setsockopt(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  int length = int(a.a4);
  if (length < 0) return -EINVAL;  // setsockopt(2): "optlen invalid"
  net::OptionValue value;
  value.length = uint32_t(length) < net::OptionValue::kMax ? uint32_t(length) : net::OptionValue::kMax;
  if (value.length) TRY_ERRNO(uaccess::copy_from_user(value.bytes, a.a3, value.length));
  return syscall_result(s->set_option(int(a.a1), int(a.a2), value));
}

long sys_getsockopt(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  int length;
  TRY_ERRNO(uaccess::get(&length, a.a4));
  if (length < 0) return -EINVAL;  // getsockopt(2): "optlen invalid"
  net::OptionValue value;
  __builtin_memset(value.bytes, 0, sizeof value.bytes);
  value.length = uint32_t(length) < net::OptionValue::kMax ? uint32_t(length) : net::OptionValue::kMax;
  TRY_ERRNO(s->get_option(int(a.a1), int(a.a2), &value));
  if (value.length) TRY_ERRNO(uaccess::copy_to_user(a.a3, value.bytes, value.length));
  TRY_ERRNO(uaccess::put(a.a4, int(value.length)));
  return 0;
}

}  // namespace

void register_socket_syscalls() {
  register_syscall(SYS_socket, sys_socket);
  register_syscall(SYS_bind, sys_bind);
  register_syscall(SYS_listen, sys_listen);
  register_syscall(SYS_accept, sys_accept);
  register_syscall(SYS_accept4, sys_accept4);
  register_syscall(SYS_connect, sys_connect);
  register_syscall(SYS_getsockname, sys_getsockname);
  register_syscall(SYS_getpeername, sys_getpeername);
  register_syscall(SYS_sendto, sys_sendto);
  register_syscall(SYS_recvfrom, sys_recvfrom);
  register_syscall(SYS_sendmsg, sys_sendmsg);
  register_syscall(SYS_recvmsg, sys_recvmsg);
  register_syscall(SYS_socketpair, sys_socketpair);
  register_syscall(SYS_shutdown, sys_shutdown);
  register_syscall(SYS_setsockopt, sys_setsockopt);
  register_syscall(SYS_getsockopt, sys_getsockopt);
}
