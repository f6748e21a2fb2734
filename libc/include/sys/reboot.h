/* reboot(2) as glibc exposes it: one argument, the command; libc adds the
 * two magic numbers the kernel insists on. Only root may call it. */
#ifndef _SYS_REBOOT_H
#define _SYS_REBOOT_H

#include <bits/cdefs.h>

/* The commands (Linux's LINUX_REBOOT_CMD_*). */
#define RB_AUTOBOOT 0x01234567
#define RB_HALT_SYSTEM 0xcdef0123
#define RB_ENABLE_CAD 0x89abcdef
#define RB_DISABLE_CAD 0
#define RB_POWER_OFF 0x4321fedc
#define RB_SW_SUSPEND 0xd000fce2
#define RB_KEXEC 0x45584543

__BEGIN_DECLS
int reboot(int howto);
__END_DECLS

#endif
