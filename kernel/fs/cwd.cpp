// The current working directory: where relative paths start. A process
// holds a reference to its cwd inode (Process::cwd), so the directory
// survives being removed while a process sits in it; it just cannot get new
// entries any more, and getcwd fails with ENOENT.
#include "kernel/fs/generated.h"
#include "kernel/fs/permission.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"

namespace fs {
namespace {
// Linux's PATH_MAX: getcwd builds the path in a buffer this size.
constexpr size_t kCwdBufferSize = 4096;

// The name under which dir holds the directory child (false if none). A
// generated directory (/proc) stores no entries; its entries are listed
// and matched by inode number, which procfs keeps the same for a name.
bool name_in_parent(Inode* dir, const Inode* child, const char** name, size_t* length, GeneratedEntry* scratch) {
  if (!dir->generated) {
    const DirEntry* entry = dir->entries.find_inode(child);
    if (!entry) return false;
    *name = entry->name, *length = entry->name_length;
    return true;
  }
  for (uint64_t position = Directory::kFirstEntryCookie;
       dir->generated->entry_at_or_after(dir, position, scratch); position = scratch->position + 1) {
    if (scratch->ino == child->ino) {
      *name = scratch->name, *length = scratch->name_length;
      return true;
    }
  }
  return false;
}
}  // namespace

KStatus change_directory(Inode* inode) {
  // chdir(2): "ENOTDIR A component of path is not a directory", "EACCES
  // Search permission is denied for one of the components of path".
  if (!inode->is_directory()) return KError{ENOTDIR};
  TRY(check_permission(inode, current_credentials(), kMayExecute));
  proc::Process* self = proc::current();
  inode->ref();
  Inode* old = self->cwd;
  self->cwd = inode;
  if (old) old->unref();
  return ok();
}

KResult<size_t> current_directory_path(const IoBuffer& buffer, size_t size) {
  proc::Process* self = proc::current();
  Inode* dir = self->cwd ? self->cwd : root();
  // getcwd(3): "ENOENT The current working directory has been unlinked."
  if (dir->is_dead_directory()) return KError{ENOENT};

  // Climb to the root, writing names from the end of the buffer backwards.
  char* scratch = static_cast<char*>(kmalloc(kCwdBufferSize));
  if (!scratch) return KError{ENOMEM};
  size_t start = kCwdBufferSize;
  scratch[--start] = '\0';
  int error = 0;
  GeneratedEntry generated;
  for (Inode* d = dir; d->parent; d = d->parent) {
    const char* name;
    size_t name_length;
    if (!name_in_parent(d->parent, d, &name, &name_length, &generated)) {
      error = ENOENT;
      break;
    }
    if (start < name_length + 2) {
      error = ENAMETOOLONG;
      break;
    }
    start -= name_length;
    memcpy(scratch + start, name, name_length);
    scratch[--start] = '/';
  }
  if (!error && start == kCwdBufferSize - 1) scratch[--start] = '/';  // the root itself

  size_t length = kCwdBufferSize - start;  // with the NUL
  // getcwd(2): "ERANGE The size argument is less than the length of the
  // absolute pathname of the working directory, including the terminating
  // null byte."
  if (!error && length > size) error = ERANGE;
  if (!error && buffer.write_from(0, scratch + start, length).is_error()) error = EFAULT;
  kfree(scratch);
  if (error) return KError{error};
  return length;
}

}  // namespace fs
