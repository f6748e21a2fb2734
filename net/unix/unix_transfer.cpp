// Moving data between UNIX sockets: send(2)/recv(2) and their relatives.
//
//   SOCK_STREAM     bytes; each write is queued as messages of at most
//                   64 KiB, a read takes bytes across them (unix(7))
//   SOCK_SEQPACKET  records: one send, one message; a read returns one
//                   record, cut to the buffer with MSG_TRUNC in msg_flags
//                   (and its whole length when MSG_TRUNC was passed), as
//                   Linux's unix_seqpacket_recvmsg. Linux sets no MSG_EOR
//                   on receive and ignores it on send; so does Tether.
//   SOCK_DGRAM      datagrams, to the associated peer or a named socket;
//                   the same cutting as seqpacket
//
// A sender waits while the receiver's queue is full (kQueueLimit), on its
// own wait queue, with blocked_on_ naming the receiver: the receiver wakes
// it after reading, or clears blocked_on_ when it goes away.
//
// The errnos are Linux's (unix_stream_sendmsg, unix_dgram_sendmsg, ...),
// checked against the host by tests/guest/unix_sockets.c; a send or
// receive is no connect(2) condition, so none of them varies by
// personality, except the F rows a sendto(2) to a path runs into.
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"
#include "net/unix/unix_rights.h"

