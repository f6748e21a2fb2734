/* nc: netcat, a subset of OpenBSD's nc(1), written as the example of a
 * whole socket program: addresses, connect with a timeout, listen and
 * accept, UDP, UNIX-domain sockets, and a poll(2) loop that copies stdin to
 * the network and the network to stdout.
 *
 *   nc [-46dNnuvz] [-s source] [-p port] [-w timeout] host port[-port]
 *   nc -l [-46dNnuv] [-w timeout] [-s source] [host] [-p] port
 *   nc -U [-dlNvz] [-w timeout] path
 *
 *   -4, -6      IPv4 or IPv6 only (default: whatever the address is; listening
 *               without an address is on 0.0.0.0, or :: with -6)
 *   -d          do not read stdin (the sending side is half-closed at once)
 *   -l          listen, accept one connection (or, with -u, take the first
 *               datagram's sender as the peer), then copy data as a client does
 *   -N, -n      accepted for OpenBSD's sake and change nothing: this nc always
 *               half-closes on EOF of stdin, and never looks up names
 *   -p port     the local port (with -l: the port to listen on)
 *   -s source   the local address to bind before connecting (or listening)
 *   -U          the argument is the path of a UNIX-domain stream socket
 *   -u          UDP: each read from stdin is sent as one datagram
 *   -v          say what happens on stderr, with strerror on failure
 *   -w timeout  seconds a connect may take, and how long the connection may
 *               be idle before nc ends (no effect on accept, as on OpenBSD)
 *   -z          only check that a port (or each of a range, 20-30) is open:
 *               connect and close, no data; with -u, send one byte and wait
 *               (at most -w seconds, default 1) for an ICMP port unreachable
 *
 * The data loop ends when both inputs are finished: stdin at EOF (the
 * sending side of the socket is then shut down, shutdown(SHUT_WR), so the
 * peer sees EOF) and the network at EOF or in error; or when -w seconds pass
 * with nothing to do. UDP has no EOF: with -u, nc ends on -w or Ctrl-C.
 *
 * Hosts are numeric (127.0.0.1, ::1) or `localhost`: Tether's libc has no
 * resolver. Exit status as OpenBSD's: 0 after a connection (with -z: if any
 * port was open), 1 on any failure. Messages follow OpenBSD's wording:
 * "Connection to 127.0.0.1 7000 port [tcp/SERVICE] succeeded!" (SERVICE is
 * always a star: there is no services file to name the port) and
 * "nc: connect to 127.0.0.1 port 9 (tcp) failed: Connection refused" (-v).
 *
 * Where it differs from OpenBSD's nc, on purpose: OpenBSD half-closes only
 * with -N, and its -l ends as soon as the network reaches EOF; here EOF on
 * stdin always half-closes (so `echo hi | nc host port` ends by itself) and
 * every mode waits for both directions to finish, as TCP's half-close
 * intends. Ranges need -z; -u with -U is refused.
 *
 * Builds against Tether's libc and, unchanged, against glibc. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* The options, as parsed from the command line. */
static int family = AF_UNSPEC;  /* -4, -6 (AF_UNSPEC: from the address) */
static bool listen_mode;        /* -l */
static bool udp;                /* -u */
static bool unix_socket;        /* -U */
static bool verbose;            /* -v */
static bool zero_io;            /* -z */
static bool no_stdin;           /* -d */
static int timeout_ms = -1;     /* -w, in ms; -1: wait for ever */
static const char *source;      /* -s */
static const char *source_port; /* -p */

/* For messages: "tcp" or "udp". */
#define PROTOCOL (udp ? "udp" : "tcp")

static void usage(void) {
  fprintf(stderr,
          "usage: nc [-46dNnuvz] [-p port] [-s source] [-w timeout] host port[-port]\n"
          "       nc -l [-46dNnuv] [-s source] [-w timeout] [host] [-p] port\n"
          "       nc -U [-dlNvz] [-w timeout] path\n");
  exit(1);
}

