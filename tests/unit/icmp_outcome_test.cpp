// How an ICMP error ends a TCP connect (net/socket/icmp_outcome.cpp), against
// what Linux's tcp_v4_err/tcp_v6_err report in SYN_SENT. The expected errnos
// are restated from Linux's icmp_err_convert (net/ipv4/icmp.c) and
// icmpv6_err_convert (net/ipv6/icmp.c), not from our table.
#include "net/socket/icmp_outcome.h"

#include <errno.h>
#include <gtest/gtest.h>

using net::IcmpVersion;
using personality::System;

namespace {

// The errno a connect reports under `system`, or 0 when the attempt goes on.
int errno_after(IcmpVersion v, int type, int code, System system = System::Linux) {
  net::IcmpConnectOutcome o = net::icmp_connect_outcome(v, uint8_t(type), uint8_t(code));
  return o.ends_attempt ? net::errno_for(o.condition, system) : 0;
}

}  // namespace

TEST(IcmpOutcome, Ipv4DestinationUnreachableFollowsIcmpErrConvert) {
  const int linux_errno[16] = {
      ENETUNREACH,   // 0 net unreachable
      EHOSTUNREACH,  // 1 host unreachable
      ENOPROTOOPT,   // 2 protocol unreachable
      ECONNREFUSED,  // 3 port unreachable
      0,             // 4 fragmentation needed: path MTU, not an error for connect
      EOPNOTSUPP,    // 5 source route failed
      ENETUNREACH,   // 6 net unknown
      EHOSTDOWN,     // 7 host unknown
      ENONET,        // 8 host isolated
      ENETUNREACH,   // 9 net administratively prohibited
      EHOSTUNREACH,  // 10 host administratively prohibited
      ENETUNREACH,   // 11 net unreachable for TOS
      EHOSTUNREACH,  // 12 host unreachable for TOS
      EHOSTUNREACH,  // 13 communication administratively prohibited
      EHOSTUNREACH,  // 14 host precedence violation
      EHOSTUNREACH,  // 15 precedence cutoff
  };
  for (int code = 0; code < 16; code++) EXPECT_EQ(errno_after(IcmpVersion::V4, 3, code), linux_errno[code]) << code;
  EXPECT_EQ(errno_after(IcmpVersion::V4, 3, 16), 0);  // past NR_ICMP_UNREACH: ignored
}

TEST(IcmpOutcome, Ipv4OtherErrors) {
  EXPECT_EQ(errno_after(IcmpVersion::V4, 11, 0), EHOSTUNREACH);  // time exceeded
  EXPECT_EQ(errno_after(IcmpVersion::V4, 12, 0), EPROTO);        // parameter problem
  EXPECT_EQ(errno_after(IcmpVersion::V4, 4, 0), 0);              // source quench
  EXPECT_EQ(errno_after(IcmpVersion::V4, 5, 1), 0);              // redirect
  EXPECT_EQ(errno_after(IcmpVersion::V4, 0, 0), 0);              // echo reply: no error
}

TEST(IcmpOutcome, Ipv6DestinationUnreachableFollowsIcmpv6ErrConvert) {
  const int linux_errno[7] = {
      ENETUNREACH,   // 0 no route to destination
      EACCES,        // 1 administratively prohibited
      EHOSTUNREACH,  // 2 beyond scope of source address
      EHOSTUNREACH,  // 3 address unreachable
      ECONNREFUSED,  // 4 port unreachable
      EACCES,        // 5 source address failed ingress/egress policy
      EACCES,        // 6 reject route to destination
  };
  for (int code = 0; code < 7; code++) EXPECT_EQ(errno_after(IcmpVersion::V6, 1, code), linux_errno[code]) << code;
  EXPECT_EQ(errno_after(IcmpVersion::V6, 1, 7), EPROTO);  // unknown code: EPROTO, fatal
}

TEST(IcmpOutcome, Ipv6OtherMessages) {
  EXPECT_EQ(errno_after(IcmpVersion::V6, 2, 0), 0);              // packet too big: path MTU
  EXPECT_EQ(errno_after(IcmpVersion::V6, 3, 0), EHOSTUNREACH);   // time exceeded
  EXPECT_EQ(errno_after(IcmpVersion::V6, 4, 0), EPROTO);         // parameter problem
  EXPECT_EQ(errno_after(IcmpVersion::V6, 128, 0), 0);            // echo request
}

// B6, B7 and B4 agree across the pages; the codes no page names take the
// Linux errno under every personality (shared/spec/README.md: where a page
// is silent, the Linux value).
TEST(IcmpOutcome, EveryPersonalityGetsTheSameErrno) {
  const System all[] = {System::Linux, System::FreeBsd, System::Darwin, System::Illumos};
  for (IcmpVersion v : {IcmpVersion::V4, IcmpVersion::V6})
    for (int type = 0; type < 256; type++)
      for (int code = 0; code < 20; code++)
        for (System s : all)
          EXPECT_EQ(errno_after(v, type, code, s), errno_after(v, type, code)) << type << "/" << code;
}
