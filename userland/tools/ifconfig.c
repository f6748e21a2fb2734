/* ifconfig                  the interfaces that are up
 * ifconfig -a               every interface
 * ifconfig IF               one interface
 * ifconfig IF [ADDR[/PREFIX]] [netmask MASK] [up|down] ...
 *                           set, left to right (root only)
 *
 * The layout is net-tools' ifconfig (Linux's): flags and MTU, the IPv4
 * address, netmask and broadcast, the IPv6 addresses, the link-layer
 * address, and the counters. Where each comes from, as on Linux:
 *   - the names and counters: /proc/net/dev;
 *   - flags, MTU, addresses, hardware address: the netdevice(7) ioctls
 *     (SIOCGIFFLAGS, SIOCGIFMTU, SIOCGIFADDR, SIOCGIFNETMASK,
 *     SIOCGIFBRDADDR, SIOCGIFHWADDR) on a socket;
 *   - the IPv6 addresses: /proc/net/if_inet6.
 * Setting is SIOCSIFADDR, SIOCSIFNETMASK and SIOCSIFFLAGS.
 * Exit status: 0, or 1 after any error. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_INTERFACES 32

static int control_fd;

/* The counters of one interface: the 16 columns of /proc/net/dev. */
struct counters {
  int found;
  unsigned long long rx_bytes, rx_packets, rx_errors, rx_dropped, rx_fifo, rx_frame, rx_compressed, rx_multicast;
  unsigned long long tx_bytes, tx_packets, tx_errors, tx_dropped, tx_fifo, tx_colls, tx_carrier, tx_compressed;
};

/* Any socket carries interface ioctls; a datagram one is what net-tools
 * opens, and a kernel without UDP sockets still has TCP ones. */
static int open_control_socket(void) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) fd = socket(AF_INET, SOCK_STREAM, 0);
  return fd;
}

/* The names in /proc/net/dev, in its order (lo first). */
static int interface_names(char names[][IFNAMSIZ], int max) {
  FILE *f = fopen("/proc/net/dev", "r");
  if (!f) return -1;
  char line[512];
  int n = 0;
  while (fgets(line, sizeof line, f) && n < max) {
    char *colon = strchr(line, ':');
    if (!colon) continue; /* the two header lines have none */
    *colon = '\0';
    char *name = line;
    while (*name == ' ') name++;
    snprintf(names[n++], IFNAMSIZ, "%.15s", name);
  }
  fclose(f);
  return n;
}

static void read_counters(const char *name, struct counters *c) {
  memset(c, 0, sizeof *c);
  FILE *f = fopen("/proc/net/dev", "r");
  if (!f) return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    char *colon = strchr(line, ':');
    if (!colon) continue;
    *colon = '\0';
    char *start = line;
    while (*start == ' ') start++;
    if (strcmp(start, name) != 0) continue;
    c->found = sscanf(colon + 1, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
                      &c->rx_bytes, &c->rx_packets, &c->rx_errors, &c->rx_dropped, &c->rx_fifo, &c->rx_frame,
                      &c->rx_compressed, &c->rx_multicast, &c->tx_bytes, &c->tx_packets, &c->tx_errors,
                      &c->tx_dropped, &c->tx_fifo, &c->tx_colls, &c->tx_carrier, &c->tx_compressed) == 16;
    break;
  }
  fclose(f);
}

/* ioctl on a struct ifreq naming `name`: 0 or -1 with errno. */
static int interface_request(const char *name, unsigned long request, struct ifreq *r) {
  memset(r, 0, sizeof *r);
  snprintf(r->ifr_name, IFNAMSIZ, "%s", name);
  return ioctl(control_fd, request, r);
}

static const char *ipv4_text(const struct sockaddr *address, char *buffer) {
  const struct sockaddr_in *in = (const struct sockaddr_in *)address;
  return inet_ntop(AF_INET, &in->sin_addr, buffer, INET_ADDRSTRLEN);
}

/* net-tools' order and names. */
static void print_flags(int flags) {
  static const struct {
    int bit;
    const char *name;
  } names[] = {{IFF_UP, "UP"},           {IFF_BROADCAST, "BROADCAST"}, {IFF_DEBUG, "DEBUG"},
               {IFF_LOOPBACK, "LOOPBACK"}, {IFF_POINTOPOINT, "POINTOPOINT"}, {IFF_NOTRAILERS, "NOTRAILERS"},
               {IFF_RUNNING, "RUNNING"}, {IFF_NOARP, "NOARP"},         {IFF_PROMISC, "PROMISC"},
               {IFF_ALLMULTI, "ALLMULTI"}, {IFF_SLAVE, "SLAVE"},       {IFF_MASTER, "MASTER"},
               {IFF_MULTICAST, "MULTICAST"}, {IFF_DYNAMIC, "DYNAMIC"}};
  printf("flags=%d<", flags);
  const char *separator = "";
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (flags & names[i].bit) {
      printf("%s%s", separator, names[i].name);
      separator = ",";
    }
  }
  printf(">");
}

