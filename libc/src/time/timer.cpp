// Timers that end in a signal: alarm(2) and the interval timers of
// setitimer(2), both sending SIGALRM (for ITIMER_REAL), and pause(2),
// the usual way to wait for one.
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include "../internal/syscall.h"

using tether::sys;

extern "C" {

// alarm cannot fail; it returns the seconds that were left on the previous
// alarm (0 if there was none).
unsigned int alarm(unsigned int seconds) {
  return static_cast<unsigned int>(tether::syscall1(SYS_alarm, seconds));
}

int setitimer(int which, const struct itimerval *value, struct itimerval *old) {
  return sys(SYS_setitimer, which, value, old);
}

int getitimer(int which, struct itimerval *value) { return sys(SYS_getitimer, which, value); }

// Always -1 with EINTR: it returns only after a handler has run.
int pause(void) { return sys(SYS_pause); }

}  // extern "C"