/* Prints "nc: " and the message (like OpenBSD's errx), and exits 1. */
static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("nc: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

/* A decimal number in [min, max], like OpenBSD's strtonum(3): NULL, or why
 * not ("invalid", "too small", "too large"). */
static const char *parse_number(const char *text, long min, long max, long *value) {
  if (*text < '0' || *text > '9') return "invalid";
  long n = 0;
  for (const char *c = text; *c; c++) {
    if (*c < '0' || *c > '9') return "invalid";
    if (n > (LONG_MAX - 9) / 10) return "too large";
    n = n * 10 + (*c - '0');
  }
  if (n < min) return "too small";
  if (n > max) return "too large";
  *value = n;
  return NULL;
}

/* "7000" or "20-30" (either order). Port 0 only when listening: the
 * kernel then picks one, and -v says which. */
static void parse_ports(const char *text, int *low, int *high) {
  char first[16];
  const char *dash = strchr(text, '-');
  size_t length = dash ? (size_t)(dash - text) : strlen(text);
  if (length >= sizeof first) die("port number too large: %s", text);
  memcpy(first, text, length);
  first[length] = '\0';
  long a, b;
  const char *why = parse_number(first, listen_mode ? 0 : 1, 65535, &a);
  if (why) die("port number %s: %s", why, text);
  b = a;
  if (dash) {
    why = parse_number(dash + 1, 1, 65535, &b);
    if (why) die("port range not valid: %s", text);
    if (!zero_io) die("a port range needs -z: %s", text);
  }
  *low = (int)(a < b ? a : b);
  *high = (int)(a < b ? b : a);
}

/* A socket address and its length, whatever the family. */
struct address {
  struct sockaddr_storage storage;
  socklen_t length;
};

/* host (NULL: any address) and port to an address of family `want` (or
 * of the address's own family when want is AF_UNSPEC). Numeric addresses
 * and "localhost" only. */
static void make_address(const char *host, int port, int want, struct address *a) {
  memset(a, 0, sizeof *a);
  struct sockaddr_in *v4 = (struct sockaddr_in *)&a->storage;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&a->storage;
  bool is_v4 = false, is_v6 = false;
  if (host == NULL) {
    is_v6 = want == AF_INET6;
    is_v4 = !is_v6;
    if (is_v6)
      v6->sin6_addr = in6addr_any;
    else
      v4->sin_addr.s_addr = htonl(INADDR_ANY);
  } else if (strcmp(host, "localhost") == 0) {
    is_v6 = want == AF_INET6;
    is_v4 = !is_v6;
    if (is_v6)
      v6->sin6_addr = in6addr_loopback;
    else
      v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  } else {
    is_v4 = want != AF_INET6 && inet_pton(AF_INET, host, &v4->sin_addr) == 1;
    is_v6 = !is_v4 && want != AF_INET && inet_pton(AF_INET6, host, &v6->sin6_addr) == 1;
  }
  if (is_v4) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((unsigned short)port);
    a->length = sizeof *v4;
  } else if (is_v6) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((unsigned short)port);
    a->length = sizeof *v6;
  } else {
    die("%s: not a numeric %s address (nc has no resolver: use an address or localhost)", host,
        want == AF_INET    ? "IPv4"
        : want == AF_INET6 ? "IPv6"
                           : "IPv4 or IPv6");
  }
}

/* The address part of a as text, and its port. */
static const char *address_text(const struct address *a, char *text, socklen_t size) {
  const struct sockaddr *sa = (const struct sockaddr *)&a->storage;
  if (sa->sa_family == AF_INET6) return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text, size);
  return inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, size);
}

static int address_port(const struct address *a) {
  const struct sockaddr *sa = (const struct sockaddr *)&a->storage;
  if (sa->sa_family == AF_INET6) return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
  return ntohs(((const struct sockaddr_in *)sa)->sin_port);
}

/* "Listening on 0.0.0.0 7000", "Connection received on 127.0.0.1 41234". */
static void report(const char *what, const struct address *a) {
  char text[INET6_ADDRSTRLEN];
  if (verbose) fprintf(stderr, "%s %s %d\n", what, address_text(a, text, sizeof text), address_port(a));
}

