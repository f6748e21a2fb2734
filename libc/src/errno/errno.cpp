// errno lives here. A plain global: Tether processes have one thread.
#include <errno.h>

extern "C" {
int errno = 0;
char *program_invocation_name = nullptr;
char *program_invocation_short_name = nullptr;
}
