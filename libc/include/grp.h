/* The group database, /etc/group: one group per line,
 *   name:password:gid:member,member,...
 * The returned struct lives in static storage, overwritten by the next call. */
#ifndef _GRP_H
#define _GRP_H

#include <bits/cdefs.h>
#include <bits/types.h>
#include <stddef.h>

struct group {
  char *gr_name;
  char *gr_passwd;
  gid_t gr_gid;
  char **gr_mem; /* member names, ending in NULL */
};

__BEGIN_DECLS
struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);
void setgrent(void);
struct group *getgrent(void);
void endgrent(void);
/* Sets the supplementary groups (root only); size 0 drops them all. */
int setgroups(size_t size, const gid_t *list);
__END_DECLS

#endif
