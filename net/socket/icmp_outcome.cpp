// ICMP error -> the condition that ends a TCP connect (icmp_outcome.h).
#include "net/socket/icmp_outcome.h"

namespace net {
namespace {

constexpr IcmpConnectOutcome kGoesOn{false, Condition::TimedOut};
constexpr IcmpConnectOutcome ends(Condition c) { return {true, c}; }

IcmpConnectOutcome icmp4(uint8_t type, uint8_t code) {
  constexpr uint8_t kDestUnreachable = 3, kTimeExceeded = 11, kParameterProblem = 12;
  if (type == kTimeExceeded) return ends(Condition::HostUnreachable);
  if (type == kParameterProblem) return ends(Condition::IcmpParameterProblem);
  if (type != kDestUnreachable) return kGoesOn;
  switch (code) {
    case 0: case 6: case 9: case 11: return ends(Condition::NetworkUnreachable);
    case 1: case 10: case 12: case 13: case 14: case 15: return ends(Condition::HostUnreachable);
    case 2: return ends(Condition::IcmpProtocolUnreachable);
    case 3: return ends(Condition::Refused);
    case 5: return ends(Condition::IcmpSourceRouteFailed);
    case 7: return ends(Condition::IcmpHostUnknown);
    case 8: return ends(Condition::IcmpHostIsolated);
    default: return kGoesOn;  // 4: fragmentation needed (path MTU); past 15: unknown
  }
}

IcmpConnectOutcome icmp6(uint8_t type, uint8_t code) {
  constexpr uint8_t kDestUnreachable = 1, kTimeExceeded = 3, kParameterProblem = 4;
  if (type == kTimeExceeded) return ends(Condition::HostUnreachable);
  if (type == kParameterProblem) return ends(Condition::IcmpParameterProblem);
  if (type != kDestUnreachable) return kGoesOn;  // 2: packet too big (path MTU); 128+: informational
  switch (code) {
    case 0: return ends(Condition::NetworkUnreachable);
    case 1: case 5: case 6: return ends(Condition::ProhibitedByPolicy);
    case 2: case 3: return ends(Condition::HostUnreachable);
    case 4: return ends(Condition::Refused);
    default: return ends(Condition::IcmpParameterProblem);  // icmpv6_err_convert's EPROTO
  }
}

}  // namespace

IcmpConnectOutcome icmp_connect_outcome(IcmpVersion version, uint8_t type, uint8_t code) {
  return version == IcmpVersion::V4 ? icmp4(type, code) : icmp6(type, code);
}

}  // namespace net
