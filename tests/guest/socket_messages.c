/* socket_messages: data in pieces. readv(2)/writev(2), sendmsg(2) and
 * recvmsg(2) with iovec arrays, the msghdr fields recvmsg writes back, and
 * socketpair(2)'s answer for the Internet families.
 *
 * Sources: readv(2) ("The readv() system call reads iovcnt buffers ...
 * EINVAL iovcnt is less than zero or greater than the permitted maximum");
 * recv(2) ("msg_flags ... MSG_TRUNC ... MSG_CTRUNC ... MSG_EOR", and
 * "msg_namelen ... value-result"); send(2) ("EMSGSIZE"); socketpair(2)
 * ("EOPNOTSUPP The specified protocol does not permit creation of socket
 * pairs"). Runs the same on Linux.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tether_net.h"
#include "tether_test.h"

static void vectored_pipe_io(void) {
  int p[2];
  if (!TT_CHECK("readv.pipe", pipe(p) == 0, "pipe: %s", strerror(errno))) return;
  char a[] = "one ", b[] = "", c[] = "two three";
  struct iovec out[3] = {{a, 4}, {b, 0}, {c, 9}};
  ssize_t w = writev(p[1], out, 3);
  TT_CHECK("writev.gathers_pieces", w == 13, "writev %zd (%s)", w, strerror(errno));
  char x[6] = {0}, y[8] = {0};
  struct iovec in[2] = {{x, 5}, {y, 8}};
  ssize_t r = readv(p[0], in, 2);
  TT_CHECK("readv.scatters_in_order", r == 13 && memcmp(x, "one t", 5) == 0 && memcmp(y, "wo three", 8) == 0,
           "readv %zd: '%s' '%s'", r, x, y);
  tt_expect_errno("readv.count_over_uio_maxiov_einval", readv(p[0], in, UIO_MAXIOV + 1), EINVAL);
  tt_expect_errno("readv.negative_count_einval", readv(p[0], in, -1), EINVAL);
  struct iovec bad[2] = {{x, 1}, {(void *)8, 1}};
  tt_expect_errno("writev.bad_piece_efault", writev(p[1], bad, 2), EFAULT);
  close(p[0]);
  close(p[1]);
}

/* A connected TCP pair over loopback: *client and *server. */
static int tcp_pair(int *client, int *server) {
  uint16_t port;
  int listener = tt_tcp_listener4(&port, 1);
  if (listener < 0) return -1;
  *client = socket(AF_INET, SOCK_STREAM, 0);
  if (*client < 0 || tt_connect_loopback4(*client, port) < 0) return -1;
  *server = accept(listener, NULL, NULL);
  close(listener);
  return *server < 0 ? -1 : 0;
}

