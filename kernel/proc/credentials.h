// Who a process is: the identity permission checks use (VFS, kill, sockets).
#pragma once
#include <stdint.h>

struct Credentials {
  uint32_t uid = 0, euid = 0, suid = 0;
  uint32_t gid = 0, egid = 0, sgid = 0;
  static constexpr int kMaxGroups = 32;
  uint32_t groups[kMaxGroups] = {};
  int ngroups = 0;

  bool is_root() const { return euid == 0; }
  bool in_group(uint32_t g) const {
    if (g == egid) return true;
    for (int i = 0; i < ngroups; i++)
      if (groups[i] == g) return true;
    return false;
  }
};
