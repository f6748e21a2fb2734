// The system's names, as uname(2) reports them (Linux's struct
// new_utsname): two the administrator sets, the host name (sethostname(2))
// and the NIS domain name (setdomainname(2)), and the fixed ones that say
// which kernel this is. Each is also a sysctl, so a /proc/sys file:
//
//   kern.hostname    /proc/sys/kernel/hostname     writable (root)
//   kern.domainname  /proc/sys/kernel/domainname   writable (root)
//   kern.ostype      /proc/sys/kernel/ostype       "Tether" (uname -s)
//   kern.osrelease   /proc/sys/kernel/osrelease    uname -r
//   kern.version     /proc/sys/kernel/version      uname -v
#pragma once
#include <stddef.h>

namespace uts {

constexpr size_t kNameLength = 64;  // Linux's __NEW_UTS_LEN; each field holds 65 bytes with its NUL

// NUL-terminated, at most kNameLength bytes before the NUL.
const char* os_type();
const char* os_release();
const char* version();
const char* host_name();
const char* domain_name();

// Sets a name to `length` bytes (length <= kNameLength, NULs allowed: the
// name ends at the first, as Linux's memcpy then strlen would see it).
void set_host_name(const char* name, size_t length);
void set_domain_name(const char* name, size_t length);

}  // namespace uts
