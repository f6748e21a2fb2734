#include "kernel/sysctl/fail_point.h"

#include "arch/x86_64/cpu.h"
#include "kernel/lib/format.h"

namespace sysctl {

FailPoint::FailPoint(const char* short_name, const char* description)
    : setting_{name_, nullptr, description, true, &FailPoint::read, &FailPoint::write, this} {
  format(name_, sizeof name_, "debug.fail.%s", short_name);
  add(&setting_);
}

bool FailPoint::should_fail() {
  cpu::InterruptGuard guard;
  if (remaining_ <= 0) return false;
  remaining_--;
  return true;
}

size_t FailPoint::read(const Setting& self, char* buffer, size_t size) {
  return format(buffer, size, "%ld\n", static_cast<const FailPoint*>(self.data)->remaining_);
}

KStatus FailPoint::write(const Setting& self, const char* text, size_t length) {
  int64_t n = TRY(parse_int(text, length));
  if (n < 0) return KError{EINVAL};
  static_cast<FailPoint*>(self.data)->remaining_ = n;
  return ok();
}
}  // namespace sysctl
