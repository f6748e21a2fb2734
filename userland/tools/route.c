/* route [-n]     the IPv4 routing table, as net-tools' `route -n` prints it
 *
 * Read from /proc/net/route (Linux's format), so it works the same on
 * Tether and on Linux. Addresses are always numeric (there is no resolver
 * here); -n is accepted for habit's sake.
 *
 * On Tether the table is lwIP's routing decision (net/interfaces.cpp):
 * each interface that is up reaches its own subnet (lo's 127.0.0.0/8
 * included), and one default interface sends everything else to its
 * gateway. Exit status: 0, or 1 if the table cannot be read. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* <linux/route.h> */
#define RTF_UP 0x0001
#define RTF_GATEWAY 0x0002
#define RTF_HOST 0x0004
#define RTF_REJECT 0x0200

/* /proc/net/route prints each address as the hex of its 32 bits in
 * network order read as a native number: scanning it back the same way
 * gives the address in network order again. */
static const char *text_of(unsigned value, char *buffer) {
  struct in_addr address = {value};
  return inet_ntop(AF_INET, &address, buffer, INET_ADDRSTRLEN);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-n") != 0) {
      fprintf(stderr, "usage: route [-n]\n");
      return 1;
    }
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
