// Waiting on several descriptors: poll(2), ppoll(2), select(2), pselect6.
//
// All four copy their arguments in, fill a fs::PollSet (kernel/fs/poll.h,
// which does the waiting), and copy the answers out. They differ in the
// shape of the arguments and in a few rules, each from the manual page:
//
//   poll      struct pollfd[nfds]; timeout in ms, negative = forever.
//             A negative fd is skipped (revents 0); a closed one answers
//             POLLNVAL. nfds above RLIMIT_NOFILE's soft limit is EINVAL.
//   ppoll     poll with a struct timespec (NULL = forever) and a signal
//             mask in force only while waiting; writes the time left back.
//   select    three fd_sets of nfds bits, modified in place; a closed fd
//             in any of them is EBADF; the struct timeval (NULL = forever)
//             gets the time left (Linux does; POSIX allows it).
//   pselect6  select with a timespec and a signal mask; its sixth argument
//             points at {const sigset_t* mask; size_t size}.
//
// None is restarted after a signal handler (kernel/proc/signal.cpp,
// never_restarted): they fail with EINTR, as on Linux (signal(7)).
#include "kernel/fs/abi.h"
#include "kernel/fs/fd_table.h"
#include "kernel/fs/poll.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc/process.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/time.h"

namespace {
constexpr int64_t kNsPerSec = 1000000000;
constexpr uint64_t kSigsetSize = 8;  // the kernel's sigset_t: 64 signals
constexpr uint64_t kUnblockable = signal::bit(SIGKILL) | signal::bit(SIGSTOP);

struct PollFd {  // struct pollfd
  int32_t fd;
  int16_t events;
  int16_t revents;
};
static_assert(sizeof(PollFd) == 8, "Linux struct pollfd");
struct Timespec {
  int64_t tv_sec;
  int64_t tv_nsec;
};
struct Timeval {
  int64_t tv_sec;
  int64_t tv_usec;
};

// --- Timeouts ---

// A relative timeout as a monotonic deadline. 0 s stays "just check" (a
// deadline that has already passed); one too far to represent is forever.
uint64_t deadline_after(int64_t sec, int64_t nsec) {
  constexpr int64_t kForeverSeconds = int64_t(1) << 32;  // 136 years
  if (sec >= kForeverSeconds) return fs::kNoDeadline;
  return time::monotonic_ns() + uint64_t(sec) * kNsPerSec + uint64_t(nsec);
}

uint64_t time_left(uint64_t deadline) {
  uint64_t now = time::monotonic_ns();
  return deadline > now ? deadline - now : 0;
}

// ppoll/pselect6: the timespec, if any, into a deadline. EFAULT, EINVAL
// (a negative second count or nanoseconds outside [0, 1e9)).
KResult<uint64_t> read_timespec(uint64_t user_ts, bool* zero) {
  if (!user_ts) return fs::kNoDeadline;
  Timespec ts;
  if (uaccess::get(&ts, user_ts).is_error()) return KError{EFAULT};
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= kNsPerSec) return KError{EINVAL};
  *zero = ts.tv_sec == 0 && ts.tv_nsec == 0;
  return deadline_after(ts.tv_sec, ts.tv_nsec);
}

// Linux writes the time left back into the caller's timeout (ppoll(2),
// select(2) "On Linux, select() modifies timeout"), except for a zero
// timeout, which it leaves alone. A failed write is ignored, as Linux
// does: the call has already happened and must not be reported as failed.
void write_time_left(uint64_t user_timeout, bool zero, uint64_t deadline, bool timeval) {
  if (!user_timeout || zero) return;
  uint64_t left = time_left(deadline);
  if (timeval) {
    Timeval tv{int64_t(left / kNsPerSec), int64_t(left % kNsPerSec / 1000)};
    (void)uaccess::put(user_timeout, tv);
  } else {
    Timespec ts{int64_t(left / kNsPerSec), int64_t(left % kNsPerSec)};
    (void)uaccess::put(user_timeout, ts);
  }
}

// --- The temporary signal mask of ppoll and pselect6 ---

// As sigsuspend does (sys_signal.cpp): the old mask is kept in saved_mask,
// and a signal taken because of the temporary mask runs its handler under
// it; the old mask comes back when the handler returns (signal.cpp).
KStatus install_mask(uint64_t user_mask, uint64_t size) {
  if (!user_mask) return ok();
  if (size != kSigsetSize) return KError{EINVAL};
  uint64_t mask;
  if (uaccess::get(&mask, user_mask).is_error()) return KError{EFAULT};
  proc::Process* self = proc::current();
  self->signals.saved_mask = self->signals.blocked;
  self->signals.has_saved_mask = true;
  self->signals.blocked = mask & ~kUnblockable;
  return ok();
}

