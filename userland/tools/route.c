/* route [-n]                                   the IPv4 routing table, as
 *                                              net-tools' `route -n` prints it
 * route add default gw GATEWAY [dev IF]        set the default route
 * route del default [gw GATEWAY] [dev IF]      remove it
 * route add|del -net NET netmask MASK [gw G] [dev IF]
 *
 * The table is read from /proc/net/route (Linux's format), so it works the
 * same on Tether and on Linux. Addresses are always numeric (there is no
 * resolver here); -n is accepted for habit's sake. Changes go through the
 * ioctls SIOCADDRT/SIOCDELRT with a struct rtentry, as net-tools does, and
 * failures are reported the way it reports them ("SIOCADDRT: File
 * exists").
 *
 * On Tether the table is lwIP's routing decision (net/interfaces.cpp):
 * each interface that is up reaches its own subnet (lo's 127.0.0.0/8
 * included), and one default interface sends everything else to its
 * gateway; other routes are refused with EOPNOTSUPP (net/route_ioctl.h).
 * Exit status: 0, or 1 on any failure. */
#include <arpa/inet.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int usage(void) {
  fprintf(stderr,
          "usage: route [-n]\n"
          "       route add|del default [gw GATEWAY] [dev IF]\n"
          "       route add|del -net NET netmask MASK [gw GATEWAY] [dev IF]\n");
  return 1;
}

static int parse_ipv4(const char *text, struct sockaddr *out) {
  struct sockaddr_in *a = (struct sockaddr_in *)out;
  memset(a, 0, sizeof *a);
  a->sin_family = AF_INET;
  if (inet_pton(AF_INET, text, &a->sin_addr) != 1) {
    fprintf(stderr, "route: %s: not an IPv4 address\n", text);
    return -1;
  }
  return 0;
}

/* route add|del ...: argv[0] is "add" or "del". */
static int change(int argc, char **argv) {
  int adding = strcmp(argv[0], "add") == 0;
  struct rtentry rt;
  memset(&rt, 0, sizeof rt);
  rt.rt_flags = RTF_UP;
  int i = 1;
  if (i < argc && strcmp(argv[i], "default") == 0) {
    parse_ipv4("0.0.0.0", &rt.rt_dst);
    parse_ipv4("0.0.0.0", &rt.rt_genmask);
    i++;
  } else if (i + 3 < argc && strcmp(argv[i], "-net") == 0 && strcmp(argv[i + 2], "netmask") == 0) {
    if (parse_ipv4(argv[i + 1], &rt.rt_dst) < 0 || parse_ipv4(argv[i + 3], &rt.rt_genmask) < 0) return 1;
    i += 4;
  } else {
    return usage();
  }
  for (; i < argc; i += 2) {
    if (i + 1 >= argc) return usage();
    if (strcmp(argv[i], "gw") == 0) {
      if (parse_ipv4(argv[i + 1], &rt.rt_gateway) < 0) return 1;
      rt.rt_flags |= RTF_GATEWAY;
    } else if (strcmp(argv[i], "dev") == 0) {
      rt.rt_dev = argv[i + 1];
    } else {
      return usage();
    }
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    perror("route: socket");
    return 1;
  }
  int r = ioctl(fd, adding ? SIOCADDRT : SIOCDELRT, &rt);
  if (r < 0) perror(adding ? "SIOCADDRT" : "SIOCDELRT");
  close(fd);
  return r < 0 ? 1 : 0;
}

/* /proc/net/route prints each address as the hex of its 32 bits in
 * network order read as a native number: scanning it back the same way
 * gives the address in network order again. */
static const char *text_of(unsigned value, char *buffer) {
  struct in_addr address = {value};
  return inet_ntop(AF_INET, &address, buffer, INET_ADDRSTRLEN);
}

int main(int argc, char **argv) {
  if (argc > 1 && (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "del") == 0)) return change(argc - 1, argv + 1);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-n") != 0) return usage();
  }
  FILE *f = fopen("/proc/net/route", "r");
  if (!f) {
    perror("route: /proc/net/route");
    return 1;
  }
  char line[512];
  if (!fgets(line, sizeof line, f)) { /* the header */
    fprintf(stderr, "route: /proc/net/route is empty\n");
    fclose(f);
    return 1;
  }
  printf("Kernel IP routing table\n");
  printf("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
  while (fgets(line, sizeof line, f)) {
    char iface[32];
    unsigned destination, gateway, flags, mask, use;
    int refcnt, metric;
    if (sscanf(line, "%31s %x %x %x %d %u %d %x", iface, &destination, &gateway, &flags, &refcnt, &use, &metric,
               &mask) != 8)
      continue;
    if (!(flags & RTF_UP)) continue; /* as net-tools: a route that is not up is not shown */
    char flag_text[8];
    int n = 0;
    flag_text[n++] = 'U';
    if (flags & RTF_GATEWAY) flag_text[n++] = 'G';
    if (flags & RTF_HOST) flag_text[n++] = 'H';
    if (flags & RTF_REJECT) flag_text[n++] = '!';
    flag_text[n] = '\0';
    char d[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];
    printf("%-15s %-15s %-15s %-5s %-6d %-2d %7u %s\n", text_of(destination, d), text_of(gateway, g),
           text_of(mask, m), flag_text, metric, refcnt, use, iface);
  }
  fclose(f);
  return 0;
}
