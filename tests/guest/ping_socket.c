/* ping_socket: ICMP echo over Linux's "ping socket",
 * socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), to 127.0.0.1, and /bin/ping.
 *
 * Checks: an echo request comes back as an echo reply with the same
 * sequence number and payload, a valid checksum, the socket's identifier
 * (its getsockname port) and 127.0.0.1 as sender; bind chooses the
 * identifier; connect + send/recv; EINVAL for a message that is not an
 * echo request or is shorter than the header; EDESTADDRREQ unconnected;
 * EAGAIN with nothing to read; MSG_TRUNC from recvmsg with a short buffer;
 * poll's POLLIN; EFAULT; and that /bin/ping reports its replies.
 *
 * Linux admits only the groups in net.ipv4.ping_group_range, by default
 * nobody ("1 0"): where socket() says EACCES, every case SKIPs.
 *
 * Sources: icmp(7) (ping_group_range), Linux net/ipv4/ping.c
 * (ping_v4_sendmsg: EINVAL for other types, the identifier is the port),
 * recv(2) (MSG_TRUNC), RFC 792 (echo, checksum). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static const struct sockaddr_in loopback = {.sin_family = AF_INET, .sin_addr = {0x0100007f}}; /* 127.0.0.1 */

/* RFC 1071: the ones' complement sum; 0 over a message with a valid checksum. */
static uint16_t checksum(const unsigned char *p, size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < n; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += (uint32_t)(p[n - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

static void make_request(unsigned char *m, size_t n, uint16_t sequence) {
  memset(m, 0, n);
  m[0] = 8; /* echo request */
  m[6] = (unsigned char)(sequence >> 8);
  m[7] = (unsigned char)sequence;
  for (size_t i = 8; i < n; i++) m[i] = (unsigned char)(i * 7);
}

/* Waits up to 2 s for something to read. */
static bool readable(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  return poll(&p, 1, 2000) == 1 && (p.revents & POLLIN);
}

static uint16_t port_of(int fd) {
  struct sockaddr_in a;
  socklen_t length = sizeof a;
  if (getsockname(fd, (struct sockaddr *)&a, &length) < 0) return 0;
  return ntohs(a.sin_port);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
  if (fd < 0 && errno == EACCES && !tt_on_tether()) {
    tt_skip("ping_socket", "net.ipv4.ping_group_range does not admit this group (Linux's default)");
    return tt_done();
  }
  if (!TT_CHECK("socket", fd >= 0, "%s", strerror(errno))) return tt_done();

  unsigned char request[64], reply[128];
  make_request(request, sizeof request, 7);
  ssize_t n = sendto(fd, request, sizeof request, 0, (const struct sockaddr *)&loopback, sizeof loopback);
  TT_CHECK("echo.send", n == (ssize_t)sizeof request, "%zd (%s)", n, strerror(errno));
  TT_CHECK("echo.poll_in", readable(fd), "no reply within 2 s");
  struct sockaddr_in from;
  socklen_t from_length = sizeof from;
  n = recvfrom(fd, reply, sizeof reply, MSG_DONTWAIT, (struct sockaddr *)&from, &from_length);
  uint16_t identifier = port_of(fd);
  TT_CHECK("echo.reply", n == (ssize_t)sizeof request && reply[0] == 0 && reply[1] == 0 && reply[6] == 0 &&
                             reply[7] == 7 && memcmp(reply + 8, request + 8, sizeof request - 8) == 0,
           "%zd bytes, type %d, sequence %d", n, reply[0], reply[6] << 8 | reply[7]);
  TT_CHECK("echo.checksum", n > 0 && checksum(reply, (size_t)n) == 0, "bad checksum %02x%02x", reply[2], reply[3]);
  TT_CHECK("echo.identifier_is_port", identifier != 0 && (reply[4] << 8 | reply[5]) == identifier,
           "reply id %d, getsockname port %d", reply[4] << 8 | reply[5], identifier);
  TT_CHECK("echo.from_loopback", from.sin_family == AF_INET && from.sin_addr.s_addr == loopback.sin_addr.s_addr,
           "family %d, %08x", from.sin_family, from.sin_addr.s_addr);
  tt_expect_errno("recv.nothing_eagain", recv(fd, reply, sizeof reply, MSG_DONTWAIT), EAGAIN);

  /* A short buffer: the datagram is cut, and recvmsg says so. */
  make_request(request, sizeof request, 8);
  sendto(fd, request, sizeof request, 0, (const struct sockaddr *)&loopback, sizeof loopback);
  readable(fd);
  struct iovec v = {.iov_base = reply, .iov_len = 10};
  struct msghdr m = {.msg_iov = &v, .msg_iovlen = 1};
  n = recvmsg(fd, &m, MSG_DONTWAIT);
  TT_CHECK("recvmsg.trunc", n == 10 && (m.msg_flags & MSG_TRUNC), "%zd, msg_flags 0x%x", n, m.msg_flags);
  tt_expect_errno("recvmsg.rest_discarded_eagain", recv(fd, reply, sizeof reply, MSG_DONTWAIT), EAGAIN);

  request[0] = 13; /* a timestamp request: not what a ping socket sends */
  tt_expect_errno("send.not_echo_einval",
                  sendto(fd, request, sizeof request, 0, (const struct sockaddr *)&loopback, sizeof loopback), EINVAL);
  make_request(request, sizeof request, 9);
  tt_expect_errno("send.short_einval", sendto(fd, request, 4, 0, (const struct sockaddr *)&loopback, sizeof loopback),
                  EINVAL);
  tt_expect_errno("send.unconnected_edestaddrreq", send(fd, request, sizeof request, 0), EDESTADDRREQ);
  tt_expect_errno("send.bad_buffer_efault",
                  sendto(fd, TT_LOW_PAGE, 64, 0, (const struct sockaddr *)&loopback, sizeof loopback), EFAULT);
  close(fd);

  /* bind chooses the identifier; connect the destination. */
  fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
  struct sockaddr_in local = {.sin_family = AF_INET, .sin_port = htons(4242)};
  TT_CHECK("bind.identifier", bind(fd, (struct sockaddr *)&local, sizeof local) == 0 && port_of(fd) == 4242,
           "%s, port %d", strerror(errno), port_of(fd));
  TT_CHECK("connect", connect(fd, (const struct sockaddr *)&loopback, sizeof loopback) == 0, "%s", strerror(errno));
  make_request(request, sizeof request, 10);
  n = send(fd, request, sizeof request, 0);
  bool got = n == (ssize_t)sizeof request && readable(fd) && recv(fd, reply, sizeof reply, 0) == (ssize_t)sizeof request;
  TT_CHECK("connected.echo", got && (reply[4] << 8 | reply[5]) == 4242 && reply[7] == 10, "id %d, sequence %d",
           reply[4] << 8 | reply[5], reply[7]);
  close(fd);

  if (tt_on_tether()) {
    char *ping[] = {"/bin/ping", "-c", "2", "-i", "0.2", "127.0.0.1", NULL};
    int status = tt_run_exec(ping[0], ping, NULL, 10);
    TT_CHECK("ping_tool.replies", WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", tt_status_str(status));
    char *unreachable[] = {"/bin/ping", "-c", "1", "-W", "0.3", "10.0.2.77", NULL};
    status = tt_run_exec(unreachable[0], unreachable, NULL, 10);
    TT_CHECK("ping_tool.no_reply_exit_1", WIFEXITED(status) && WEXITSTATUS(status) == 1, "%s", tt_status_str(status));
  } else {
    tt_skip("ping_tool.replies", "/bin/ping is the guest's");
    tt_skip("ping_tool.no_reply_exit_1", "/bin/ping is the guest's");
  }
  return tt_done();
}