// When the call ends for any reason but a signal, the old mask comes back
// now (a signal the temporary mask let through but the old one blocks stays
// pending). After EINTR it stays in place until the signal is delivered:
// that is what interrupted us (Linux's restore_saved_sigmask_unless).
void restore_mask(long result) {
  proc::Process* self = proc::current();
  if (!self->signals.has_saved_mask || result == -EINTR) return;
  self->signals.blocked = self->signals.saved_mask;
  self->signals.has_saved_mask = false;
}

// --- poll and ppoll ---

long do_poll(uint64_t user_fds, uint32_t nfds, uint64_t deadline) {
  // poll(2): "EINVAL The nfds value exceeds the RLIMIT_NOFILE value."
  if (nfds > uint32_t(proc::current()->files->open_limit())) return -EINVAL;
  // The array, in the kernel for the whole call: the scan runs with
  // interrupts off and must not touch user memory.
  PollFd* fds = nullptr;
  if (nfds) {
    fds = static_cast<PollFd*>(kmalloc(nfds * sizeof(PollFd)));
    if (!fds) return -ENOMEM;
  }
  struct Free {
    PollFd* p;
    ~Free() { kfree(p); }
  } free_fds{fds};
  if (uaccess::copy_from_user(fds, user_fds, nfds * sizeof(PollFd)).is_error()) return -EFAULT;

  fs::PollSet set(nfds);
  if (!set.ok()) return -ENOMEM;
  fs::FdTable* table = proc::current()->files;
  for (uint32_t i = 0; i < nfds; i++) {
    if (fds[i].fd < 0) continue;  // "the field events is ignored and revents returns zero"
    KResult<fs::FileRef> file = table->get(fds[i].fd);
    if (!file.is_error()) set.set(i, file.value().get());
  }

  auto scan = [&] {
    int ready = 0;
    for (uint32_t i = 0; i < nfds; i++) {
      uint32_t revents = 0;
      if (fds[i].fd < 0) {
        revents = 0;
      } else if (!set.file(i)) {
        revents = fs::kPollInvalid;  // "Invalid request: fd not open"
      } else {
        // POLLERR and POLLHUP are reported whether asked for or not:
        // poll(2) "ignored in events".
        uint32_t wanted = uint16_t(fds[i].events) | fs::kPollError | fs::kPollHangUp;
        revents = set.file(i)->poll_events() & wanted;
      }
      fds[i].revents = int16_t(revents);
      if (revents) ready++;
    }
    return ready;
  };
  KResult<int> result = set.wait(deadline, scan);

  // Only revents goes back, as Linux writes it (also after EINTR).
  for (uint32_t i = 0; i < nfds; i++) {
    uint64_t where = user_fds + i * sizeof(PollFd) + offsetof(PollFd, revents);
    if (uaccess::put(where, fds[i].revents).is_error()) return -EFAULT;
  }
  return syscall_result(result);
}

long sys_poll(const SyscallArgs& a) {
  int timeout_ms = int(a.a2);
  uint64_t deadline = timeout_ms < 0 ? fs::kNoDeadline : deadline_after(timeout_ms / 1000, timeout_ms % 1000 * 1000000ll);
  return do_poll(a.a0, uint32_t(a.a1), deadline);
}

long sys_ppoll(const SyscallArgs& a) {
  bool zero = false;
  KResult<uint64_t> deadline = read_timespec(a.a2, &zero);
  if (deadline.is_error()) return -deadline.error();
  KStatus masked = install_mask(a.a3, a.a4);
  if (masked.is_error()) return -masked.error();
  long result = do_poll(a.a0, uint32_t(a.a1), deadline.value());
  restore_mask(result);
  write_time_left(a.a2, zero, deadline.value(), /*timeval=*/false);
  return result;
}

// --- select and pselect6 ---

// An fd_set: one bit per descriptor, 64 to a word, at most 1024 bits.
struct FdBits {
  uint64_t words[fs::FdTable::kMaxFds / 64] = {};
  bool has(int fd) const { return words[fd / 64] >> (fd % 64) & 1; }
  void add(int fd) { words[fd / 64] |= uint64_t(1) << (fd % 64); }
};

// Which poll events count for which set: Linux's POLLIN_SET, POLLOUT_SET
// and POLLEX_SET (fs/select.c). A hang-up or an error makes a descriptor
// "ready for reading" (a read would not block: it returns 0 or fails).
constexpr uint32_t kReadSet = fs::kPollIn | fs::kPollReadNormal | fs::kPollHangUp | fs::kPollError;
constexpr uint32_t kWriteSet = fs::kPollOut | fs::kPollWriteNormal | fs::kPollError;
constexpr uint32_t kExceptSet = fs::kPollPriority;

