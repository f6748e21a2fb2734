/* lwIP's configuration for Tether. lwIP reads this through lwip/opt.h, which
 * holds the default of every option and what it means; only the ones we
 * change are here, grouped by what they decide. See README.md for the port
 * as a whole. */
#ifndef TETHER_LWIPOPTS_H
#define TETHER_LWIPOPTS_H

/* ---- How lwIP is driven ------------------------------------------------
 * NO_SYS: lwIP has no threads, semaphores or mailboxes of its own. The
 * kernel calls it directly: the "net" kernel thread runs its timers and
 * feeds it received frames, and the socket layer calls the raw API from
 * syscalls. Every call happens under the network lock (net_lock.h). */
#define NO_SYS 1
/* SYS_ARCH_PROTECT guards a few lists against an interrupt handler that
 * calls into lwIP. Ours never does (a NIC's interrupt only wakes the net
 * thread), and the network lock already keeps interrupts off, so the
 * protection would protect nothing. */
#define SYS_LIGHTWEIGHT_PROT 0
/* Every entry point of lwIP checks that its caller holds the lock. (The
 * tether_* functions named in this file are declared in arch/cc.h.) */
#define LWIP_ASSERT_CORE_LOCKED() tether_net_assert_locked()

/* Only the raw (callback) API: the kernel's socket layer gives sockets
 * their semantics, lwIP is the protocol engine underneath. */
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_NETIF_API 0

/* ---- Protocols ---------------------------------------------------------- */
#define LWIP_IPV4 1
#define LWIP_IPV6 1
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 1 /* raw pcbs: for ping-like sockets later */
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_TCP_KEEPALIVE 1 /* SO_KEEPALIVE */
#define LWIP_DHCP 1
/* lwIP's ICMP input counts a "port unreachable" and tells no UDP pcb (nor
 * TCP one) about it. These hooks see each IP packet first, so the socket
 * layer can report ECONNREFUSED on the connected UDP socket whose datagram
 * the message quotes (icmp_errors.cpp). */
#define LWIP_HOOK_IP4_INPUT(p, inp) tether_ip4_input_hook((p), (inp))
#define LWIP_HOOK_IP6_INPUT(p, inp) tether_ip6_input_hook((p), (inp))
#define LWIP_AUTOIP 0 /* no 169.254/16: QEMU and real networks have DHCP */
#define LWIP_IGMP 0
#define LWIP_DNS 0 /* name resolution is userland's (/etc/resolv.conf) */
#define LWIP_NETIF_HOSTNAME 1 /* DHCP tells the server our name */
/* IPv6: link-local address, stateless autoconfiguration from router
 * advertisements (SLAAC), neighbour discovery and MLD, which ND needs to
 * join the solicited-node groups. No DHCPv6. */
#define LWIP_ICMP6 1
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_MLD 1
#define LWIP_IPV6_DHCP6 0
/* Reassembling IPv6 fragments, lwIP keeps its bookkeeping (a pointer and
 * two numbers) in place of each fragment header; with 64-bit pointers that
 * is more than the header's 8 bytes, so it copies the header aside. */
#define IPV6_FRAG_COPYHEADER 1

/* ---- Interfaces ----------------------------------------------------------
 * A loopback interface (lo: 127.0.0.1 and ::1), and loopback on every
 * interface, so a packet to the machine's own address never leaves it. With
 * NO_SYS the net thread empties the loopback queues (netif_poll_all). */
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_LOOPBACK_MAX_PBUFS 256 /* a bound on what a runaway sender queues */
/* One callback for every change of link or address, on every interface:
 * the log lines ("net: eth0 ... up, 10.0.2.15/24 gw 10.0.2.2 (DHCP)"). */
#define LWIP_NETIF_EXT_STATUS_CALLBACK 1

/* Checksums: computed and checked in software, except where a NIC says it
 * does the work. The virtio-net driver turns off, per interface
 * (NETIF_SET_CHECKSUM_CTRL), what the device offloads. */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1
#define CHECKSUM_GEN_IP 1
#define CHECKSUM_GEN_UDP 1
#define CHECKSUM_GEN_TCP 1
#define CHECKSUM_GEN_ICMP 1
#define CHECKSUM_GEN_ICMP6 1
#define CHECKSUM_CHECK_IP 1
#define CHECKSUM_CHECK_UDP 1
#define CHECKSUM_CHECK_TCP 1
#define CHECKSUM_CHECK_ICMP 1
#define CHECKSUM_CHECK_ICMP6 1
/* The checksum routine itself: ours adds 32 bits at a time where lwIP's
 * adds 16 (checksum.cpp); the checksum was a large part of the cost of
 * every byte sent or received (docs/performance.md). */
#define LWIP_CHKSUM tether_lwip_chksum