/* "(1.5 KiB)": one decimal, in units of 1024, as net-tools does. */
static void print_bytes(unsigned long long bytes) {
  static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  unsigned long long whole = bytes;
  unsigned tenths = 0;
  int unit = 0;
  while (whole >= 1024 && unit < 4) {
    tenths = (unsigned)((whole % 1024) * 10 / 1024);
    whole /= 1024;
    unit++;
  }
  printf("bytes %llu (%llu.%u %s)", bytes, whole, tenths, units[unit]);
}

/* The IPv6 addresses of `name` from /proc/net/if_inet6. */
static void print_inet6(const char *name) {
  FILE *f = fopen("/proc/net/if_inet6", "r");
  if (!f) return;
  char hex[64], device[64];
  unsigned index, prefix, scope, flags;
  while (fscanf(f, "%63s %x %x %x %x %63s", hex, &index, &prefix, &scope, &flags, device) == 6) {
    if (strcmp(device, name) != 0 || strlen(hex) != 32) continue;
    struct in6_addr address;
    for (int i = 0; i < 16; i++) {
      char byte[3] = {hex[2 * i], hex[2 * i + 1], 0};
      address.s6_addr[i] = (uint8_t)strtoul(byte, NULL, 16);
    }
    char text[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &address, text, sizeof text);
    const char *scope_name = scope == 0x10 ? "host" : scope == 0x20 ? "link" : scope == 0x40 ? "site" : "global";
    printf("        inet6 %s  prefixlen %u  scopeid 0x%x<%s>", text, prefix, scope, scope_name);
    if (flags & 0x40) printf("  tentative"); /* IFA_F_TENTATIVE: duplicate address detection still running */
    if (flags & 0x20) printf("  deprecated");
    if (flags & 0x08) printf("  dadfailed");
    printf("\n");
  }
  fclose(f);
}

