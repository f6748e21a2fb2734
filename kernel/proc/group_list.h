// Supplementary groups: Linux's struct group_info (kernel/groups.c). A list
// of up to NGROUPS_MAX (65536) gids, sorted, never changed once made, and
// shared by reference: fork copies a pointer, and setgroups(2) makes a new
// list (copy-on-write) rather than changing one another process may hold.
#pragma once
#include <stddef.h>
#include <stdint.h>

class GroupList {
 public:
  static constexpr size_t kMaxGroups = 65536;  // NGROUPS_MAX, as <limits.h> and Linux say

  // A list of `count` gids, unfilled, with one reference (the caller's);
  // nullptr when memory is exhausted. Fill ids(), then call sort().
  static GroupList* create(size_t count);

  void ref() { refcount_++; }
  void unref();  // the last one frees the list

  size_t count() const { return count_; }
  uint32_t* ids() { return reinterpret_cast<uint32_t*>(this + 1); }
  const uint32_t* ids() const { return reinterpret_cast<const uint32_t*>(this + 1); }
  // Linux sorts the list in setgroups (groups_sort), so getgroups(2) and
  // /proc/PID/status show it in ascending order, and lookups are a binary search.
  void sort();
  bool contains(uint32_t gid) const;

 private:
  explicit GroupList(size_t count) : count_(count) {}
  ~GroupList() = default;

  uint32_t refcount_ = 1;
  uint32_t count_;
};