/* ---- Memory ----------------------------------------------------------------
 * Everything comes from the kernel heap: mem_malloc() through
 * kmalloc/kfree (sys_arch.cpp), and the fixed-size pools (pcbs, segments,
 * pbufs) through mem_malloc too, so no memory is set aside at boot and the
 * MEMP_NUM_* counts below are not hard limits. */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define mem_clib_malloc tether_lwip_malloc
#define mem_clib_calloc tether_lwip_calloc
#define mem_clib_free tether_lwip_free
/* kmalloc returns 16-byte aligned blocks. */
#define MEM_ALIGNMENT 8
/* MEM_SIZE sizes lwIP's own heap, which we do not use; but it also picks
 * the type of an allocation's size, and above 64000 that type is 32 bits,
 * so one large datagram can be allocated in one piece. */
#define MEM_SIZE (1024 * 1024)

/* ---- TCP -----------------------------------------------------------------
 * Segment size: lwIP sends min(TCP_MSS, the interface's MTU - 40), and
 * announces the same in its SYN, so eth0 (MTU 1500) uses full-size
 * Ethernet segments of 1460 bytes whatever TCP_MSS is. lo has no MTU in
 * lwIP (0: no limit), so TCP_MSS is what loopback connections use: 8 KiB,
 * where Linux's lo (MTU 65536) uses ~64 KiB; fewer, larger segments over
 * loopback, as there. (lwIP's sanity check wants TCP_SNDLOWAT + 4 * TCP_MSS
 * to fit in 16 bits, which 8 KiB is the largest power of two to pass.) ETHERNET_MSS is the smallest segment a connection
 * meets, for the sizes below.
 *
 * Buffers big enough to keep a link busy: a 128 KiB receive window,
 * announced with window scaling (RFC 7323), and 44 Ethernet segments
 * (62 KiB) of send buffer, as much as lwIP's API can report (tcp_sndbuf()
 * is 16 bits). */
#define ETHERNET_MSS 1460
#define TCP_MSS (8 * 1024)
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 2
#define TCP_WND (128 * 1024)
#define TCP_SND_BUF (44 * ETHERNET_MSS)
#define TCP_SND_QUEUELEN ((4 * (TCP_SND_BUF) + (ETHERNET_MSS - 1)) / (ETHERNET_MSS))
/* Received frames are at most Ethernet-sized: pool pbufs need not follow
 * TCP_MSS (opt.h's default would make each 8 KiB). */
#define PBUF_POOL_BUFSIZE \
  LWIP_MEM_ALIGN_SIZE(ETHERNET_MSS + PBUF_IP_HLEN + PBUF_TRANSPORT_HLEN + PBUF_LINK_ENCAPSULATION_HLEN + PBUF_LINK_HLEN)
#define MEMP_NUM_TCP_SEG TCP_SND_QUEUELEN
#define TCP_QUEUE_OOSEQ 1
#define TCP_OOSEQ_MAX_PBUFS 256
#define LWIP_TCP_SACK_OUT 1
#define TCP_LISTEN_BACKLOG 1
#define LWIP_TCP_TIMESTAMPS 0

/* TIME_WAIT lasts 2 * TCP_MSL. lwIP's default MSL of 60 s makes that two
 * minutes; Linux holds TIME_WAIT for 60 s (TCP_TIMEWAIT_LEN), and so do we.
 * How many such connections are kept at most is a sysctl,
 * net.inet.tcp.maxtcptw (time_wait_limit.h). */
#define TCP_MSL 30000UL

/* ---- Counters ---------------------------------------------------------- */
#define LWIP_STATS 1
#define LWIP_STATS_DISPLAY 0
#define MEM_STATS 1
#define MEMP_STATS 1
#define LINK_STATS 1
#define ETHARP_STATS 1
#define IP_STATS 1
#define IP6_STATS 1
#define ICMP_STATS 1
#define ICMP6_STATS 1
#define UDP_STATS 1
#define TCP_STATS 1
#define ND6_STATS 1
#define MLD6_STATS 1
/* Per-interface MIB-II counters (netif->mib2_counters). What the kernel
 * reads is lo's: lwIP counts every looped packet there (netif.c,
 * netif_loop_output and netif_poll), the only place the loopback path is
 * counted. Ethernet interfaces have their own counters in the driver
 * (net/net.h), which see malformed frames lwIP never does. */
#define MIB2_STATS 1

/* ---- Debug messages --------------------------------------------------------
 * Compiled in for a few modules, printed only while the sysctl
 * debug.log.net is 1: LWIP_DBG_TYPES_ON is asked at every message. */
#define LWIP_DEBUG 1
#define LWIP_DBG_TYPES_ON (tether_net_debug_enabled() ? LWIP_DBG_ON : 0)
#define LWIP_DBG_MIN_LEVEL LWIP_DBG_LEVEL_ALL
#define NETIF_DEBUG LWIP_DBG_ON
#define DHCP_DEBUG LWIP_DBG_ON

#endif /* TETHER_LWIPOPTS_H */
