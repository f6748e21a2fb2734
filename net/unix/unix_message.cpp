#include "net/unix/unix_message.h"

#include "kernel/lib/new.h"
#include "kernel/mm/heap.h"
#include "kernel/panic.h"

namespace net {

size_t UnixMessage::files_in_flight = 0;

UnixMessage* UnixMessage::create(size_t size) {
  void* memory = kmalloc(sizeof(UnixMessage) + size);
  if (!memory) return nullptr;
  UnixMessage* message = new (memory) UnixMessage;
  message->size = size;
  return message;
}

void UnixMessage::destroy(UnixMessage* message) {
  // Free the message first: releasing a descriptor may close a socket, and
  // with it run anything (another socket's destructor, the collector).
  fs::File** files = message->files;
  int count = message->file_count;
  files_in_flight -= size_t(count);
  message->~UnixMessage();
  kfree(message);
  for (int i = 0; i < count; i++) fs::release(files[i]);
  kfree(files);
}

void MessageQueue::push(UnixMessage* message) {
  message->next = nullptr;
  if (tail_) tail_->next = message;
  else head_ = message;
  tail_ = message;
  bytes_ += message->unread();
  count_++;
}

UnixMessage* MessageQueue::pop() {
  UnixMessage* message = head_;
  if (!message) return nullptr;
  head_ = message->next;
  if (!head_) tail_ = nullptr;
  bytes_ -= message->unread();
  count_--;
  message->next = nullptr;
  return message;
}

void MessageQueue::consumed(size_t n) {
  KASSERT(head_ && n <= head_->unread());
  head_->consumed += n;
  bytes_ -= n;
  // A fully read message goes (its descriptors, if any, were taken or
  // released by the reader before).
  if (head_->unread() == 0) UnixMessage::destroy(pop());
}

void MessageQueue::purge() {
  while (!empty()) UnixMessage::destroy(pop());
}

}  // namespace net