/* Waits for a non-blocking connect, the way connect(2) describes it:
 * EINPROGRESS, then poll for writability, then SO_ERROR for the outcome.
 * Returns 0 or the errno of the failure; ETIMEDOUT after timeout_ms. */
static int connect_with_timeout(int fd, const struct sockaddr *to, socklen_t length) {
  if (connect(fd, to, length) == 0) return 0;
  if (errno != EINPROGRESS) return errno;
  struct pollfd p = {.fd = fd, .events = POLLOUT};
  int ready;
  do ready = poll(&p, 1, timeout_ms);
  while (ready < 0 && errno == EINTR);
  if (ready < 0) return errno;
  if (ready == 0) return ETIMEDOUT; /* nc gives up; the kernel would go on */
  int error = 0;
  socklen_t size = sizeof error;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) return errno;
  return error;
}

/* A non-blocking socket connected to `to`, bound first to -s/-p if given.
 * -1 with errno set if the connect fails (a failed bind ends nc). */
static int open_connection(const struct address *to) {
  int domain = ((const struct sockaddr *)&to->storage)->sa_family;
  int fd = socket(domain, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK, 0);
  if (fd < 0) die("socket: %s", strerror(errno));
  if (source || source_port) {
    long port = 0;
    if (source_port && parse_number(source_port, 1, 65535, &port)) die("port number invalid: %s", source_port);
    struct address local; /* of the destination's family */
    make_address(source, (int)port, domain, &local);
    if (bind(fd, (struct sockaddr *)&local.storage, local.length) != 0) die("bind failed: %s", strerror(errno));
  }
  int error = connect_with_timeout(fd, (const struct sockaddr *)&to->storage, to->length);
  if (error) {
    close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

/* -u -z: UDP has no handshake, so send one byte and wait for the ICMP port
 * unreachable that a closed port answers with; it comes back as
 * ECONNREFUSED on the connected socket. Silence means open (or filtered):
 * OpenBSD nc also reports success then. Returns 0 or the errno. */
static int probe_udp(int fd) {
  if (send(fd, "X", 1, 0) != 1) return errno;
  struct pollfd p = {.fd = fd, .events = POLLIN};
  int ready;
  do ready = poll(&p, 1, timeout_ms < 0 ? 1000 : timeout_ms);
  while (ready < 0 && errno == EINTR);
  if (ready <= 0) return 0;
  char byte;
  if (recv(fd, &byte, 1, 0) < 0 && errno != EAGAIN) return errno;
  return 0;
}

/* Writes all of buf to fd (stdout: a blocking descriptor). */
static bool write_all(int fd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t done = write(fd, buf, n);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) return false;
    buf += done;
    n -= (size_t)done;
  }
  return true;
}

/* The data loop: stdin to the socket, the socket to stdout, until both
 * inputs are finished or -w passes idle. The socket is non-blocking, so a
 * full send buffer never stops us reading the network (two nc's sending
 * each other a lot at once do not deadlock); stdin and stdout are left
 * blocking, as the shell gave them (we must not change their flags: the
 * shell shares them). */
