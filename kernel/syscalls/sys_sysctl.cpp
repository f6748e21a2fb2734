// tether_sysctl(name, oldbuf, oldlenp, newbuf, newlen): read and/or write a
// sysctl by name, FreeBSD's sysctlbyname(3) shape with text values. A private
// syscall number (SYS_tether_sysctl): on Linux it fails with ENOSYS, and the
// same settings are files under /proc/sys on both systems.
#include "kernel/mm/heap.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/sysctl/sysctl.h"
#include "kernel/time.h"

namespace {
constexpr size_t kNameMax = 128;
constexpr size_t kValueMax = 4096;

// Read-only facts about the kernel, as sysctls (FreeBSD's names).
sysctl::IntSetting tick_rate("kern.clockrate", nullptr, "scheduler ticks per second", time::kTickHz, 0, 0, false);

long sys_tether_sysctl(const SyscallArgs& a) {
  char name[kNameMax];
  KResult<size_t> name_length = uaccess::copy_string_from_user(name, a.a0, sizeof name);
  if (name_length.is_error()) return -name_length.error();
  const sysctl::Setting* s = sysctl::find(name, name_length.value());
  if (!s) return -ENOENT;

  auto* value = static_cast<char*>(kmalloc(kValueMax));
  if (!value) return -ENOMEM;
  long result = 0;
  if (a.a2) {  // oldlenp: the caller wants the current value
    uint64_t room;
    size_t length = sysctl::read_value(*s, value, kValueMax);
    if (length >= kValueMax) length = kValueMax - 1;
    if (uaccess::get(&room, a.a2).is_error()) {
      result = -EFAULT;
    } else {
      size_t copy = a.a1 ? (room < length ? room : length) : 0;
      if (a.a1 && uaccess::copy_to_user(a.a1, value, copy).is_error()) result = -EFAULT;
      else if (uaccess::put(a.a2, uint64_t(a.a1 ? copy : length)).is_error()) result = -EFAULT;
      else if (a.a1 && room < length) result = -ENOMEM;  // FreeBSD: buffer too small, partial copy
    }
  }
  if (result == 0 && a.a3) {  // newbuf: set a new value
    if (!proc::current()->cred.is_root()) result = -EPERM;
    else if (a.a4 >= kValueMax) result = -EINVAL;
    else if (uaccess::copy_from_user(value, a.a3, a.a4).is_error()) result = -EFAULT;
    else {
      KStatus w = sysctl::write_value(*s, value, a.a4);
      if (w.is_error()) result = -w.error();
    }
  }
  kfree(value);
  return result;
}
}  // namespace

void register_sysctl_syscalls() { register_syscall(SYS_tether_sysctl, sys_tether_sysctl); }
