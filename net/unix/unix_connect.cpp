// connect(2) on UNIX-domain sockets, and the listener's side of it.
//
// Stream and seqpacket (conditions.md B1, B3, C1-C5, F10, F12, F13, N5, N6):
// find the socket bound to the name (unix_lookup.cpp, F1-F11), check its
// type (F12) and that it listens (F10); with room in its backlog, pair with
// a new server-side socket queued for accept(2) and return 0 at once, as
// Linux does. With the backlog full:
//
//   non-blocking  the personality's C5 errno: linux EAGAIN, illumos
//                 EWOULDBLOCK (no attempt remains); freebsd and darwin
//                 EINPROGRESS: their pages define it as "the connection
//                 attempt is made in the background", so the socket stays
//                 Connecting until accept(2) makes room; POLLOUT and
//                 SO_ERROR then tell how it went (N9, N10)
//   blocking      waits until accept(2) makes room, SO_SNDTIMEO runs out
//                 (the UnixBacklogTimedOut row) or a signal comes (C3,
//                 EINTR). After EINTR the attempt goes on in the background
//                 where the page says so (FreeBSD "as in the case of
//                 EINPROGRESS", illumos "established asynchronously");
//                 under linux and darwin it is abandoned, as real Linux does
//                 for UNIX sockets (conditions.md N11).
//
// The listener closing while connects wait is F13 (illumos ENXIO).
//
// Datagram (N1-N4): connect records the peer; AF_UNSPEC dissolves.
#include "kernel/proc/process.h"
#include "net/unix/unix_socket.h"

