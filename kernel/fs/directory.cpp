// Directory entries as a singly linked list. A ramfs directory rarely holds
// more than a few dozen names, so a linear search is the honest choice.
#include "kernel/fs/directory.h"

#include "kernel/lib/new.h"
#include "kernel/lib/string.h"

namespace fs {

DirEntry* Directory::find_entry(const char* name, size_t length) const {
  for (DirEntry* e = first_; e; e = e->next)
    if (e->name_length == length && memcmp(e->name, name, length) == 0) return e;
  return nullptr;
}

Inode* Directory::find(const char* name, size_t length) const {
  DirEntry* e = find_entry(name, length);
  return e ? e->inode : nullptr;
}

KStatus Directory::add(const char* name, size_t length, Inode* inode) {
  if (length == 0 || length > path::kNameMax) return KError{ENAMETOOLONG};
  auto* e = new DirEntry;
  if (!e) return KError{ENOMEM};
  e->next = nullptr;
  e->inode = inode;
  e->cookie = next_cookie_++;
  e->name_length = uint8_t(length);
  memcpy(e->name, name, length);
  e->name[length] = '\0';
  // Appending keeps the list in cookie order, which first_at_or_after needs.
  if (last_) last_->next = e;
  else first_ = e;
  last_ = e;
  count_++;
  return ok();
}

Inode* Directory::remove(const char* name, size_t length) {
  DirEntry* previous = nullptr;
  for (DirEntry* e = first_; e; previous = e, e = e->next) {
    if (e->name_length != length || memcmp(e->name, name, length) != 0) continue;
    if (previous) previous->next = e->next;
    else first_ = e->next;
    if (last_ == e) last_ = previous;
    count_--;
    Inode* inode = e->inode;
    delete e;
    return inode;
  }
  return nullptr;
}

void Directory::replace(const char* name, size_t length, Inode* inode) {
  DirEntry* e = find_entry(name, length);
  if (e) e->inode = inode;
}

const DirEntry* Directory::first_at_or_after(uint64_t cookie) const {
  for (DirEntry* e = first_; e; e = e->next)
    if (e->cookie >= cookie) return e;
  return nullptr;
}

const DirEntry* Directory::find_inode(const Inode* inode) const {
  for (DirEntry* e = first_; e; e = e->next)
    if (e->inode == inode) return e;
  return nullptr;
}

}  // namespace fs
