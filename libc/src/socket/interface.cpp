// Interface names and indexes (if_nametoindex(3), if_indextoname(3)): one
// ioctl each (SIOCGIFINDEX, SIOCGIFNAME; netdevice(7)) on a throwaway
// socket, as glibc does.
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

extern "C" {

namespace {

// Any socket will do for an interface ioctl. A datagram socket is what
// glibc opens; a kernel without UDP sockets still has TCP ones.
int open_control_socket() {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  return fd;
}

}  // namespace

unsigned int if_nametoindex(const char *name) {
  struct ifreq request;
  memset(&request, 0, sizeof request);
  if (strlen(name) >= IFNAMSIZ) {
    errno = ENODEV;
    return 0;
  }
  strcpy(request.ifr_name, name);
  int fd = open_control_socket();
  if (fd < 0) return 0;
  int result = ioctl(fd, SIOCGIFINDEX, &request);
  int saved = errno;
  close(fd);
  errno = saved;
  return result < 0 ? 0 : (unsigned int)request.ifr_ifindex;
}

char *if_indextoname(unsigned int index, char *buf) {
  struct ifreq request;
  memset(&request, 0, sizeof request);
  request.ifr_ifindex = int(index);
  int fd = open_control_socket();
  if (fd < 0) return nullptr;
  int result = ioctl(fd, SIOCGIFNAME, &request);
  int saved = errno;
  close(fd);
  if (result < 0) {
    // if_indextoname(3): "ENXIO: index is not the index of an interface".
    errno = saved == ENODEV ? ENXIO : saved;
    return nullptr;
  }
  memcpy(buf, request.ifr_name, IFNAMSIZ);
  buf[IFNAMSIZ - 1] = '\0';
  return buf;
}

}  // extern "C"
