/* IPv4 routes through ioctl(2) (SIOCADDRT, SIOCDELRT in <bits/sockios.h>):
 * struct rtentry and the RTF_* flags, Linux's layout (linux/route.h). */
#ifndef _NET_ROUTE_H
#define _NET_ROUTE_H

#include <sys/socket.h>

struct rtentry {
  unsigned long rt_pad1;
  struct sockaddr rt_dst;     /* the destination (AF_INET) */
  struct sockaddr rt_gateway; /* the gateway, with RTF_GATEWAY */
  struct sockaddr rt_genmask; /* the destination's netmask */
  unsigned short rt_flags;
  short rt_pad2;
  unsigned long rt_pad3;
  void *rt_pad4;
  short rt_metric;
  char *rt_dev; /* an interface name, or NULL */
  unsigned long rt_mtu;
  unsigned long rt_window;
  unsigned short rt_irtt;
};

#define RTF_UP 0x0001
#define RTF_GATEWAY 0x0002
#define RTF_HOST 0x0004
#define RTF_REJECT 0x0200

#endif
