// Unpacking the initrd into the ramfs. The kernel does this as itself, at
// boot: no permission checks, and the archive's ids are kept as they are.
#include "kernel/fs/initrd.h"

#include "kernel/fs/inode.h"
#include "kernel/lib/cpio.h"
#include "kernel/lib/path.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "kernel/printk.h"

namespace fs {
namespace {

// The archive entry, with the file type taken apart from the permissions.
void set_attributes(Inode* inode, const cpio::Entry& e) {
  inode->permissions = e.mode & kModePermissionMask;
  inode->uid = e.uid;
  inode->gid = e.gid;
  // Linux's initramfs sets both atime and mtime to the archive's mtime.
  inode->atime_ns = inode->mtime_ns = uint64_t(e.mtime) * 1000000000ull;
}

// Adds a new inode under dir/name; the caller removed any earlier entry.
KResult<Inode*> add(Inode* dir, const char* name, size_t length, InodeType type) {
  InodeRef inode = InodeRef::adopt(Inode::create(type, 0, 0, 0));
  if (!inode) return KError{ENOMEM};
  TRY(link_child(dir, name, length, inode.get()));
  return inode.get();  // the entry keeps it alive once our reference goes
}

// The directory that will hold the entry's last component: walks the
// entry's path from the root, making directories that are missing.
// ENOTDIR if a component is not a directory.
KResult<Inode*> parent_directory(path::ComponentIterator& components, const char** name, size_t* length) {
  Inode* dir = root();
  for (;;) {
    int next = components.next(name, length);
    if (next < 0) return KError{ENAMETOOLONG};
    if (next == 0) return KError{EINVAL};  // a name of slashes only
    if (components.at_end()) return dir;
    Inode* child;
    if (path::is_dot(*name, *length)) child = dir;
    else if (path::is_dot_dot(*name, *length)) child = dir->parent ? dir->parent : dir;
    else child = dir->entries.find(*name, *length);
    if (!child) {
      child = TRY(add(dir, *name, *length, InodeType::Directory));
      child->permissions = 0755;
    }
    if (!child->is_directory()) return KError{ENOTDIR};
    dir = child;
  }
}

KStatus add_entry(const cpio::Entry& e) {
  uint32_t type_bits = e.mode & kModeTypeMask;
  if (e.name_len == 0) {  // "." itself: the archive describes the root
    if (type_bits == kModeDirectory) set_attributes(root(), e);
    return ok();
  }

  InodeType type;
  switch (type_bits) {
    case kModeDirectory: type = InodeType::Directory; break;
    case kModeRegular: type = InodeType::Regular; break;
    case kModeSymlink: type = InodeType::Symlink; break;
    case kModeFifo: type = InodeType::Fifo; break;
    default: return KError{ENODEV};  // devices and sockets: not from an archive
  }

  path::ComponentIterator components(e.name, e.name_len);
  const char* name;
  size_t length;
  Inode* dir = TRY(parent_directory(components, &name, &length));
  if (path::is_dot(name, length) || path::is_dot_dot(name, length)) return ok();

  Inode* existing = dir->entries.find(name, length);
  if (existing && existing->is_directory() && type == InodeType::Directory) {
    set_attributes(existing, e);  // a directory listed again: new attributes, same contents
    return ok();
  }
  if (existing) {
    // Replace what was there. A directory with contents is not thrown away
    // for a file of the same name (Linux's initramfs refuses too).
    if (existing->is_directory() && !existing->entries.empty()) return KError{EEXIST};
    unlink_child(dir, name, length);
  }

  Inode* inode = TRY(add(dir, name, length, type));
  set_attributes(inode, e);
  if (type == InodeType::Regular) {
    // IoBuffer wants a mutable pointer; reading from it never writes.
    KResult<size_t> written = inode->data.write(0, IoBuffer::kernel(const_cast<uint8_t*>(e.data)), e.size);
    if (written.is_error()) return KError{written.error()};
  } else if (type == InodeType::Symlink) {
    if (e.size == 0 || e.size > path::kPathMax) return KError{ENAMETOOLONG};
    inode->symlink_target = static_cast<char*>(kmalloc(e.size + 1));
    if (!inode->symlink_target) return KError{ENOMEM};
    memcpy(inode->symlink_target, e.data, e.size);
    inode->symlink_target[e.size] = '\0';
    inode->symlink_length = e.size;
  }
  return ok();
}
}  // namespace

KStatus unpack_initrd(const uint8_t* data, size_t size) {
  cpio::Reader reader(data, size);
  cpio::Entry entry;
  int result;
  while ((result = reader.next(&entry)) == 1) {
    KStatus added = add_entry(entry);
    if (added.is_error()) {
      if (added.error() == ENOMEM) return added;
      printk("initrd: skipping %s (errno %d)", entry.name, added.error());
    }
  }
  if (result < 0) return KError{-result};
  return ok();
}

}  // namespace fs
