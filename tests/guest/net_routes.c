/* net_routes: the IPv4 route ioctls (SIOCADDRT, SIOCDELRT with a struct
 * rtentry, as `route add`/`route del` use them), and row B6 of
 * shared/spec/conditions.md for real: with the default route deleted, a
 * connect to an address off every subnet finds no route (ENETUNREACH, at
 * once, even when non-blocking; every page agrees).
 *
 * On Tether the test changes eth0's default route and puts it back. On the
 * Linux host it must not touch the host's routes: only the checks that fail
 * before anything changes run there (EPERM as a non-root user, EFAULT).
 *
 * Sources: Linux route(8) and the kernel's ip_rt_ioctl/rtentry_to_fib_config
 * for the errnos ("SIOCADDRT: File exists", "Network is unreachable", ESRCH
 * for a route that is not there); connect(2) "ENETUNREACH Network is
 * unreachable"; net/route_ioctl.h for what lwIP can and cannot have.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/route.h>
#include <netinet/in.h>
#include <poll.h>
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

#define GATEWAY "10.0.2.2"
#define OFF_SUBNET "192.0.2.1" /* TEST-NET-1: on no subnet of the guest */

static int control_fd;

static void set_ipv4(struct sockaddr *out, const char *text) {
  struct sockaddr_in *a = (struct sockaddr_in *)out;
  memset(a, 0, sizeof *a);
  a->sin_family = AF_INET;
  inet_pton(AF_INET, text, &a->sin_addr);
}

/* A route request: destination/mask, gateway (or NULL), device (or NULL). */
static int route(unsigned long request, const char *destination, const char *mask, const char *gateway,
                 char *device) {
  struct rtentry rt;
  memset(&rt, 0, sizeof rt);
  rt.rt_flags = RTF_UP;
  set_ipv4(&rt.rt_dst, destination);
  set_ipv4(&rt.rt_genmask, mask);
  if (gateway) {
    set_ipv4(&rt.rt_gateway, gateway);
    rt.rt_flags |= RTF_GATEWAY;
  }
  rt.rt_dev = device;
  return ioctl(control_fd, request, &rt);
}

/* Whether /proc/net/route has a default route through GATEWAY. */
static bool has_default_route(void) {
  char buf[4096] = {0};
  if (tt_read_file("/proc/net/route", buf, sizeof buf - 1) <= 0) return false;
  /* 10.0.2.2 in network order printed with %08X on x86-64: 0202000A. */
  for (char *line = strchr(buf, '\n'); line; line = strchr(line + 1, '\n')) {
    char iface[32];
    unsigned destination, gateway;
    if (sscanf(line + 1, "%31s %x %x", iface, &destination, &gateway) == 3 && destination == 0 &&
        gateway == 0x0202000Au)
      return true;
  }
  return false;
}

