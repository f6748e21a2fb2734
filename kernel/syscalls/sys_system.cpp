// Whole-system syscalls: uname, sethostname, setdomainname, reboot (power
// off), arch_prctl, getrandom.
#include "arch/x86_64/cpu.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "kernel/printk.h"
#include "kernel/mm/uaccess.h"
#include "kernel/power.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/uts_name.h"

namespace {
struct Utsname {
  char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

long sys_uname(const SyscallArgs& a) {
  Utsname u;
  memset(&u, 0, sizeof u);
  strlcpy(u.sysname, uts::os_type(), sizeof u.sysname);
  strlcpy(u.nodename, uts::host_name(), sizeof u.nodename);
  strlcpy(u.release, uts::os_release(), sizeof u.release);
  strlcpy(u.version, uts::version(), sizeof u.version);
  strlcpy(u.machine, "x86_64", sizeof u.machine);
  strlcpy(u.domainname, uts::domain_name(), sizeof u.domainname);
  return uaccess::put(a.a0, u).is_error() ? -EFAULT : 0;
}

// sethostname(2)/setdomainname(2), in Linux's order (kernel/sys.c): "EPERM
// the caller did not have the CAP_SYS_ADMIN capability", "EINVAL len is
// negative or ... larger than the maximum allowed size" (64), "EFAULT name
// is an invalid address". The name is len bytes, not a C string.
long set_name(const SyscallArgs& a, void (*set)(const char*, size_t)) {
  if (!proc::current()->cred.is_root()) return -EPERM;
  int length = int(a.a1);
  if (length < 0 || size_t(length) > uts::kNameLength) return -EINVAL;
  char name[uts::kNameLength];
  if (uaccess::copy_from_user(name, a.a0, size_t(length)).is_error()) return -EFAULT;
  set(name, size_t(length));
  return 0;
}
long sys_sethostname(const SyscallArgs& a) { return set_name(a, uts::set_host_name); }
long sys_setdomainname(const SyscallArgs& a) { return set_name(a, uts::set_domain_name); }

long sys_reboot(const SyscallArgs& a) {
  // reboot(2): two magic numbers guard against accidents; root only.
  constexpr uint64_t kMagic1 = 0xfee1dead, kMagic2 = 672274793, kCmdPowerOff = 0x4321fedc, kCmdHalt = 0xcdef0123;
  if (a.a0 != kMagic1 || (a.a1 != kMagic2 && a.a1 != 85072278 && a.a1 != 369367448 && a.a1 != 537993216))
    return -EINVAL;
  if (!proc::current()->cred.is_root()) return -EPERM;
  if (uint32_t(a.a2) == kCmdPowerOff || uint32_t(a.a2) == kCmdHalt) power_off(0);
  return -EINVAL;
}

long sys_arch_prctl(const SyscallArgs& a) {
  constexpr uint64_t kSetGs = 0x1001, kSetFs = 0x1002, kGetFs = 0x1003, kGetGs = 0x1004;
  proc::Process* self = proc::current();
  switch (a.a0) {
    case kSetFs:
    case kSetGs:
      if (a.a1 >= 0x0000800000000000ull) return -EPERM;  // must be a user address
      if (a.a0 == kSetFs) {
        self->fs_base = a.a1;
        cpu::wrmsr(cpu::kMsrFsBase, a.a1);
      } else {
        self->gs_base = a.a1;
        cpu::wrmsr(cpu::kMsrGsBase, a.a1);
      }
      return 0;
    case kGetFs:
      return uaccess::put(a.a1, cpu::rdmsr(cpu::kMsrFsBase)).is_error() ? -EFAULT : 0;
    case kGetGs:
      return uaccess::put(a.a1, self->gs_base).is_error() ? -EFAULT : 0;
    default:
      return -EINVAL;
  }
}

long sys_set_tid_address(const SyscallArgs&) {
  // Only threads libraries use the clear-on-exit address; with one thread per
  // process there is nothing to clear, and the call's result is the tid.
  return proc::current()->pid;
}

// getrandom(2): not cryptographic. A mix of the TSC, good enough for
// AT_RANDOM-style seeding in a teaching kernel; documented as such.
long sys_getrandom(const SyscallArgs& a) {
  size_t n = a.a1 > 256 ? 256 : a.a1;
  uint8_t bytes[256];
  uint64_t x = cpu::rdtsc();
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    bytes[i] = uint8_t(x ^ cpu::rdtsc());
  }
  return uaccess::copy_to_user(a.a0, bytes, n).is_error() ? -EFAULT : long(n);
}
// syslog(2), the part dmesg uses: read the whole kernel log ring.
long sys_syslog(const SyscallArgs& a) {
  constexpr int kReadAll = 3, kSizeBuffer = 10;
  switch (int(a.a0)) {
    case kSizeBuffer:
      return 64 * 1024;
    case kReadAll: {
      if (int64_t(a.a2) < 0) return -EINVAL;
      size_t want = a.a2 < 64 * 1024 ? a.a2 : 64 * 1024;
      auto* buf = static_cast<char*>(kmalloc(want ? want : 1));
      if (!buf) return -ENOMEM;
      size_t n = klog_read(buf, want);
      KStatus r = uaccess::copy_to_user(a.a1, buf, n);
      kfree(buf);
      return r.is_error() ? -EFAULT : long(n);
    }
    default:
      return -EINVAL;
  }
}
}  // namespace

void register_system_syscalls() {
  register_syscall(SYS_syslog, sys_syslog);
  register_syscall(SYS_uname, sys_uname);
  register_syscall(SYS_sethostname, sys_sethostname);
  register_syscall(SYS_setdomainname, sys_setdomainname);
  register_syscall(SYS_reboot, sys_reboot);
  register_syscall(SYS_arch_prctl, sys_arch_prctl);
  register_syscall(SYS_set_tid_address, sys_set_tid_address);
  register_syscall(SYS_getrandom, sys_getrandom);
}
