// open(2): from a path and flags to an open File. The checks come in the
// order Linux makes them (fs/namei.c, do_open and may_open), so the errno
// for a request that is wrong in two ways is the same on both systems.
#include "kernel/dev/tty.h"
#include "kernel/fs/char_device.h"
#include "kernel/fs/generated.h"
#include "kernel/fs/permission.h"
#include "kernel/fs/pipe.h"
#include "kernel/fs/regular_file.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/proc/process.h"

namespace fs {

KResult<File*> open_inode(Inode* inode, int flags) {
  // What F_GETFL will report: the access mode and the status flags. Linux
  // on x86-64 adds O_LARGEFILE to every open (force_o_largefile()).
  int status = (flags & (kOpenAccessMode | kOpenAppend | kOpenNonBlock)) | kOpenLargeFile;
  File* file = nullptr;
  switch (inode->type) {
    case InodeType::Regular:
      // A generated file (/proc) makes its own kind of File.
      if (inode->generated) return inode->generated->open(inode, status);
      file = new RegularFile(status, inode);
      break;
    case InodeType::Directory: file = new DirectoryFile(status, inode); break;
    case InodeType::CharDevice: {
      // open(2): "ENXIO The file is a device special file and no
      // corresponding device exists."
      if (!inode->device) return KError{ENXIO};
      FileRef device_file = FileRef::adopt(new CharDeviceFile(status, inode));
      if (!device_file) return KError{ENOMEM};
      TRY(inode->device->open(*device_file, flags));
      return device_file.leak();
    }
    case InodeType::Fifo: return open_fifo(inode, status);
    // open(2): "ENXIO The file is a UNIX domain socket." (connect() is the
    // way in.)
    case InodeType::Socket: return KError{ENXIO};
    case InodeType::Symlink: return KError{ELOOP};
  }
  if (!file) return KError{ENOMEM};
  return file;
}

namespace {
// open(2), O_TMPFILE: "Create an unnamed temporary regular file. The
// pathname argument specifies a directory"; the file has no name (nlink 0)
// and goes away with its last descriptor. "EINVAL ... O_TMPFILE ... and
// neither O_WRONLY nor O_RDWR" (Linux's build_open_flags).
KResult<File*> open_unnamed(int dirfd, const char* path, size_t length, int flags, uint32_t mode) {
  if ((flags & kOpenTmpFile) != kOpenTmpFile || (flags & kOpenAccessMode) == kOpenReadOnly) return KError{EINVAL};
  InodeRef dir = TRY(resolve_at(dirfd, path, length, kFollowFinalSymlink));
  if (!dir->is_directory()) return KError{ENOTDIR};
  uint32_t permissions = mode & kModePermissionMask & ~proc::current()->umask;
  InodeRef inode = TRY(create_unnamed(dir.get(), InodeType::Regular, permissions));
  return open_inode(inode.get(), flags & ~kOpenTmpFile);
}
}  // namespace

KResult<File*> open_at(int dirfd, const char* path, size_t length, int flags, uint32_t mode) {
  // open(2): "EINVAL ... O_CREAT and O_DIRECTORY were both specified"
  // (Linux since 6.4; before, the pair made a regular file and failed).
  if ((flags & (kOpenCreate | kOpenDirectory)) == (kOpenCreate | kOpenDirectory)) return KError{EINVAL};
  if (flags & (kOpenTmpFile & ~kOpenDirectory)) return open_unnamed(dirfd, path, length, flags, mode);
  // Access mode 3 is Linux's "neither read nor write": it asks for both
  // permissions and gives a descriptor for neither (only ioctl, fstat...).
  int access = flags & kOpenAccessMode;
  bool creating = flags & kOpenCreate;
  bool exclusive = creating && (flags & kOpenExclusive);

  // open(2), O_EXCL: "If pathname is a symbolic link, open fails regardless
  // of where it points": so with O_CREAT|O_EXCL the link itself is the final
  // component. Without O_EXCL, O_CREAT through a dangling link creates the
  // file it points to.
  int walk_flags = (flags & kOpenNoFollow) || exclusive ? 0 : kFollowFinalSymlink;
  WalkResult where;
  TRY(walk_at(dirfd, path, length, walk_flags, &where));
  const Credentials& cred = current_credentials();

  InodeRef inode = where.inode;
  if (!inode) {
    if (!creating) return KError{ENOENT};
    // Linux: O_CREAT on "name/" that does not exist is EISDIR (a regular
    // file cannot be created under a name that asks for a directory).
    if (where.trailing_slash) return KError{EISDIR};
    uint32_t permissions = mode & kModePermissionMask & ~proc::current()->umask;
    inode = TRY(create_node(where, InodeType::Regular, permissions));
    // A file created by this open is opened with the access mode asked for,
    // whatever its new permission bits say (open(2), O_CREAT).
    return open_inode(inode.get(), flags);
  }

  // open(2): "EEXIST pathname already exists and O_CREAT and O_EXCL were used."
  if (exclusive) return KError{EEXIST};
  // "EISDIR pathname refers to a directory and ... O_CREAT" (Linux's do_open).
  if (creating && inode->is_directory()) return KError{EISDIR};
  // "ENOTDIR ... O_DIRECTORY was specified and pathname was not a directory."
  if ((flags & kOpenDirectory) && !inode->is_directory()) return KError{ENOTDIR};
  // "ELOOP ... O_NOFOLLOW was specified but pathname was a symbolic link."
  if (inode->is_symlink()) return KError{ELOOP};

  // O_TRUNC needs write permission even with O_RDONLY (Linux truncates then).
  bool truncating = (flags & kOpenTruncate) && inode->is_regular();
  int mask = 0;
  if (access != kOpenWriteOnly) mask |= kMayRead;
  if (access != kOpenReadOnly || truncating) mask |= kMayWrite;
  // "EISDIR pathname refers to a directory and the access requested
  // involved writing".
  if (inode->is_directory() && ((mask & kMayWrite) || (flags & kOpenTruncate))) return KError{EISDIR};
  TRY(check_permission(inode.get(), cred, mask));

  if (truncating) remove_privileges(inode.get(), cred);  // open(2) O_TRUNC is a truncate
  if (truncating && inode->size() != 0) {
    TRY(inode->data.truncate(0));
    inode->touch_modified();
  }
  return open_inode(inode.get(), flags);
}

KResult<File*> open(const char* path, int flags, uint32_t mode) {
  size_t length = strnlen(path, path::kPathMax + 1);
  if (length > path::kPathMax) return KError{ENAMETOOLONG};
  return open_at(kAtCurrentDirectory, path, length, flags, mode);
}

KResult<File*> open_executable(const char* path) {
  size_t length = strnlen(path, path::kPathMax + 1);
  if (length > path::kPathMax) return KError{ENAMETOOLONG};
  InodeRef inode = TRY(resolve_at(kAtCurrentDirectory, path, length, kFollowFinalSymlink));
  // execve(2): "EACCES The file or a script interpreter is not a regular
  // file" and "EACCES Execute permission is denied for the file". Reading
  // the program needs no read permission: the kernel reads it, not the caller.
  if (!inode->is_regular()) return KError{EACCES};
  TRY(check_permission(inode.get(), current_credentials(), kMayExecute));
  return open_inode(inode.get(), kOpenReadOnly);
}

KResult<File*> open_console() {
  File* console = TRY(open("/dev/console", kOpenReadWrite | kOpenNoControllingTty, 0));
  // PID 1's descriptors are opened by the boot thread, which belongs to no
  // process group; init's group (1) takes the terminal, as a session
  // leader opening its controlling terminal would.
  if (tty::foreground_group() == 0) tty::set_foreground_group(1);
  return console;
}

}  // namespace fs