static void pump(int net) {
  static char to_net[16384], from_net[65536];
  size_t pending = 0, sent = 0; /* to_net[sent..pending) waits for the socket */
  bool stdin_open = !no_stdin, net_readable = true, net_writable = true;

  for (;;) {
    if (!stdin_open && pending == sent && net_writable) {
      if (!udp) shutdown(net, SHUT_WR); /* the peer reads EOF */
      net_writable = false;
    }
    if (!stdin_open && !net_readable) return;   /* both inputs finished */
    if (!net_writable && !net_readable) return; /* the socket is done */

    struct pollfd p[2] = {{.fd = -1}, {.fd = net}};
    if (stdin_open && pending == sent) p[0] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
    if (net_readable) p[1].events |= POLLIN;
    if (pending > sent) p[1].events |= POLLOUT;
    if (p[1].events == 0) p[1].fd = -1; /* else POLLHUP would wake us for ever */
    int ready = poll(p, 2, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) die("poll: %s", strerror(errno));
    if (ready == 0) return; /* idle for -w seconds */

    if (p[0].revents) {
      ssize_t n = read(STDIN_FILENO, to_net, sizeof to_net);
      if (n > 0) {
        pending = (size_t)n;
        sent = 0;
      } else if (n == 0 || errno != EINTR) {
        stdin_open = false;
      }
    }
    if (pending > sent && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = send(net, to_net + sent, pending - sent, MSG_NOSIGNAL);
      if (n > 0) sent += (size_t)n;
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        if (verbose) fprintf(stderr, "nc: write to the network: %s\n", strerror(errno));
        net_writable = stdin_open = false; /* nowhere to send stdin */
        pending = sent = 0;
      }
      if (sent == pending) pending = sent = 0;
    }
    if (net_readable && (p[1].revents & (POLLIN | POLLERR | POLLHUP))) {
      ssize_t n = recv(net, from_net, sizeof from_net, 0);
      if (n > 0 && !write_all(STDOUT_FILENO, from_net, (size_t)n)) net_readable = false;
      if (n == 0) net_readable = false; /* EOF: the peer shut down its side */
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        /* A reset (or, for UDP, an ICMP port unreachable): the connection
         * is gone both ways. */
        if (verbose) fprintf(stderr, "nc: read from the network: %s\n", strerror(errno));
        net_readable = net_writable = stdin_open = false;
      }
    }
  }
}

/* nc host port[-port]: connect to each port; -z reports and closes, else
 * the data loop runs on the connection. */
static int run_client(const char *host, const char *ports) {
  int low, high, status = 1;
  parse_ports(ports, &low, &high);
  for (int port = low; port <= high; port++) {
    struct address to;
    make_address(host, port, family, &to);
    int fd = open_connection(&to);
    int error = fd < 0 ? errno : 0;
    if (fd >= 0 && udp && zero_io) error = probe_udp(fd);
    if (error) {
      if (verbose)
        fprintf(stderr, "nc: connect to %s port %d (%s) failed: %s\n", host, port, PROTOCOL, strerror(error));
      if (fd >= 0) close(fd);
      continue;
    }
    status = 0;
    if (verbose) fprintf(stderr, "Connection to %s %d port [%s/*] succeeded!\n", host, port, PROTOCOL);
    if (!zero_io) pump(fd);
    close(fd);
  }
  return status;
}

/* nc -l [host] port: bind, then accept one connection (TCP), or wait for
 * the first datagram and connect to its sender (UDP); then the data loop. */
static int run_listener(const char *host, const char *port_text) {
  int port, high;
  parse_ports(port_text, &port, &high);
  struct address local;
  make_address(host ? host : source, port, family, &local);
  int domain = ((struct sockaddr *)&local.storage)->sa_family;
  int fd = socket(domain, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
  if (fd < 0) die("socket: %s", strerror(errno));
  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on); /* a quick restart finds the port free */
  if (bind(fd, (struct sockaddr *)&local.storage, local.length) != 0) die("bind failed: %s", strerror(errno));
  local.length = sizeof local.storage; /* the port the kernel chose, for port 0 */
  getsockname(fd, (struct sockaddr *)&local.storage, &local.length);

  struct address peer = {.length = sizeof peer.storage};
  int net;
  if (!udp) {
    if (listen(fd, 1) != 0) die("listen failed: %s", strerror(errno));
    report("Listening on", &local);
    do net = accept(fd, (struct sockaddr *)&peer.storage, &peer.length);
    while (net < 0 && errno == EINTR);
    if (net < 0) die("accept failed: %s", strerror(errno));
    close(fd); /* one connection only */
    report("Connection received on", &peer);
  } else {
    report("Bound on", &local);
    static char first[65536];
    ssize_t n;
    do n = recvfrom(fd, first, sizeof first, 0, (struct sockaddr *)&peer.storage, &peer.length);
    while (n < 0 && errno == EINTR);
    if (n < 0) die("recvfrom failed: %s", strerror(errno));
    /* From now on this sender is the peer: connect filters out the others
     * and gives send() its destination. */
    if (connect(fd, (struct sockaddr *)&peer.storage, peer.length) != 0) die("connect failed: %s", strerror(errno));
    report("Connection received on", &peer);
    write_all(STDOUT_FILENO, first, (size_t)n);
    net = fd;
  }
  fcntl(net, F_SETFL, fcntl(net, F_GETFL) | O_NONBLOCK);
  pump(net);
  close(net);
  return 0;
}

