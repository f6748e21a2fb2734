// personality(2): which manual page a process follows where the five pages
// disagree (../shared/spec/README.md). The value is Linux's personality word:
// the low byte names the system; Tether reads it to pick an errno per
// condition (the socket layer's table).
#pragma once
#include <stdint.h>

namespace personality {
// Linux's constants (include/uapi/linux/personality.h) where Linux has one.
constexpr uint32_t kLinux = 0x0000;    // PER_LINUX
constexpr uint32_t kFreeBsd = 0x0006;  // PER_BSD
constexpr uint32_t kIllumos = 0x000d;  // PER_SOLARIS (Linux also sets STICKY_TIMEOUTS in it; we keep the low byte)
constexpr uint32_t kDarwin = 0x0020;   // no Linux value: Tether's own, outside Linux's range 0x00-0x10
constexpr uint32_t kMask = 0x00ff;

enum class System { Linux, FreeBsd, Darwin, Illumos };

inline System system_of(uint32_t value) {
  switch (value & kMask) {
    case kFreeBsd: return System::FreeBsd;
    case kDarwin: return System::Darwin;
    case kIllumos: return System::Illumos;
    default: return System::Linux;
  }
}
}  // namespace personality
