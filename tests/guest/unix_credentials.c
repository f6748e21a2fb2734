/* unix_credentials: SO_PASSCRED and SCM_CREDENTIALS on UNIX-domain sockets.
 *
 * unix(7): "SO_PASSCRED Enabling this socket option causes receipt of the
 * credentials of the sending process in an SCM_CREDENTIALS ancillary
 * message in each subsequently received message." "SCM_CREDENTIALS Send or
 * receive UNIX credentials ... When sending ancillary data with
 * SCM_CREDENTIALS, the kernel checks the values of the fields: pid must
 * match the caller's, unless it has CAP_SYS_ADMIN (... a process that
 * exists); uid must match the caller's real, effective or saved set-user-ID,
 * unless CAP_SETUID; gid likewise." And, from Linux's af_unix.c (checked
 * against the host by host.unix_credentials): a message carries the
 * sender's credentials (its pid, *real* uid and gid) when either end had
 * SO_PASSCRED at the time of the send, or the ones the sender gave; one
 * sent with neither shows pid 0 and the overflow ids (65534). A stream read
 * with SO_PASSCRED stops where the credentials change. SCM_CREDENTIALS
 * comes before SCM_RIGHTS. cmsg_len other than CMSG_LEN(sizeof(struct
 * ucred)) is EINVAL, a pid that names nobody ESRCH, an id of -1 EINVAL.
 * unix(7) "Autobind feature": SO_PASSCRED on a socket that is not bound
 * binds it to an abstract name when it sends.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

enum { kOverflowId = 65534, kUser = 1000, kGroup = 1000 };

static void pair(int type, int sv[2]) {
  if (socketpair(AF_UNIX, type, 0, sv) < 0) tt_die("socketpair");
}

static void pass_credentials(int fd, int on) {
  if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) < 0) tt_die("setsockopt SO_PASSCRED");
}

/* Sends `text`, with credentials `c` unless NULL (and then `rights_fd`
 * too, if >= 0): the sendmsg result. */
static ssize_t send_with(int fd, const char *text, const struct ucred *c, size_t cmsg_data_length, int rights_fd) {
  struct iovec iov = {(void *)text, strlen(text)};
  union {
    struct cmsghdr align;
    char bytes[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int))];
  } control;
  memset(&control, 0, sizeof control);
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
  size_t used = 0;
  if (c) {
    struct cmsghdr *h = (struct cmsghdr *)control.bytes;
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_CREDENTIALS;
    h->cmsg_len = CMSG_LEN(cmsg_data_length);
    memcpy(CMSG_DATA(h), c, sizeof *c);
    used += CMSG_SPACE(sizeof(struct ucred));
  }
  if (rights_fd >= 0) {
    struct cmsghdr *h = (struct cmsghdr *)(control.bytes + used);
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(h), &rights_fd, sizeof(int));
    used += CMSG_SPACE(sizeof(int));
  }
  if (used) {
    msg.msg_control = control.bytes;
    msg.msg_controllen = used;
  }
  return sendmsg(fd, &msg, 0);
}

/* What one recvmsg brought. */
struct received {
  ssize_t n;
  char text[64];
  bool has_credentials;
  struct ucred credentials;
  int credentials_index; /* position among the control messages, -1 */
  int rights_index;
  int rights_fd;
};

static struct received receive(int fd, size_t want) {
  struct received r = {.credentials_index = -1, .rights_index = -1, .rights_fd = -1};
  union {
    struct cmsghdr align;
    char bytes[256];
  } control;
  struct iovec iov = {r.text, want < sizeof r.text - 1 ? want : sizeof r.text - 1};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.bytes,
                       .msg_controllen = sizeof control.bytes};
  r.n = recvmsg(fd, &msg, MSG_DONTWAIT);
  if (r.n < 0) return r;
  r.text[r.n] = '\0';
  int index = 0;
  for (struct cmsghdr *h = CMSG_FIRSTHDR(&msg); h; h = CMSG_NXTHDR(&msg, h), index++) {
    if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_CREDENTIALS &&
        h->cmsg_len == CMSG_LEN(sizeof(struct ucred))) {
      r.has_credentials = true;
      r.credentials_index = index;
      memcpy(&r.credentials, CMSG_DATA(h), sizeof r.credentials);
    } else if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS) {
      r.rights_index = index;
      memcpy(&r.rights_fd, CMSG_DATA(h), sizeof(int));
    }
  }
  return r;
}

static bool are(const struct received *r, pid_t pid, uid_t uid, gid_t gid) {
  return r->has_credentials && r->credentials.pid == pid && r->credentials.uid == uid && r->credentials.gid == gid;
}

