// A directory's entries: name → inode, as a list in creation order.
//
// This is only the data structure. It does not count links or check
// permissions; the callers in inode.cpp (link_child/unlink_child) and the
// namespace operations do. "." and ".." are not stored: the path walk and
// getdents64 make them up from the directory itself and its parent.
//
// Every entry gets a cookie, a number that only grows. getdents64 and lseek
// on a directory use it as the position: "continue at the first entry whose
// cookie is at least N" stays right while entries are added and removed
// between two calls, where "the Nth entry" would skip or repeat names.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"
#include "kernel/lib/path.h"

namespace fs {

class Inode;

struct DirEntry {
  DirEntry* next;
  Inode* inode;     // not a counted reference: the entry is a link (Inode::nlink)
  uint64_t cookie;  // this entry's position for getdents64
  uint8_t name_length;
  char name[path::kNameMax + 1];  // NUL-terminated
};

class Directory {
 public:
  // Positions 0 and 1 are "." and ".."; entries count from here.
  static constexpr uint64_t kFirstEntryCookie = 2;

  Directory() = default;
  Directory(const Directory&) = delete;
  Directory& operator=(const Directory&) = delete;

  Inode* find(const char* name, size_t length) const;
  // Adds an entry; the caller has made sure the name is free. ENOMEM.
  KStatus add(const char* name, size_t length, Inode* inode);
  // Removes the entry and returns the inode it named (nullptr if none).
  Inode* remove(const char* name, size_t length);
  // Points an existing entry at another inode (rename over an existing name).
  void replace(const char* name, size_t length, Inode* inode);

  bool empty() const { return first_ == nullptr; }
  size_t count() const { return count_; }
  // The first entry at or after a getdents64 position, or nullptr.
  const DirEntry* first_at_or_after(uint64_t cookie) const;
  // The entry naming this inode (getcwd goes up the tree by names).
  const DirEntry* find_inode(const Inode* inode) const;

 private:
  DirEntry* find_entry(const char* name, size_t length) const;

  DirEntry* first_ = nullptr;
  DirEntry* last_ = nullptr;
  size_t count_ = 0;
  uint64_t next_cookie_ = kFirstEntryCookie;
};

}  // namespace fs