/* One interface; `all`: shown even when down. 0, or -1 if it does not exist. */
static int show(const char *name, int all) {
  struct ifreq r;
  if (interface_request(name, SIOCGIFFLAGS, &r) < 0) {
    int e = errno;
    fprintf(stderr, "%s: error fetching interface information: %s\n", name,
            e == ENODEV ? "Device not found" : strerror(e));
    return -1;
  }
  int flags = (unsigned short)r.ifr_flags;
  if (!all && !(flags & IFF_UP)) return 0;

  printf("%s: ", name);
  print_flags(flags);
  if (interface_request(name, SIOCGIFMTU, &r) == 0) printf("  mtu %d", r.ifr_mtu);
  printf("\n");

  char text[INET_ADDRSTRLEN];
  if (interface_request(name, SIOCGIFADDR, &r) == 0) {
    printf("        inet %s", ipv4_text(&r.ifr_addr, text));
    if (interface_request(name, SIOCGIFNETMASK, &r) == 0) printf("  netmask %s", ipv4_text(&r.ifr_netmask, text));
    if ((flags & IFF_BROADCAST) && interface_request(name, SIOCGIFBRDADDR, &r) == 0)
      printf("  broadcast %s", ipv4_text(&r.ifr_broadaddr, text));
    printf("\n");
  }
  print_inet6(name);

  if (interface_request(name, SIOCGIFHWADDR, &r) == 0) {
    const unsigned char *mac = (const unsigned char *)r.ifr_hwaddr.sa_data;
    if (r.ifr_hwaddr.sa_family == ARPHRD_ETHER)
      printf("        ether %02x:%02x:%02x:%02x:%02x:%02x  (Ethernet)\n", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
    else if (r.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK)
      printf("        loop  (Local Loopback)\n");
    else
      printf("        unspec  (link type %d)\n", r.ifr_hwaddr.sa_family);
  }

  struct counters c;
  read_counters(name, &c);
  if (c.found) {
    printf("        RX packets %llu  ", c.rx_packets);
    print_bytes(c.rx_bytes);
    printf("\n        RX errors %llu  dropped %llu  overruns %llu  frame %llu\n", c.rx_errors, c.rx_dropped,
           c.rx_fifo, c.rx_frame);
    printf("        TX packets %llu  ", c.tx_packets);
    print_bytes(c.tx_bytes);
    printf("\n        TX errors %llu  dropped %llu overruns %llu  carrier %llu  collisions %llu\n", c.tx_errors,
           c.tx_dropped, c.tx_fifo, c.tx_carrier, c.tx_colls);
  }
  printf("\n");
  return 0;
}

/* An IPv4 address for SIOCSIF*: "a.b.c.d". */
static int parse_ipv4(const char *text, struct sockaddr *out) {
  struct sockaddr_in *in = (struct sockaddr_in *)out;
  memset(in, 0, sizeof *in);
  in->sin_family = AF_INET;
  return inet_pton(AF_INET, text, &in->sin_addr) == 1 ? 0 : -1;
}

static int set_address(const char *name, const char *request_name, unsigned long request, const char *text) {
  struct ifreq r;
  memset(&r, 0, sizeof r);
  snprintf(r.ifr_name, IFNAMSIZ, "%s", name);
  if (parse_ipv4(text, &r.ifr_addr) < 0) {
    fprintf(stderr, "ifconfig: %s: bad address\n", text);
    return -1;
  }
  if (ioctl(control_fd, request, &r) < 0) {
    perror(request_name);
    return -1;
  }
  return 0;
}

/* up: IFF_UP (and IFF_RUNNING, which the kernel decides, as net-tools
 * asks); down: neither. */
static int set_up(const char *name, int up) {
  struct ifreq r;
  if (interface_request(name, SIOCGIFFLAGS, &r) < 0) {
    perror("SIOCGIFFLAGS");
    return -1;
  }
  if (up)
    r.ifr_flags |= IFF_UP | IFF_RUNNING;
  else
    r.ifr_flags &= ~IFF_UP;
  if (ioctl(control_fd, SIOCSIFFLAGS, &r) < 0) {
    perror("SIOCSIFFLAGS");
    return -1;
  }
  return 0;
}

/* "ADDR/PREFIX": the address, then the netmask of that prefix. */
static int set_cidr(const char *name, const char *text) {
  char address[INET_ADDRSTRLEN + 4];
  snprintf(address, sizeof address, "%s", text);
  char *slash = strchr(address, '/');
  *slash = '\0';
  char *end;
  long prefix = strtol(slash + 1, &end, 10);
  if (*end || end == slash + 1 || prefix < 0 || prefix > 32) {
    fprintf(stderr, "ifconfig: %s: bad prefix length\n", text);
    return -1;
  }
  if (set_address(name, "SIOCSIFADDR", SIOCSIFADDR, address) < 0) return -1;
  struct in_addr mask = {htonl(prefix == 0 ? 0 : 0xffffffffu << (32 - prefix))};
  char mask_text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &mask, mask_text, sizeof mask_text);
  return set_address(name, "SIOCSIFNETMASK", SIOCSIFNETMASK, mask_text);
}

static int configure(const char *name, int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    const char *word = argv[i];
    int failed;
    if (strcmp(word, "up") == 0) {
      failed = set_up(name, 1);
    } else if (strcmp(word, "down") == 0) {
      failed = set_up(name, 0);
    } else if (strcmp(word, "netmask") == 0) {
      if (++i == argc) {
        fprintf(stderr, "ifconfig: netmask needs an address\n");
        return 1;
      }
      failed = set_address(name, "SIOCSIFNETMASK", SIOCSIFNETMASK, argv[i]);
    } else if (strchr(word, '/')) {
      failed = set_cidr(name, word);
    } else {
      failed = set_address(name, "SIOCSIFADDR", SIOCSIFADDR, word);
    }
    if (failed) return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  int all = 0;
  int first = 1;
  if (argc > 1 && strcmp(argv[1], "-a") == 0) {
    all = 1;
    first = 2;
  } else if (argc > 1 && argv[1][0] == '-') {
    fprintf(stderr, "usage: ifconfig [-a] | ifconfig IF [ADDR[/PREFIX]] [netmask MASK] [up|down]\n");
    return 1;
  }
  control_fd = open_control_socket();
  if (control_fd < 0) {
    perror("ifconfig: socket");
    return 1;
  }

  if (first < argc) {
    const char *name = argv[first];
    if (first + 1 < argc) return configure(name, argc - first - 1, argv + first + 1);
    return show(name, 1) < 0 ? 1 : 0;
  }

  char names[MAX_INTERFACES][IFNAMSIZ];
  int n = interface_names(names, MAX_INTERFACES);
  if (n < 0) {
    perror("ifconfig: /proc/net/dev");
    return 1;
  }
  int status = 0;
  for (int i = 0; i < n; i++)
    if (show(names[i], all) < 0) status = 1;
  return status;
}
