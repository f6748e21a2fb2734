// Who a process is: its user and group ids, real, effective and saved, and
// its supplementary groups. One Linux system call each; the kernel decides
// who may change what (credentials(7)).
#include <grp.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

uid_t getuid(void) { return sys(SYS_getuid); }
uid_t geteuid(void) { return sys(SYS_geteuid); }
gid_t getgid(void) { return sys(SYS_getgid); }
gid_t getegid(void) { return sys(SYS_getegid); }

int setuid(uid_t uid) { return sys(SYS_setuid, uid); }
int setgid(gid_t gid) { return sys(SYS_setgid, gid); }

// -1 as an id means "leave this one unchanged" (as (uid_t)-1).
int setreuid(uid_t ruid, uid_t euid) { return sys(SYS_setreuid, ruid, euid); }
int setregid(gid_t rgid, gid_t egid) { return sys(SYS_setregid, rgid, egid); }

int setresuid(uid_t ruid, uid_t euid, uid_t suid) { return sys(SYS_setresuid, ruid, euid, suid); }
int setresgid(gid_t rgid, gid_t egid, gid_t sgid) { return sys(SYS_setresgid, rgid, egid, sgid); }

int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid) {
  return sys(SYS_getresuid, ruid, euid, suid);
}
int getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid) {
  return sys(SYS_getresgid, rgid, egid, sgid);
}

// On x86-64 these take 32-bit gid_t arrays, the same as ours.
int getgroups(int size, gid_t list[]) { return sys(SYS_getgroups, size, list); }
int setgroups(size_t size, const gid_t *list) { return sys(SYS_setgroups, size, list); }

}  // extern "C"
