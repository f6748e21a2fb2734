// The counters' registry and the sysctl debug.profile that shows them
// (profile.h).
#include "kernel/profile.h"

#include "kernel/lib/format.h"
#include "kernel/sysctl/sysctl.h"

namespace profile {
namespace {
Counter* head = nullptr;  // constant-initialized: safe before any constructor ran
Counter* tail = nullptr;

// One line per counter that counted something, in registration order.
size_t read(const sysctl::Setting&, char* buffer, size_t size) {
  size_t length = 0;
  for (Counter* c = head; c; c = c->next()) {
    if (c->calls() == 0) continue;
    uint64_t per_call = c->ns() / c->calls();
    char line[128];
    size_t n = format(line, sizeof line, "%-28s %10lu calls %10lu us total %10lu ns/call\n", c->name(), c->calls(),
                      c->ns() / 1000, per_call);
    if (length + n >= size) break;  // the page is full: the rest is left out
    for (size_t i = 0; i < n; i++) buffer[length++] = line[i];
  }
  if (length == 0 && size > 1) {
    buffer[length++] = '\n';  // a sysctl's value ends with a newline, even an empty one
  }
  return length;
}

// Any value written zeroes every counter.
KStatus write(const sysctl::Setting&, const char*, size_t) {
  for (Counter* c = head; c; c = c->next()) c->reset();
  return ok();
}

sysctl::Setting setting{"debug.profile", nullptr,
                        "the kernel's profiling counters, calls and ns (kernel/profile.h); writing zeroes them", true, read, write,
                        nullptr};
struct Register {
  Register() { sysctl::add(&setting); }
} registered;
}  // namespace

Counter::Counter(const char* name) : name_(name) {
  if (tail) tail->next_ = this;
  else head = this;
  tail = this;
}

}  // namespace profile
