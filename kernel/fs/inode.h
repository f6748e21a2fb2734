// Inodes: the files of the root ramfs, and of /proc, whose inodes are made
// up on demand (generated.h).
//
// An inode is what a name points at: a regular file, a directory, a symbolic
// link, a character device, a FIFO or a UNIX socket. It records who owns it,
// its permission bits, its times, and its contents (the part that depends on
// the type). Names live in directories (directory.h); several names may
// point at one inode (hard links), counted by nlink.
//
// Lifetime: an inode is freed when it has no link left (no directory entry
// names it) and no reference (no open file, cwd or path walk in progress
// uses it). `rm` of an open file therefore works as on any UNIX: the name
// goes at once, the bytes when the last descriptor closes.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/abi.h"
#include "kernel/fs/directory.h"
#include "kernel/fs/file_data.h"
#include "kernel/fs/ref_ptr.h"
#include "kernel/lib/kresult.h"

namespace fs {

class CharDevice;
struct FileLocks;
class GeneratedNode;
class Pipe;

enum class InodeType : uint8_t { Regular, Directory, Symlink, CharDevice, Fifo, Socket };

class Inode {
 public:
  // A new inode with no link and one reference, the caller's; nullptr when
  // memory is exhausted. Its times are "now".
  static Inode* create(InodeType type, uint32_t permissions, uint32_t uid, uint32_t gid);
  // An inode that never has a name: an anonymous pipe's (Linux's pipefs) or
  // a socket's (sockfs). It lives as long as its Files; stat shows one link,
  // as on Linux. nullptr when memory is exhausted.
  static Inode* create_anonymous(InodeType type, uint32_t permissions, uint32_t uid, uint32_t gid);
  // A generated inode (generated.h), for a filesystem that makes its inodes
  // up on demand and numbers them itself, so that a name keeps its st_ino
  // from one lookup to the next. It takes over `node` (deleted on failure).
  // `parent` is the directory it appears in (a directory keeps a reference
  // to it for ".."); nlink is then 1, or 2 for a directory. Without a
  // parent, nlink is 0 and the caller links it into a directory: a mount
  // point. nullptr when memory is exhausted.
  static Inode* create_generated(InodeType type, uint32_t permissions, uint32_t uid, uint32_t gid, uint64_t ino,
                                 GeneratedNode* node, Inode* parent);

  void ref() { refcount_++; }
  void unref();
  // Frees the inode if nothing links to it or refers to it any more (a
  // generated inode: if nothing refers to it).
  void free_if_unused();

  bool is_directory() const { return type == InodeType::Directory; }
  bool is_regular() const { return type == InodeType::Regular; }
  bool is_symlink() const { return type == InodeType::Symlink; }
  // A directory that has been removed (rmdir, or renamed over) but is still
  // someone's cwd or open: nothing can be created in it (ENOENT).
  bool is_dead_directory() const { return is_directory() && nlink == 0; }

  uint32_t mode() const;  // st_mode: the type bits | permissions
  uint64_t size() const;  // st_size
  void fill_stat(LinuxStat* st) const;

  // The three times, as stat(2) defines them: atime when the data is read,
  // mtime when the data changes, ctime when the data or the inode changes.
  void touch_accessed();
  void touch_modified();  // mtime and ctime
  void touch_changed();   // ctime only (chmod, chown, link, rename)

  const uint64_t ino;
  const InodeType type;
  uint32_t permissions;  // the low 12 bits of st_mode: 07777
  uint32_t uid;
  uint32_t gid;
  bool anonymous = false;  // create_anonymous: no name ever, nlink stays 0, stat shows 1
  uint32_t nlink = 0;  // directory entries naming it (a directory also counts "." and its subdirectories' "..")
  uint64_t atime_ns, mtime_ns, ctime_ns;  // CLOCK_REALTIME nanoseconds

  // Contents; which part is used depends on the type.
  FileData data;                     // Regular
  char* symlink_target = nullptr;    // Symlink: the target path (NUL-terminated, heap)
  size_t symlink_length = 0;
  Directory entries;                 // Directory
  Inode* parent = nullptr;           // Directory: a counted reference to the directory holding
                                     // it, for ".."; nullptr for the root (its ".." is itself)
  CharDevice* device = nullptr;      // CharDevice: the driver (tty, null, zero)
  uint64_t rdev = 0;                 // CharDevice: st_rdev
  Pipe* fifo = nullptr;              // Fifo: the pipe, made at the first open
  void* socket = nullptr;            // Socket: the bound socket object. net/unix sets it at
                                     // bind() and clears it when the socket closes; the socket
                                     // holds a reference to the inode while it is set.
  GeneratedNode* generated = nullptr;  // Any type: contents computed on demand (generated.h), owned
  FileLocks* locks = nullptr;          // Any type: fcntl and flock locks (file_locks.h), made at the
                                       // first lock, owned

 private:
  Inode(uint64_t ino, InodeType type, uint32_t permissions, uint32_t uid, uint32_t gid);
  ~Inode();
  uint32_t refcount_ = 0;
};

using InodeRef = RefPtr<Inode>;

// Links and unlinks: the only code that changes nlink.
//
// Adds `name` → child in dir (the caller made sure the name is free and,
// for a directory child, that it is new). ENOMEM.
KStatus link_child(Inode* dir, const char* name, size_t length, Inode* child);
// Removes the entry `name` from dir and drops the link it held.
void unlink_child(Inode* dir, const char* name, size_t length);
// rename(2)'s final step: moves the entry old_dir/old_name to new_dir/new_name,
// replacing what new_name named (the caller checked that is allowed).
// Either everything happens or nothing does (ENOMEM).
KStatus move_child(Inode* old_dir, const char* old_name, size_t old_length, Inode* new_dir,
                   const char* new_name, size_t new_length);

// The root directory and the fixed nodes under it (root.cpp).
// init() makes /, /dev with console, tty, null, zero, and /tmp; call it once
// at boot before unpack_initrd().
void init();
Inode* root();

// For code outside fs/ that keeps raw pointers (Process::cwd).
inline void inode_ref(Inode* inode) { if (inode) inode->ref(); }
inline void inode_unref(Inode* inode) { if (inode) inode->unref(); }

}  // namespace fs
