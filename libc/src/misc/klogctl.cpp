// klogctl(3): glibc's name for syslog(2), the kernel's message buffer.
#include <sys/klog.h>

#include "../internal/syscall.h"

extern "C" int klogctl(int type, char *buf, int len) {
  return tether::sys(SYS_syslog, type, buf, len);
}
