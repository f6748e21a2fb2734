// debug.kernel.panic: writing 1 (root only, like any sysctl write) panics
// the kernel on purpose, as Linux's `echo c > /proc/sysrq-trigger` does. It
// is how tests/tooling checks that a panic prints its cause and a symbolized
// backtrace and ends the QEMU run with a failing status.
#include "kernel/panic.h"
#include "kernel/sysctl/sysctl.h"

namespace {
KStatus trigger_panic(const sysctl::Setting&, const char* text, size_t length) {
  int64_t value = TRY(sysctl::parse_int(text, length));
  if (value != 1) return KError{EINVAL};
  panic("panic requested through debug.kernel.panic");
}

size_t read_zero(const sysctl::Setting&, char* buffer, size_t size) {
  if (size < 3) return 0;
  buffer[0] = '0';
  buffer[1] = '\n';
  buffer[2] = 0;
  return 2;
}

sysctl::Setting panic_trigger{"debug.kernel.panic", nullptr, "write 1 to panic the kernel (for tests)", true,
                              read_zero, trigger_panic, nullptr};

struct Registration {
  Registration() { sysctl::add(&panic_trigger); }
} registration;
}  // namespace
