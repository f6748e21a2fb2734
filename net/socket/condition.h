// The conditions connect() can run into, and which errno each personality
// reports for them. The socket layer never writes an errno for these
// conditions itself: it names the condition, and errno_for() looks it up in
// one table (condition.cpp) whose every row cites the manual pages
// (../shared/spec/conditions.md has them side by side).
//
// The rule (shared/spec/README.md): a personality reports its own page's
// errno where that page covers the condition; where it is silent, the Linux
// value; the linux personality follows real Linux where real Linux departs
// from its own page.
//
// Pure logic: compiled into the kernel and into the host unit tests.
#pragma once
#include <stdint.h>

#include "kernel/proc/personality.h"

namespace net {

enum class Condition : uint8_t {
  // A. Descriptor and address arguments
  BadDescriptor,             // A1
  NotASocket,                // A2
  AddressFault,              // A3
  AddressLengthInvalid,      // A4
  FamilyNotForSocket,        // A5
  InetAddressOnUnixSocket,   // A6
  FamilyUnknown,             // A7
  // B. Stream sockets
  AlreadyConnected,          // B1
  ConnectAfterAsyncSuccess,  // B2: the first connect after a non-blocking one completed
  SocketIsListening,         // B3
  Refused,                   // B4
  TimedOut,                  // B5
  NetworkUnreachable,        // B6
  HostUnreachable,           // B7
  InterfaceDown,             // B8
  ResetDuringConnect,        // B9
  ProhibitedByPolicy,        // B10
  ConnectionTupleInUse,      // B11
  DestinationPortZero,       // B12
  NoBuffers,                 // B13
  // C. Non-blocking and interrupted connects
  InProgress,                // C1
  AlreadyInProgress,         // C2 and C4
  Interrupted,               // C3
  UnixBacklogFullNonBlocking,  // C5
  // D. Datagram sockets
  BroadcastWithoutPermission,  // D1
  // E. Ephemeral ports
  EphemeralPortsExhaustedTcp,  // E1, stream sockets
  EphemeralPortsExhaustedUdp,  // E1, datagram sockets
  // F. UNIX-domain names
  UnixPrefixNotDirectory,    // F1
  UnixSocketMissing,         // F2
  UnixPrefixMissing,         // F3
  UnixComponentTooLong,      // F4
  UnixResolvedPathTooLong,   // F5: the expanded name passes 1023 bytes
  UnixSearchDenied,          // F6
  UnixWriteDenied,           // F7
  UnixTooManyLinks,          // F8
  UnixResolveIoError,        // F9
  UnixNotListening,          // F10
  UnixNameNotASocket,        // F11
  UnixWrongType,             // F12
  UnixListenerExited,        // F13
  // UNIX-domain variants of rows B3 and C5 where real Linux answers
  // differently for AF_UNIX than for TCP
  UnixSocketIsListening,     // B3 on a UNIX stream socket
  UnixBacklogTimedOut,       // C5, blocking: SO_SNDTIMEO ran out while the backlog stayed full
  // Behaviours whose result differs by page
  DissolveWithUnspec,        // N4: AF_UNSPEC on a datagram socket
  StreamConnectUnspec,       // N4/N5: AF_UNSPEC on a stream socket (Linux disconnects)
  // ICMP errors that end a TCP connect which no page names (label "B7+":
  // the family of B6/B7; icmp_outcome.h says which message gives which).
  IcmpProtocolUnreachable,   // IPv4 protocol unreachable
  IcmpSourceRouteFailed,     // IPv4 source route failed
  IcmpHostUnknown,           // IPv4 destination host unknown
  IcmpHostIsolated,          // IPv4 source host isolated
  IcmpParameterProblem,      // parameter problem; ICMPv6 unreachable codes past 6
  Count
};

// The errno a personality reports for a condition; 0 means "not an error
// there" (B2 on linux, F5 on linux, N4 on linux: the AF_UNSPEC rows mean
// "disconnect" where the errno is 0).
int errno_for(Condition condition, personality::System system);

// The row's label in conditions.md ("A6") and its citation, for logs and
// for tests that print why an errno was expected.
const char* label_of(Condition condition);
const char* citation_of(Condition condition);

}  // namespace net
