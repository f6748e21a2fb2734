// The socket system calls: socket, bind, listen, accept/accept4, connect,
// getsockname, getpeername, sendto, recvfrom, shutdown, setsockopt,
// getsockopt. read, write, close, poll, fcntl and ioctl reach a socket as
// any file (sys_fs.cpp), through net::Socket's fs::File methods.
//
// As in sys_fs.cpp, each handler only moves arguments: it copies addresses
// and option values in and out of user space (uaccess: a bad pointer is
// EFAULT, row A3 of shared/spec/conditions.md), finds the socket behind the
// descriptor (EBADF, row A1; ENOTSOCK, row A2), and calls net::Socket
// (net/socket/socket.h), which decides everything else. The order of the
// checks is Linux's (net/socket.c), so the same bad call gets the same
// errno on both.
//
// Not here yet: socketpair(2) (AF_UNIX, its own issue) is left unregistered
// and answers ENOSYS; sendmsg(2)/recvmsg(2) likewise.
#include "arch/x86_64/layout.h"
#include "kernel/fs/fd_table.h"
#include "kernel/mm/uaccess.h"
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
  if (a.a4) {
    // A stream socket ignores the destination (send(2): it "may be
    // ignored" on a connection-mode socket), but Linux still copies it in.
    SocketAddress to;
    TRY_ERRNO(copy_address_in(a.a4, a.a5, &to));
  }
  return syscall_result(s->send(IoBuffer::user(a.a1), n, int(a.a3)));
}

long sys_recvfrom(const SyscallArgs& a) {
  FileRef holder;
  Socket* s = TRY_ERRNO(socket_for(a.a0, &holder));
  size_t n = clamp_transfer(a.a2);
  if (!layout::is_user_range(a.a1, n)) return -EFAULT;
  SocketAddress from;
  from.length = 0;
  size_t got = TRY_ERRNO(s->receive(IoBuffer::user(a.a1), n, int(a.a3), a.a4 ? &from : nullptr));
  if (a.a4) TRY_ERRNO(copy_address_out(from, a.a4, a.a5));
  return long(got);
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
  register_syscall(SYS_shutdown, sys_shutdown);
  register_syscall(SYS_setsockopt, sys_setsockopt);
  register_syscall(SYS_getsockopt, sys_getsockopt);
}