#define CREDS_FMT "n %zd '%s', credentials %s pid %d uid %d gid %d"
#define CREDS_ARGS(r)                                                                                        \
  (r).n, (r).text, (r).has_credentials ? "present" : "absent", (int)(r).credentials.pid, (int)(r).credentials.uid, \
      (int)(r).credentials.gid

static void option(void) {
  int sv[2];
  pair(SOCK_DGRAM, sv);
  int value = -1;
  socklen_t length = sizeof value;
  TT_CHECK("passcred.off_by_default",
           getsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &value, &length) == 0 && value == 0 && length == sizeof value,
           "value %d length %u (%s)", value, (unsigned)length, strerror(errno));
  pass_credentials(sv[0], 5);
  value = -1;
  TT_CHECK("passcred.set_reads_1", getsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &value, &length) == 0 && value == 1,
           "value %d (%s)", value, strerror(errno));
  /* Linux 6.16 took it away from the sockets that cannot pass credentials
   * (all but AF_UNIX, netlink and Bluetooth): EOPNOTSUPP, as in Tether.
   * Before, any socket stored it (Debian 12's 6.1). */
  int inet = socket(AF_INET, SOCK_DGRAM, 0), on = 1;
  if (tt_on_tether() || tt_linux_at_least(6, 16)) {
    tt_expect_errno("passcred.inet_eopnotsupp", setsockopt(inet, SOL_SOCKET, SO_PASSCRED, &on, sizeof on),
                    EOPNOTSUPP);
  } else {
    value = -1;
    TT_CHECK("passcred.inet_eopnotsupp",
             inet >= 0 && setsockopt(inet, SOL_SOCKET, SO_PASSCRED, &on, sizeof on) == 0 &&
                 getsockopt(inet, SOL_SOCKET, SO_PASSCRED, &value, &length) == 0 && value == 1,
             "Linux before 6.16 stores it on an AF_INET socket: value %d (%s)", value, strerror(errno));
  }
  close(inet);
  close(sv[0]);
  close(sv[1]);
}

static void datagrams(void) {
  int sv[2];
  pair(SOCK_DGRAM, sv);
  send_with(sv[0], "before", NULL, 0, -1); /* neither end passes credentials yet */
  pass_credentials(sv[1], 1);
  send_with(sv[0], "after", NULL, 0, -1);
  struct received before = receive(sv[1], 64), after = receive(sv[1], 64);
  TT_CHECK("passcred.sent_before_shows_nobody", before.n == 6 && are(&before, 0, kOverflowId, kOverflowId),
           CREDS_FMT, CREDS_ARGS(before));
  TT_CHECK("passcred.dgram_sender_credentials", after.n == 5 && are(&after, getpid(), getuid(), getgid()), CREDS_FMT,
           CREDS_ARGS(after));

  struct ucred mine = {getpid(), getuid(), getgid()};
  pass_credentials(sv[1], 0);
  send_with(sv[0], "quiet", &mine, sizeof mine, -1);
  struct received quiet = receive(sv[1], 64);
  TT_CHECK("passcred.off_no_message", quiet.n == 5 && !quiet.has_credentials, CREDS_FMT, CREDS_ARGS(quiet));

  /* The sender's own SO_PASSCRED is enough to attach them; and it
   * autobinds the unnamed sender (unix(7) "Autobind feature"). */
  struct sockaddr_un name;
  socklen_t name_length = sizeof name;
  pass_credentials(sv[0], 1);
  send_with(sv[0], "x", NULL, 0, -1);
  TT_CHECK("passcred.send_autobinds",
           getsockname(sv[0], (struct sockaddr *)&name, &name_length) == 0 &&
               name_length == sizeof(sa_family_t) + 6 && name.sun_path[0] == '\0',
           "getsockname: length %u (%s)", (unsigned)name_length, strerror(errno));
  pass_credentials(sv[0], 0);
  pass_credentials(sv[1], 1);
  struct received own = receive(sv[1], 64);
  TT_CHECK("passcred.senders_option_attaches", own.n == 1 && are(&own, getpid(), getuid(), getgid()), CREDS_FMT,
           CREDS_ARGS(own));

  /* Credentials before descriptors. */
  int null = open("/dev/null", O_RDONLY);
  send_with(sv[0], "fd", &mine, sizeof mine, null);
  struct received both = receive(sv[1], 64);
  TT_CHECK("passcred.before_rights", both.credentials_index == 0 && both.rights_index == 1 && both.rights_fd >= 0,
           "credentials at %d, rights at %d", both.credentials_index, both.rights_index);
  if (both.rights_fd >= 0) close(both.rights_fd);
  close(null);

  /* The checks of what a sender claims (as root: any pid that exists). */
  struct ucred bad = mine;
  tt_expect_errno("passcred.cmsg_len_wrong_einval", send_with(sv[0], "x", &mine, sizeof mine - 4, -1), EINVAL);
  bad.uid = (uid_t)-1;
  tt_expect_errno("passcred.uid_minus_1_einval", send_with(sv[0], "x", &bad, sizeof bad, -1), EINVAL);
  bad = mine;
  bad.pid = tt_unused_pid();
  tt_expect_errno("passcred.pid_of_nobody_esrch", send_with(sv[0], "x", &bad, sizeof bad, -1), ESRCH);
  if (geteuid() == 0) {
    struct ucred claimed = {1, 123, 456};
    send_with(sv[0], "root", &claimed, sizeof claimed, -1);
    struct received r = receive(sv[1], 64);
    TT_CHECK("passcred.root_claims_any", r.n == 4 && are(&r, 1, 123, 456), CREDS_FMT, CREDS_ARGS(r));
  } else {
    tt_skip("passcred.root_claims_any", "needs root");
  }
  close(sv[0]);
  close(sv[1]);
}

