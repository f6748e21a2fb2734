/* klogctl: the C name of syslog(2), the kernel's message buffer (what
 * dmesg reads). Not syslog(3), which sends messages to a logging daemon. */
#ifndef _SYS_KLOG_H
#define _SYS_KLOG_H

#include <bits/cdefs.h>

/* The actions (Linux's SYSLOG_ACTION_*). */
#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3 /* copy the whole buffer, leave it as is */
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10 /* the buffer's size in bytes */

__BEGIN_DECLS
/* Returns the bytes copied (READ actions), a size, or 0; -1 and errno. */
int klogctl(int type, char *buf, int len);
__END_DECLS

#endif
