// Permission checks, following Linux's generic_permission() (fs/namei.c).
#include "kernel/fs/permission.h"

#include "kernel/fs/inode.h"

namespace fs {

KStatus check_permission(const Inode* inode, const Credentials& cred, int mask) {
  uint32_t bits = inode->permissions;

  if (cred.is_root()) {
    // Root passes read and write checks, and searches any directory
    // (CAP_DAC_OVERRIDE). Executing a file still needs one x bit somewhere:
    // root must not run a file nobody marked as a program.
    if (!(mask & kMayExecute) || inode->is_directory()) return ok();
    return (bits & 0111) ? ok() : KStatus(KError{EACCES});
  }

  // Exactly one class applies, the first that matches: the owner's bits
  // count for the owner even when "other" would allow more.
  uint32_t granted;
  if (cred.euid == inode->uid) granted = (bits >> 6) & 7;
  else if (cred.in_group(inode->gid)) granted = (bits >> 3) & 7;
  else granted = bits & 7;

  if ((granted & uint32_t(mask)) != uint32_t(mask)) return KError{EACCES};
  return ok();
}

bool is_owner_or_root(const Inode* inode, const Credentials& cred) {
  return cred.is_root() || cred.euid == inode->uid;
}

KStatus check_sticky(const Inode* dir, const Inode* victim, const Credentials& cred) {
  if (!(dir->permissions & kModeSticky)) return ok();
  if (cred.is_root() || cred.euid == victim->uid || cred.euid == dir->uid) return ok();
  return KError{EPERM};
}

KStatus check_chown(const Inode* inode, const Credentials& cred, uint32_t new_uid, uint32_t new_gid) {
  if (cred.is_root()) return ok();
  constexpr uint32_t kUnchanged = uint32_t(-1);
  bool owner = cred.euid == inode->uid;
  // chown(2): "Only a privileged process may change the owner of a file."
  // The owner naming itself again is not a change (Linux's chown_ok()).
  if (new_uid != kUnchanged && !(owner && new_uid == inode->uid)) return KError{EPERM};
  // "The owner of a file may change the group of the file to any group of
  // which that owner is a member" (Linux's chgrp_ok()).
  if (new_gid != kUnchanged && !(owner && (new_gid == inode->gid || cred.in_group(new_gid))))
    return KError{EPERM};
  return ok();
}

uint32_t effective_chmod_bits(const Inode* inode, const Credentials& cred, uint32_t mode) {
  mode &= kModePermissionMask;
  if (!cred.is_root() && !cred.in_group(inode->gid)) mode &= ~kModeSetGid;
  return mode;
}

void remove_privileges(Inode* inode, const Credentials& cred) {
  if (!inode->is_regular() || cred.is_root()) return;
  uint32_t clear = kModeSetUid;
  // Set-group-ID without group-execute once marked mandatory locking, so
  // it survived a write; since Linux 6.2 (setattr_should_drop_sgid) it
  // survives only a writer in the file's group.
  if ((inode->permissions & kModeGroupExecute) || !cred.in_group(inode->gid)) clear |= kModeSetGid;
  if (!(inode->permissions & clear)) return;
  inode->permissions &= ~clear;
  inode->touch_changed();
}

}  // namespace fs
