// PollSet: the entries, their references and their watchers (see poll.h).
#include "kernel/fs/poll.h"

#include "kernel/lib/new.h"
#include "kernel/mm/heap.h"

namespace fs {

PollSet::PollSet(size_t slots) : slots_(slots) {
  if (slots == 0) return;
  // kmalloc, not new[]: the kernel's operator new may return nullptr, and
  // only an explicit check can turn that into ENOMEM. Up to 1024 entries
  // (48 KiB): too much for a kernel stack.
  void* memory = kmalloc(slots * sizeof(Entry));
  if (!memory) return;
  entries_ = static_cast<Entry*>(memory);
  for (size_t i = 0; i < slots; i++) new (&entries_[i]) Entry;
}

PollSet::~PollSet() {
  if (!entries_) return;
  unsubscribe_all();  // first: while every Readiness is surely still alive
  for (size_t i = 0; i < slots_; i++) {
    release(entries_[i].file);
    entries_[i].~Entry();
  }
  kfree(entries_);
}

void PollSet::set(size_t i, File* file) {
  file->ref();
  entries_[i].file = file;
  entries_[i].queue = &queue_;
}

void PollSet::subscribe_all() {
  for (size_t i = 0; i < slots_; i++) {
    Entry& e = entries_[i];
    if (!e.file) continue;
    // nullptr: the file's answer never changes (a regular file, /dev/null),
    // so there is nothing to hear about. The same File may sit in several
    // slots (poll on fd and on its dup): each slot has its own watcher.
    Readiness* r = e.file->readiness();
    if (!r) continue;
    r->add_watcher(&e);
    e.subscribed = r;
  }
  subscribed_ = true;
}

void PollSet::unsubscribe_all() {
  for (size_t i = 0; i < slots_; i++) {
    Entry& e = entries_[i];
    if (!e.subscribed) continue;
    e.subscribed->remove_watcher(&e);
    e.subscribed = nullptr;
  }
  subscribed_ = false;
}

}  // namespace fs
