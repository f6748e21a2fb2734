// What an ICMP error quoting our SYN does to a TCP connect, as Linux's
// tcp_v4_err and tcp_v6_err decide it for a socket in SYN_SENT. There,
// unlike in an established connection, every error they convert ends the
// attempt at once, "soft" (RFC 1122 transient) codes included.
//
// ICMP (RFC 792, RFC 1812), Linux's icmp_err_convert:
//   destination unreachable (3):
//     0 net unreachable, 6 net unknown, 9 net prohibited, 11 net for TOS
//                                   NetworkUnreachable (B6, ENETUNREACH)
//     1 host unreachable, 10 host prohibited, 12 host for TOS,
//     13 communication prohibited, 14 precedence violation, 15 cutoff
//                                   HostUnreachable (B7, EHOSTUNREACH)
//     2 protocol unreachable        IcmpProtocolUnreachable (ENOPROTOOPT)
//     3 port unreachable            Refused (B4, ECONNREFUSED)
//     4 fragmentation needed        path MTU news: the attempt goes on
//     5 source route failed         IcmpSourceRouteFailed (EOPNOTSUPP)
//     7 host unknown                IcmpHostUnknown (EHOSTDOWN)
//     8 host isolated               IcmpHostIsolated (ENONET)
//     past 15                       ignored
//   time exceeded (11)              HostUnreachable (EHOSTUNREACH)
//   parameter problem (12)          IcmpParameterProblem (EPROTO)
//   anything else (source quench, redirect, ...): ignored
//
// ICMPv6 (RFC 4443), Linux's icmpv6_err_convert:
//   destination unreachable (1):
//     0 no route                    NetworkUnreachable (B6, ENETUNREACH)
//     1 administratively prohibited, 5 source address failed policy,
//     6 reject route                ProhibitedByPolicy (B10, EACCES)
//     2 beyond scope of source, 3 address unreachable
//                                   HostUnreachable (B7, EHOSTUNREACH)
//     4 port unreachable            Refused (B4, ECONNREFUSED)
//     past 6                        IcmpParameterProblem (EPROTO)
//   packet too big (2): path MTU news, the attempt goes on
//   time exceeded (3)               HostUnreachable (EHOSTUNREACH)
//   parameter problem (4)           IcmpParameterProblem (EPROTO)
//   anything else: not an error message, ignored
//
// Pure logic: compiled into the kernel and into the host unit tests.
#pragma once
#include <stdint.h>

#include "net/socket/condition.h"

namespace net {

enum class IcmpVersion : uint8_t { V4, V6 };

struct IcmpConnectOutcome {
  bool ends_attempt;    // false: the SYN retransmissions go on
  Condition condition;  // meaningful when ends_attempt
};

IcmpConnectOutcome icmp_connect_outcome(IcmpVersion version, uint8_t type, uint8_t code);

}  // namespace net
