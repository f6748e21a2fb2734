/* host_peer LIFETIME_SECONDS: the host's end of the host benchmarks, one
 * process that scripts/bench starts before the guest boots and stops after.
 * It listens on 127.0.0.1 (QEMU's user network shows it to the guest as
 * 10.0.2.2), on ports the kernel picks, and prints them as one line:
 *   ports SINK SOURCE UDP
 * SINK    TCP: reads each connection to EOF, then closes it (a connection
 *         closed at once is tcp_host_connect's).
 * SOURCE  TCP: reads a decimal byte count ending in '\n', sends that many
 *         bytes, closes.
 * UDP     counts datagrams; a 1-byte "R" resets the count and is answered
 *         "0", a 1-byte "?" is answered with the count.
 * Single-threaded around poll(); the guest runs one benchmark at a time.
 * It exits by itself after LIFETIME_SECONDS, so it never outlives a run. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { kMaxConns = 64, kChunk = 65536 };
enum kind { kSinkListener, kSourceListener, kUdp, kSinkConn, kSourceConn };

struct slot {
  int fd;
  enum kind kind;
  char request[32];       /* SOURCE: the count line, as it arrives */
  size_t request_len;
  long long to_send;      /* SOURCE: bytes left; -1 while the request is read */
};

static struct slot slots[kMaxConns];
static int nslots;
static char buf[kChunk];

static int listen_on(int type, int *port) {
  int fd = socket(AF_INET, type, 0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
      (type == SOCK_STREAM && listen(fd, 64) < 0) || getsockname(fd, (struct sockaddr *)&addr, &len) < 0) {
    perror("host_peer: listen");
    exit(1);
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

static void add(int fd, enum kind kind) {
  if (nslots == kMaxConns) {
    close(fd);
    return;
  }
  slots[nslots] = (struct slot){.fd = fd, .kind = kind, .to_send = -1};
  nslots++;
}

static void drop(int i) {
  close(slots[i].fd);
  slots[i] = slots[--nslots];
}

/* One ready slot; returns 0 when it was dropped. */
static int serve(int i, short revents) {
  struct slot *s = &slots[i];
  static long udp_count;
  switch (s->kind) {
    case kSinkListener:
    case kSourceListener: {
      int fd = accept(s->fd, NULL, NULL);
      if (fd >= 0) add(fd, s->kind == kSinkListener ? kSinkConn : kSourceConn);
      return 1;
    }
    case kUdp:
      /* Everything queued, so that a burst does not overflow the socket. */
      for (;;) {
        struct sockaddr_in from;
        socklen_t len = sizeof from;
        ssize_t n = recvfrom(s->fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &len);
        if (n < 0) return 1;
        if (n == 1 && (buf[0] == 'R' || buf[0] == '?')) {
          if (buf[0] == 'R') udp_count = 0;
          char answer[32];
          int m = snprintf(answer, sizeof answer, "%ld", udp_count);
          sendto(s->fd, answer, (size_t)m, 0, (struct sockaddr *)&from, len);
        } else {
          udp_count++;
        }
      }
    case kSinkConn: {
      ssize_t n = read(s->fd, buf, sizeof buf);
      if (n <= 0 && !(n < 0 && errno == EINTR)) {
        drop(i);
        return 0;
      }
      return 1;
    }
    case kSourceConn:
      if (s->to_send < 0) {
        ssize_t n = read(s->fd, s->request + s->request_len, sizeof s->request - 1 - s->request_len);
        if (n <= 0) {
          drop(i);
          return 0;
        }
        s->request_len += (size_t)n;
        s->request[s->request_len] = '\0';
        if (strchr(s->request, '\n')) {
          s->to_send = strtoll(s->request, NULL, 10);
        } else if (s->request_len == sizeof s->request - 1) {
          drop(i);
          return 0;
        }
      } else if (revents & POLLOUT) {
        size_t n = s->to_send < kChunk ? (size_t)s->to_send : kChunk;
        ssize_t w = n ? write(s->fd, buf, n) : 0;
        if (w < 0 && errno != EINTR && errno != EAGAIN) {
          drop(i);
          return 0;
        }
        if (w > 0) s->to_send -= w;
      }
      if (s->to_send == 0) {
        drop(i);
        return 0;
      }
      return 1;
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: host_peer LIFETIME_SECONDS\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  time_t end = time(NULL) + atol(argv[1]);
  int sink_port, source_port, udp_port;
  add(listen_on(SOCK_STREAM, &sink_port), kSinkListener);
  add(listen_on(SOCK_STREAM, &source_port), kSourceListener);
  add(listen_on(SOCK_DGRAM, &udp_port), kUdp);
  memset(buf, 'y', sizeof buf);
  printf("ports %d %d %d\n", sink_port, source_port, udp_port);
  fflush(stdout);

  struct pollfd fds[kMaxConns];
  while (time(NULL) < end) {
    for (int i = 0; i < nslots; i++) {
      fds[i].fd = slots[i].fd;
      fds[i].events = POLLIN;
      /* A source with its request read waits to write instead. */
      if (slots[i].kind == kSourceConn && slots[i].to_send > 0) fds[i].events = POLLOUT;
      fds[i].revents = 0;
    }
    int n = nslots;
    if (poll(fds, (nfds_t)n, 1000) < 0 && errno != EINTR) {
      perror("host_peer: poll");
      return 1;
    }
    /* From the end, so that drop() (which moves the last slot into the
     * hole) never skips a ready one. */
    for (int i = n - 1; i >= 0; i--) {
      if (fds[i].revents) serve(i, fds[i].revents);
    }
  }
  return 0;
}