long do_select(int64_t nfds_arg, uint64_t user_sets[3], uint64_t deadline) {
  // select(2): "EINVAL nfds is negative". Above the descriptor limit Linux
  // does not fail: no descriptor can be open there, so it looks no further.
  if (int32_t(nfds_arg) < 0) return -EINVAL;
  int nfds = int32_t(nfds_arg) > fs::FdTable::kMaxFds ? fs::FdTable::kMaxFds : int(nfds_arg);
  size_t bytes = (size_t(nfds) + 63) / 64 * 8;  // whole words, as Linux copies them

  FdBits wanted[3], ready[3];
  for (int s = 0; s < 3; s++) {
    if (user_sets[s] && uaccess::copy_from_user(wanted[s].words, user_sets[s], bytes).is_error()) return -EFAULT;
  }

  fs::PollSet set{size_t(nfds)};
  if (!set.ok()) return -ENOMEM;
  fs::FdTable* table = proc::current()->files;
  for (int fd = 0; fd < nfds; fd++) {
    if (!wanted[0].has(fd) && !wanted[1].has(fd) && !wanted[2].has(fd)) continue;
    KResult<fs::FileRef> file = table->get(fd);
    if (file.is_error()) return -EBADF;  // "An invalid file descriptor was given in one of the sets"
    set.set(fd, file.value().get());
  }

  constexpr uint32_t kMasks[3] = {kReadSet, kWriteSet, kExceptSet};
  auto scan = [&] {
    int count = 0;
    for (int s = 0; s < 3; s++) ready[s] = FdBits{};
    for (int fd = 0; fd < nfds; fd++) {
      if (!set.file(fd)) continue;
      uint32_t events = set.file(fd)->poll_events();
      for (int s = 0; s < 3; s++) {
        if (wanted[s].has(fd) && (events & kMasks[s])) {
          ready[s].add(fd);
          count++;  // "the total number of bits that are set"
        }
      }
    }
    return count;
  };
  KResult<int> result = set.wait(deadline, scan);
  if (result.is_error()) return -result.error();  // EINTR: the sets are left as they were

  for (int s = 0; s < 3; s++) {
    if (user_sets[s] && uaccess::copy_to_user(user_sets[s], ready[s].words, bytes).is_error()) return -EFAULT;
  }
  return result.value();
}

long sys_select(const SyscallArgs& a) {
  uint64_t deadline = fs::kNoDeadline;
  bool zero = false;
  if (a.a4) {
    Timeval tv;
    if (uaccess::get(&tv, a.a4).is_error()) return -EFAULT;
    // Linux folds whole seconds of tv_usec into tv_sec first (fs/select.c),
    // so only a negative result is invalid.
    int64_t sec = tv.tv_sec + tv.tv_usec / 1000000, usec = tv.tv_usec % 1000000;
    if (sec < 0 || usec < 0) return -EINVAL;
    zero = sec == 0 && usec == 0;
    deadline = deadline_after(sec, usec * 1000);
  }
  uint64_t sets[3] = {a.a1, a.a2, a.a3};
  long result = do_select(int64_t(a.a0), sets, deadline);
  write_time_left(a.a4, zero, deadline, /*timeval=*/true);
  return result;
}

long sys_pselect6(const SyscallArgs& a) {
  // The sixth argument: { const sigset_t* mask; size_t size; } (pselect(2),
  // "C library/kernel differences"), since a syscall has only six registers.
  struct {
    uint64_t mask;
    uint64_t size;
  } mask_arg{0, 0};
  if (a.a5 && uaccess::get(&mask_arg, a.a5).is_error()) return -EFAULT;
  bool zero = false;
  KResult<uint64_t> deadline = read_timespec(a.a4, &zero);
  if (deadline.is_error()) return -deadline.error();
  KStatus masked = install_mask(mask_arg.mask, mask_arg.size);
  if (masked.is_error()) return -masked.error();
  uint64_t sets[3] = {a.a1, a.a2, a.a3};
  long result = do_select(int64_t(a.a0), sets, deadline.value());
  restore_mask(result);
  write_time_left(a.a4, zero, deadline.value(), /*timeval=*/false);
  return result;
}
}  // namespace

void register_poll_syscalls() {
  register_syscall(SYS_poll, sys_poll);
  register_syscall(SYS_ppoll, sys_ppoll);
  register_syscall(SYS_select, sys_select);
  register_syscall(SYS_pselect6, sys_pselect6);
}
