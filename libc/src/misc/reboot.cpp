// reboot(2): glibc's one-argument form. The kernel takes two magic numbers
// first, so that a stray call cannot switch the machine off by accident.
#include <sys/reboot.h>

#include "../internal/syscall.h"

namespace {

constexpr unsigned kRebootMagic1 = 0xfee1dead;
constexpr unsigned kRebootMagic2 = 672274793;  // 0x28121969

}  // namespace

extern "C" int reboot(int howto) {
  return tether::sys(SYS_reboot, kRebootMagic1, kRebootMagic2, static_cast<unsigned>(howto),
                     nullptr);
}
