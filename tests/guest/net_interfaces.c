/* net_interfaces: the interface ioctls of netdevice(7), /proc/net/dev,
 * /proc/net/route, /proc/net/if_inet6, and the ifconfig and route tools.
 *
 * On both systems: SIOCGIFCONF (the size query with a NULL buffer, a
 * buffer for one entry, EFAULT), lo's flags, address, netmask, index 1
 * and link type, SIOCGIFNAME and if_nametoindex/if_indextoname, ENODEV
 * for a missing interface or index, EFAULT for a bad struct ifreq, EPERM
 * for a set request from uid 1000 (before ENODEV, as Linux checks
 * CAP_NET_ADMIN first), EINVAL for a non-AF_INET address, ENOTTY for an
 * address request on an AF_INET6 socket; lo in /proc/net/dev with its
 * counters moving under loopback traffic; the /proc/net/route header.
 *
 * On Tether only (SKIP on Linux: the host's interfaces are its own, and
 * changing them would break the host): eth0 as QEMU's user network gives
 * it (10.0.2.15/24 by DHCP, gateway 10.0.2.2, MAC 52:54:00:12:34:56, MTU
 * 1500), its routes, its IPv6 link-local address; setting an address and
 * netmask and reading them back (with Linux's classful netmask after
 * SIOCSIFADDR); bringing lo down (connect to 127.0.0.1 then finds no
 * route) and up again; a bad netmask, EADDRNOTAVAIL with no address,
 * EOPNOTSUPP for promiscuous mode; the output of /bin/ifconfig and
 * /bin/route.
 *
 * Sources: netdevice(7); if_nametoindex(3); proc(5) for /proc/net/dev,
 * route, if_inet6; Linux net/ipv4/devinet.c (devinet_ioctl: order of the
 * checks, classful netmask on SIOCSIFADDR, bad_mask) and
 * net/core/dev_ioctl.c (ENODEV, EPERM, ENOTTY). Runs as root on both. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"
#include "tether_util.h"

#define USER 1000

static int control_fd;

/* A socket for the ioctls: datagram as net-tools opens, or stream where
 * the kernel has no UDP sockets yet. */
static int open_inet_socket(int family) {
  int fd = socket(family, SOCK_DGRAM, 0);
  if (fd < 0) fd = socket(family, SOCK_STREAM, 0);
  return fd;
}

static int request(const char *name, unsigned long req, struct ifreq *r) {
  memset(r, 0, sizeof *r);
  snprintf(r->ifr_name, IFNAMSIZ, "%s", name);
  return ioctl(control_fd, req, r);
}

static in_addr_t ipv4_of(const struct sockaddr *a) { return ((const struct sockaddr_in *)a)->sin_addr.s_addr; }

static const char *text(in_addr_t address) {
  static char buffers[4][INET_ADDRSTRLEN];
  static int next;
  char *b = buffers[next++ % 4];
  struct in_addr a = {address};
  inet_ntop(AF_INET, &a, b, INET_ADDRSTRLEN);
  return b;
}

static void set_ipv4(struct sockaddr *out, const char *address) {
  struct sockaddr_in *in = (struct sockaddr_in *)out;
  memset(in, 0, sizeof *in);
  in->sin_family = AF_INET;
  inet_pton(AF_INET, address, &in->sin_addr);
}

/* ioctl(SIOCS*) with an IPv4 address: 0 or -1 with errno. */
static int set_request(const char *name, unsigned long req, const char *address) {
  struct ifreq r;
  memset(&r, 0, sizeof r);
  snprintf(r.ifr_name, IFNAMSIZ, "%s", name);
  set_ipv4(&r.ifr_addr, address);
  return ioctl(control_fd, req, &r);
}

static int get_flags(const char *name) {
  struct ifreq r;
  return request(name, SIOCGIFFLAGS, &r) < 0 ? -1 : (unsigned short)r.ifr_flags;
}

static int set_up(const char *name, int up) {
  struct ifreq r;
  if (request(name, SIOCGIFFLAGS, &r) < 0) return -1;
  if (up)
    r.ifr_flags |= IFF_UP;
  else
    r.ifr_flags &= ~IFF_UP;
  return ioctl(control_fd, SIOCSIFFLAGS, &r);
}

