// UnixSocket: a UNIX-domain socket (unix(7)), SOCK_STREAM, SOCK_DGRAM or
// SOCK_SEQPACKET. No network and no lwIP: two sockets on one machine hand
// each other messages (unix_message.h), queued at the receiver.
//
// States of a connection-oriented socket (stream, seqpacket):
//
//   Unconnected  new, or after a failed connect; maybe bound
//   Listening    listen(2): connections wait in the accept queue
//   Connecting   its listener's backlog was full: waits (blocking), or
//                waits in the background where the personality's page
//                says EINPROGRESS (conditions.md C5), until accept(2) makes
//                room, the deadline passes or the listener goes away (F13)
//   Connected    has a peer (or had one: the peer closed, reads give EOF)
//
// connect() to a listener with room completes at once, as on Linux: a
// server-side socket (the "embryo") is made, paired with the client and put
// in the listener's accept queue, where accept(2) finds it. The backlog is
// honoured as Linux does: the queue is full when it holds more than
// `backlog` connections.
//
// A datagram socket is always Unconnected or, after connect(2), associated
// with one peer (peer_): its default destination and the only socket it
// accepts datagrams from (conditions.md N1-N4).
//
// Names: bind(2) creates a socket inode in the filesystem (create_node, as
// mknod does) and points it at the socket; connect(2) and sendto(2) find
// it with the path walk open(2) uses (unix_lookup.cpp). The abstract
// namespace (linux personality) lives in the list of all UNIX sockets.
//
// Locking: UNIX sockets never touch lwIP and no interrupt handler touches
// them; the kernel is not preemptible, so between two sleeps a process has
// them to itself. Every sleep checks its condition with interrupts off.
//
// Pointers between sockets (peer_, target_, blocked_on_, listener_) hold no
// reference; a socket going away clears every pointer to it (it finds them
// in the list of all UNIX sockets), and wakes whoever waited on it.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "net/socket/socket.h"
#include "net/unix/unix_address.h"
#include "net/unix/unix_message.h"

namespace fs {
class Inode;
}

namespace net {

// Whether a leading NUL in sun_path names the abstract namespace: under the
// linux personality only (unix_address.h).
bool abstract_namespace();

class UnixSocket final : public Socket {
 public:
  // A new socket of this type (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET).
  UnixSocket(int type, int status_flags);
  ~UnixSocket() override;  // close(2)

  // socketpair(2): two connected sockets.
  // socketpair(2): connects this new socket and `other` to each other.
  void pair_with(UnixSocket* other);

  // The limit of what a receive queue holds (data plus a charge per
  // message): Linux's default socket buffer, net.core.wmem_default.
  static constexpr size_t kQueueLimit = 212992;

  KStatus listen(int backlog) override;
  KResult<Socket*> accept(int flags) override;
  KStatus shutdown(int how) override;
  KStatus local_address(SocketAddress* out) override;
  KStatus peer_address(SocketAddress* out) override;
  KResult<size_t> send(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to) override;
  KResult<size_t> receive(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                          int* message_flags) override;
  KResult<size_t> send_message(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to,
                               const ControlInput& control) override;
  KResult<size_t> receive_message(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                                  int* message_flags, ControlOutput* control) override;
  uint32_t poll_events() override;

  // For the descriptor-passing garbage collector (unix_rights.cpp).
  static void collect_garbage();

 protected:
  KStatus protocol_connect(const SocketAddress& address) override;
  KStatus protocol_bind(const SocketAddress& address) override;
  bool protocol_disconnect(KStatus* result) override;
  uint32_t min_address_length() const override { return 2; }  // sun_path is checked by parse_unix_address
  KStatus protocol_get_option(int level, int name, OptionValue* value) override;
  void reference_dropped() override { collect_garbage(); }
  bool is_listening() const override { return state_ == State::Listening; }
  bool carries_credentials() const override { return true; }
  size_t bytes_readable() override;

 private:
  enum class State { Unconnected, Listening, Connecting, Connected };
  struct Attachment;  // descriptors to send with the data (unix_rights.cpp)
  struct Received;    // descriptors taken with the data (unix_rights.cpp)

  // --- unix_socket.cpp: the list of all UNIX sockets, lifetime ---
  static UnixSocket* all_;  // every live UNIX socket
  template <typename Visit>
  static void for_each_socket(Visit visit) {
    for (UnixSocket* s = all_; s;) {
      UnixSocket* next = s->next_unix_;  // visit may not free sockets, but read the link first anyway
      visit(s);
      s = next;
    }
  }
  static UnixSocket* find_abstract(const UnixName& name);
  bool connection_oriented() const { return type_ != abi::kSockDgram; }
  void take_credentials(UnixCredentials* out) const;
  void forget(UnixSocket* gone);   // `gone` is going away: drop every pointer to it
  void peer_gone(bool unread_data);

