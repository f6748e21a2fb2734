// Identity syscalls: the set*id family, getgroups/setgroups, personality.
// The rules are POSIX's (and Linux's with root standing in for the
// capabilities): root may set anything; everyone else may only move between
// the ids it already holds, so privileges once dropped stay dropped.
#include "kernel/mm/uaccess.h"
#include "kernel/proc/personality.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"

namespace {
constexpr uint32_t kUnchanged = 0xFFFFFFFF;  // -1 as an id: "leave this one"

Credentials& cred() { return proc::current()->cred; }

bool holds(uint32_t id, uint32_t real, uint32_t effective, uint32_t saved) {
  return id == real || id == effective || id == saved;
}

long sys_setuid(const SyscallArgs& a) {
  uint32_t uid = uint32_t(a.a0);
  Credentials& c = cred();
  if (uid == kUnchanged) return -EINVAL;
  if (c.is_root()) {
    c.uid = c.euid = c.suid = uid;
  } else if (uid == c.uid || uid == c.suid) {
    c.euid = uid;
  } else {
    return -EPERM;
  }
  return 0;
}

long sys_setgid(const SyscallArgs& a) {
  uint32_t gid = uint32_t(a.a0);
  Credentials& c = cred();
  if (gid == kUnchanged) return -EINVAL;
  if (c.is_root()) {
    c.gid = c.egid = c.sgid = gid;
  } else if (gid == c.gid || gid == c.sgid) {
    c.egid = gid;
  } else {
    return -EPERM;
  }
  return 0;
}

long set_res(uint32_t r, uint32_t e, uint32_t s, uint32_t& real, uint32_t& effective, uint32_t& saved, bool root) {
  const uint32_t requested[] = {r, e, s};
  for (uint32_t id : requested)
    if (id != kUnchanged && !root && !holds(id, real, effective, saved)) return -EPERM;
  if (r != kUnchanged) real = r;
  if (e != kUnchanged) effective = e;
  if (s != kUnchanged) saved = s;
  return 0;
}

long sys_setresuid(const SyscallArgs& a) {
  Credentials& c = cred();
  return set_res(uint32_t(a.a0), uint32_t(a.a1), uint32_t(a.a2), c.uid, c.euid, c.suid, c.is_root());
}

long sys_setresgid(const SyscallArgs& a) {
  Credentials& c = cred();
  return set_res(uint32_t(a.a0), uint32_t(a.a1), uint32_t(a.a2), c.gid, c.egid, c.sgid, c.is_root());
}

// setreuid(2): as setresuid, and the saved id follows the new effective id
// when the real id is set or the effective id changes to other than the real.
long sys_setreuid(const SyscallArgs& a) {
  Credentials& c = cred();
  uint32_t r = uint32_t(a.a0), e = uint32_t(a.a1);
  uint32_t old_real = c.uid;
  if (!c.is_root()) {
    if (r != kUnchanged && r != c.uid && r != c.euid) return -EPERM;
    if (e != kUnchanged && !holds(e, c.uid, c.euid, c.suid)) return -EPERM;
  }
  if (r != kUnchanged) c.uid = r;
  if (e != kUnchanged) c.euid = e;
  if (r != kUnchanged || (e != kUnchanged && e != old_real)) c.suid = c.euid;
  return 0;
}

long sys_setregid(const SyscallArgs& a) {
  Credentials& c = cred();
  uint32_t r = uint32_t(a.a0), e = uint32_t(a.a1);
  uint32_t old_real = c.gid;
  if (!c.is_root()) {
    if (r != kUnchanged && r != c.gid && r != c.egid) return -EPERM;
    if (e != kUnchanged && !holds(e, c.gid, c.egid, c.sgid)) return -EPERM;
  }
  if (r != kUnchanged) c.gid = r;
  if (e != kUnchanged) c.egid = e;
  if (r != kUnchanged || (e != kUnchanged && e != old_real)) c.sgid = c.egid;
  return 0;
}

long put_three(uint64_t p0, uint64_t p1, uint64_t p2, uint32_t a, uint32_t b, uint32_t c) {
  if (uaccess::put(p0, a).is_error() || uaccess::put(p1, b).is_error() || uaccess::put(p2, c).is_error())
    return -EFAULT;
  return 0;
}

long sys_getresuid(const SyscallArgs& a) {
  Credentials& c = cred();
  return put_three(a.a0, a.a1, a.a2, c.uid, c.euid, c.suid);
}

long sys_getresgid(const SyscallArgs& a) {
  Credentials& c = cred();
  return put_three(a.a0, a.a1, a.a2, c.gid, c.egid, c.sgid);
}

// getgroups(2): "If size is zero, list is not modified, but the total
// number of supplementary group IDs for the process is returned";
// "EINVAL size is less than the number of supplementary group IDs".
long sys_getgroups(const SyscallArgs& a) {
  const Credentials& c = cred();
  int size = int(a.a0);
  long count = long(c.group_count());
  if (size < 0) return -EINVAL;
  if (size == 0) return count;
  if (size < count) return -EINVAL;
  if (uaccess::copy_to_user(a.a1, c.group_ids(), sizeof(uint32_t) * count).is_error()) return -EFAULT;
  return count;
}

// setgroups(2): "EPERM The calling process has insufficient privilege",
// then "EINVAL size is greater than NGROUPS_MAX" (Linux's order,
// kernel/groups.c). A new list, sorted; the old one stays with whoever
// else shares it.
long sys_setgroups(const SyscallArgs& a) {
  Credentials& c = cred();
  if (!c.is_root()) return -EPERM;
  uint32_t size = uint32_t(a.a0);  // an int in Linux, compared unsigned: negative is EINVAL too
  if (size > GroupList::kMaxGroups) return -EINVAL;
  if (size == 0) {
    c.set_groups(nullptr);
    return 0;
  }
  GroupList* groups = GroupList::create(size);
  if (!groups) return -ENOMEM;
  if (uaccess::copy_from_user(groups->ids(), a.a1, sizeof(uint32_t) * size).is_error()) {
    groups->unref();
    return -EFAULT;
  }
  groups->sort();
  c.set_groups(groups);
  return 0;
}

// personality(2): returns the old value; 0xffffffff only asks.
long sys_personality(const SyscallArgs& a) {
  proc::Process* self = proc::current();
  uint32_t old = self->personality;
  if (uint32_t(a.a0) != 0xFFFFFFFF) self->personality = uint32_t(a.a0);
  return old;
}
}  // namespace

void register_identity_syscalls() {
  register_syscall(SYS_setuid, sys_setuid);
  register_syscall(SYS_setgid, sys_setgid);
  register_syscall(SYS_setreuid, sys_setreuid);
  register_syscall(SYS_setregid, sys_setregid);
  register_syscall(SYS_setresuid, sys_setresuid);
  register_syscall(SYS_setresgid, sys_setresgid);
  register_syscall(SYS_getresuid, sys_getresuid);
  register_syscall(SYS_getresgid, sys_getresgid);
  register_syscall(SYS_getgroups, sys_getgroups);
  register_syscall(SYS_setgroups, sys_setgroups);
  register_syscall(SYS_personality, sys_personality);
}