static void messages_over_tcp(void) {
  int client = -1, server = -1;
  if (!TT_CHECK("sendmsg.tcp_pair", tcp_pair(&client, &server) == 0, "%s", strerror(errno))) return;

  char head[] = "head-", body[] = "body";
  struct iovec out[2] = {{head, 5}, {body, 4}};
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = out;
  m.msg_iovlen = 2;
  ssize_t sent = sendmsg(client, &m, 0);
  TT_CHECK("sendmsg.gathers_iovecs", sent == 9, "sendmsg %zd (%s)", sent, strerror(errno));

  char first[3] = {0}, rest[16] = {0};
  struct iovec in[2] = {{first, 3}, {rest, sizeof rest}};
  struct sockaddr_storage from;
  memset(&m, 0, sizeof m);
  m.msg_name = &from;
  m.msg_namelen = sizeof from;
  m.msg_iov = in;
  m.msg_iovlen = 2;
  char control[64];
  m.msg_control = control;
  m.msg_controllen = sizeof control;
  m.msg_flags = -1;
  /* The 9 bytes left in one segment, so they arrive together. */
  ssize_t got = recvmsg(server, &m, 0);
  TT_CHECK("recvmsg.scatters_iovecs", got == 9 && memcmp(first, "hea", 3) == 0 && memcmp(rest, "d-body", 6) == 0,
           "recvmsg %zd '%.3s' '%s'", got, first, rest);
  /* A connected stream socket names no sender: msg_namelen 0 on Linux. */
  TT_CHECK("recvmsg.stream_namelen_zero", m.msg_namelen == 0, "msg_namelen %u", (unsigned)m.msg_namelen);
  TT_CHECK("recvmsg.no_control_controllen_zero", m.msg_controllen == 0, "msg_controllen %zu", m.msg_controllen);
  TT_CHECK("recvmsg.msg_flags_written", m.msg_flags == 0, "msg_flags %#x", m.msg_flags);

  /* More than UIO_MAXIOV pieces: send(2)'s EMSGSIZE, not readv's EINVAL. */
  struct iovec *many = calloc(UIO_MAXIOV + 1, sizeof *many);
  for (int i = 0; i <= UIO_MAXIOV; i++) many[i] = (struct iovec){head, 1};
  memset(&m, 0, sizeof m);
  m.msg_iov = many;
  m.msg_iovlen = UIO_MAXIOV + 1;
  tt_expect_errno("sendmsg.too_many_iovecs_emsgsize", sendmsg(client, &m, 0), EMSGSIZE);
  free(many);

  tt_expect_errno("sendmsg.header_efault", sendmsg(client, (struct msghdr *)8, 0), EFAULT);
  tt_expect_errno("recvmsg.header_efault", recvmsg(server, (struct msghdr *)8, 0), EFAULT);
  memset(&m, 0, sizeof m);
  m.msg_iov = (struct iovec *)8;
  m.msg_iovlen = 1;
  tt_expect_errno("sendmsg.iovec_array_efault", sendmsg(client, &m, 0), EFAULT);

  /* Ancillary data on a TCP socket (Linux's sock_cmsg_send): SCM_RIGHTS
   * belongs to AF_UNIX and is ignored here, a malformed header is EINVAL,
   * an unknown SOL_SOCKET type is EINVAL. */
  union {
    struct cmsghdr header;
    char space[CMSG_SPACE(sizeof(int))];
  } cmsg;
  memset(&cmsg, 0, sizeof cmsg);
  cmsg.header.cmsg_len = CMSG_LEN(sizeof(int));
  cmsg.header.cmsg_level = SOL_SOCKET;
  cmsg.header.cmsg_type = SCM_RIGHTS;
  memcpy(CMSG_DATA(&cmsg.header), &client, sizeof client);
  memset(&m, 0, sizeof m);
  m.msg_iov = out;
  m.msg_iovlen = 1;
  m.msg_control = &cmsg;
  m.msg_controllen = sizeof cmsg;
  sent = sendmsg(client, &m, 0);
  TT_CHECK("sendmsg.tcp_scm_rights_ignored", sent == 5, "sendmsg %zd (%s)", sent, strerror(errno));
  cmsg.header.cmsg_len = sizeof cmsg + 8;
  tt_expect_errno("sendmsg.cmsg_len_past_buffer_einval", sendmsg(client, &m, 0), EINVAL);
  cmsg.header.cmsg_len = CMSG_LEN(sizeof(int));
  cmsg.header.cmsg_type = 0x7777;
  tt_expect_errno("sendmsg.unknown_sol_socket_cmsg_einval", sendmsg(client, &m, 0), EINVAL);
  m.msg_control = (void *)8;
  tt_expect_errno("sendmsg.control_efault", sendmsg(client, &m, 0), EFAULT);

  /* The 5 bytes sent with SCM_RIGHTS arrive as plain data, no control. */
  char five[8] = {0};
  struct iovec one = {five, sizeof five};
  memset(&m, 0, sizeof m);
  m.msg_iov = &one;
  m.msg_iovlen = 1;
  m.msg_control = control;
  m.msg_controllen = sizeof control;
  got = recvmsg(server, &m, 0);
  TT_CHECK("recvmsg.tcp_no_descriptors_arrive", got == 5 && memcmp(five, "head-", 5) == 0 && m.msg_controllen == 0,
           "recvmsg %zd '%s' controllen %zu", got, five, m.msg_controllen);

  close(client);
  close(server);
}

static void socketpair_families(void) {
  int sv[2];
  tt_expect_errno("socketpair.inet_eopnotsupp", socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
  tt_expect_errno("socketpair.inet6_eopnotsupp", socketpair(AF_INET6, SOCK_STREAM, 0, sv), EOPNOTSUPP);
  tt_expect_errno("socketpair.bad_family_eafnosupport", socketpair(12345, SOCK_STREAM, 0, sv), EAFNOSUPPORT);
  tt_expect_errno("socketpair.bad_flags_einval", socketpair(AF_INET, SOCK_STREAM | 0x1000, 0, sv), EINVAL);
}

int main(void) {
  vectored_pipe_io();
  messages_over_tcp();
  socketpair_families();
  return tt_done();
}