  // --- unix_lookup.cpp: from a name to the socket bound to it ---
  KResult<UnixSocket*> find_socket(const UnixName& name);
  KStatus bind_path(const UnixName& name);
  KStatus bind_abstract(const UnixName& name);
  KStatus autobind();                  // a free abstract name of 5 hex digits
  KStatus autobind_for_credentials();  // autobind() if SO_PASSCRED is on and the socket has no name

  // --- unix_connect.cpp: connecting and accepting ---
  KStatus connect_stream(const UnixName& name);
  KStatus connect_datagram(const UnixName& name);
  KStatus wait_for_connection();
  bool join(UnixSocket* listener);     // makes the embryo, pairs, queues it; false: no memory
  void abandon_connect();
  void admit_pending();                // the listener has room: complete waiting connects
  void fail_connect(int error);
  UnixSocket* oldest_pending() const;

  // --- unix_transfer.cpp: moving data ---
  KResult<size_t> send_with(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to,
                            Attachment* attachment);
  KResult<size_t> send_stream(const IoBuffer& buffer, size_t n, int flags, Attachment* attachment);
  KResult<size_t> send_datagram(const IoBuffer& buffer, size_t n, int flags, const SocketAddress* to,
                                Attachment* attachment);
  KResult<size_t> receive_with(const IoBuffer& buffer, size_t n, int flags, SocketAddress* from,
                               int* message_flags, Received* received);
  KResult<UnixMessage*> make_message(const IoBuffer& buffer, size_t at, size_t n, Attachment* attachment);
  KStatus wait_for_room(UnixSocket* receiver, size_t needed, int flags, uint64_t deadline);
  bool has_room(const UnixSocket* receiver, size_t needed) const;
  KStatus wait_for_data(int flags, uint64_t deadline);
  void consumed_from_queue(bool was_full);
  void deliver(UnixSocket* receiver, UnixMessage* message);
  KError broken_pipe(int flags);
  // unix_rights.cpp: the descriptors a message carries go to the reader
  // (new descriptors in an SCM_RIGHTS message) or, without room, away.
  static void hand_over_files(UnixMessage* message, bool peek, Received* received, int* message_flags);
  // unix_credentials.cpp: SCM_CREDENTIALS a sender gives (checked), the
  // ones a message gets when an end has SO_PASSCRED, and what recvmsg shows.
  static KStatus claim_credentials(const uint8_t* data, size_t length, UnixCredentials* out);
  void stamp_credentials(const UnixSocket* receiver, UnixMessage* message) const;
  void report_credentials(const UnixMessage* message, Received* received) const;

  uint64_t id_;
  UnixSocket* next_unix_ = nullptr;
  UnixSocket* previous_unix_ = nullptr;

  State state_ = State::Unconnected;
  UnixName name_;                    // bound name (an embryo: its listener's)
  bool owns_name_ = false;           // bind gave it name_ (an embryo only shows its listener's)
  fs::Inode* bound_inode_ = nullptr;  // the socket file bind made; a counted reference

  UnixSocket* peer_ = nullptr;  // the other end (stream, seqpacket); the association (dgram)
  bool peer_died_ = false;      // dgram: the associated peer closed (one ECONNREFUSED, then ENOTCONN)
  bool reset_pending_ = false;  // stream: the peer closed with data unread (one ECONNRESET)
  bool no_more_input_ = false;  // SHUT_RD here, or SHUT_WR or close at the peer
  bool no_more_output_ = false; // SHUT_WR here, or SHUT_RD or close at the peer
  UnixCredentials own_credentials_;   // taken at creation, listen and connect
  UnixCredentials peer_credentials_;  // SO_PEERCRED

  MessageQueue queue_;  // what was sent to us, not read yet

  // Listening.
  int backlog_ = 0;
  UnixSocket* accept_head_ = nullptr;  // embryos, each with a reference held by the queue
  UnixSocket* accept_tail_ = nullptr;
  size_t accept_count_ = 0;
  UnixSocket* next_in_queue_ = nullptr;
  UnixSocket* listener_ = nullptr;  // an embryo: the listener whose queue holds it

  // Connecting: the listener we wait for, and when we started (FIFO order).
  UnixSocket* target_ = nullptr;
  uint64_t connect_sequence_ = 0;

  // Sending: the receiver whose full queue we wait on, and how many wait on ours.
  UnixSocket* blocked_on_ = nullptr;
  int blocked_senders_ = 0;

  // The garbage collector's bookkeeping (unix_rights.cpp): references to
  // this socket held by messages in flight, and whether it may be garbage.
  uint32_t in_flight_ = 0;
  bool gc_candidate_ = false;
};

}  // namespace net
