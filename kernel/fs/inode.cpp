// Inodes: creation, reference counting, stat, and the link bookkeeping of
// directories.
#include "kernel/fs/inode.h"

#include "kernel/fs/file_locks.h"
#include "kernel/fs/generated.h"
#include "kernel/fs/pipe.h"
#include "kernel/lib/new.h"
#include "kernel/mm/heap.h"
#include "kernel/panic.h"
#include "kernel/time.h"

namespace fs {
namespace {
// st_dev names the filesystem an inode belongs to. Linux numbers its
// in-memory filesystems 0:N; Tether has four, one number each: the ramfs
// (every named file), /proc (generated inodes), and the two that have no
// names, pipes (Linux's pipefs) and sockets (sockfs).
constexpr uint64_t kRamfsDevice = make_device_number(0, 1);
constexpr uint64_t kProcfsDevice = make_device_number(0, 2);
constexpr uint64_t kPipefsDevice = make_device_number(0, 3);
constexpr uint64_t kSockfsDevice = make_device_number(0, 4);

uint64_t filesystem_device(const Inode& inode) {
  if (inode.generated) return kProcfsDevice;
  if (inode.anonymous) return inode.type == InodeType::Socket ? kSockfsDevice : kPipefsDevice;
  return kRamfsDevice;
}
// Linux's tmpfs reports a directory's size as 20 bytes per entry, "." and
// ".." included (BOGO_DIRENT_SIZE in mm/shmem.c); `ls -l` shows something
// that grows with the directory, which is all a size means here.
constexpr uint64_t kBogoDirentSize = 20;

uint64_t next_ino = 1;

uint32_t type_bits(InodeType type) {
  switch (type) {
    case InodeType::Regular: return kModeRegular;
    case InodeType::Directory: return kModeDirectory;
    case InodeType::Symlink: return kModeSymlink;
    case InodeType::CharDevice: return kModeCharDevice;
    case InodeType::Fifo: return kModeFifo;
    case InodeType::Socket: return kModeSocket;
  }
  return 0;
}

LinuxTimespec to_timespec(uint64_t ns) {
  return LinuxTimespec{int64_t(ns / 1000000000), int64_t(ns % 1000000000)};
}
}  // namespace

Inode::Inode(uint64_t ino_, InodeType type_, uint32_t permissions_, uint32_t uid_, uint32_t gid_)
    : ino(ino_), type(type_), permissions(permissions_ & kModePermissionMask), uid(uid_), gid(gid_) {
  uint64_t now = time::realtime_ns();
  atime_ns = mtime_ns = ctime_ns = now;
}

Inode::~Inode() {
  KASSERT(entries.empty());
  kfree(symlink_target);
  delete fifo;  // normally gone already: the last PipeFile deletes it
  delete generated;
  delete locks;  // empty by now: every lock's owner held a reference
  // A removed directory kept its parent alive for "..": let go now.
  if (parent) parent->unref();
}

Inode* Inode::create(InodeType type, uint32_t permissions, uint32_t uid, uint32_t gid) {
  // One instruction (lock xadd): a socket accepted in lwIP's callback may
  // be made while a process is between the two halves of a plain increment.
  uint64_t ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
  Inode* inode = new Inode(ino, type, permissions, uid, gid);
  if (!inode) return nullptr;
  inode->refcount_ = 1;
  return inode;
}

Inode* Inode::create_anonymous(InodeType type, uint32_t permissions, uint32_t uid, uint32_t gid) {
  Inode* inode = create(type, permissions, uid, gid);
  if (inode) inode->anonymous = true;
  return inode;
}

Inode* Inode::create_generated(InodeType type, uint32_t permissions, uint32_t uid, uint32_t gid, uint64_t ino,
                              GeneratedNode* node, Inode* parent) {
  Inode* inode = new Inode(ino, type, permissions, uid, gid);
  if (!inode) {
    delete node;
    return nullptr;
  }
  inode->refcount_ = 1;
  inode->generated = node;
  if (parent) {
    // No directory entry holds a generated inode, so its links are not
    // counted; these are the numbers `ls -l` expects of a file and a directory.
    inode->nlink = type == InodeType::Directory ? 2 : 1;
    if (type == InodeType::Directory) {
      parent->ref();
      inode->parent = parent;
    }
  }
  return inode;
}

void Inode::unref() {
  KASSERT(refcount_ > 0);
  refcount_--;
  free_if_unused();
}

void Inode::free_if_unused() {
  if (refcount_ == 0 && (nlink == 0 || generated)) delete this;
}

uint32_t Inode::mode() const { return type_bits(type) | permissions; }

uint64_t Inode::size() const {
  switch (type) {
    case InodeType::Regular: return data.size();
    case InodeType::Symlink: return symlink_length;  // lstat(2): "the length of the pathname it contains"
    case InodeType::Directory: return (entries.count() + 2) * kBogoDirentSize;
    default: return 0;
  }
}

void Inode::fill_stat(LinuxStat* st) const {
  *st = LinuxStat{};
  st->st_dev = filesystem_device(*this);
  st->st_ino = ino;
  st->st_nlink = anonymous ? 1 : nlink;
  st->st_mode = mode();
  st->st_uid = uid;
  st->st_gid = gid;
  st->st_rdev = rdev;
  st->st_size = int64_t(size());
  st->st_blksize = FileData::kPageSize;
  st->st_blocks = is_regular() ? int64_t(data.allocated_bytes() / 512) : 0;
  st->st_atim = to_timespec(atime_ns);
  st->st_mtim = to_timespec(mtime_ns);
  st->st_ctim = to_timespec(ctime_ns);
}

void Inode::touch_accessed() { atime_ns = time::realtime_ns(); }
void Inode::touch_modified() { mtime_ns = ctime_ns = time::realtime_ns(); }
void Inode::touch_changed() { ctime_ns = time::realtime_ns(); }

// Link counts follow the classic UNIX rule that `ls -l` shows: a file has
// one link per name; a directory has its name in the parent, its own ".",
// and one ".." in each subdirectory (so an empty directory has 2).

KStatus link_child(Inode* dir, const char* name, size_t length, Inode* child) {
  KASSERT(dir->is_directory());
  TRY(dir->entries.add(name, length, child));
  if (child->is_directory()) {
    KASSERT(child->nlink == 0 && child->parent == nullptr);
    child->nlink = 2;  // the entry and its "."
    dir->nlink++;      // the child's ".."
    child->parent = dir;
    dir->ref();
  } else {
    child->nlink++;
  }
  dir->touch_modified();
  child->touch_changed();
  return ok();
}

namespace {
// The link `inode` loses when its name in dir disappears (unlink, rmdir, or
// being renamed over). A directory loses its "." too and gives back the
// ".." it held in dir. It keeps its parent reference until it is freed, so
// ".." in a removed cwd still leads somewhere, as on Linux.
void drop_link(Inode* dir, Inode* inode) {
  if (inode->is_directory()) {
    inode->nlink = 0;
    dir->nlink--;
  } else {
    inode->nlink--;
  }
  inode->touch_changed();
  inode->free_if_unused();
}
}  // namespace

void unlink_child(Inode* dir, const char* name, size_t length) {
  Inode* child = dir->entries.remove(name, length);
  KASSERT(child);
  dir->touch_modified();
  drop_link(dir, child);
}

KStatus move_child(Inode* old_dir, const char* old_name, size_t old_length, Inode* new_dir,
                   const char* new_name, size_t new_length) {
  Inode* child = old_dir->entries.find(old_name, old_length);
  KASSERT(child);
  Inode* replaced = new_dir->entries.find(new_name, new_length);
  KASSERT(replaced != child);
  // The one step that can fail (allocating an entry) comes first; pointing
  // an existing entry elsewhere allocates nothing.
  if (replaced) new_dir->entries.replace(new_name, new_length, child);
  else TRY(new_dir->entries.add(new_name, new_length, child));
  old_dir->entries.remove(old_name, old_length);

  if (child->is_directory() && old_dir != new_dir) {
    old_dir->nlink--;  // the child's ".." now counts in new_dir
    new_dir->nlink++;
    new_dir->ref();
    child->parent = new_dir;
    old_dir->unref();
  }
  old_dir->touch_modified();
  new_dir->touch_modified();
  child->touch_changed();  // Linux updates ctime on rename, as most filesystems do
  if (replaced) drop_link(new_dir, replaced);
  return ok();
}

}  // namespace fs
