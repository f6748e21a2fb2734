// The calls that change names: mkdir, mknod, symlink, link, unlink, rmdir,
// rename. Each walks to the parent directory (never following the final
// component), then checks, in Linux's order (fs/namei.c), everything that
// could make it fail, and only then changes the tree, so a failed call
// changes nothing.
#include "kernel/fs/char_device.h"
#include "kernel/fs/permission.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"

namespace fs {
namespace {

// Linux's may_delete(): may `victim` be removed from (or renamed out of, or
// replaced in) dir? want_directory says which kind the caller removes.
KStatus check_may_delete(Inode* dir, Inode* victim, const Credentials& cred, bool want_directory) {
  TRY(check_permission(dir, cred, kMayWrite | kMayExecute));
  TRY(check_sticky(dir, victim, cred));
  // /proc's names are made up by procfs: none can be removed (Linux: EPERM,
  // procfs has no unlink), and /proc itself is a mount point (EBUSY).
  if (dir->generated) return KError{EPERM};
  if (victim->generated) return KError{EBUSY};
  if (want_directory) {
    if (!victim->is_directory()) return KError{ENOTDIR};
    if (victim == root()) return KError{EBUSY};
  } else if (victim->is_directory()) {
    // unlink(2): "EISDIR pathname refers to a directory" (Linux; POSIX says EPERM).
    return KError{EISDIR};
  }
  return ok();
}

// For calls whose new name must not exist: EEXIST if it does, and (Linux's
// filename_create) ENOENT if the caller asked for a directory with a
// trailing '/' but is not making one.
KStatus check_new_name(const WalkResult& where, bool making_directory) {
  if (where.inode || where.name_length == 0 || where.name_is_dot_or_dot_dot()) return KError{EEXIST};
  if (where.trailing_slash && !making_directory) return KError{ENOENT};
  return ok();
}

// Is `ancestor` the directory `dir` or one of the directories above it?
bool is_ancestor_or_self(const Inode* ancestor, const Inode* dir) {
  for (const Inode* d = dir; d; d = d->parent)
    if (d == ancestor) return true;
  return false;
}

uint32_t umask() { return proc::current()->umask; }

// Whether a new name may appear in dir. Not in a directory that was removed
// (Linux's may_create()), nor in a generated one, whose names procfs makes
// up (on Linux the lookup in /proc fails first, with the same ENOENT).
KStatus check_takes_new_names(const Inode* dir) {
  if (dir->is_dead_directory() || dir->generated) return KError{ENOENT};
  return ok();
}
}  // namespace

KResult<InodeRef> create_node(WalkResult& where, InodeType type, uint32_t permissions) {
  Inode* dir = where.parent.get();
  if (where.inode || where.name_length == 0 || where.name_is_dot_or_dot_dot()) return KError{EEXIST};
  InodeRef inode = TRY(create_unnamed(dir, type, permissions));
  TRY(link_child(dir, where.name, where.name_length, inode.get()));
  return inode;
}

KResult<InodeRef> create_unnamed(Inode* dir, InodeType type, uint32_t permissions) {
  const Credentials& cred = current_credentials();
  TRY(check_takes_new_names(dir));
  TRY(check_permission(dir, cred, kMayWrite | kMayExecute));

  // The group: the creator's, unless the directory has the set-group-ID bit,
  // which hands its group down (and the bit itself, to subdirectories), the
  // BSD rule that POSIX allows and Linux follows.
  uint32_t gid = cred.egid;
  if (dir->permissions & kModeSetGid) {
    gid = dir->gid;
    if (type == InodeType::Directory) permissions |= kModeSetGid;
  }
  InodeRef inode = InodeRef::adopt(Inode::create(type, permissions, cred.euid, gid));
  if (!inode) return KError{ENOMEM};
  return inode;
}

KStatus make_directory(int dirfd, const char* path, size_t length, uint32_t mode) {
  WalkResult where;
  TRY(walk_at(dirfd, path, length, kFinalIsName, &where));
  TRY(check_new_name(where, true));
  // mkdir(2): "mode & ~umask & 01777" (the sticky bit may be asked for).
  TRY(create_node(where, InodeType::Directory, mode & 01777 & ~umask()));
  return ok();
}

KStatus make_node(int dirfd, const char* path, size_t length, uint32_t mode, uint64_t rdev) {
  const Credentials& cred = current_credentials();
  InodeType type;
  switch (mode & kModeTypeMask) {
    case 0:  // mknod(2): "zero file type is equivalent to type S_IFREG"
    case kModeRegular: type = InodeType::Regular; break;
    case kModeFifo: type = InodeType::Fifo; break;
    case kModeSocket: type = InodeType::Socket; break;
    case kModeCharDevice: type = InodeType::CharDevice; break;
    // mknod(2): EPERM for a directory ("use mkdir(2)"); Tether has no block
    // devices, and says so the way Linux says "not allowed".
    case kModeDirectory:
    case kModeBlockDevice: return KError{EPERM};
    default: return KError{EINVAL};
  }
  WalkResult where;
  TRY(walk_at(dirfd, path, length, kFinalIsName, &where));
  TRY(check_new_name(where, false));
  // mknod(2): "EPERM ... caller is not privileged (Linux: does not have the
  // CAP_MKNOD capability)" for device files.
  if (type == InodeType::CharDevice && !cred.is_root()) return KError{EPERM};
  InodeRef inode = TRY(create_node(where, type, mode & kModePermissionMask & ~umask()));
  if (type == InodeType::CharDevice) {
    inode->rdev = rdev;
    inode->device = char_device_for(rdev);  // nullptr: open gives ENXIO
  }
  return ok();
}

KStatus make_symlink(const char* target, size_t target_length, int dirfd, const char* path, size_t length) {
  // symlink(2): "ENOENT ... target is an empty string".
  if (target_length == 0) return KError{ENOENT};
  if (target_length > path::kPathMax) return KError{ENAMETOOLONG};
  WalkResult where;
  TRY(walk_at(dirfd, path, length, kFinalIsName, &where));
  TRY(check_new_name(where, false));

  char* copy = static_cast<char*>(kmalloc(target_length + 1));
  if (!copy) return KError{ENOMEM};
  memcpy(copy, target, target_length);
  copy[target_length] = '\0';
  // symlink(7): a link's own permission bits are 0777 and never consulted.
  KResult<InodeRef> inode = create_node(where, InodeType::Symlink, 0777);
  if (inode.is_error()) {
    kfree(copy);
    return KError{inode.error()};
  }
  inode.value()->symlink_target = copy;
  inode.value()->symlink_length = target_length;
  return ok();
}

KStatus make_link(int old_dirfd, const char* old_path, size_t old_length, int new_dirfd, const char* new_path,
                  size_t new_length, bool follow) {
  // link(2): "By default, linkat() does not dereference oldpath if it is a
  // symbolic link (like link())".
  InodeRef inode = TRY(resolve_at(old_dirfd, old_path, old_length, follow ? kFollowFinalSymlink : 0));
  WalkResult where;
  TRY(walk_at(new_dirfd, new_path, new_length, kFinalIsName, &where));
  TRY(check_new_name(where, false));
  // link(2): "EXDEV oldpath and newpath are not on the same mounted
  // filesystem": a /proc inode lives only while it is used, and no ramfs
  // name may hold on to it.
  if (inode->generated) return KError{EXDEV};
  Inode* dir = where.parent.get();
  TRY(check_takes_new_names(dir));
  TRY(check_permission(dir, current_credentials(), kMayWrite | kMayExecute));
  // link(2): "EPERM oldpath is a directory."
  if (inode->is_directory()) return KError{EPERM};
  // An open file whose last name is gone cannot get a new one (Linux: ENOENT).
  if (inode->nlink == 0) return KError{ENOENT};
  return link_child(dir, where.name, where.name_length, inode.get());
}

KStatus remove_file(int dirfd, const char* path, size_t length) {
  WalkResult where;
  TRY(walk_at(dirfd, path, length, kFinalIsName, &where));
  // Linux: unlink of "/", "." or ".." is EISDIR.
  if (where.name_length == 0 || where.name_is_dot_or_dot_dot()) return KError{EISDIR};
  if (!where.inode) return KError{ENOENT};
  // "name/" names a directory: EISDIR if it is one, else ENOTDIR (do_unlinkat).
  if (where.trailing_slash) return KError{where.inode->is_directory() ? EISDIR : ENOTDIR};
  TRY(check_may_delete(where.parent.get(), where.inode.get(), current_credentials(), false));
  unlink_child(where.parent.get(), where.name, where.name_length);
  return ok();
}

KStatus remove_directory(int dirfd, const char* path, size_t length) {
  WalkResult where;
  TRY(walk_at(dirfd, path, length, kFinalIsName, &where));
  // rmdir(2): "EINVAL pathname has . as last component", "ENOTEMPTY pathname
  // has .. as its final component", "EBUSY pathname is ... the root".
  if (where.name_length == 0) return KError{EBUSY};
  if (path::is_dot(where.name, where.name_length)) return KError{EINVAL};
  if (path::is_dot_dot(where.name, where.name_length)) return KError{ENOTEMPTY};
  if (!where.inode) return KError{ENOENT};
  TRY(check_may_delete(where.parent.get(), where.inode.get(), current_credentials(), true));
  if (!where.inode->entries.empty()) return KError{ENOTEMPTY};
  unlink_child(where.parent.get(), where.name, where.name_length);
  return ok();
}

KStatus rename(int old_dirfd, const char* old_path, size_t old_length, int new_dirfd, const char* new_path,
               size_t new_length) {
  const Credentials& cred = current_credentials();
  WalkResult from;
  TRY(walk_at(old_dirfd, old_path, old_length, kFinalIsName, &from));
  WalkResult to;
  TRY(walk_at(new_dirfd, new_path, new_length, kFinalIsName, &to));

  // rename(2): "EXDEV oldpath and newpath are not on the same mounted
  // filesystem" (/proc's and the ramfs), checked first, as Linux does.
  if (bool(from.parent->generated) != bool(to.parent->generated)) return KError{EXDEV};
  // rename(2): "EBUSY" for ".", ".." or "/" on either side (Linux checks
  // the component type before anything else).
  if (from.name_length == 0 || from.name_is_dot_or_dot_dot()) return KError{EBUSY};
  if (to.name_length == 0 || to.name_is_dot_or_dot_dot()) return KError{EBUSY};
  if (!from.inode) return KError{ENOENT};
  Inode* source = from.inode.get();
  Inode* target = to.inode.get();
  bool moving_directory = source->is_directory();
  // A trailing '/' on either name asks for a directory.
  if (!moving_directory && (from.trailing_slash || to.trailing_slash)) return KError{ENOTDIR};
  // "EINVAL The new pathname contained a path prefix of the old, or, more
  // generally, an attempt was made to make a directory a subdirectory of itself."
  if (moving_directory && is_ancestor_or_self(source, to.parent.get())) return KError{EINVAL};
  // The target is above the source: it cannot be empty (Linux: ENOTEMPTY).
  if (target && target->is_directory() && is_ancestor_or_self(target, from.parent.get()))
    return KError{ENOTEMPTY};
  // "If oldpath and newpath are existing hard links referring to the same
  // file, then rename() does nothing, and returns a success status."
  if (source == target) return ok();

  TRY(check_may_delete(from.parent.get(), source, cred, moving_directory));
  if (!target) {
    TRY(check_takes_new_names(to.parent.get()));
    TRY(check_permission(to.parent.get(), cred, kMayWrite | kMayExecute));
  } else {
    // Replacing: the target must be of the source's kind ("EISDIR newpath
    // is an existing directory, but oldpath is not a directory", "ENOTDIR
    // ... oldpath is a directory, and newpath exists and is not a directory").
    TRY(check_may_delete(to.parent.get(), target, cred, moving_directory));
  }
  // A directory that changes parent rewrites its ".." entry: that needs write
  // permission on the directory itself (Linux's vfs_rename).
  if (moving_directory && from.parent.get() != to.parent.get())
    TRY(check_permission(source, cred, kMayWrite));
  if (target && target->is_directory() && !target->entries.empty()) return KError{ENOTEMPTY};

  return move_child(from.parent.get(), from.name, from.name_length, to.parent.get(), to.name, to.name_length);
}

}  // namespace fs
