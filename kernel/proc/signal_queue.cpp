#include "kernel/proc/signal_queue.h"

#include "arch/x86_64/cpu.h"
#include "kernel/mm/heap.h"

namespace signal {
namespace {
// Records queued per real uid, every process's together. A slot is free
// when its count is 0. Linux keeps one ucounts per user; Tether keeps a
// slot per user that has signals pending, and a user who finds every slot
// taken by others can queue nothing (as if over the limit).
struct UserCount {
  uint32_t uid;
  uint64_t count;
};
constexpr int kUserSlots = 64;
UserCount user_counts[kUserSlots];

UserCount* find_user(uint32_t uid, bool create) {
  UserCount* empty = nullptr;
  for (UserCount& u : user_counts) {
    if (u.count && u.uid == uid) return &u;
    if (!u.count && !empty) empty = &u;
  }
  if (!create || !empty) return nullptr;
  empty->uid = uid;
  return empty;
}

// Linux's __sigqueue_alloc: the count goes up first, and the record is
// refused if it then exceeds the limit (so `limit` records fit).
bool charge(uint32_t uid, uint64_t limit, bool override_limit) {
  UserCount* u = find_user(uid, true);
  if (!u) return false;
  if (!override_limit && u->count + 1 > limit) return false;
  u->count++;
  return true;
}

void uncharge(uint32_t uid) {
  if (UserCount* u = find_user(uid, false)) u->count--;
}
}  // namespace

bool SignalQueue::add(int sig, const Info& info, uint32_t uid, uint64_t limit, bool override_limit) {
  cpu::InterruptGuard guard;
  if (!charge(uid, limit, override_limit)) return false;
  auto* r = static_cast<Record*>(kmalloc(sizeof(Record)));
  if (!r) {
    uncharge(uid);
    return false;
  }
  r->next = nullptr;
  r->info = info;
  r->charged_uid = uid;
  if (tail_[sig]) tail_[sig]->next = r;
  else head_[sig] = r;
  tail_[sig] = r;
  return true;
}

bool SignalQueue::take(int sig, Info* info) {
  cpu::InterruptGuard guard;
  Record* r = head_[sig];
  if (!r) return false;
  head_[sig] = r->next;
  if (!head_[sig]) tail_[sig] = nullptr;
  *info = r->info;
  uncharge(r->charged_uid);
  kfree(r);
  return true;
}

void SignalQueue::discard(int sig) {
  Info ignored;
  while (take(sig, &ignored)) {
  }
}

void SignalQueue::discard_all() {
  for (int sig = 1; sig < _NSIG; sig++) discard(sig);
}

uint64_t queued_for_user(uint32_t uid) {
  cpu::InterruptGuard guard;
  UserCount* u = find_user(uid, false);
  return u ? u->count : 0;
}
}  // namespace signal