namespace net {
namespace {
uint64_t next_connect_sequence = 1;

// FreeBSD connect(2) EINTR: "The connection will be established in the
// background, as in the case of EINPROGRESS"; illumos: "The connection,
// however, will be established asynchronously". Linux abandons a UNIX
// connect (conditions.md N11); Darwin's page is silent, so Linux's rule.
bool interrupted_connect_continues(personality::System system) {
  return system == personality::System::FreeBsd || system == personality::System::Illumos;
}
}  // namespace

KStatus UnixSocket::protocol_connect(const SocketAddress& address) {
  KResult<UnixName> parsed = parse_unix_address(address, abstract_namespace());
  // A4: no byte of sun_path, or longer than struct sockaddr_un.
  if (parsed.is_error() || parsed.value().kind == UnixName::Kind::Unnamed)
    return error_of(Condition::AddressLengthInvalid);
  return connection_oriented() ? connect_stream(parsed.value()) : connect_datagram(parsed.value());
}

KStatus UnixSocket::connect_stream(const UnixName& name) {
  switch (state_) {
    case State::Connected: return error_of(Condition::AlreadyConnected);  // B1, N5
    case State::Listening: return error_of(Condition::UnixSocketIsListening);
    case State::Connecting:
      // C2/C4: a non-blocking caller hears EALREADY; a blocking one waits
      // for the attempt already under way.
      if (is_nonblocking()) return error_of(Condition::AlreadyInProgress);
      return wait_for_connection();
    case State::Unconnected: break;
  }
  so_error_ = 0;  // N16: a failed attempt's error belongs to that attempt
  TRY(autobind_for_credentials());
  UnixSocket* listener = TRY(find_socket(name));
  if (listener->type_ != type_) return error_of(Condition::UnixWrongType);        // F12
  if (listener->state_ != State::Listening) return error_of(Condition::UnixNotListening);  // F10
  take_credentials(&own_credentials_);  // the server's SO_PEERCRED
  if (listener->accept_count_ <= size_t(listener->backlog_)) {
    if (!join(listener)) return error_of(Condition::NoBuffers);
    return ok();
  }
  // The backlog is full: wait our turn, in FIFO order.
  state_ = State::Connecting;
  target_ = listener;
  connect_sequence_ = next_connect_sequence++;
  if (is_nonblocking()) {
    int error = errno_of(Condition::UnixBacklogFullNonBlocking);
    if (error != EINPROGRESS) abandon_connect();
    return KError{error};
  }
  return wait_for_connection();
}

KStatus UnixSocket::wait_for_connection() {
  uint64_t deadline = send_deadline();  // socket(7): SO_SNDTIMEO bounds a UNIX connect
  cpu::InterruptGuard guard;
  while (state_ == State::Connecting) {
    int error = sleep(deadline);
    if (error == ETIMEDOUT) {
      abandon_connect();
      return error_of(Condition::UnixBacklogTimedOut);
    }
    if (error) {  // EINTR
      if (!interrupted_connect_continues(system_)) abandon_connect();
      return error_of(Condition::Interrupted);
    }
  }
  if (state_ == State::Connected) return ok();
  int error = take_error();  // why the attempt failed (F13, no memory)
  return KError{error ? error : errno_of(Condition::UnixNotListening)};
}

void UnixSocket::abandon_connect() {
  state_ = State::Unconnected;
  target_ = nullptr;
}

void UnixSocket::fail_connect(int error) {
  abandon_connect();
  so_error_ = error;
  changed();
}

// Pairs this (connecting) socket with a new server-side socket and puts
// that in the listener's accept queue.
bool UnixSocket::join(UnixSocket* listener) {
  auto* embryo = new UnixSocket(type_, 0);
  if (!embryo) return false;
  if (!embryo->inode()) {  // no memory for its inode
    embryo->unref();
    return false;
  }
  embryo->name_ = listener->name_;  // getpeername(2) on the client shows the listener's name
  embryo->own_credentials_ = listener->own_credentials_;
  embryo->peer_credentials_ = own_credentials_;
  peer_credentials_ = listener->own_credentials_;
  embryo->peer_ = this;
  peer_ = embryo;
  embryo->state_ = State::Connected;
  state_ = State::Connected;
  target_ = nullptr;

  embryo->listener_ = listener;
  if (listener->accept_tail_) listener->accept_tail_->next_in_queue_ = embryo;
  else listener->accept_head_ = embryo;
  listener->accept_tail_ = embryo;
  listener->accept_count_++;
  listener->changed();
  changed();  // a background connect completed: POLLOUT (N9)
  return true;
}

UnixSocket* UnixSocket::oldest_pending() const {
  UnixSocket* oldest = nullptr;
  for_each_socket([&](UnixSocket* s) {
    if (s->state_ == State::Connecting && s->target_ == this &&
        (!oldest || s->connect_sequence_ < oldest->connect_sequence_))
      oldest = s;
  });
  return oldest;
}

void UnixSocket::admit_pending() {
  while (state_ == State::Listening && accept_count_ <= size_t(backlog_)) {
    UnixSocket* waiting = oldest_pending();
    if (!waiting) return;
    if (!waiting->join(this)) waiting->fail_connect(waiting->errno_in_callback(Condition::NoBuffers));
  }
}

KStatus UnixSocket::connect_datagram(const UnixName& name) {
  TRY(autobind_for_credentials());
  UnixSocket* target = TRY(find_socket(name));
  if (target->type_ != type_) return error_of(Condition::UnixWrongType);  // F12
  // Linux's unix_may_send: a socket associated with another peer takes no
  // datagrams from us, so we may not associate with it either.
  if (target->peer_ && target->peer_ != this) return KError{EPERM};
  if (target != peer_) {
    // N2: "the only address from which datagrams are received": what
    // others sent before the association is dropped with it.
    uint64_t keep = target->id_;
    queue_.remove_if([keep](UnixMessage* m) { return m->sender_id != keep; });
  }
  peer_ = target;
  peer_died_ = false;
  take_credentials(&own_credentials_);
  peer_credentials_ = target->own_credentials_;
  return ok();
}

// connect(2) with AF_UNSPEC. A datagram socket dissolves its association
// (N4: Linux returns 0; Darwin "EAFNOSUPPORT will be harmlessly
// returned"). A stream or seqpacket socket gives it no meaning: the address
// is then checked like any other (A6, EINVAL on linux as real Linux).
bool UnixSocket::protocol_disconnect(KStatus* result) {
  if (type_ != abi::kSockDgram) return false;
  peer_ = nullptr;
  peer_died_ = false;
  peer_credentials_ = UnixCredentials{};
  int error = errno_of(Condition::DissolveWithUnspec);
  *result = error ? KStatus(KError{error}) : ok();
  return true;
}

}  // namespace net
