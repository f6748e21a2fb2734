// Questions about the system as a whole: its name, the process's
// personality, scheduling, limits.
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

int uname(struct utsname *buf) { return sys(SYS_uname, buf); }

// personality(2) returns the previous persona, which may look negative when
// read as an int; Linux's own errors are never in that range except EINVAL.
int personality(unsigned long persona) { return sys(SYS_personality, persona); }

int sched_yield(void) { return sys(SYS_sched_yield); }

int getpagesize(void) { return 4096; }

// The host name is uname's nodename (Linux keeps it there too). A name
// that does not fit is an error, as POSIX allows and glibc does.
int gethostname(char *name, size_t size) {
  struct utsname u;
  if (uname(&u) < 0) return -1;
  size_t length = strlen(u.nodename);
  if (length + 1 > size) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(name, u.nodename, length + 1);
  return 0;
}

// sethostname(2)/setdomainname(2): the kernel takes len bytes (at most 64).
int sethostname(const char *name, size_t len) { return sys(SYS_sethostname, name, len); }
int setdomainname(const char *name, size_t len) { return sys(SYS_setdomainname, name, len); }

long sysconf(int name) {
  switch (name) {
    case _SC_CLK_TCK:
      return 100;  // Linux's USER_HZ, the unit of times(2)
    case _SC_PAGESIZE:
      return 4096;
    case _SC_ARG_MAX: {
      // As glibc: a quarter of the RLIMIT_STACK soft limit, at least the
      // historical ARG_MAX. The kernel's own cap (execve: at most 6 MiB of
      // strings) is not applied, as glibc does not.
      struct rlimit limit;
      if (getrlimit(RLIMIT_STACK, &limit) != 0) return ARG_MAX;
      rlim_t quarter = limit.rlim_cur / 4;
      return quarter > ARG_MAX ? static_cast<long>(quarter) : ARG_MAX;
    }
    case _SC_CHILD_MAX:
      return 1024;
    case _SC_NGROUPS_MAX:
      return NGROUPS_MAX;
    case _SC_HOST_NAME_MAX:
      return HOST_NAME_MAX;
    case _SC_OPEN_MAX: {
      struct rlimit limit;
      if (getrlimit(RLIMIT_NOFILE, &limit) == 0) return static_cast<long>(limit.rlim_cur);
      return 1024;
    }
    default:
      errno = EINVAL;
      return -1;
  }
}

}  // extern "C"
