// Who may do what to an inode: the classic UNIX owner/group/other check, and
// the rules for changing mode and owner. Every permission decision in the
// VFS (the path walk, open, unlink, exec, and later bind/connect on UNIX
// sockets) goes through these functions.
#pragma once
#include <stdint.h>

#include "kernel/lib/kresult.h"
#include "kernel/proc/credentials.h"

namespace fs {

class Inode;

// The `mask` bits, as access(2) numbers them.
constexpr int kMayExecute = 1;  // for a directory: search (walk through it)
constexpr int kMayWrite = 2;
constexpr int kMayRead = 4;

// 0 or EACCES. Uses the effective ids (access(2) builds credentials from
// the real ones and calls this).
KStatus check_permission(const Inode* inode, const Credentials& cred, int mask);

// The caller owns the inode or is root: what chmod, utimensat with explicit
// times, and the sticky-bit rule ask.
bool is_owner_or_root(const Inode* inode, const Credentials& cred);

// Removing or renaming `victim` out of `dir` (write and search on dir were
// already checked): with the sticky bit on dir (/tmp), only the owner of
// the victim or of dir, or root, may (unlink(2): EPERM). 0 or EPERM.
KStatus check_sticky(const Inode* dir, const Inode* victim, const Credentials& cred);

// chown(2): the new ids (uint32_t(-1) = unchanged) are allowed for the caller:
// only root changes the owner; the owner may change the group to one of its
// own groups. 0 or EPERM.
KStatus check_chown(const Inode* inode, const Credentials& cred, uint32_t new_uid, uint32_t new_gid);

// chmod(2): the mode bits actually set. A caller outside the file's group
// cannot set S_ISGID on it (the bit is cleared silently, as Linux does).
uint32_t effective_chmod_bits(const Inode* inode, const Credentials& cred, uint32_t mode);

// Linux's file_remove_privs (fs/inode.c, should_remove_suid), on a write
// or truncate of a regular file: a caller without CAP_FSETID (not root)
// clears S_ISUID, and S_ISGID when group-execute is set too (S_ISGID
// without it is the old mandatory-locking mark and stays). Changes ctime
// when it clears something.
void remove_privileges(Inode* inode, const Credentials& cred);

}  // namespace fs
