// What travels between two UNIX-domain sockets: messages, queued at the
// receiver. A stream socket's bytes are messages too (each write one), read
// across message boundaries; a datagram or a SOCK_SEQPACKET record is one
// message, read whole or cut (MSG_TRUNC).
//
// A message may carry descriptors (SCM_RIGHTS): the Files themselves, each
// with a reference of its own, "in flight" until recvmsg(2) installs them
// or the message is destroyed unread (then they are simply released, so a
// receiver that never reads leaks nothing).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/file.h"
#include "net/unix/unix_address.h"

namespace net {

// struct ucred: who a process is, for SO_PEERCRED and SCM_CREDENTIALS.
// The defaults (pid 0, ids -1) are an unconnected socket's SO_PEERCRED.
struct UnixCredentials {
  int32_t pid = 0;
  uint32_t uid = uint32_t(-1);
  uint32_t gid = uint32_t(-1);
  bool operator==(const UnixCredentials& other) const {
    return pid == other.pid && uid == other.uid && gid == other.gid;
  }
};
static_assert(sizeof(UnixCredentials) == 12, "struct ucred's layout");

struct UnixMessage {
  UnixMessage* next = nullptr;
  size_t size = 0;      // bytes of data, after the header
  size_t consumed = 0;  // stream: bytes already read from the front
  uint64_t sender_id = 0;  // the sending socket (datagram peer filtering)
  UnixName sender_name;    // what recvfrom(2) reports
  fs::File** files = nullptr;  // SCM_RIGHTS, `file_count` references (heap array)
  int file_count = 0;
  // SCM_CREDENTIALS: who sent it (unix_rights.cpp says when a message has
  // them); pid 0 when it has none.
  UnixCredentials credentials;

  uint8_t* data() { return reinterpret_cast<uint8_t*>(this + 1); }
  size_t unread() const { return size - consumed; }

  // Descriptors held by all messages, everywhere: while there are none,
  // no UNIX socket can be garbage (unix_rights.cpp).
  static size_t files_in_flight;

  // A message with room for `size` bytes of data; nullptr without memory.
  static UnixMessage* create(size_t size);
  // Frees the message and releases any descriptors still in it.
  static void destroy(UnixMessage* message);
};

// A FIFO of messages and the bytes they hold.
class MessageQueue {
 public:
  ~MessageQueue() { purge(); }
  bool empty() const { return head_ == nullptr; }
  UnixMessage* front() const { return head_; }
  size_t bytes() const { return bytes_; }   // unread data bytes
  size_t count() const { return count_; }
  // What the queue costs against its limit: data plus a header per message,
  // so that empty datagrams cannot queue without bound.
  size_t charge() const { return bytes_ + count_ * kMessageCharge; }
  static constexpr size_t kMessageCharge = 64;

  void push(UnixMessage* message);
  UnixMessage* pop();             // the front message, now the caller's
  void consumed(size_t n);        // n bytes of the front message were read (stream)
  void purge();                   // destroys every message
  // Destroys the messages for which drop(message) is true.
  template <typename Drop>
  void remove_if(Drop drop) {
    UnixMessage** link = &head_;
    tail_ = nullptr;
    while (UnixMessage* m = *link) {
      if (drop(m)) {
        *link = m->next;
        bytes_ -= m->unread();
        count_--;
        UnixMessage::destroy(m);
      } else {
        tail_ = m;
        link = &m->next;
      }
    }
  }
  // For the descriptor-passing garbage collector (unix_rights.cpp).
  template <typename Visit>
  void for_each(Visit visit) const {
    for (UnixMessage* m = head_; m; m = m->next) visit(m);
  }

 private:
  UnixMessage* head_ = nullptr;
  UnixMessage* tail_ = nullptr;
  size_t bytes_ = 0;
  size_t count_ = 0;
};

}  // namespace net