/* nc -U path, nc -lU path: the same over a UNIX-domain stream socket. */
static int run_unix(const char *path) {
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof address.sun_path) die("%s: path too long", path);
  strcpy(address.sun_path, path);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) die("socket: %s", strerror(errno));
  if (listen_mode) {
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) die("%s: %s", path, strerror(errno));
    if (listen(fd, 1) != 0) die("listen failed: %s", strerror(errno));
    if (verbose) fprintf(stderr, "Listening on %s\n", path);
    int net;
    do net = accept(fd, NULL, NULL);
    while (net < 0 && errno == EINTR);
    int error = errno;
    close(fd);
    unlink(path); /* the name served this one connection */
    if (net < 0) die("accept failed: %s", strerror(error));
    if (verbose) fprintf(stderr, "Connection received on %s\n", path);
    fcntl(net, F_SETFL, fcntl(net, F_GETFL) | O_NONBLOCK);
    pump(net);
    close(net);
    return 0;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  int error = connect_with_timeout(fd, (struct sockaddr *)&address, sizeof address);
  if (error) {
    /* OpenBSD prints this one with or without -v. */
    fprintf(stderr, "nc: %s: %s\n", path, strerror(error));
    return 1;
  }
  if (verbose) fprintf(stderr, "Connection to %s succeeded!\n", path);
  if (!zero_io) pump(fd);
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  opterr = 0; /* our own messages */
  int c;
  while ((c = getopt(argc, argv, "46dlNnp:s:Uuvw:z")) != -1) {
    long seconds;
    const char *why;
    switch (c) {
      case '4':
        family = AF_INET;
        break;
      case '6':
        family = AF_INET6;
        break;
      case 'd':
        no_stdin = true;
        break;
      case 'l':
        listen_mode = true;
        break;
      case 'N':
      case 'n':
        break; /* always so here; see the top */
      case 'p':
        source_port = optarg;
        break;
      case 's':
        source = optarg;
        break;
      case 'U':
        unix_socket = true;
        break;
      case 'u':
        udp = true;
        break;
      case 'v':
        verbose = true;
        break;
      case 'w':
        why = parse_number(optarg, 1, INT_MAX / 1000, &seconds);
        if (why) die("timeout %s: %s", why, optarg);
        timeout_ms = (int)seconds * 1000;
        break;
      case 'z':
        zero_io = true;
        break;
      default:
        if (optopt == 'p' || optopt == 's' || optopt == 'w')
          fprintf(stderr, "nc: option requires an argument -- '%c'\n", optopt);
        else
          fprintf(stderr, "nc: invalid option -- '%c'\n", optopt);
        usage();
    }
  }
  argc -= optind;
  argv += optind;
  signal(SIGPIPE, SIG_IGN); /* a closed peer is an EPIPE error, not death */

  if (listen_mode && zero_io) die("cannot use -z and -l");
  if (unix_socket) {
    if (udp) die("-u with -U (UNIX datagram sockets) is not supported");
    if (argc != 1) usage();
    return run_unix(argv[0]);
  }
  if (listen_mode) {
    /* nc -l port, nc -l host port, nc -l -p port, nc -l host -p port */
    if (argc == 0 && source_port) return run_listener(NULL, source_port);
    if (argc == 1 && source_port) return run_listener(argv[0], source_port);
    if (argc == 1) return run_listener(NULL, argv[0]);
    if (argc == 2) return run_listener(argv[0], argv[1]);
    usage();
  }
  if (argc != 2) usage();
  return run_client(argv[0], argv[1]);
}
