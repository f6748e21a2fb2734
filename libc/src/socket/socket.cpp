// Sockets: each function is one Linux system call (socket(2) and friends).
// send and recv are sendto and recvfrom without an address, as on Linux.
#include <sys/socket.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

int socket(int domain, int type, int protocol) { return int(sys(SYS_socket, domain, type, protocol)); }

int socketpair(int domain, int type, int protocol, int sv[2]) {
  return int(sys(SYS_socketpair, domain, type, protocol, sv));
}

int bind(int fd, const struct sockaddr *address, socklen_t length) {
  return int(sys(SYS_bind, fd, address, length));
}

int connect(int fd, const struct sockaddr *address, socklen_t length) {
  return int(sys(SYS_connect, fd, address, length));
}

int listen(int fd, int backlog) { return int(sys(SYS_listen, fd, backlog)); }

int accept(int fd, struct sockaddr *address, socklen_t *length) {
  return int(sys(SYS_accept, fd, address, length));
}

int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
  return int(sys(SYS_accept4, fd, address, length, flags));
}

int getsockname(int fd, struct sockaddr *address, socklen_t *length) {
  return int(sys(SYS_getsockname, fd, address, length));
}

int getpeername(int fd, struct sockaddr *address, socklen_t *length) {
  return int(sys(SYS_getpeername, fd, address, length));
}

ssize_t sendto(int fd, const void *buffer, size_t n, int flags, const struct sockaddr *to, socklen_t to_length) {
  return sys(SYS_sendto, fd, buffer, n, flags, to, to_length);
}

ssize_t recvfrom(int fd, void *buffer, size_t n, int flags, struct sockaddr *from, socklen_t *from_length) {
  return sys(SYS_recvfrom, fd, buffer, n, flags, from, from_length);
}

ssize_t sendmsg(int fd, const struct msghdr *message, int flags) { return sys(SYS_sendmsg, fd, message, flags); }

ssize_t recvmsg(int fd, struct msghdr *message, int flags) { return sys(SYS_recvmsg, fd, message, flags); }

// The header after cmsg, or null past the end of the control buffer.
struct cmsghdr *__cmsg_nxthdr(struct msghdr *message, struct cmsghdr *cmsg) {
  if (cmsg->cmsg_len < sizeof(struct cmsghdr)) return nullptr;
  auto *next = reinterpret_cast<unsigned char *>(cmsg) + CMSG_ALIGN(cmsg->cmsg_len);
  auto *end = static_cast<unsigned char *>(message->msg_control) + message->msg_controllen;
  if (next + sizeof(struct cmsghdr) > end) return nullptr;
  auto *header = reinterpret_cast<struct cmsghdr *>(next);
  if (next + CMSG_ALIGN(header->cmsg_len) > end) return nullptr;
  return header;
}

ssize_t send(int fd, const void *buffer, size_t n, int flags) { return sendto(fd, buffer, n, flags, nullptr, 0); }

ssize_t recv(int fd, void *buffer, size_t n, int flags) { return recvfrom(fd, buffer, n, flags, nullptr, nullptr); }

int shutdown(int fd, int how) { return int(sys(SYS_shutdown, fd, how)); }

int setsockopt(int fd, int level, int name, const void *value, socklen_t length) {
  return int(sys(SYS_setsockopt, fd, level, name, value, length));
}

int getsockopt(int fd, int level, int name, void *value, socklen_t *length) {
  return int(sys(SYS_getsockopt, fd, level, name, value, length));
}

}  // extern "C"
