/*
 * connect: the example program of illumos connect(3SOCKET), "Example 1:
 * Performing an asynchronous connection" (shared/spec/manpages/
 * illumos-connect.3socket.txt), built unchanged against Tether's libc.
 *
 *	connect IP PORT
 *
 * A non-blocking TCP connect over an AF_INET6 socket (an IPv4 address
 * becomes v4-mapped), completed through an event port: exit 0 once
 * connected, 1 with a message otherwise. docs/event-ports.md follows every
 * call into the kernel.
 *
 * The text below is the page's, in illumos's own style (cstyle: tabs, K&R
 * definition layout), repaired only where the page's text was cut, each
 * repair marked "REPAIR:". What was lost: the braces (every "}" and the
 * "{" opening main), the "int" of main, the comment delimiters around the
 * "Try to parse" sentence, the perror() lines before the error returns
 * (restored with the name of the call that failed), the '\0' that became
 * ' ' in the port check, and the strerror(err) argument line of the
 * asynchronous failure message. The page's spelling "asnchronous" is the
 * page's own, not a cut: kept.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <errno.h>
#include <port.h>
#include <unistd.h>
#include <assert.h>

/* REPAIR: "int" and the opening brace. */
int
main(int argc, char *argv[])
{
	char *eptr;
	long port;
	int sock, ret, eport;
	struct sockaddr_in6 sin6;

	if (argc != 3) {
		fprintf(stderr, "connect: <IP> <port>\n");
		return (1);
	}

	bzero(&sin6, sizeof (struct sockaddr_in6));
	sin6.sin6_family = AF_INET6;

	/* REPAIR: the comment's opening and closing lines. */
	/*
	 * Try to parse as an IPv6 address and then try v4.
	 */
	ret = inet_pton(AF_INET6, argv[1], &sin6.sin6_addr);
	if (ret == -1) {
		perror("inet_pton");	/* REPAIR: lost perror */
		return (1);
	} else if (ret == 0) {
		struct in_addr v4;
		ret = inet_pton(AF_INET, argv[1], &v4);
		if (ret == -1) {
			perror("inet_pton");	/* REPAIR: lost perror */
			return (1);
		} else if (ret == 0) {
			fprintf(stderr, "connect: %s is not a valid "
			    "IPv4 or IPv6 address\n", argv[1]);
			return (1);
		}
		/* N.B. Not a portable macro */
		IN6_INADDR_TO_V4MAPPED(&v4, &sin6.sin6_addr);
	}

	errno = 0;
	port = strtol(argv[2], &eptr, 10);
	/* REPAIR: the page shows *eptr != ' '; '\0' was meant. */
	if (errno != 0 || *eptr != '\0') {
		fprintf(stderr, "failed to parse port %s\n", argv[2]);
		return (1);
	}
	if (port <= 0 || port > UINT16_MAX) {
		fprintf(stderr, "invalid port: %ld\n", port);
		return (1);
	}
	sin6.sin6_port = htons(port);

	sock = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (sock < 0) {
		perror("socket");	/* REPAIR: lost perror */
		return (1);
	}

	eport = port_create();
	if (eport < 0) {
		perror("port_create");	/* REPAIR: lost perror */
		(void) close(sock);
		return (1);
	}

	ret = connect(sock, (struct sockaddr *)&sin6,
	    sizeof (struct sockaddr_in6));
	if (ret != 0 && errno != EINPROGRESS && errno != EINTR) {
		perror("connect");	/* REPAIR: lost perror */
		(void) close(sock);
		(void) close(eport);
		return (1);
	}

	if (ret != 0) {
		port_event_t pe;
		int err;
		socklen_t sz = sizeof (err);
		if (port_associate(eport, PORT_SOURCE_FD, sock, POLLOUT,
		    NULL) != 0) {
			perror("port_associate");	/* REPAIR: lost perror */
			(void) close(sock);
			(void) close(eport);
			return (1);
		}
		if (port_get(eport, &pe, NULL) != 0) {
			perror("port_get");	/* REPAIR: lost perror */
			(void) close(sock);
			(void) close(eport);
			return (1);
		}
		assert(pe.portev_source == PORT_SOURCE_FD);
		assert(pe.portev_object == (uintptr_t)sock);
		if (getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &sz) != 0) {
			perror("getsockopt");	/* REPAIR: lost perror */
			(void) close(sock);
			(void) close(eport);
			return (1);
		}
		if (err != 0) {
			/* Asynch connect failed */
			fprintf(stderr, "asnchronous connect: %s\n",
			    strerror(err));	/* REPAIR: the lost argument line */
			(void) close(sock);
			(void) close(eport);
			return (1);
		}
	}

	/* Read and write to the socket and then clean up */

	return (0);
}