namespace net {
namespace {
constexpr size_t kStreamChunk = 65536;
size_t min_size(size_t a, size_t b) { return a < b ? a : b; }
}  // namespace

KError UnixSocket::broken_pipe(int flags) {
  // send(2): "EPIPE ... the local end has been shut down on a connection
  // oriented socket. In this case, the process will also receive a
  // SIGPIPE unless MSG_NOSIGNAL is set."
  if (!(flags & abi::kMsgNoSignal)) signal::send(proc::current(), SIGPIPE);
  return KError{EPIPE};
}

KResult<size_t> UnixSocket::send(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to) {
  return send_with(buffer, n, flags, to, nullptr);
}

KResult<size_t> UnixSocket::receive(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                    int* message_flags) {
  return receive_with(buffer, n, flags, from, message_flags, nullptr);
}

KResult<size_t> UnixSocket::send_with(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to,
                                      Attachment* attachment) {
  if (flags & abi::kMsgOob) return KError{EOPNOTSUPP};  // no out-of-band data here (a known gap)
  if (!connection_oriented()) return send_datagram(buffer, n, flags, to, attachment);
  // Linux: a stream socket given an address is EISCONN when connected,
  // else EOPNOTSUPP; a seqpacket socket ignores the address.
  if (to && type_ == abi::kSockStream) return KError{state_ == State::Connected ? EISCONN : EOPNOTSUPP};
  return send_stream(buffer, n, flags, attachment);
}

bool UnixSocket::has_room(const UnixSocket* receiver, size_t needed) const {
  return receiver->queue_.empty() ||
         receiver->queue_.charge() + MessageQueue::kMessageCharge + needed <= kQueueLimit;
}

// Waits until the receiver's queue has room for `needed` bytes. 0: room;
// ENOENT: the receiver went away meanwhile; EAGAIN (non-blocking, or
// SO_SNDTIMEO ran out, as Linux), EINTR.
KStatus UnixSocket::wait_for_room(UnixSocket* receiver, size_t needed, int flags, uint64_t deadline) {
  cpu::InterruptGuard guard;
  while (!has_room(receiver, needed)) {
    if (is_nonblocking() || (flags & abi::kMsgDontWait)) return KError{EAGAIN};
    blocked_on_ = receiver;
    receiver->blocked_senders_++;
    int error = sleep(deadline);
    if (!blocked_on_) return KError{ENOENT};  // forget() cleared it: the receiver is gone
    receiver->blocked_senders_--;
    blocked_on_ = nullptr;
    if (error == ETIMEDOUT) return KError{EAGAIN};
    if (error) return KError{error};
    if (connection_oriented() && (no_more_output_ || peer_ != receiver)) return KError{ENOENT};
    if (receiver->no_more_input_) return KError{ENOENT};  // shut for reading: the caller says EPIPE
  }
  return ok();
}

KResult<UnixMessage*> UnixSocket::make_message(const IoBuffer& buffer, size_t at, size_t n,
                                               Attachment* attachment) {
  UnixMessage* message = UnixMessage::create(n);
  if (!message) return KError{ENOBUFS};
  if (n && buffer.read_into(message->data(), at, n).is_error()) {
    UnixMessage::destroy(message);
    return KError{EFAULT};
  }
  message->sender_id = id_;
  message->sender_name = name_;
  if (attachment) message->credentials = attachment->credentials;
  // Descriptors ride on the first message of the send.
  if (attachment && attachment->files) {
    message->files = attachment->files;
    message->file_count = attachment->count;
    UnixMessage::files_in_flight += size_t(attachment->count);
    attachment->files = nullptr;
  }
  return message;
}

void UnixSocket::deliver(UnixSocket* receiver, UnixMessage* message) {
  stamp_credentials(receiver, message);
  receiver->queue_.push(message);
  receiver->changed();
}

KResult<size_t> UnixSocket::send_stream(const IoBuffer& buffer, size_t n, int flags, Attachment* attachment) {
  if (state_ != State::Connected) return KError{ENOTCONN};
  bool record = type_ == abi::kSockSeqPacket;
  // Linux: a record larger than the socket buffer can ever hold is EMSGSIZE.
  if (record && n + MessageQueue::kMessageCharge > kQueueLimit) return KError{EMSGSIZE};
  uint64_t deadline = send_deadline();
  size_t sent = 0;
  do {
    if (no_more_output_ || !peer_) return sent ? KResult<size_t>(sent) : KResult<size_t>(broken_pipe(flags));
    UnixSocket* receiver = peer_;
    KStatus room = wait_for_room(receiver, record ? n : 1, flags, deadline);
    if (room.is_error()) {
      if (room.error() == ENOENT) continue;  // the peer went: the check above says EPIPE
      if (sent) return sent;  // a signal or the timeout after part of the data: report that part
      return KError{room.error()};
    }
    size_t chunk = n - sent;
    if (!record) {
      size_t space = kQueueLimit - MessageQueue::kMessageCharge;
      if (!receiver->queue_.empty()) space -= receiver->queue_.charge();  // has_room said it is positive
      chunk = min_size(min_size(chunk, kStreamChunk), space);
    }
    KResult<UnixMessage*> message = make_message(buffer, sent, chunk, attachment);
    if (message.is_error()) {
      if (sent) return sent;
      return KError{message.error()};
    }
    deliver(receiver, message.value());
    sent += chunk;
  } while (sent < n);
  return sent;
}

KResult<size_t> UnixSocket::send_datagram(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to,
                                          Attachment* attachment) {
  if (n + MessageQueue::kMessageCharge > kQueueLimit) return KError{EMSGSIZE};
  UnixName name;
  if (to) {
    // sendto(2) checks the address as connect(2) does (A4-A7).
    if (to->length < 2) return error_of(Condition::AddressLengthInvalid);
    if (to->family() != abi::kAfUnix) return error_of(Condition::InetAddressOnUnixSocket);
    KResult<UnixName> parsed = parse_unix_address(*to, abstract_namespace());
    if (parsed.is_error() || parsed.value().kind == UnixName::Kind::Unnamed)
      return error_of(Condition::AddressLengthInvalid);
    name = parsed.value();
  }
  TRY(autobind_for_credentials());
  UnixMessage* message = TRY(make_message(buffer, 0, n, attachment));
  uint64_t deadline = send_deadline();
  for (;;) {
    UnixSocket* receiver = peer_;
    KStatus error = ok();
    if (to) {
      KResult<UnixSocket*> found = find_socket(name);
      if (found.is_error()) error = KError{found.error()};
      else receiver = found.value();
    } else if (!receiver) {
      // Linux: the first send after the associated peer closed is
      // ECONNREFUSED (its socket file answers no more: F10), then ENOTCONN.
      error = peer_died_ ? error_of(Condition::UnixNotListening) : KStatus(KError{ENOTCONN});
      peer_died_ = false;
    }
    if (!error.is_error() && receiver->type_ != type_) error = error_of(Condition::UnixWrongType);
    // N2: a socket associated with another takes nothing from us (Linux: EPERM).
    if (!error.is_error() && receiver->peer_ && receiver->peer_ != this) error = KError{EPERM};
    if (!error.is_error() && receiver->no_more_input_) error = KError{EPIPE};
    if (!error.is_error()) {
      error = wait_for_room(receiver, n, flags, deadline);
      if (error.is_error() && error.error() == ENOENT) continue;  // it went away: look again
    }
    if (error.is_error()) {
      UnixMessage::destroy(message);
      return KError{error.error()};
    }
    deliver(receiver, message);
    return n;
  }
}

KStatus UnixSocket::wait_for_data(int flags, uint64_t deadline) {
  cpu::InterruptGuard guard;
  while (queue_.empty() && !no_more_input_) {
    if (is_nonblocking() || (flags & abi::kMsgDontWait)) return KError{EAGAIN};
    int error = sleep(deadline);
    if (error == ETIMEDOUT) return KError{EAGAIN};  // SO_RCVTIMEO: socket(7) "EAGAIN or EWOULDBLOCK"
    if (error) return KError{error};
  }
  return ok();
}

// Bytes left our queue: wake who waits for room in it, and tell poll(2)
// of the sockets that write to us.
void UnixSocket::consumed_from_queue(bool was_full) {
  if (peer_ && connection_oriented()) peer_->changed();
  if (blocked_senders_ || was_full)
    for_each_socket([this](UnixSocket* s) {
      if (s->blocked_on_ == this || s->peer_ == this) s->changed();
    });
}

KResult<size_t> UnixSocket::receive_with(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                         int* message_flags, Received* received) {
  *message_flags = 0;
  if (from) from->length = 0;
  if (flags & abi::kMsgOob) return KError{EINVAL};
  // Linux: recv on a stream socket that is not connected is EINVAL, on a
  // seqpacket socket ENOTCONN.
  if (type_ == abi::kSockStream && state_ != State::Connected) return KError{EINVAL};
  if (type_ == abi::kSockSeqPacket && state_ != State::Connected) return KError{ENOTCONN};
  bool peek = flags & abi::kMsgPeek;
  uint64_t deadline = receive_deadline();
  size_t copied = 0;
  UnixCredentials first_sender;  // a stream read's: the credentials of its first bytes
  for (;;) {
    if (reset_pending_ && !copied) {
      reset_pending_ = false;
      return KError{ECONNRESET};
    }
    KStatus waited = wait_for_data(copied ? flags | abi::kMsgDontWait : flags, deadline);
    if (waited.is_error()) {
      if (copied) return copied;
      return KError{waited.error()};
    }
    if (queue_.empty()) return copied;  // end of file (no more input)
    bool was_full = !has_room(this, 1);

    if (type_ != abi::kSockStream) {
      // One datagram or record, whole or cut.
      UnixMessage* message = queue_.front();
      size_t take = min_size(message->size, n);
      if (take && buffer.write_from(0, message->data(), take).is_error()) return KError{EFAULT};
      if (from) message->sender_name.to_address(from);
      if (message->size > n) *message_flags |= abi::kMsgTrunc;
      report_credentials(message, received);
      if (message->file_count) hand_over_files(message, peek, received, message_flags);
      size_t result = (flags & abi::kMsgTrunc) ? message->size : take;
      if (!peek) {
        UnixMessage::destroy(queue_.pop());
        consumed_from_queue(was_full);
      }
      return result;
    }

    // A stream: bytes across messages; descriptors stay with their bytes,
    // so a read stops before a message that carries some, and after it.
    // With SO_PASSCRED it also stops where the credentials change.
    UnixMessage* message = queue_.front();
    bool at_boundary = false;  // stopped at descriptors or other credentials: no waiting for more
    if (copied == 0) {
      first_sender = message->credentials;
      report_credentials(message, received);
    }
    while (copied < n && message) {
      if ((message->file_count || (pass_credentials_ && !(message->credentials == first_sender))) && copied) {
        at_boundary = true;
        break;
      }
      size_t take = min_size(message->unread(), n - copied);
      if (buffer.write_from(copied, message->data() + message->consumed, take).is_error()) {
        if (copied) break;
        return KError{EFAULT};
      }
      if (copied == 0 && from) message->sender_name.to_address(from);
      bool had_files = message->file_count;
      if (had_files) hand_over_files(message, peek, received, message_flags);
      copied += take;
      if (peek) {
        message = message->next;
      } else {
        queue_.consumed(take);
        message = queue_.front();
      }
      if (had_files) {
        at_boundary = true;
        break;
      }
    }
    if (!peek) consumed_from_queue(was_full);
    // recv(2) MSG_WAITALL: "block until the full request is satisfied",
    // unless a signal, an error or the end of the stream comes first.
    if (!(flags & abi::kMsgWaitAll) || peek || at_boundary || copied >= n || no_more_input_) return copied;
    KStatus more = wait_for_data(flags, deadline);
    if (more.is_error()) return copied;
  }
}

}  // namespace net
