// Who a process is: the identity permission checks use (VFS, kill, sockets).
// Copying Credentials shares the supplementary group list (group_list.h).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/proc/group_list.h"

struct Credentials {
  uint32_t uid = 0, euid = 0, suid = 0;
  uint32_t gid = 0, egid = 0, sgid = 0;

  Credentials() = default;
  Credentials(const Credentials& other) { *this = other; }
  Credentials& operator=(const Credentials& other) {
    uid = other.uid, euid = other.euid, suid = other.suid;
    gid = other.gid, egid = other.egid, sgid = other.sgid;
    if (other.groups_) other.groups_->ref();
    if (groups_) groups_->unref();
    groups_ = other.groups_;
    return *this;
  }
  ~Credentials() {
    if (groups_) groups_->unref();
  }

  bool is_root() const { return euid == 0; }
  bool in_group(uint32_t g) const { return g == egid || (groups_ && groups_->contains(g)); }

  // The supplementary groups, in ascending order.
  size_t group_count() const { return groups_ ? groups_->count() : 0; }
  const uint32_t* group_ids() const { return groups_ ? groups_->ids() : nullptr; }
  // Replaces the list, taking over the caller's reference (nullptr: none).
  void set_groups(GroupList* groups) {
    if (groups_) groups_->unref();
    groups_ = groups;
  }

 private:
  GroupList* groups_ = nullptr;  // nullptr when there are none
};
