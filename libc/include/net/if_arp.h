/* Link-layer address types (include/uapi/linux/if_arp.h): the sa_family of
 * SIOCGIFHWADDR's answer. */
#ifndef _NET_IF_ARP_H
#define _NET_IF_ARP_H

#define ARPHRD_ETHER 1
#define ARPHRD_LOOPBACK 772
#define ARPHRD_NONE 0xFFFE

#endif