/* The IPv4 address of an interface, 0 if it has none. */
static in_addr_t address_of(const char *name) {
  struct ifreq r;
  return request(name, SIOCGIFADDR, &r) < 0 ? 0 : ipv4_of(&r.ifr_addr);
}

/* Runs argv with stdout and stderr into out; the wait status. */
static int run_capture(char **argv, char *out, size_t size) {
  return tt_run_capture(argv[0], argv, true, out, size, 10);
}

/* /proc/net/dev's lo line: received and sent packets, or -1. */
static int lo_packets(unsigned long long *rx, unsigned long long *tx) {
  static char buf[4096];
  if (tt_read_file("/proc/net/dev", buf, sizeof buf) < 0) return -1;
  char *line = strstr(buf, " lo:");
  if (!line) return -1;
  unsigned long long rx_bytes, v[7], tx_bytes;
  if (sscanf(line + 4, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &rx_bytes, rx, &v[0], &v[1], &v[2], &v[3],
             &v[4], &v[5], &tx_bytes, tx) != 10)
    return -1;
  return 0;
}

/* A new TCP socket connected to 127.0.0.1:port; -1 (errno kept) if the
 * connect fails. */
static int connect_loopback(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (tt_connect_loopback4(fd, port) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

/* ---- On both systems ---------------------------------------------------- */

static void test_ifconf(void) {
  struct ifconf c = {.ifc_len = 0, .ifc_buf = NULL};
  int r = ioctl(control_fd, SIOCGIFCONF, &c);
  int minimum = tt_on_tether() ? 2 : 1; /* lo, and eth0 on Tether */
  TT_CHECK("ifconf.size_query", r == 0 && c.ifc_len >= minimum * (int)sizeof(struct ifreq) &&
                                    c.ifc_len % (int)sizeof(struct ifreq) == 0,
           "ioctl %d (%s), ifc_len %d", r, strerror(errno), c.ifc_len);

  struct ifreq list[16];
  c.ifc_len = sizeof list;
  c.ifc_req = list;
  r = ioctl(control_fd, SIOCGIFCONF, &c);
  int n = r == 0 ? c.ifc_len / (int)sizeof(struct ifreq) : 0;
  int lo = -1, eth0 = -1;
  for (int i = 0; i < n; i++) {
    if (strcmp(list[i].ifr_name, "lo") == 0) lo = i;
    if (strcmp(list[i].ifr_name, "eth0") == 0) eth0 = i;
  }
  TT_CHECK("ifconf.lists_lo", lo >= 0 && list[lo].ifr_addr.sa_family == AF_INET &&
                                  ipv4_of(&list[lo].ifr_addr) == htonl(INADDR_LOOPBACK),
           "%d entries, lo at %d", n, lo);
  if (tt_on_tether())
    TT_CHECK("ifconf.lists_eth0", eth0 >= 0 && ipv4_of(&list[eth0].ifr_addr) == inet_addr("10.0.2.15"),
             "%d entries, eth0 at %d (%s)", n, eth0, eth0 >= 0 ? text(ipv4_of(&list[eth0].ifr_addr)) : "-");
  else
    tt_skip("ifconf.lists_eth0", "the host's interfaces are its own");

  /* Room for one entry: one entry, and no error (entries that do not fit
   * are left out); less than one: none. */
  c.ifc_len = sizeof(struct ifreq);
  r = ioctl(control_fd, SIOCGIFCONF, &c);
  TT_CHECK("ifconf.room_for_one", r == 0 && c.ifc_len == (int)sizeof(struct ifreq), "ioctl %d, ifc_len %d", r,
           c.ifc_len);
  c.ifc_len = sizeof(struct ifreq) - 1;
  r = ioctl(control_fd, SIOCGIFCONF, &c);
  TT_CHECK("ifconf.room_for_none", r == 0 && c.ifc_len == 0, "ioctl %d, ifc_len %d", r, c.ifc_len);

  c.ifc_len = sizeof list;
  c.ifc_buf = TT_LOW_PAGE;
  tt_expect_errno("ifconf.bad_buffer_efault", ioctl(control_fd, SIOCGIFCONF, &c), EFAULT);
  tt_expect_errno("ifconf.bad_ifconf_efault", ioctl(control_fd, SIOCGIFCONF, TT_KERNEL_ADDR), EFAULT);
}

static void test_loopback(void) {
  int flags = get_flags("lo");
  TT_CHECK("lo.flags", flags >= 0 && (flags & (IFF_UP | IFF_LOOPBACK | IFF_RUNNING)) == (IFF_UP | IFF_LOOPBACK | IFF_RUNNING) &&
                           !(flags & IFF_BROADCAST),
           "flags 0x%x (%s)", flags, strerror(errno));
  struct ifreq r;
  int ok = request("lo", SIOCGIFADDR, &r) == 0 && r.ifr_addr.sa_family == AF_INET &&
           ipv4_of(&r.ifr_addr) == htonl(INADDR_LOOPBACK);
  TT_CHECK("lo.address", ok, "%s", text(ipv4_of(&r.ifr_addr)));
  ok = request("lo", SIOCGIFNETMASK, &r) == 0 && ipv4_of(&r.ifr_netmask) == inet_addr("255.0.0.0");
  TT_CHECK("lo.netmask", ok, "%s", text(ipv4_of(&r.ifr_netmask)));
  ok = request("lo", SIOCGIFMTU, &r) == 0 && r.ifr_mtu >= 1500;
  TT_CHECK("lo.mtu", ok, "mtu %d", r.ifr_mtu);
  ok = request("lo", SIOCGIFHWADDR, &r) == 0 && r.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK;
  TT_CHECK("lo.hwaddr_loopback", ok, "family %d", r.ifr_hwaddr.sa_family);
  ok = request("lo", SIOCGIFINDEX, &r) == 0 && r.ifr_ifindex == 1;
  TT_CHECK("lo.index_1", ok, "index %d", r.ifr_ifindex);

  memset(&r, 0, sizeof r);
  r.ifr_ifindex = 1;
  ok = ioctl(control_fd, SIOCGIFNAME, &r) == 0 && strcmp(r.ifr_name, "lo") == 0;
  TT_CHECK("name_of_index_1", ok, "'%s' (%s)", r.ifr_name, strerror(errno));

  char name[IF_NAMESIZE] = "";
  TT_CHECK("if_nametoindex_lo", if_nametoindex("lo") == 1, "%u", if_nametoindex("lo"));
  TT_CHECK("if_indextoname_1", if_indextoname(1, name) == name && strcmp(name, "lo") == 0, "'%s'", name);
}

static void test_errors(void) {
  struct ifreq r;
  tt_expect_errno("flags.no_such_interface_enodev", request("nosuch0", SIOCGIFFLAGS, &r), ENODEV);
  tt_expect_errno("address.no_such_interface_enodev", request("nosuch0", SIOCGIFADDR, &r), ENODEV);
  memset(&r, 0, sizeof r);
  r.ifr_ifindex = 9999;
  tt_expect_errno("name.no_such_index_enodev", ioctl(control_fd, SIOCGIFNAME, &r), ENODEV);
  errno = 0;
  TT_CHECK("if_nametoindex_missing_0", if_nametoindex("nosuch0") == 0 && errno == ENODEV, "errno %s",
           tt_errno_name(errno));
  char name[IF_NAMESIZE];
  errno = 0;
  TT_CHECK("if_indextoname_missing_enxio", if_indextoname(9999, name) == NULL && errno == ENXIO, "errno %s",
           tt_errno_name(errno));

  tt_expect_errno("flags.low_page_efault", ioctl(control_fd, SIOCGIFFLAGS, TT_LOW_PAGE), EFAULT);
  tt_expect_errno("address.kernel_pointer_efault", ioctl(control_fd, SIOCGIFADDR, TT_KERNEL_ADDR), EFAULT);
  tt_expect_errno("set_address.unmapped_efault", ioctl(control_fd, SIOCSIFADDR, tt_unmapped_page()), EFAULT);

  /* Linux checks the family before it looks for the interface: a missing
   * one keeps the host safe. */
  memset(&r, 0, sizeof r);
  strcpy(r.ifr_name, "nosuch0");
  r.ifr_addr.sa_family = AF_INET6;
  tt_expect_errno("set_address.not_inet_einval", ioctl(control_fd, SIOCSIFADDR, &r), EINVAL);
  tt_expect_errno("set_netmask.not_inet_einval", ioctl(control_fd, SIOCSIFNETMASK, &r), EINVAL);
  tt_expect_errno("set_address.no_such_interface_enodev", set_request("nosuch0", SIOCSIFADDR, "10.9.9.9"), ENODEV);

  int fd6 = socket(AF_INET6, SOCK_STREAM, 0);
  if (fd6 < 0) {
    tt_skip("address.on_inet6_socket_enotty", "no AF_INET6 sockets here: %s", strerror(errno));
  } else {
    memset(&r, 0, sizeof r);
    strcpy(r.ifr_name, "lo");
    tt_expect_errno("address.on_inet6_socket_enotty", ioctl(fd6, SIOCGIFADDR, &r), ENOTTY);
    /* The interface requests that are not about IPv4 work on any socket. */
    TT_CHECK("flags.on_inet6_socket", ioctl(fd6, SIOCGIFFLAGS, &r) == 0 && (r.ifr_flags & IFF_LOOPBACK), "%s",
             strerror(errno));
    close(fd6);
  }
}

/* As uid 1000: every set request is EPERM, even for a missing interface,
 * and reading still works. */
static void as_user(void *unused) {
  (void)unused;
  if (!tt_become_user(USER, USER)) {
    tt_fail("user.become", "%s", strerror(errno));
    return;
  }
  struct ifreq r;
  request("lo", SIOCGIFFLAGS, &r);
  tt_expect_errno("user.set_flags_eperm", ioctl(control_fd, SIOCSIFFLAGS, &r), EPERM);
  tt_expect_errno("user.set_address_eperm", set_request("lo", SIOCSIFADDR, "127.0.0.2"), EPERM);
  tt_expect_errno("user.set_netmask_eperm", set_request("lo", SIOCSIFNETMASK, "255.255.0.0"), EPERM);
  tt_expect_errno("user.eperm_before_enodev", set_request("nosuch0", SIOCSIFADDR, "10.9.9.9"), EPERM);
  TT_CHECK("user.may_read_flags", get_flags("lo") >= 0, "%s", strerror(errno));
  TT_CHECK("user.lo_still_up", get_flags("lo") & IFF_UP, "flags 0x%x", get_flags("lo"));
}

static void test_proc_net(void) {
  unsigned long long rx0, tx0, rx1, tx1;
  int have = lo_packets(&rx0, &tx0);
  TT_CHECK("proc_net_dev.has_lo", have == 0, "no lo line in /proc/net/dev");
  /* Loopback traffic moves lo's counters: a connection and some bytes. */
  uint16_t port;
  int listener = tt_tcp_listener4(&port, 4);
  int client = listener >= 0 ? connect_loopback(port) : -1;
  int server = client >= 0 ? accept(listener, NULL, NULL) : -1;
  char block[1000] = {0};
  bool moved = server >= 0 && write(client, block, sizeof block) == (ssize_t)sizeof block &&
               read(server, block, sizeof block) > 0;
  if (server >= 0) close(server);
  if (client >= 0) close(client);
  if (listener >= 0) close(listener);
  moved = moved && lo_packets(&rx1, &tx1) == 0;
  TT_CHECK("proc_net_dev.lo_counts", moved && rx1 >= rx0 + 3 && tx1 >= tx0 + 3, "rx %llu -> %llu, tx %llu -> %llu",
           rx0, moved ? rx1 : 0, tx0, moved ? tx1 : 0);

  static char buf[4096];
  ssize_t n = tt_read_file("/proc/net/route", buf, sizeof buf);
  const char *header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";
  TT_CHECK("proc_net_route.header", n > 0 && strncmp(buf, header, strlen(header)) == 0,
           "%.40s", n > 0 ? buf : strerror(errno));

  n = tt_read_file("/proc/net/if_inet6", buf, sizeof buf);
  if (n < 0 && !tt_on_tether())
    tt_skip("proc_net_if_inet6.loopback", "the host has no IPv6");
  else
    TT_CHECK("proc_net_if_inet6.loopback",
             n > 0 && strstr(buf, "00000000000000000000000000000001 01 80 10 80       lo\n"), "%s",
             n > 0 ? buf : strerror(errno));
}

/* ---- Tether only ------------------------------------------------------------ */

/* DHCP completes in the background after boot: up to 10 s. */
static bool wait_for_dhcp(void) {
  for (int i = 0; i < 100; i++) {
    if (address_of("eth0") == inet_addr("10.0.2.15")) return true;
    tt_sleep_ms(100);
  }
  return false;
}

static void test_eth0(void) {
  int flags = get_flags("eth0");
  int want = IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST;
  TT_CHECK("eth0.flags", flags == want, "flags 0x%x, expected 0x%x", flags, want);
  struct ifreq r;
  request("eth0", SIOCGIFNETMASK, &r);
  TT_CHECK("eth0.netmask", ipv4_of(&r.ifr_netmask) == inet_addr("255.255.255.0"), "%s", text(ipv4_of(&r.ifr_netmask)));
  request("eth0", SIOCGIFBRDADDR, &r);
  TT_CHECK("eth0.broadcast", ipv4_of(&r.ifr_broadaddr) == inet_addr("10.0.2.255"), "%s",
           text(ipv4_of(&r.ifr_broadaddr)));
  request("eth0", SIOCGIFMTU, &r);
  TT_CHECK("eth0.mtu", r.ifr_mtu == 1500, "%d", r.ifr_mtu);
  request("eth0", SIOCGIFHWADDR, &r);
  const unsigned char *mac = (const unsigned char *)r.ifr_hwaddr.sa_data;
  static const unsigned char qemu_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  TT_CHECK("eth0.hwaddr", r.ifr_hwaddr.sa_family == ARPHRD_ETHER && memcmp(mac, qemu_mac, 6) == 0,
           "family %d, %02x:%02x:%02x:%02x:%02x:%02x", r.ifr_hwaddr.sa_family, mac[0], mac[1], mac[2], mac[3],
           mac[4], mac[5]);
  request("eth0", SIOCGIFINDEX, &r);
  TT_CHECK("eth0.index_2", r.ifr_ifindex == 2, "%d", r.ifr_ifindex);
  char name[IF_NAMESIZE] = "";
  TT_CHECK("eth0.name_of_index_2", if_indextoname(2, name) && strcmp(name, "eth0") == 0, "'%s'", name);

  static char buf[4096];
  tt_read_file("/proc/net/route", buf, sizeof buf);
  TT_CHECK("route.default_via_10.0.2.2", strstr(buf, "\neth0\t00000000\t0202000A\t0003\t0\t0\t0\t00000000\t") != NULL,
           "%s", buf);
  TT_CHECK("route.eth0_subnet", strstr(buf, "\neth0\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t") != NULL, "%s",
           buf);
  tt_read_file("/proc/net/if_inet6", buf, sizeof buf);
  TT_CHECK("if_inet6.eth0_link_local", strstr(buf, "fe80000000000000505400fffe123456 02 40 20 ") != NULL, "%s", buf);
}

static void test_tools(void) {
  static char out[8192];
  char *ifconfig[] = {"/bin/ifconfig", NULL};
  int status = run_capture(ifconfig, out, sizeof out);
  TT_CHECK("ifconfig.lists",
           status == 0 && strstr(out, "lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65535\n        inet 127.0.0.1  netmask 255.0.0.0\n") &&
               strstr(out, "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
                           "        inet 10.0.2.15  netmask 255.255.255.0  broadcast 10.0.2.255\n") &&
               strstr(out, "        ether 52:54:00:12:34:56  (Ethernet)\n") &&
               strstr(out, "        inet6 fe80::5054:ff:fe12:3456  prefixlen 64  scopeid 0x20<link>") &&
               strstr(out, "        RX packets "),
           "%s: %s", tt_status_str(status), out);
  char *one[] = {"/bin/ifconfig", "nosuch0", NULL};
  status = run_capture(one, out, sizeof out);
  TT_CHECK("ifconfig.missing_fails",
           WIFEXITED(status) && WEXITSTATUS(status) == 1 &&
               strcmp(out, "nosuch0: error fetching interface information: Device not found\n") == 0,
           "%s: %s", tt_status_str(status), out);
  char *route[] = {"/bin/route", "-n", NULL};
  status = run_capture(route, out, sizeof out);
  TT_CHECK("route.lists",
           status == 0 && strstr(out, "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n") &&
               strstr(out, "\n0.0.0.0         10.0.2.2        0.0.0.0         UG    0      0        0 eth0\n") &&
               strstr(out, "\n10.0.2.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0\n"),
           "%s: %s", tt_status_str(status), out);
}

/* Changes eth0 and lo, and puts them back. */
static void test_set(void) {
  /* A new address comes with its classful netmask (10/8), as on Linux. */
  int r = set_request("eth0", SIOCSIFADDR, "10.0.2.99");
  struct ifreq q;
  request("eth0", SIOCGIFNETMASK, &q);
  TT_CHECK("set_address.round_trip", r == 0 && address_of("eth0") == inet_addr("10.0.2.99"), "ioctl %d (%s), %s", r,
           strerror(errno), text(address_of("eth0")));
  TT_CHECK("set_address.classful_netmask", ipv4_of(&q.ifr_netmask) == inet_addr("255.0.0.0"), "%s",
           text(ipv4_of(&q.ifr_netmask)));
  r = set_request("eth0", SIOCSIFNETMASK, "255.255.255.0");
  request("eth0", SIOCGIFNETMASK, &q);
  TT_CHECK("set_netmask.round_trip", r == 0 && ipv4_of(&q.ifr_netmask) == inet_addr("255.255.255.0"), "%s",
           text(ipv4_of(&q.ifr_netmask)));
  request("eth0", SIOCGIFBRDADDR, &q);
  TT_CHECK("set_netmask.broadcast_follows", ipv4_of(&q.ifr_broadaddr) == inet_addr("10.0.2.255"), "%s",
           text(ipv4_of(&q.ifr_broadaddr)));
  struct ifconf c;
  struct ifreq list[16];
  c.ifc_len = sizeof list;
  c.ifc_req = list;
  bool listed = false;
  if (ioctl(control_fd, SIOCGIFCONF, &c) == 0)
    for (int i = 0; i < c.ifc_len / (int)sizeof(struct ifreq); i++)
      listed |= strcmp(list[i].ifr_name, "eth0") == 0 && ipv4_of(&list[i].ifr_addr) == inet_addr("10.0.2.99");
  TT_CHECK("set_address.in_ifconf", listed, "eth0 10.0.2.99 not in SIOCGIFCONF");
  static char buf[4096];
  tt_read_file("/proc/net/route", buf, sizeof buf);
  TT_CHECK("set_address.route_follows", strstr(buf, "\neth0\t0002000A\t00000000\t0001\t") != NULL, "%s", buf);

  tt_expect_errno("set_netmask.not_contiguous_einval", set_request("eth0", SIOCSIFNETMASK, "255.0.255.0"), EINVAL);
  tt_expect_errno("set_address.multicast_einval", set_request("eth0", SIOCSIFADDR, "224.0.0.1"), EINVAL);

  /* 0.0.0.0 removes the address: nothing to read, nothing to mask. */
  r = set_request("eth0", SIOCSIFADDR, "0.0.0.0");
  TT_CHECK("set_address.zero_removes", r == 0, "%s", strerror(errno));
  tt_expect_errno("address.none_eaddrnotavail", request("eth0", SIOCGIFADDR, &q), EADDRNOTAVAIL);
  tt_expect_errno("set_netmask.no_address_eaddrnotavail", set_request("eth0", SIOCSIFNETMASK, "255.255.255.0"),
                  EADDRNOTAVAIL);

  r = set_request("eth0", SIOCSIFADDR, "10.0.2.15");
  int r2 = set_request("eth0", SIOCSIFNETMASK, "255.255.255.0");
  TT_CHECK("set_address.restore", r == 0 && r2 == 0 && address_of("eth0") == inet_addr("10.0.2.15"), "%s",
           text(address_of("eth0")));

  /* Promiscuous mode: Tether's driver has none. */
  request("eth0", SIOCGIFFLAGS, &q);
  q.ifr_flags |= IFF_PROMISC;
  tt_expect_errno("set_flags.promisc_eopnotsupp", ioctl(control_fd, SIOCSIFFLAGS, &q), EOPNOTSUPP);
  /* RUNNING and LOOPBACK describe the device: asking to change them is ignored. */
  request("lo", SIOCGIFFLAGS, &q);
  q.ifr_flags &= ~(IFF_RUNNING | IFF_LOOPBACK);
  TT_CHECK("set_flags.read_only_ignored", ioctl(control_fd, SIOCSIFFLAGS, &q) == 0 && get_flags("lo") == 0x49,
           "flags 0x%x", get_flags("lo"));

  /* lo down: lwIP has no route to 127.0.0.1 any more; up: it has again. */
  uint16_t port;
  int listener = tt_tcp_listener4(&port, 4);
  r = set_up("lo", 0);
  int flags = get_flags("lo");
  TT_CHECK("down.flags", r == 0 && !(flags & (IFF_UP | IFF_RUNNING)) && (flags & IFF_LOOPBACK), "flags 0x%x", flags);
  int fd = connect_loopback(port);
  int e = errno;
  TT_CHECK("down.b6.no_route", fd < 0 && e == ENETUNREACH, "connect %d (%s)", fd, tt_errno_name(e));
  if (fd >= 0) close(fd);
  /* Row B8 of conditions.md, "the local interface is down": Darwin's page
   * says ENETDOWN; the others are silent and real Linux says ENETUNREACH
   * (a downed interface's routes are gone), as the linux run above. */
  for (int p = 0; p < TT_P_COUNT; p++) {
    tt_persona = p; /* connect.b8.interface_down, .freebsd, .darwin, .illumos */
    int expected = p == TT_P_DARWIN ? ENETDOWN : ENETUNREACH;
    pid_t child = fork();
    if (child == 0) {
      tt_personality(tt_personas[p].value);
      _exit(connect_loopback(port) < 0 ? errno : 0);
    }
    int status = tt_wait_timeout(child, 20);
    int got = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    TT_CHECK(tt_persona_id("connect.b8.interface_down"), got == expected, "connect with lo down: %s, expected %s",
             tt_errno_name(got), tt_errno_name(expected));
  }
  tt_persona = TT_P_LINUX;
  tt_read_file("/proc/net/route", buf, sizeof buf);
  TT_CHECK("down.not_in_routes", strstr(buf, "\nlo\t") == NULL, "%s", buf);
  r = set_up("lo", 1);
  flags = get_flags("lo");
  TT_CHECK("up.flags", r == 0 && (flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING), "flags 0x%x", flags);
  fd = connect_loopback(port);
  TT_CHECK("up.connects", fd >= 0, "%s", strerror(errno));
  if (fd >= 0) close(fd);
  if (listener >= 0) close(listener);

  /* eth0 down and up with the ifconfig tool. */
  char *down[] = {"/bin/ifconfig", "eth0", "down", NULL};
  int status = run_capture(down, buf, sizeof buf);
  flags = get_flags("eth0");
  TT_CHECK("ifconfig.down", status == 0 && !(flags & IFF_UP), "%s, flags 0x%x", tt_status_str(status), flags);
  char *set[] = {"/bin/ifconfig", "eth0", "10.0.2.15/24", "up", NULL};
  status = run_capture(set, buf, sizeof buf);
  request("eth0", SIOCGIFNETMASK, &q);
  flags = get_flags("eth0");
  TT_CHECK("ifconfig.set_and_up",
           status == 0 && (flags & IFF_UP) && address_of("eth0") == inet_addr("10.0.2.15") &&
               ipv4_of(&q.ifr_netmask) == inet_addr("255.255.255.0"),
           "%s, flags 0x%x, %s/%s", tt_status_str(status), flags, text(address_of("eth0")),
           text(ipv4_of(&q.ifr_netmask)));
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  control_fd = open_inet_socket(AF_INET);
  if (control_fd < 0) {
    tt_fail("socket", "%s", strerror(errno));
    return tt_done();
  }
  bool dhcp = tt_on_tether() ? wait_for_dhcp() : false;
  if (tt_on_tether()) TT_CHECK("eth0.dhcp_address", dhcp, "eth0 has %s after 10 s", text(address_of("eth0")));

  test_ifconf();
  test_loopback();
  test_errors();
  tt_run_in_child("user", as_user, NULL, 10);
  test_proc_net();

  const char *why = "the host's interfaces are its own: nothing here reads or changes them";
  if (tt_on_tether() && dhcp) {
    test_eth0();
    test_tools();
    test_set();
  } else {
    const char *ids[] = {"eth0.flags", "eth0.netmask", "eth0.broadcast", "eth0.mtu", "eth0.hwaddr", "eth0.index_2",
                         "eth0.name_of_index_2", "route.default_via_10.0.2.2", "route.eth0_subnet",
                         "if_inet6.eth0_link_local", "ifconfig.lists", "ifconfig.missing_fails", "route.lists",
                         "set_address.round_trip", "set_netmask.round_trip", "down.b6.no_route", "up.connects",
                         "ifconfig.set_and_up"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
      tt_skip(ids[i], "%s", tt_on_tether() ? "eth0 got no DHCP address" : why);
  }
  close(control_fd);
  return tt_done();
}
