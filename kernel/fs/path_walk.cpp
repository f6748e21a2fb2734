// The path walk. It takes one component at a time from the path (lexing is
// kernel/lib/path.h's job) and looks it up in the current directory. A
// symbolic link is itself a path, walked from the directory that holds the
// link, so following one is a recursive walk; a shared counter bounds all
// of them together (ELOOP), which also bounds the recursion depth.
#include "kernel/fs/path_walk.h"

#include "kernel/fs/fd_table.h"
#include "kernel/fs/file.h"
#include "kernel/fs/generated.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/string.h"
#include "kernel/proc/process.h"
#include "kernel/sysctl/fail_point.h"

namespace fs {
namespace {
// Linux's MAXSYMLINKS: path_resolution(7) "at most 40 symbolic links".
constexpr int kMaxSymlinks = 40;

sysctl::FailPoint vfs_lookup("vfs_lookup", "the next N path resolutions outside /proc fail with EIO");

// One component in one directory: a null reference if there is no such
// name. "." and ".." are not stored in directories; they are answered here.
// A generated directory (/proc) makes its entries up when asked.
KResult<InodeRef> lookup(Inode* dir, const char* name, size_t length) {
  if (path::is_dot(name, length)) return InodeRef(dir);
  if (path::is_dot_dot(name, length)) return InodeRef(dir->parent ? dir->parent : dir);
  if (dir->generated) return InodeRef::adopt(TRY(dir->generated->lookup(dir, name, length)));
  return InodeRef(dir->entries.find(name, length));
}

class Walker {
 public:
  explicit Walker(const Credentials& cred) : cred_(cred) {}
  KStatus walk(Inode* start, const char* path, size_t length, int flags, WalkResult* out);

 private:
  KStatus follow(Inode* dir, Inode* link, size_t remaining, WalkResult* out);

  const Credentials& cred_;
  int links_followed_ = 0;
  size_t pending_ = 0;  // bytes of the outer paths still to walk after the link being followed

 public:
  size_t longest_expansion = 0;
};

KStatus Walker::walk(Inode* start, const char* path, size_t length, int flags, WalkResult* out) {
  // path_resolution(7): an empty path is ENOENT; so is a link to "".
  if (length == 0) return KError{ENOENT};
  InodeRef dir(path::is_absolute(path, length) || !start ? root() : start);

  path::ComponentIterator components(path, length);
  if (components.at_end()) {
    // Nothing but slashes: the root itself.
    out->parent = dir;
    out->inode = dir;
    out->name[0] = '\0';
    out->name_length = 0;
    out->trailing_slash = true;
    return ok();
  }

  for (;;) {
    const char* name;
    size_t name_length;
    if (components.next(&name, &name_length) < 0) return KError{ENAMETOOLONG};
    bool last = components.at_end();

    // Looking anything up in a directory, "." and ".." included, needs
    // search permission on it (path_resolution(7)).
    TRY(check_permission(dir.get(), cred_, kMayExecute));
    InodeRef child = TRY(lookup(dir.get(), name, name_length));

    if (!last) {
      if (!child) return KError{ENOENT};
      if (child->is_symlink()) {
        TRY(follow(dir.get(), child.get(), length - size_t(name + name_length - path), out));
        if (!out->inode) return KError{ENOENT};  // a dangling link in the middle
        child = out->inode;
      }
      if (!child->is_directory()) return KError{ENOTDIR};
      dir = child;
      continue;
    }

    // The final component. A trailing '/' asks for a directory, so it
    // follows a link even when the caller would not (Linux: "link/" is the
    // directory the link points to), except for a name to create or remove.
    bool trailing_slash = components.had_trailing_slash();
    bool final_is_name = flags & kFinalIsName;
    bool follow_final = (flags & kFollowFinalSymlink) || (trailing_slash && !final_is_name);
    if (child && child->is_symlink() && follow_final) {
      TRY(follow(dir.get(), child.get(), length - size_t(name + name_length - path), out));
      if (trailing_slash) out->trailing_slash = true;
    } else {
      out->parent = dir;
      out->inode = child;
      memcpy(out->name, name, name_length);
      out->name[name_length] = '\0';
      out->name_length = name_length;
      out->trailing_slash = trailing_slash;
    }
    if (out->trailing_slash && out->inode && !out->inode->is_directory() && !final_is_name)
      return KError{ENOTDIR};
    return ok();
  }
}

// Continues the walk through a symbolic link: its target is walked from
// the directory holding the link, its own last component followed.
KStatus Walker::follow(Inode* dir, Inode* link, size_t remaining, WalkResult* out) {
  if (++links_followed_ > kMaxSymlinks) return KError{ELOOP};
  InodeRef keep_target_alive(link);
  size_t outer = pending_;
  pending_ += remaining;
  if (link->symlink_length + pending_ > longest_expansion) longest_expansion = link->symlink_length + pending_;
  KStatus result = walk(dir, link->symlink_target, link->symlink_length, kFollowFinalSymlink, out);
  pending_ = outer;
  return result;
}
}  // namespace

KStatus walk(Inode* start, const char* path, size_t length, const Credentials& cred, int flags,
             WalkResult* out) {
  if (length > path::kPathMax) return KError{ENAMETOOLONG};
  Walker walker(cred);
  TRY(walker.walk(start, path, length, flags, out));
  out->longest_expansion = walker.longest_expansion > length ? walker.longest_expansion : length;
  // The fail point is consulted once the walk knows where it ends, so that
  // paths into /proc can be left alone (path_walk.h says why).
  if (!out->parent->generated && vfs_lookup.should_fail()) return KError{EIO};
  return ok();
}

KStatus walk_at(int dirfd, const char* path, size_t length, int flags, WalkResult* out) {
  if (length == 0) return KError{ENOENT};  // before looking at dirfd, as Linux
  InodeRef start;
  if (!path::is_absolute(path, length)) start = TRY(directory_for_fd(dirfd));
  return walk(start.get(), path, length, current_credentials(), flags, out);
}

KResult<InodeRef> resolve_at(int dirfd, const char* path, size_t length, int flags) {
  WalkResult result;
  TRY(walk_at(dirfd, path, length, flags, &result));
  if (!result.inode) return KError{ENOENT};
  return result.inode;
}

KResult<InodeRef> directory_for_fd(int dirfd) {
  proc::Process* self = proc::current();
  if (dirfd == kAtCurrentDirectory) return InodeRef(self->cwd ? self->cwd : root());
  if (!self->files) return KError{EBADF};
  FileRef file = TRY(self->files->get(dirfd));
  Inode* inode = file->inode();
  // openat(2): "ENOTDIR pathname is relative and dirfd is a file
  // descriptor referring to a file other than a directory."
  if (!inode || !inode->is_directory()) return KError{ENOTDIR};
  return InodeRef(inode);
}

const Credentials& current_credentials() { return proc::current()->cred; }

}  // namespace fs
