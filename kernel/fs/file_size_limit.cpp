// RLIMIT_FSIZE for the ramfs's regular files (file_size_limit.h).
#include "kernel/fs/file_size_limit.h"

#include "kernel/fs/inode.h"
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"

namespace fs {
namespace {
uint64_t soft_limit() { return proc::current()->limits.soft(proc::kRlimitFsize); }

KError too_big() {
  // Linux's send_sig(SIGXFSZ, current, 0): to the writer itself, its
  // siginfo SI_USER with the writer's own pid and uid.
  signal::send(proc::current(), SIGXFSZ, signal::from_current_user());
  return KError{EFBIG};
}
}  // namespace

// Linux's generic_write_check_limits.
KResult<size_t> limit_write(uint64_t offset, size_t n) {
  uint64_t limit = soft_limit();
  if (limit == proc::kRlimInfinity) return n;
  if (offset >= limit) return too_big();
  return limit - offset < n ? size_t(limit - offset) : n;
}

// Linux's inode_newsize_ok: only growth is limited, and only past the limit.
KStatus check_new_size(const Inode* inode, uint64_t length) {
  uint64_t limit = soft_limit();
  if (length <= inode->size() || limit == proc::kRlimInfinity || length <= limit) return ok();
  return too_big();
}

}  // namespace fs
