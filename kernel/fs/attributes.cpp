// What is recorded about a file besides its bytes and names: the target of
// a symbolic link, permission bits, owner and group, size, times; and
// access(2), which asks the permission bits a question without opening.
#include "kernel/fs/file_size_limit.h"
#include "kernel/fs/permission.h"
#include "kernel/fs/vfs.h"
#include "kernel/time.h"

namespace fs {
namespace {
// utimensat(2)'s special tv_nsec values.
constexpr int64_t kUtimeNow = (1l << 30) - 1;
constexpr int64_t kUtimeOmit = (1l << 30) - 2;
}  // namespace

KResult<size_t> read_link(int dirfd, const char* path, size_t length, const IoBuffer& buffer, size_t size) {
  if (size == 0) return KError{EINVAL};  // readlink(2): "EINVAL bufsiz is not positive"
  InodeRef inode = TRY(resolve_at(dirfd, path, length, 0));
  // "EINVAL The named file is not a symbolic link."
  if (!inode->is_symlink()) return KError{EINVAL};
  // "readlink() does not append a terminating null byte. It will (silently)
  // truncate the contents ... in case the buffer is too small".
  size_t n = inode->symlink_length < size ? inode->symlink_length : size;
  TRY(buffer.write_from(0, inode->symlink_target, n));
  inode->touch_accessed();
  return n;
}

KStatus check_access(int dirfd, const char* path, size_t length, int mode, int flags, Inode* inode) {
  // access(2): "The check is done using the calling process's real UID and
  // GID, rather than the effective IDs" (so a set-user-ID program can ask
  // what its invoker may do). The whole walk is done as that identity.
  Credentials cred = current_credentials();
  if (!(flags & kAtEffectiveIds)) {
    cred.euid = cred.uid;
    cred.egid = cred.gid;
  }
  if (inode) return mode == 0 ? ok() : check_permission(inode, cred, mode);
  if (length == 0) return KError{ENOENT};
  InodeRef start;
  if (!path::is_absolute(path, length)) start = TRY(directory_for_fd(dirfd));
  WalkResult where;
  int walk_flags = (flags & kAtSymlinkNoFollow) ? 0 : kFollowFinalSymlink;
  TRY(walk(start.get(), path, length, cred, walk_flags, &where));
  if (!where.inode) return KError{ENOENT};
  if (mode == 0) return ok();  // F_OK: it exists, which the walk showed
  return check_permission(where.inode.get(), cred, mode);
}

KStatus change_mode(Inode* inode, uint32_t mode) {
  const Credentials& cred = current_credentials();
  // chmod(2): "EPERM The effective UID does not match the owner of the file,
  // and the process is not privileged".
  if (!is_owner_or_root(inode, cred)) return KError{EPERM};
  inode->permissions = effective_chmod_bits(inode, cred, mode);
  inode->touch_changed();
  return ok();
}

KStatus change_owner(Inode* inode, uint32_t uid, uint32_t gid) {
  TRY(check_chown(inode, current_credentials(), uid, gid));
  if (uid != uint32_t(-1)) inode->uid = uid;
  if (gid != uint32_t(-1)) inode->gid = gid;
  // chown(2): "When the owner or group of an executable file is changed ...
  // the S_ISUID and S_ISGID mode bits are cleared." Linux does it for every
  // non-directory, root's calls included; S_ISGID without group execute
  // (mandatory locking's old mark) stays.
  if (!inode->is_directory()) {
    inode->permissions &= ~kModeSetUid;
    if (inode->permissions & kModeGroupExecute) inode->permissions &= ~kModeSetGid;
  }
  inode->touch_changed();
  return ok();
}

KStatus truncate_inode(Inode* inode, int64_t length) {
  // truncate(2): "EINVAL The argument length is negative", "EISDIR The named
  // file is a directory", "EINVAL ... not a regular file" (Linux's order).
  if (length < 0) return KError{EINVAL};
  if (inode->is_directory()) return KError{EISDIR};
  if (!inode->is_regular()) return KError{EINVAL};
  TRY(check_permission(inode, current_credentials(), kMayWrite));
  TRY(check_new_size(inode, uint64_t(length)));  // RLIMIT_FSIZE: SIGXFSZ and EFBIG
  remove_privileges(inode, current_credentials());
  TRY(inode->data.truncate(uint64_t(length)));
  inode->touch_modified();
  return ok();
}

KStatus set_times(Inode* inode, const LinuxTimespec* times) {
  LinuxTimespec now_both[2] = {{0, kUtimeNow}, {0, kUtimeNow}};
  if (!times) times = now_both;
  for (int i = 0; i < 2; i++) {
    int64_t ns = times[i].tv_nsec;
    if (ns != kUtimeNow && ns != kUtimeOmit && (ns < 0 || ns > 999999999)) return KError{EINVAL};
  }
  bool omit_atime = times[0].tv_nsec == kUtimeOmit, omit_mtime = times[1].tv_nsec == kUtimeOmit;
  if (omit_atime && omit_mtime) return ok();

  // utimensat(2): setting both to "now" needs write permission or
  // ownership (EACCES); any explicit time needs ownership (EPERM).
  const Credentials& cred = current_credentials();
  bool only_now = (omit_atime || times[0].tv_nsec == kUtimeNow) && (omit_mtime || times[1].tv_nsec == kUtimeNow);
  if (!is_owner_or_root(inode, cred)) {
    if (!only_now) return KError{EPERM};
    TRY(check_permission(inode, cred, kMayWrite));
  }

  uint64_t now = time::realtime_ns();
  auto value = [now](const LinuxTimespec& t) {
    return t.tv_nsec == kUtimeNow ? now : uint64_t(t.tv_sec) * 1000000000ull + uint64_t(t.tv_nsec);
  };
  if (!omit_atime) inode->atime_ns = value(times[0]);
  if (!omit_mtime) inode->mtime_ns = value(times[1]);
  inode->ctime_ns = now;
  return ok();
}

}  // namespace fs
