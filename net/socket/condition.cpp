#include "net/socket/condition.h"

#include <stddef.h>

#include "libc/include/bits/errno.h"

namespace net {
namespace {

struct Row {
  Condition condition;
  const char* label;  // the row in shared/spec/conditions.md
  // Indexed by personality::System: Linux, FreeBsd, Darwin, Illumos.
  int errnos[4];
  const char* citation;
};

// One row per condition, in the order of conditions.md. "Silent" means the
// page does not cover the condition, so that personality takes the Linux
// value. Darwin also stands for Mac OS X (their pages are one text).
constexpr Row kRows[] = {
    {Condition::BadDescriptor, "A1", {EBADF, EBADF, EBADF, EBADF}, "all five pages: EBADF"},
    {Condition::NotASocket, "A2", {ENOTSOCK, ENOTSOCK, ENOTSOCK, ENOTSOCK}, "all five pages: ENOTSOCK"},
    {Condition::AddressFault, "A3", {EFAULT, EFAULT, EFAULT, EFAULT},
     "FreeBSD, Darwin, Linux: EFAULT; illumos silent"},
    {Condition::AddressLengthInvalid, "A4", {EINVAL, EINVAL, EINVAL, EINVAL},
     "Darwin, illumos: EINVAL (namelen not valid); FreeBSD and the Linux page silent; real Linux EINVAL"},
    {Condition::FamilyNotForSocket, "A5", {EAFNOSUPPORT, EAFNOSUPPORT, EAFNOSUPPORT, EAFNOSUPPORT},
     "all five pages: EAFNOSUPPORT"},
    {Condition::InetAddressOnUnixSocket, "A6", {EINVAL, EAFNOSUPPORT, EAFNOSUPPORT, EAFNOSUPPORT},
     "pages: EAFNOSUPPORT; real Linux answers EINVAL (departs from its page)"},
    {Condition::FamilyUnknown, "A7", {EAFNOSUPPORT, EAFNOSUPPORT, EINVAL, EAFNOSUPPORT},
     "Darwin: EINVAL (\"the specified address family is invalid\"); FreeBSD, Linux, illumos: EAFNOSUPPORT"},

    {Condition::AlreadyConnected, "B1", {EISCONN, EISCONN, EISCONN, EISCONN}, "all five pages: EISCONN"},
    {Condition::ConnectAfterAsyncSuccess, "B2", {0, EISCONN, EISCONN, EISCONN},
     "pages: EISCONN; real Linux returns 0 on the first call after completion (EISCONN after)"},
    {Condition::SocketIsListening, "B3", {EISCONN, EOPNOTSUPP, EOPNOTSUPP, EISCONN},
     "Darwin: EOPNOTSUPP; FreeBSD page silent but its kernel (soconnect) says EOPNOTSUPP; real Linux EISCONN"},
    {Condition::Refused, "B4", {ECONNREFUSED, ECONNREFUSED, ECONNREFUSED, ECONNREFUSED},
     "all five pages: ECONNREFUSED"},
    {Condition::TimedOut, "B5", {ETIMEDOUT, ETIMEDOUT, ETIMEDOUT, ETIMEDOUT}, "all five pages: ETIMEDOUT"},
    {Condition::NetworkUnreachable, "B6", {ENETUNREACH, ENETUNREACH, ENETUNREACH, ENETUNREACH},
     "all five pages: ENETUNREACH"},
    {Condition::HostUnreachable, "B7", {EHOSTUNREACH, EHOSTUNREACH, EHOSTUNREACH, EHOSTUNREACH},
     "FreeBSD, Darwin, illumos: EHOSTUNREACH; Linux page silent, real Linux EHOSTUNREACH"},
    {Condition::InterfaceDown, "B8", {ENETUNREACH, ENETUNREACH, ENETDOWN, ENETUNREACH},
     "Darwin: ENETDOWN; others silent; real Linux ENETUNREACH (a downed interface has no routes)"},
    {Condition::ResetDuringConnect, "B9", {ECONNREFUSED, ECONNREFUSED, ECONNRESET, ECONNREFUSED},
     "Darwin: ECONNRESET; others silent; real Linux: a RST answering a SYN is ECONNREFUSED"},
    {Condition::ProhibitedByPolicy, "B10", {EACCES, EACCES, EACCES, EACCES},
     "Linux: EACCES, EPERM (a prohibit route gives EACCES); others silent"},
    {Condition::ConnectionTupleInUse, "B11", {EADDRNOTAVAIL, EADDRINUSE, EADDRINUSE, EADDRINUSE},
     "pages: EADDRINUSE; real Linux EADDRNOTAVAIL (departs from its page)"},
    {Condition::DestinationPortZero, "B12", {ECONNREFUSED, EADDRNOTAVAIL, EADDRNOTAVAIL, EADDRNOTAVAIL},
     "FreeBSD, Darwin, illumos: EADDRNOTAVAIL (address not available); Linux page silent, real Linux ECONNREFUSED"},
    {Condition::NoBuffers, "B13", {ENOBUFS, ENOBUFS, ENOBUFS, ENOSR},
     "Darwin: ENOBUFS; illumos: ENOSR (insufficient STREAMS resources); FreeBSD, Linux silent; real Linux ENOBUFS"},

    {Condition::InProgress, "C1", {EINPROGRESS, EINPROGRESS, EINPROGRESS, EINPROGRESS},
     "all five pages: EINPROGRESS"},
    {Condition::AlreadyInProgress, "C2", {EALREADY, EALREADY, EALREADY, EALREADY},
     "all five pages: EALREADY (also C4, after an interrupted connect)"},
    {Condition::Interrupted, "C3", {EINTR, EINTR, EINTR, EINTR}, "all five pages: EINTR"},
    {Condition::UnixBacklogFullNonBlocking, "C5", {EAGAIN, EINPROGRESS, EINPROGRESS, EWOULDBLOCK},
     "FreeBSD, Darwin: EINPROGRESS; illumos: EWOULDBLOCK; real Linux EAGAIN"},

    {Condition::BroadcastWithoutPermission, "D1", {EACCES, EACCES, EACCES, EACCES},
     "FreeBSD, Darwin, Linux: EACCES; illumos silent"},

    {Condition::EphemeralPortsExhaustedTcp, "E1", {EADDRNOTAVAIL, EAGAIN, EADDRNOTAVAIL, EADDRNOTAVAIL},
     "FreeBSD: EAGAIN; Linux: EADDRNOTAVAIL; Darwin, illumos silent"},
    {Condition::EphemeralPortsExhaustedUdp, "E1", {EAGAIN, EAGAIN, EAGAIN, EAGAIN},
     "FreeBSD: EAGAIN; Linux page EADDRNOTAVAIL but real Linux EAGAIN for UDP; Darwin, illumos silent"},

    {Condition::UnixPrefixNotDirectory, "F1", {ENOTDIR, ENOTDIR, ENOTDIR, ENOTDIR},
     "FreeBSD, Darwin, illumos: ENOTDIR; Linux page silent, real Linux ENOTDIR"},
    {Condition::UnixSocketMissing, "F2", {ENOENT, ENOENT, ENOENT, ENOENT}, "FreeBSD, Darwin, illumos: ENOENT"},
    {Condition::UnixPrefixMissing, "F3", {ENOENT, ENOENT, ENOENT, ENOENT}, "illumos: ENOENT; others by the same sentence"},
    {Condition::UnixComponentTooLong, "F4", {ENAMETOOLONG, ENAMETOOLONG, ENAMETOOLONG, ENAMETOOLONG},
     "FreeBSD: a component over 255 bytes; Darwin: over NAME_MAX; ENAMETOOLONG"},
    {Condition::UnixResolvedPathTooLong, "F5", {0, ENAMETOOLONG, ENAMETOOLONG, 0},
     "FreeBSD: 1023 bytes, Darwin: PATH_MAX: ENAMETOOLONG; real Linux resolves it; illumos silent"},
    {Condition::UnixSearchDenied, "F6", {EACCES, EACCES, EACCES, EACCES}, "all five pages: EACCES"},
    {Condition::UnixWriteDenied, "F7", {EACCES, EACCES, EACCES, EACCES},
     "FreeBSD, Darwin, Linux: EACCES; illumos silent"},
    {Condition::UnixTooManyLinks, "F8", {ELOOP, ELOOP, ELOOP, ELOOP},
     "FreeBSD, Darwin, illumos: ELOOP; Linux page silent, real Linux ELOOP"},
    {Condition::UnixResolveIoError, "F9", {EIO, EIO, EIO, EIO}, "Darwin, illumos: EIO; others silent"},
    {Condition::UnixNotListening, "F10", {ECONNREFUSED, ECONNREFUSED, ECONNREFUSED, ECONNREFUSED},
     "all pages: ECONNREFUSED (\"No-one listening\", \"not listening\", \"forcefully rejected\")"},
    {Condition::UnixNameNotASocket, "F11", {ECONNREFUSED, ECONNREFUSED, ECONNREFUSED, ENOTSOCK},
     "illumos: ENOTSOCK (\"name is not a socket\"); others silent, real Linux ECONNREFUSED"},
    {Condition::UnixWrongType, "F12", {EPROTOTYPE, EPROTOTYPE, EPROTOTYPE, EPROTOTYPE},
     "Darwin, Linux, illumos: EPROTOTYPE; FreeBSD silent"},
    {Condition::UnixListenerExited, "F13", {ECONNREFUSED, ECONNREFUSED, ECONNREFUSED, ENXIO},
     "illumos: ENXIO (\"the server exited before the connection was complete\"); real Linux ECONNREFUSED"},
    {Condition::UnixSocketIsListening, "B3", {EINVAL, EOPNOTSUPP, EOPNOTSUPP, EINVAL},
     "Darwin: EOPNOTSUPP; FreeBSD page silent but soconnect says EOPNOTSUPP; real Linux's unix_stream_connect "
     "EINVAL (not B3's EISCONN of TCP); illumos silent"},
    {Condition::UnixBacklogTimedOut, "C5", {EAGAIN, ETIMEDOUT, ETIMEDOUT, ETIMEDOUT},
     "FreeBSD, Darwin, illumos: ETIMEDOUT (\"connection establishment timed out\"); real Linux EAGAIN when "
     "SO_SNDTIMEO runs out on a full UNIX backlog (unix_stream_connect)"},

    {Condition::DissolveWithUnspec, "N4", {0, 0, EAFNOSUPPORT, 0},
     "Darwin: \"EAFNOSUPPORT will be harmlessly returned\"; Linux: 0; FreeBSD, illumos: result not stated"},
    {Condition::StreamConnectUnspec, "N4", {0, EAFNOSUPPORT, EAFNOSUPPORT, EAFNOSUPPORT},
     "Linux: AF_UNSPEC dissolves (connect(2); for TCP, tcp_disconnect: 0); FreeBSD, Darwin, illumos: stream "
     "sockets connect only once and dissolving is for datagram sockets, so AF_UNSPEC is a foreign family (EAFNOSUPPORT)"},

    // No page names these; every personality takes real Linux's errno
    // (tcp_v4_err/tcp_v6_err in SYN_SENT, through icmp_err_convert and
    // icmpv6_err_convert).
    {Condition::IcmpProtocolUnreachable, "B7+", {ENOPROTOOPT, ENOPROTOOPT, ENOPROTOOPT, ENOPROTOOPT},
     "pages silent; real Linux: ICMP protocol unreachable ends a connect with ENOPROTOOPT"},
    {Condition::IcmpSourceRouteFailed, "B7+", {EOPNOTSUPP, EOPNOTSUPP, EOPNOTSUPP, EOPNOTSUPP},
     "pages silent; real Linux: ICMP source route failed ends a connect with EOPNOTSUPP"},
    {Condition::IcmpHostUnknown, "B7+", {EHOSTDOWN, EHOSTDOWN, EHOSTDOWN, EHOSTDOWN},
     "pages silent; real Linux: ICMP destination host unknown ends a connect with EHOSTDOWN"},
    {Condition::IcmpHostIsolated, "B7+", {ENONET, ENONET, ENONET, ENONET},
     "pages silent; real Linux: ICMP source host isolated ends a connect with ENONET"},
    {Condition::IcmpParameterProblem, "B7+", {EPROTO, EPROTO, EPROTO, EPROTO},
     "pages silent; real Linux: an ICMP or ICMPv6 parameter problem (or an unknown ICMPv6 unreachable code) "
     "ends a connect with EPROTO"},
};

static_assert(sizeof(kRows) / sizeof(kRows[0]) == size_t(Condition::Count), "one row per condition");

constexpr bool rows_in_enum_order() {
  for (size_t i = 0; i < sizeof(kRows) / sizeof(kRows[0]); i++)
    if (size_t(kRows[i].condition) != i) return false;
  return true;
}
static_assert(rows_in_enum_order(), "rows are indexed by Condition");

const Row& row(Condition c) { return kRows[size_t(c) < size_t(Condition::Count) ? size_t(c) : 0]; }
}  // namespace

int errno_for(Condition condition, personality::System system) {
  return row(condition).errnos[int(system)];
}

const char* label_of(Condition condition) { return row(condition).label; }
const char* citation_of(Condition condition) { return row(condition).citation; }

}  // namespace net
