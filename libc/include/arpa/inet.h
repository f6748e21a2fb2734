/* Converting Internet addresses between text and binary (inet_pton(3),
 * inet_ntop(3), inet_addr(3)). */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H

#include <bits/cdefs.h>
#include <netinet/in.h>

__BEGIN_DECLS
/* 1 on success, 0 if src is not an address of the family, -1 (EAFNOSUPPORT)
 * for another family. */
int inet_pton(int af, const char *src, void *dst);
/* dst, or NULL (ENOSPC if size is too small, EAFNOSUPPORT). */
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);
/* Dotted quad to network order; INADDR_NONE if not valid. */
in_addr_t inet_addr(const char *cp);
int inet_aton(const char *cp, struct in_addr *inp);
/* A static buffer, overwritten by the next call. */
char *inet_ntoa(struct in_addr in);
__END_DECLS

#endif
