/* uname(2): six NUL-terminated fields of 65 bytes each, as Linux. */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#include <bits/cdefs.h>

#define _UTSNAME_LENGTH 65

struct utsname {
  char sysname[_UTSNAME_LENGTH];
  char nodename[_UTSNAME_LENGTH];
  char release[_UTSNAME_LENGTH];
  char version[_UTSNAME_LENGTH];
  char machine[_UTSNAME_LENGTH];
  char domainname[_UTSNAME_LENGTH];
};

__BEGIN_DECLS
int uname(struct utsname *buf);
__END_DECLS

#endif
