/* The user database, /etc/passwd: one user per line,
 *   name:password:uid:gid:gecos:home:shell
 * The returned struct lives in static storage, overwritten by the next call. */
#ifndef _PWD_H
#define _PWD_H

#include <bits/cdefs.h>
#include <bits/types.h>

struct passwd {
  char *pw_name;
  char *pw_passwd;
  uid_t pw_uid;
  gid_t pw_gid;
  char *pw_gecos;
  char *pw_dir;
  char *pw_shell;
};

__BEGIN_DECLS
/* NULL when there is no such user (errno unchanged) or on error (errno set). */
struct passwd *getpwnam(const char *name);
struct passwd *getpwuid(uid_t uid);
/* Walk the whole file: setpwent rewinds, getpwent returns the next entry. */
void setpwent(void);
struct passwd *getpwent(void);
void endpwent(void);
__END_DECLS

#endif
