/* Linux x86-64 socket ioctl request numbers (include/uapi/linux/sockios.h),
 * shared by <sys/ioctl.h> and the kernel (net/interface_ioctl.cpp): the
 * interface requests SIOCGIF* / SIOCSIF* take a struct ifreq (<net/if.h>),
 * SIOCGIFCONF a struct ifconf. Never renumber. */
#ifndef _BITS_SOCKIOS_H
#define _BITS_SOCKIOS_H

/* Routing table (net-tools' route add/del). */
#define SIOCADDRT 0x890B
#define SIOCDELRT 0x890C

/* Interfaces. */
#define SIOCGIFNAME 0x8910    /* name of the interface with ifr_ifindex */
#define SIOCGIFCONF 0x8912    /* the interfaces with an IPv4 address */
#define SIOCGIFFLAGS 0x8913   /* IFF_* flags */
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFADDR 0x8915    /* IPv4 address */
#define SIOCSIFADDR 0x8916
#define SIOCGIFDSTADDR 0x8917 /* point-to-point peer */
#define SIOCSIFDSTADDR 0x8918
#define SIOCGIFBRDADDR 0x8919 /* broadcast address */
#define SIOCSIFBRDADDR 0x891a
#define SIOCGIFNETMASK 0x891b
#define SIOCSIFNETMASK 0x891c
#define SIOCGIFMETRIC 0x891d
#define SIOCSIFMETRIC 0x891e
#define SIOCGIFMTU 0x8921
#define SIOCSIFMTU 0x8922
#define SIOCSIFNAME 0x8923
#define SIOCSIFHWADDR 0x8924
#define SIOCGIFHWADDR 0x8927  /* link-layer address, family ARPHRD_* */
#define SIOCGIFINDEX 0x8933
#define SIOCGIFCOUNT 0x8938
#define SIOCGIFTXQLEN 0x8942

/* The range every SIOC* request above lies in (Linux's protocol-independent
 * socket ioctls; device-private ones start at 0x89F0). */
#define __SIOC_FIRST 0x8900
#define __SIOC_LAST 0x89FF

#endif
