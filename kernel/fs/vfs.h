// The VFS operations: what the file syscalls do once their arguments are in
// kernel memory. Each takes a path as (dirfd, bytes, length), resolves it
// with the path walk as the current process, checks permissions, and
// changes the ramfs. The syscall layer (kernel/syscalls/sys_fs.cpp) only
// copies arguments in and results out; the socket layer calls the same
// functions (create_node for bind, resolve_at for connect).
//
// A path here is already in the kernel and at most path::kPathMax bytes.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/file.h"
#include "kernel/fs/path_walk.h"

namespace fs {

// --- Opening (open.cpp) ---

// openat(2). The File holds one reference for the caller.
KResult<File*> open_at(int dirfd, const char* path, size_t length, int flags, uint32_t mode);
// A File of the right kind for an inode already found (regular file,
// directory, device, FIFO). flags as open(2)'s; no permission check.
KResult<File*> open_inode(Inode* inode, int flags);

// --- Names: creating, linking, removing (namespace_ops.cpp) ---

// Creates a new inode named by a walk that found no inode there (the
// caller checked), owned by the caller, with these permission bits (umask
// already applied). Checks write and search permission on the parent;
// EEXIST for "/", "." and ".."; ENOENT in a removed directory. The one way
// a new name appears: open(O_CREAT), mkdir, mknod, symlink, and bind() of
// a UNIX socket (type Socket) all come here.
KResult<InodeRef> create_node(WalkResult& where, InodeType type, uint32_t permissions);
// The same new inode with no name yet (nlink 0), for open(O_TMPFILE): the
// same permission checks on dir, the same owner and group.
KResult<InodeRef> create_unnamed(Inode* dir, InodeType type, uint32_t permissions);

KStatus make_directory(int dirfd, const char* path, size_t length, uint32_t mode);
// mknod(2) for FIFOs, regular files and (root only) character devices.
KStatus make_node(int dirfd, const char* path, size_t length, uint32_t mode, uint64_t rdev);
KStatus make_symlink(const char* target, size_t target_length, int dirfd, const char* path, size_t length);
// link(2)/linkat(2): follow = AT_SYMLINK_FOLLOW.
KStatus make_link(int old_dirfd, const char* old_path, size_t old_length, int new_dirfd, const char* new_path,
                  size_t new_length, bool follow);
KStatus remove_file(int dirfd, const char* path, size_t length);       // unlink(2)
KStatus remove_directory(int dirfd, const char* path, size_t length);  // rmdir(2)
KStatus rename(int old_dirfd, const char* old_path, size_t old_length, int new_dirfd, const char* new_path,
               size_t new_length);

// --- Attributes (attributes.cpp) ---

// readlink(2): copies at most `size` bytes of the target, no NUL added.
KResult<size_t> read_link(int dirfd, const char* path, size_t length, const IoBuffer& buffer, size_t size);
// access(2)/faccessat(2): mode is F_OK (0) or R_OK|W_OK|X_OK. Checked with
// the real ids unless AT_EACCESS is in flags. With AT_EMPTY_PATH and an
// empty path (faccessat2), inode is the file open as dirfd and is checked
// itself; otherwise inode is null. The caller has checked mode and flags
// (EINVAL), as Linux does before it reads the path or looks at dirfd.
KStatus check_access(int dirfd, const char* path, size_t length, int mode, int flags, Inode* inode);
KStatus change_mode(Inode* inode, uint32_t mode);                   // chmod(2)
KStatus change_owner(Inode* inode, uint32_t uid, uint32_t gid);     // chown(2); -1 = unchanged
KStatus truncate_inode(Inode* inode, int64_t length);               // truncate(2), by path
// utimensat(2): times[0] is atime, times[1] mtime; nullptr means "now" for
// both; tv_nsec may be UTIME_NOW or UTIME_OMIT.
KStatus set_times(Inode* inode, const LinuxTimespec* times);

// --- The current directory (cwd.cpp) ---

KStatus change_directory(Inode* inode);  // chdir(2)/fchdir(2): a directory with search permission
// getcwd(2): writes the path and its NUL into buffer (of `size` bytes);
// returns the length with the NUL.
KResult<size_t> current_directory_path(const IoBuffer& buffer, size_t size);

}  // namespace fs
