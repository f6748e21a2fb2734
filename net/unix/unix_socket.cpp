// UnixSocket: creation, the list of all UNIX sockets, close, listen/accept,
// shutdown, names, SO_PEERCRED and poll.
#include "net/unix/unix_socket.h"

#include "kernel/fs/inode.h"
#include "kernel/lib/new.h"
#include "kernel/proc/process.h"
#include "kernel/time.h"
#include "net/unix/unix_factory.h"

namespace net {
namespace {
uint64_t next_id = 1;

constexpr int kPfUnix = 1;
constexpr int kSockRaw = 3;
constexpr int kSoPeerCred = 17;
constexpr int kSoMaxConn = 4096;  // listen(2): net.core.somaxconn
constexpr uint32_t kPollReadHangUp = 0x2000;  // POLLRDHUP
}  // namespace

// Every live UNIX socket: for the abstract namespace, for clearing pointers
// to a socket that goes away, and for the descriptor garbage collector.
UnixSocket* UnixSocket::all_ = nullptr;

UnixSocket::UnixSocket(int type, int status_flags)
    : Socket(abi::kAfUnix, type, 0, status_flags), id_(next_id++) {
  take_credentials(&own_credentials_);
  next_unix_ = all_;
  if (all_) all_->previous_unix_ = this;
  all_ = this;
}

void UnixSocket::take_credentials(UnixCredentials* out) const {
  proc::Process* self = proc::current();
  out->pid = self->pid;
  out->uid = self->cred.euid;
  out->gid = self->cred.egid;
}

KResult<Socket*> create_unix_socket(int type_and_flags, int protocol) {
  int type = type_and_flags & abi::kSockTypeMask;
  int flags = (type_and_flags & abi::kSockNonBlock) ? fs::kOpenNonBlock : 0;
  // Linux's unix_create: "protocol && protocol != PF_UNIX" is
  // EPROTONOSUPPORT; SOCK_RAW "is treated as SOCK_DGRAM".
  if (protocol != 0 && protocol != kPfUnix) return KError{EPROTONOSUPPORT};
  if (type == kSockRaw) type = abi::kSockDgram;
  if (type != abi::kSockStream && type != abi::kSockDgram && type != abi::kSockSeqPacket)
    return KError{ESOCKTNOSUPPORT};
  return made_whole(new UnixSocket(type, flags));
}

KStatus create_unix_socket_pair(int type_and_flags, int protocol, Socket* pair[2]) {
  Socket* first = TRY(create_unix_socket(type_and_flags, protocol));
  Socket* second = create_unix_socket(type_and_flags, protocol).value();  // the same arguments succeeded
  if (!second) {
    first->unref();
    return KError{ENOMEM};
  }
  auto* a = static_cast<UnixSocket*>(first);
  auto* b = static_cast<UnixSocket*>(second);
  a->pair_with(b);
  pair[0] = a;
  pair[1] = b;
  return ok();
}

void UnixSocket::pair_with(UnixSocket* other) {
  // socketpair(2): connected to each other, both unnamed; each end's
  // SO_PEERCRED is the creator (Linux's unix_socketpair).
  peer_ = other;
  other->peer_ = this;
  peer_credentials_ = other->own_credentials_;
  other->peer_credentials_ = own_credentials_;
  if (connection_oriented()) {
    state_ = State::Connected;
    other->state_ = State::Connected;
  }
}

UnixSocket::~UnixSocket() {
  // The name: the socket file stays (unlink(2) removes it), but nothing
  // answers there any more (F10).
  if (bound_inode_) {
    bound_inode_->socket = nullptr;
    bound_inode_->unref();
    bound_inode_ = nullptr;
  }
  // Connections nobody accepted: their clients see a reset, then EOF.
  while (UnixSocket* embryo = accept_head_) {
    accept_head_ = embryo->next_in_queue_;
    embryo->listener_ = nullptr;
    embryo->unref();
  }
  accept_tail_ = nullptr;
  accept_count_ = 0;
  if (peer_ && connection_oriented()) peer_->peer_gone(!queue_.empty());
  for_each_socket([this](UnixSocket* s) { s->forget(this); });
  // Out of the list before the queue goes: destroying the messages may
  // release descriptors in flight, and with them other UNIX sockets.
  if (previous_unix_) previous_unix_->next_unix_ = next_unix_;
  else all_ = next_unix_;
  if (next_unix_) next_unix_->previous_unix_ = previous_unix_;
  queue_.purge();
}

// `gone` is being destroyed: nothing may point at it afterwards.
void UnixSocket::forget(UnixSocket* gone) {
  if (this == gone) return;
  bool woke = false;
  if (peer_ == gone) {
    peer_ = nullptr;
    // A datagram socket learns at its next send (ECONNREFUSED once, as
    // Linux's unix_dgram_sendmsg); a stream socket was told by peer_gone.
    if (!connection_oriented()) peer_died_ = true;
    woke = true;
  }
  if (target_ == gone) {
    // F13: "the server exited before the connection was complete".
    target_ = nullptr;
    fail_connect(errno_in_callback(Condition::UnixListenerExited));
    woke = true;
  }
  if (blocked_on_ == gone) {
    blocked_on_ = nullptr;  // the sender wakes and finds the receiver gone
    woke = true;
  }
  if (woke) changed();
}

// The connected peer closed: reads drain what is queued then see EOF,
// writes fail with EPIPE; Linux reports ECONNRESET first when the peer
// closed without reading what we sent it.
void UnixSocket::peer_gone(bool unread_data) {
  no_more_input_ = true;
  no_more_output_ = true;
  if (unread_data) reset_pending_ = true;
  changed();
}

UnixSocket* UnixSocket::find_abstract(const UnixName& name) {
  for (UnixSocket* s = all_; s; s = s->next_unix_)
    if (s->owns_name_ && s->name_.kind == UnixName::Kind::Abstract && s->name_ == name) return s;
  return nullptr;
}

KStatus UnixSocket::listen(int backlog) {
  // listen(2) on Linux: EOPNOTSUPP for a datagram socket ("The socket is
  // not of a type that supports the listen() operation"), EINVAL for an
  // unbound or connected one; a second listen changes the backlog.
  if (!connection_oriented()) return KError{EOPNOTSUPP};
  if (state_ == State::Connected || state_ == State::Connecting) return KError{EINVAL};
  if (name_.kind == UnixName::Kind::Unnamed) return KError{EINVAL};
  // "If the backlog argument is greater than the value in
  // /proc/sys/net/core/somaxconn, then it is silently capped"; Linux reads
  // it as unsigned, so a negative backlog is the cap too.
  backlog_ = (backlog < 0 || backlog > kSoMaxConn) ? kSoMaxConn : backlog;
  state_ = State::Listening;
  take_credentials(&own_credentials_);  // what connecting clients see as SO_PEERCRED
  admit_pending();
  changed();
  return ok();
}

KResult<Socket*> UnixSocket::accept(int flags) {
  if (!connection_oriented()) return KError{EOPNOTSUPP};
  if (state_ != State::Listening) return KError{EINVAL};
  uint64_t deadline = receive_deadline();
  {
    cpu::InterruptGuard guard;
    while (!accept_head_) {
      if (is_nonblocking()) return KError{EAGAIN};
      int err = sleep(deadline);
      if (err == ETIMEDOUT) return KError{EAGAIN};  // SO_RCVTIMEO, as Linux
      if (err) return KError{err};
      if (state_ != State::Listening) return KError{EINVAL};
    }
  }
  UnixSocket* embryo = accept_head_;
  accept_head_ = embryo->next_in_queue_;
  if (!accept_head_) accept_tail_ = nullptr;
  accept_count_--;
  embryo->next_in_queue_ = nullptr;
  embryo->listener_ = nullptr;
  if (flags & abi::kSockNonBlock) embryo->set_status_flags(embryo->status_flags() | fs::kOpenNonBlock);
  admit_pending();  // a place in the queue came free
  changed();
  return static_cast<Socket*>(embryo);  // the queue's reference, now the caller's
}

KStatus UnixSocket::shutdown(int how) {
  if (how != abi::kShutRd && how != abi::kShutWr && how != abi::kShutRdWr) return KError{EINVAL};
  // Linux's unix_shutdown: a connection-oriented socket passes the other
  // half on to its peer; an unconnected one just records it.
  bool read = how != abi::kShutWr, write = how != abi::kShutRd;
  if (read) no_more_input_ = true;
  if (write) no_more_output_ = true;
  if (peer_ && connection_oriented()) {
    if (read) peer_->no_more_output_ = true;
    if (write) peer_->no_more_input_ = true;
    peer_->changed();
  }
  // Senders waiting for room here learn that none will come.
  if (read && blocked_senders_)
    for_each_socket([this](UnixSocket* s) {
      if (s->blocked_on_ == this) s->changed();
    });
  changed();
  return ok();
}

KStatus UnixSocket::local_address(SocketAddress* out) {
  name_.to_address(out);
  return ok();
}

KStatus UnixSocket::peer_address(SocketAddress* out) {
  if (!peer_) return KError{ENOTCONN};
  peer_->name_.to_address(out);
  return ok();
}

KStatus UnixSocket::protocol_get_option(int level, int name, OptionValue* value) {
  if (level != abi::kSolSocket || name != kSoPeerCred) return KError{ENOPROTOOPT};
  // unix(7) SO_PEERCRED: "the credentials of the peer process connected
  // to this socket ... at the time of the call to connect(2), listen(2),
  // or socketpair(2)". An unconnected socket: pid 0, uid and gid -1.
  __builtin_memcpy(value->bytes, &peer_credentials_, sizeof peer_credentials_);
  if (value->length > sizeof peer_credentials_) value->length = sizeof peer_credentials_;
  return ok();
}

size_t UnixSocket::bytes_readable() {
  // FIONREAD: the bytes queued; for a datagram, the size of the next one
  // (Linux's unix_ioctl SIOCINQ).
  if (connection_oriented() && type_ == abi::kSockStream) return queue_.bytes();
  return queue_.empty() ? 0 : queue_.front()->unread();
}

uint32_t UnixSocket::poll_events() {
  uint32_t events = 0;
  if (so_error_) events |= fs::kPollError;
  if (state_ == State::Listening) {
    if (accept_head_) events |= fs::kPollIn | fs::kPollReadNormal;
    return events;
  }
  if (!queue_.empty() || no_more_input_) events |= fs::kPollIn | fs::kPollReadNormal;
  if (no_more_input_) events |= kPollReadHangUp;
  if (connection_oriented()) {
    // Linux's unix_poll: a connection-oriented socket that is not
    // connected (never was, or its connect failed) reports POLLHUP, as
    // does one shut down both ways.
    if (state_ == State::Unconnected || (no_more_input_ && no_more_output_)) events |= fs::kPollHangUp;
    if (state_ == State::Connecting) return events;  // not writable while pending (N9)
    if (state_ != State::Connected || no_more_output_ || !peer_ || has_room(peer_, 1))
      events |= fs::kPollOut | fs::kPollWriteNormal;
    return events;
  }
  if (!peer_ || has_room(peer_, 1)) events |= fs::kPollOut | fs::kPollWriteNormal;
  return events;
}

}  // namespace net
