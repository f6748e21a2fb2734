/* The BSD string functions. As on illumos (its <strings.h> includes
 * <string.h> outside strict X/Open builds), <string.h> comes with it:
 * programs written for illumos, such as the connect(3SOCKET) example, call
 * strerror having included only <strings.h>. */
#ifndef _STRINGS_H
#define _STRINGS_H

#include <bits/cdefs.h>
#include <stddef.h>
#include <string.h>

__BEGIN_DECLS
void bzero(void *s, size_t n);
void bcopy(const void *src, void *dst, size_t n);
int bcmp(const void *a, const void *b, size_t n);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
int ffs(int i);
__END_DECLS

#endif
