#include "kernel/proc/resource_limits.h"

#include "arch/x86_64/cpu.h"
#include "kernel/fs/fd_table.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/process.h"

namespace proc {
namespace {
constexpr uint64_t kMiB = 1024 * 1024;
// The stack region execve reserves: the RLIMIT_STACK soft limit, but at
// least room for the largest argv and envp, and at most 1 GiB (also when
// the limit is RLIM_INFINITY).
constexpr uint64_t kStackRegionMin = 512 * 1024, kStackRegionMax = 1024 * kMiB;
// Tether's pid space is 32768 (Linux's default pid_max); Linux starts init
// with RLIMIT_NPROC at half its thread maximum.
constexpr uint64_t kDefaultProcesses = 16384;
}  // namespace

ResourceLimits::ResourceLimits() {
  for (Rlimit& r : limit) r = {kRlimInfinity, kRlimInfinity};
  // Linux's INIT_RLIMITS (include/asm-generic/resource.h), except NOFILE:
  // Linux has 1024 soft and 4096 hard; Tether's table has 1024 slots.
  limit[kRlimitStack] = {8 * kMiB, kRlimInfinity};
  limit[kRlimitCore] = {0, kRlimInfinity};
  limit[kRlimitNproc] = {kDefaultProcesses, kDefaultProcesses};
  limit[kRlimitNofile] = {uint64_t(fs::FdTable::kMaxFds), uint64_t(fs::FdTable::kMaxFds)};
  limit[kRlimitMemlock] = {8 * kMiB, 8 * kMiB};
  limit[kRlimitSigpending] = {kDefaultProcesses, kDefaultProcesses};
  limit[kRlimitMsgqueue] = {819200, 819200};
  limit[kRlimitNice] = {0, 0};
  limit[kRlimitRtprio] = {0, 0};
}

// Linux's do_prlimit, in its order.
KStatus change_limit(Process* target, int resource, const Rlimit* next, Rlimit* old) {
  if (resource < 0 || resource >= kRlimitCount) return KError{EINVAL};
  if (next) {
    if (next->cur > next->max) return KError{EINVAL};
    // setrlimit(2): EPERM for "an attempt to increase the hard RLIMIT_NOFILE
    // limit above the maximum defined by /proc/sys/fs/nr_open": here, the
    // size of the descriptor table. Even for root.
    if (resource == kRlimitNofile && next->max > uint64_t(fs::FdTable::kMaxFds)) return KError{EPERM};
  }
  Rlimit& limit = target->limits.limit[resource];
  // Raising a hard limit takes CAP_SYS_RESOURCE: root, in Tether.
  if (next && next->max > limit.max && !current()->cred.is_root()) return KError{EPERM};
  // The timer tick raises the RLIMIT_CPU soft limit (cpu_timers.h): read
  // and replace the pair with no tick in between.
  cpu::InterruptGuard guard;
  if (old) *old = limit;
  if (next) {
    limit = *next;
    if (resource == kRlimitNofile && target->files) {
      uint64_t soft = next->cur;
      target->files->set_open_limit(soft > uint64_t(fs::FdTable::kMaxFds) ? fs::FdTable::kMaxFds : int(soft));
    }
  }
  return ok();
}

bool may_access_limits(const Process* target) {
  const Process* self = current();
  if (target == self || self->cred.is_root()) return true;
  // prlimit(2): the caller's real, effective and saved ids must all match
  // the target's real ids... as Linux checks it: the caller's real uid
  // against each of the target's uids, and the same for gids.
  const Credentials& c = self->cred;
  const Credentials& t = target->cred;
  return c.uid == t.uid && c.uid == t.euid && c.uid == t.suid && c.gid == t.gid && c.gid == t.egid &&
         c.gid == t.sgid;
}

KStatus check_process_count() {
  const Process* self = current();
  // fork(2): "EAGAIN A system-imposed limit on the number of threads was
  // encountered ... the RLIMIT_NPROC soft resource limit", which root (uid
  // 0, or CAP_SYS_RESOURCE/CAP_SYS_ADMIN) is not held to.
  if (self->cred.uid == 0 || self->cred.euid == 0) return ok();
  uint64_t count = 0;
  for (const Process* p = first(); p; p = p->next_in_all)
    if (!p->is_kernel_thread && p->cred.uid == self->cred.uid) count++;
  if (count >= self->limits.soft(kRlimitNproc)) return KError{EAGAIN};
  return ok();
}

uint64_t stack_region_size(const Process* p) {
  uint64_t want = p->limits.soft(kRlimitStack);
  if (want < kStackRegionMin) want = kStackRegionMin;
  if (want > kStackRegionMax) want = kStackRegionMax;
  return (want + 4095) & ~uint64_t(4095);
}

static_assert(kRlimInfinity == mm::kUnlimited, "RLIM_INFINITY is no limit for the address space either");
mm::SpaceLimits memory_limits(const Process* p) {
  mm::SpaceLimits limits;
  limits.total = p->limits.soft(kRlimitAs);
  limits.data = p->limits.soft(kRlimitData);
  limits.data_hard = p->limits.limit[kRlimitData].max;
  return limits;
}
}  // namespace proc
