// Path resolution: from a string like "../lib/./libc.a" to an inode. Every
// call that takes a path (open, stat, mkdir, unlink, rename, execve, chdir,
// and bind/connect on UNIX sockets) resolves it here, so they all agree on
// what a path means and on the errors:
//
//   ENOENT        a component does not exist, or the path is empty
//   ENOTDIR       a component before the last (or a last one followed by
//                 '/') is not a directory
//   EACCES        no search (x) permission on a directory walked through
//   ENAMETOOLONG  a component longer than 255 bytes, a path longer than 1023
//   ELOOP         more than 40 symbolic links followed in one resolution
//   EIO           the fail point debug.fail.vfs_lookup is armed (below)
//
// Symbolic links in the middle of a path are always followed; the final
// component is followed only when asked (stat, open without O_NOFOLLOW) or
// when a '/' follows it. ".." of the root is the root.
//
// The walk stops one step short of "the inode": it reports the directory
// holding the final component, the component's name, and the inode if it
// exists. Calls that create or remove a name (open O_CREAT, mkdir, unlink,
// bind) need exactly that; calls that only look (stat) use resolve_at().
#pragma once
#include <stddef.h>

#include "kernel/fs/inode.h"
#include "kernel/lib/kresult.h"
#include "kernel/lib/path.h"
#include "kernel/proc/credentials.h"

namespace fs {

// Flags for walk().
constexpr int kFollowFinalSymlink = 1;
// The final component is a name to create or remove (mkdir, unlink, rename,
// link, bind): it is never followed, even with a trailing '/', and the
// trailing '/' is only reported; each call has its own rule for it (Linux:
// filename_create and do_unlinkat).
constexpr int kFinalIsName = 2;

struct WalkResult {
  InodeRef parent;  // the directory holding the final component (for "/": the root)
  InodeRef inode;   // the final component; null if it does not exist (the parent does)
  char name[path::kNameMax + 1];  // the final component as written, possibly "." or
  size_t name_length;             // "..", NUL-terminated; "" (0) for "/"
  bool trailing_slash;            // the path ended in '/': it asks for a directory
  // The longest the name grew while symbolic links were substituted in it
  // (a link's target plus what was left of the path after the link): the
  // "entire path name" FreeBSD's connect(2) limits to 1023 bytes (F5).
  // Linux has no such limit; whoever has one checks this.
  size_t longest_expansion = 0;

  bool name_is_dot_or_dot_dot() const {
    return path::is_dot(name, name_length) || path::is_dot_dot(name, name_length);
  }
};

// The walk itself. A relative path starts at `start` (the root if null);
// `cred` decides search permission. path is `length` bytes, not
// necessarily NUL-terminated.
//
// Fail point: while debug.fail.vfs_lookup is armed with N, the next N walks
// that get as far as the final component's directory fail with EIO, as if
// reading a directory from a disk had failed, so a test can check that a
// caller (open, stat, bind, connect, execve, ...) reports the error. A walk
// that ends in /proc does not count: /proc is made up in memory and cannot
// fail that way, and a test must be able to read and write the fail
// point's own /proc/sys file without setting it off.
KStatus walk(Inode* start, const char* path, size_t length, const Credentials& cred, int flags,
             WalkResult* out);

// As the current process, relative to dirfd (AT_FDCWD: the cwd), as the
// *at() calls do. dirfd is ignored for an absolute path (openat(2)).
KStatus walk_at(int dirfd, const char* path, size_t length, int flags, WalkResult* out);

// The final inode itself (ENOENT if it does not exist).
KResult<InodeRef> resolve_at(int dirfd, const char* path, size_t length, int flags);

// The directory an *at() call starts from: the cwd for AT_FDCWD, else the
// directory open as dirfd (EBADF if none, ENOTDIR if not a directory).
KResult<InodeRef> directory_for_fd(int dirfd);

// The calling process's credentials (root's for a kernel thread).
const Credentials& current_credentials();

}  // namespace fs
