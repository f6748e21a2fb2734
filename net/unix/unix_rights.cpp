// Passing descriptors (unix(7) SCM_RIGHTS) and collecting the garbage it
// can make.
//
// sendmsg(2) turns each descriptor of an SCM_RIGHTS message into a counted
// reference to its File, carried by the first message of the data; the
// File lives on, "in flight", even if the sender closes it. recvmsg(2)
// installs each in the receiver's table as a new descriptor (FD_CLOEXEC
// with MSG_CMSG_CLOEXEC) and writes their numbers in an SCM_RIGHTS message;
// what does not fit in msg_control (or finds no free slot) is released and
// msg_flags gets MSG_CTRUNC. A message destroyed unread releases its files.
//
// Cycles: a socket sent over itself (or A over B and B over A), then
// closed, is held only by messages in its own queue: nobody can read them,
// nothing frees them. The collector finds such sockets the classic way
// (Linux's unix_gc): a UNIX socket whose references all come from messages
// in flight is a candidate; a candidate that a message in the queue of a
// live socket holds is live, transitively; the candidates left are
// garbage, and their queues are emptied, which releases everything. It runs
// whenever a reference to a UNIX socket is dropped while any descriptor is
// in flight.
#include "net/unix/unix_rights.h"

#include "kernel/fs/fd_table.h"
#include "kernel/mm/heap.h"
#include "kernel/proc/process.h"

namespace net {

KResult<size_t> UnixSocket::send_message(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to,
                                         const ControlInput& control) {
  Attachment attachment;
  // Linux's __scm_send: messages of other levels are not the socket
  // layer's (ignored); at SOL_SOCKET, SCM_RIGHTS carries descriptors,
  // SCM_CREDENTIALS credentials (unix_credentials.cpp), anything else is EINVAL.
  KStatus collected = control.for_each([&](const ControlHeader& header, const uint8_t* data, size_t length) -> KStatus {
    if (header.level != abi::kSolSocket) return ok();
    if (header.type == abi::kScmCredentials) return claim_credentials(data, length, &attachment.credentials);
    if (header.type != abi::kScmRights) return KError{EINVAL};
    int count = int(length / sizeof(int));
    // Linux: an empty list, or more than SCM_MAX_FD in all, is EINVAL.
    if (count == 0 || attachment.count + count > kMaxFilesPerMessage) return KError{EINVAL};
    // Exactly as many slots as descriptors: a message may wait in a queue
    // for a long time.
    auto* grown = static_cast<fs::File**>(kmalloc(sizeof(fs::File*) * size_t(attachment.count + count)));
    if (!grown) return KError{ENOMEM};
    if (attachment.files) {
      __builtin_memcpy(grown, attachment.files, sizeof(fs::File*) * size_t(attachment.count));
      kfree(attachment.files);
    }
    attachment.files = grown;
    for (int i = 0; i < count; i++) {
      int fd;
      __builtin_memcpy(&fd, data + i * sizeof(int), sizeof fd);
      fs::FileRef file = TRY(proc::current()->files->get(fd));  // EBADF
      attachment.files[attachment.count++] = file.leak();
    }
    return ok();
  });
  KResult<size_t> result = collected.is_error() ? KResult<size_t>(KError{collected.error()})
                                                : send_with(buffer, n, flags, to, &attachment);
  // Descriptors no message took (an error, or a stream send of 0 bytes):
  // the sender still has them; drop our references.
  if (attachment.files) {
    for (int i = 0; i < attachment.count; i++) fs::release(attachment.files[i]);
    kfree(attachment.files);
  }
  return result;
}

KResult<size_t> UnixSocket::receive_message(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                            int* message_flags, ControlOutput* control) {
  Received received;
  received.control = control;
  return receive_with(buffer, n, flags, from, message_flags, &received);
}

void UnixSocket::hand_over_files(UnixMessage* message, bool peek, Received* received, int* message_flags) {
  int count = message->file_count;
  fs::File** files = message->files;
  if (!peek) {  // the files leave the message: ours now
    message->files = nullptr;
    message->file_count = 0;
    UnixMessage::files_in_flight -= size_t(count);
  }
  ControlOutput* control = received ? received->control : nullptr;
  size_t room = 0;
  if (control && control->capacity >= control->length + sizeof(ControlHeader))
    room = (control->capacity - control->length - sizeof(ControlHeader)) / sizeof(int);
  int fds[kMaxFilesPerMessage];
  int installed = 0;
  for (int i = 0; i < count; i++) {
    fs::File* file = files[i];
    if (peek) file->ref();  // MSG_PEEK: new descriptors, the message keeps its own
    if (size_t(installed) < room) {
      KResult<int> fd = proc::current()->files->install(file, control->close_on_exec);
      if (!fd.is_error()) {
        fds[installed++] = fd.value();
        continue;
      }
    }
    fs::release(file);  // no room in msg_control, or no free descriptor: recvmsg(2) MSG_CTRUNC
  }
  if (installed) control->append(abi::kSolSocket, abi::kScmRights, fds, size_t(installed) * sizeof(int));
  if (installed < count) *message_flags |= abi::kMsgCtrunc;
  if (!peek) kfree(files);
}

void UnixSocket::collect_garbage() {
  static bool running = false;
  if (running || UnixMessage::files_in_flight == 0) return;
  running = true;
  auto unix_socket_of = [](fs::File* file) -> UnixSocket* {
    UnixSocket* found = nullptr;
    for_each_socket([&](UnixSocket* s) {
      if (static_cast<fs::File*>(s) == file) found = s;
    });
    return found;
  };
  auto for_each_file = [](UnixSocket* s, auto visit) {
    s->queue_.for_each([&](UnixMessage* m) {
      for (int i = 0; i < m->file_count; i++) visit(m->files[i]);
    });
  };
  // 1. References in flight to each UNIX socket.
  for_each_socket([](UnixSocket* s) { s->in_flight_ = 0; });
  for_each_socket([&](UnixSocket* s) {
    for_each_file(s, [&](fs::File* f) {
      if (UnixSocket* u = unix_socket_of(f)) u->in_flight_++;
    });
  });
  // 2. Candidates: nothing but messages refers to them.
  for_each_socket([](UnixSocket* s) { s->gc_candidate_ = s->in_flight_ && s->reference_count() == s->in_flight_; });
  // 3. What a live socket's queue holds is live, transitively.
  for (bool more = true; more;) {
    more = false;
    for_each_socket([&](UnixSocket* s) {
      if (s->gc_candidate_) return;
      for_each_file(s, [&](fs::File* f) {
        UnixSocket* u = unix_socket_of(f);
        if (u && u->gc_candidate_) {
          u->gc_candidate_ = false;
          more = true;
        }
      });
    });
  }
  // 4. The rest is garbage: empty their queues. The messages are taken
  // out first and destroyed after, since destroying them frees sockets.
  MessageQueue garbage;
  for_each_socket([&](UnixSocket* s) {
    if (!s->gc_candidate_) return;
    s->gc_candidate_ = false;
    while (UnixMessage* m = s->queue_.pop()) garbage.push(m);
  });
  garbage.purge();
  running = false;
}

}  // namespace net
