// abort(3): end the process with SIGABRT, whatever the program did to it.
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "../internal/syscall.h"

extern "C" void abort(void) {
  // First give a handler its chance, as POSIX asks.
  sigset_t abrt = 0;
  sigaddset(&abrt, SIGABRT);
  sigprocmask(SIG_UNBLOCK, &abrt, nullptr);
  raise(SIGABRT);

  // The handler returned (or SIGABRT was ignored): force the default action.
  struct sigaction default_action = {};
  default_action.sa_handler = SIG_DFL;
  sigaction(SIGABRT, &default_action, nullptr);
  raise(SIGABRT);

  // Still here: the kernel has no signals yet. 134 is what a shell reports
  // for a process killed by SIGABRT (128 + 6).
  for (;;) tether::syscall1(SYS_exit_group, 128 + SIGABRT);
}
