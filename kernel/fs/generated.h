// Generated inodes: files and directories whose contents are computed when
// asked, not stored. /proc is made of them (kernel/fs/procfs/): the entries
// of /proc are the processes alive right now, and /proc/meminfo is written
// out at the moment it is opened.
//
// A generated inode is an ordinary Inode with `generated` set: it has a type,
// an owner, permission bits and an inode number like any other, so stat,
// permission checks, following a symbolic link and ".." need nothing new.
// Only three places in the VFS look at `generated`, and ask it instead of
// the ramfs contents:
//
//   the path walk   lookup()            a name in a generated directory
//   getdents64      entry_at_or_after() the entries of a generated directory
//   open(2)         open()              a generated regular file
//
// Lifetime: a generated inode lives while something uses it (a walk in
// progress, an open file, a cwd). lookup() makes it; the last reference
// frees it, whatever nlink says; the next lookup of the same name makes a
// new one, with the same inode number. Names cannot be created in, removed
// from or renamed out of a generated directory (namespace_ops.cpp).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"
#include "kernel/lib/path.h"

namespace fs {

class File;
class Inode;
enum class InodeType : uint8_t;

// One entry of a generated directory, as getdents64 reports it.
struct GeneratedEntry {
  uint64_t position;  // this entry's getdents64 position (>= Directory::kFirstEntryCookie)
  uint64_t ino;
  InodeType type;
  size_t name_length;
  char name[path::kNameMax + 1];
};

// What a generated inode does; one object per inode, owned by it (deleted
// with it). A filesystem subclasses it and overrides what its inode is:
// lookup and entry_at_or_after for a directory, open for a regular file.
class GeneratedNode {
 public:
  virtual ~GeneratedNode() = default;

  // Directory: the inode named (name, length) in dir (dir->generated is
  // this), as a new reference; nullptr if there is none (the walk answers
  // ENOENT).
  virtual KResult<Inode*> lookup(Inode*, const char*, size_t) { return static_cast<Inode*>(nullptr); }
  // Directory: the first entry of dir whose position is at least the one
  // given; false when there is none. Positions only need to grow from entry to
  // entry: getdents64 continues at the last one it returned, plus one.
  virtual bool entry_at_or_after(Inode*, uint64_t, GeneratedEntry*) { return false; }
  // Regular file: a File for the inode, with these status flags (File's).
  // open(2) has already checked the permission bits against the access mode.
  virtual KResult<File*> open(Inode*, int) { return KError{ENXIO}; }
};

}  // namespace fs