static int connect_off_subnet(int type, int flags) {
  int fd = socket(AF_INET, type | flags, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(80);
  inet_pton(AF_INET, OFF_SUBNET, &a.sin_addr);
  int r = connect(fd, (struct sockaddr *)&a, sizeof a);
  int e = r == 0 ? 0 : errno;
  close(fd);
  return e;
}

static void as_user(void *arg) {
  (void)arg;
  if (!tt_become_user(1000, 1000)) {
    tt_fail("route.user.setup", "setuid 1000: %s", strerror(errno));
    return;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  control_fd = fd;
  tt_expect_errno("route.add_as_user_eperm", route(SIOCADDRT, "0.0.0.0", "0.0.0.0", GATEWAY, NULL), EPERM);
  tt_expect_errno("route.del_as_user_eperm", route(SIOCDELRT, "0.0.0.0", "0.0.0.0", NULL, NULL), EPERM);
  /* Linux's inet_ioctl reads the struct before it checks the capability. */
  tt_expect_errno("route.efault_before_eperm", ioctl(fd, SIOCADDRT, (void *)8), EFAULT);
  close(fd);
}

/* B6 under each personality, with the default route gone. */
static void no_route_checks(void) {
  for (int i = 0; i < TT_P_COUNT; i++) {
    pid_t child = fork();
    if (child == 0) {
      tt_personality(tt_personas[i].value);
      int tcp = connect_off_subnet(SOCK_STREAM, 0);
      int tcp_nonblocking = connect_off_subnet(SOCK_STREAM, SOCK_NONBLOCK);
      int udp = connect_off_subnet(SOCK_DGRAM, 0);
      _exit((tcp == ENETUNREACH ? 0 : 1) | (tcp_nonblocking == ENETUNREACH ? 0 : 2) | (udp == ENETUNREACH ? 0 : 4));
    }
    int status = tt_wait_timeout(child, 20);
    int bits = WIFEXITED(status) ? WEXITSTATUS(status) : 7;
    tt_persona = i;  /* the ids below name this personality */
    TT_CHECK(tt_persona_id("connect.b6.no_default_route_tcp"), !(bits & 1),
             "blocking TCP connect to " OFF_SUBNET " was not ENETUNREACH (%s)", tt_status_str(status));
    TT_CHECK(tt_persona_id("connect.b6.no_default_route_tcp_nonblocking"), !(bits & 2),
             "non-blocking TCP connect was not ENETUNREACH at once");
    TT_CHECK(tt_persona_id("connect.b6.no_default_route_udp"), !(bits & 4), "UDP connect was not ENETUNREACH");
  }
  tt_persona = TT_P_LINUX;
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  control_fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (!TT_CHECK("route.socket", control_fd >= 0, "%s", strerror(errno))) return tt_done();
  tt_expect_errno("route.bad_pointer_efault", ioctl(control_fd, SIOCADDRT, (void *)8), EFAULT);
  tt_run_in_child("route.user", as_user, NULL, 20);
  if (!tt_on_tether()) {
    tt_skip("route.changes", "would change the Linux host's routes");
    return tt_done();
  }

  /* Wait for DHCP's default route (the test may start before the lease). */
  for (int i = 0; i < 100 && !has_default_route(); i++) tt_sleep_ms(100);
  if (!TT_CHECK("route.dhcp_default_route", has_default_route(), "no default route via " GATEWAY " after 10 s"))
    return tt_done();

  tt_expect_errno("route.add_existing_default_eexist", route(SIOCADDRT, "0.0.0.0", "0.0.0.0", GATEWAY, NULL),
                  EEXIST);
  tt_expect_errno("route.add_connected_subnet_eexist",
                  route(SIOCADDRT, "10.0.2.0", "255.255.255.0", NULL, "eth0"), EEXIST);
  tt_expect_errno("route.add_other_network_eopnotsupp",
                  route(SIOCADDRT, "192.168.5.0", "255.255.255.0", GATEWAY, NULL), EOPNOTSUPP);
  tt_expect_errno("route.destination_outside_mask_einval",
                  route(SIOCADDRT, "10.0.2.1", "255.255.255.0", NULL, NULL), EINVAL);
  tt_expect_errno("route.unknown_device_enodev", route(SIOCADDRT, "0.0.0.0", "0.0.0.0", GATEWAY, "nope0"), ENODEV);
  struct rtentry inet6;
  memset(&inet6, 0, sizeof inet6);
  inet6.rt_dst.sa_family = AF_INET6;
  tt_expect_errno("route.not_inet_eafnosupport", ioctl(control_fd, SIOCADDRT, &inet6), EAFNOSUPPORT);
  tt_expect_errno("route.del_wrong_gateway_esrch", route(SIOCDELRT, "0.0.0.0", "0.0.0.0", "10.0.2.3", NULL), ESRCH);

  int r = route(SIOCDELRT, "0.0.0.0", "0.0.0.0", NULL, NULL);
  TT_CHECK("route.del_default", r == 0 && !has_default_route(), "SIOCDELRT = %d (%s), still listed: %d", r,
           strerror(errno), has_default_route());
  tt_expect_errno("route.del_again_esrch", route(SIOCDELRT, "0.0.0.0", "0.0.0.0", NULL, NULL), ESRCH);
  no_route_checks();
  tt_expect_errno("route.gateway_off_link_enetunreach",
                  route(SIOCADDRT, "0.0.0.0", "0.0.0.0", "10.9.9.9", NULL), ENETUNREACH);
  tt_expect_errno("route.without_gateway_eopnotsupp", route(SIOCADDRT, "0.0.0.0", "0.0.0.0", NULL, "eth0"),
                  EOPNOTSUPP);

  r = route(SIOCADDRT, "0.0.0.0", "0.0.0.0", GATEWAY, "eth0");
  TT_CHECK("route.add_default", r == 0 && has_default_route(), "SIOCADDRT = %d (%s)", r, strerror(errno));
  int e = connect_off_subnet(SOCK_DGRAM, 0);
  TT_CHECK("route.off_subnet_routes_again", e == 0, "UDP connect to " OFF_SUBNET ": %s", tt_errno_name(e));

  /* The tool: `route del default`, `route add default gw ...`. */
  char *del[] = {"/bin/route", "del", "default", NULL};
  char *add[] = {"/bin/route", "add", "default", "gw", GATEWAY, NULL};
  int status = tt_run_exec(del[0], del, NULL, 20);
  TT_CHECK("route.tool_del", WIFEXITED(status) && WEXITSTATUS(status) == 0 && !has_default_route(), "%s",
           tt_status_str(status));
  status = tt_run_exec(add[0], add, NULL, 20);
  TT_CHECK("route.tool_add", WIFEXITED(status) && WEXITSTATUS(status) == 0 && has_default_route(), "%s",
           tt_status_str(status));
  status = tt_run_exec(add[0], add, NULL, 20);
  TT_CHECK("route.tool_add_again_fails", WIFEXITED(status) && WEXITSTATUS(status) == 1, "%s", tt_status_str(status));
  close(control_fd);
  return tt_done();
}
