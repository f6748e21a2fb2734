// syscall(2): the generic entry point, for calls libc has no wrapper for.
// Like glibc's, it always passes six arguments; the kernel ignores the extra.
#include <stdarg.h>
#include <unistd.h>

#include "../internal/syscall.h"

extern "C" long syscall(long number, ...) {
  va_list ap;
  va_start(ap, number);
  long a1 = va_arg(ap, long);
  long a2 = va_arg(ap, long);
  long a3 = va_arg(ap, long);
  long a4 = va_arg(ap, long);
  long a5 = va_arg(ap, long);
  long a6 = va_arg(ap, long);
  va_end(ap);
  return tether::syscall_result(tether::syscall6(number, a1, a2, a3, a4, a5, a6));
}