/* A stream read with SO_PASSCRED does not join bytes of different
 * senders' credentials. */
static void stream(void) {
  int sv[2];
  pair(SOCK_STREAM, sv);
  pass_credentials(sv[1], 1);
  send_with(sv[0], "abc", NULL, 0, -1);
  send_with(sv[0], "def", NULL, 0, -1);
  pid_t child = fork();
  if (child == 0) {
    send_with(sv[0], "ghi", NULL, 0, -1);
    _exit(0);
  }
  int status = tt_wait_timeout(child, 10);
  struct received first = receive(sv[1], 64), second = receive(sv[1], 64);
  TT_CHECK("passcred.stream_same_sender_joined", first.n == 6 && are(&first, getpid(), getuid(), getgid()),
           CREDS_FMT, CREDS_ARGS(first));
  TT_CHECK("passcred.stream_stops_where_they_change",
           WIFEXITED(status) && second.n == 3 && are(&second, child, getuid(), getgid()), CREDS_FMT " (child %s)",
           CREDS_ARGS(second), tt_status_str(status));
  close(sv[0]);
  close(sv[1]);
}

/* A sender that is not root: its real uid is what goes (not the
 * effective one), and it may claim only ids it has. */
static void unprivileged(void *arg) {
  int *sv = arg;
  if (setresgid(kGroup, 0, kGroup) != 0 || setresuid(kUser, 0, kUser) != 0) tt_die("setresuid");
  send_with(sv[0], "real", NULL, 0, -1);
  struct received r = receive(sv[1], 64);
  TT_CHECK("passcred.real_uid_and_gid", r.n == 4 && are(&r, getpid(), kUser, kGroup), CREDS_FMT, CREDS_ARGS(r));
  struct ucred effective = {getpid(), 0, 0};
  send_with(sv[0], "eff", &effective, sizeof effective, -1);
  r = receive(sv[1], 64);
  TT_CHECK("passcred.may_claim_effective", r.n == 3 && are(&r, getpid(), 0, 0), CREDS_FMT, CREDS_ARGS(r));
  if (setresgid(kGroup, kGroup, kGroup) != 0 || setresuid(kUser, kUser, kUser) != 0) tt_die("setresuid");
  struct ucred other_pid = {getppid(), kUser, kGroup};
  tt_expect_errno("passcred.other_pid_eperm", send_with(sv[0], "x", &other_pid, sizeof other_pid, -1), EPERM);
  struct ucred other_uid = {getpid(), 0, kGroup};
  tt_expect_errno("passcred.other_uid_eperm", send_with(sv[0], "x", &other_uid, sizeof other_uid, -1), EPERM);
  struct ucred other_gid = {getpid(), kUser, 0};
  tt_expect_errno("passcred.other_gid_eperm", send_with(sv[0], "x", &other_gid, sizeof other_gid, -1), EPERM);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  option();
  datagrams();
  stream();
  if (geteuid() == 0) {
    int sv[2];
    pair(SOCK_DGRAM, sv);
    pass_credentials(sv[1], 1);
    tt_run_in_child("passcred.unprivileged", unprivileged, sv, 15);
    close(sv[0]);
    close(sv[1]);
  } else {
    tt_skip("passcred.unprivileged", "needs to start as root");
  }
  return tt_done();
}
