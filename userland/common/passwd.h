/* Names for user and group ids, from /etc/passwd and /etc/group. */
#ifndef USERLAND_PASSWD_H
#define USERLAND_PASSWD_H

#include <sys/types.h>

/* The name, or NULL if the id is not listed. Valid until the next call. */
const char *user_name(uid_t uid);
const char *group_name(gid_t gid);

#endif
