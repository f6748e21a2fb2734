// The condition table (net/socket/condition.cpp) against the manual pages,
// as ../shared/spec/conditions.md reads them side by side. Each expectation
// below is restated from that document, not from the table.
#include "net/socket/condition.h"

#include <errno.h>
#include <gtest/gtest.h>

#include <cstring>

using net::Condition;
using personality::System;

namespace {
constexpr System kAll[] = {System::Linux, System::FreeBsd, System::Darwin, System::Illumos};

struct Expected {
  Condition condition;
  int linux_errno, freebsd, darwin, illumos;
};

void expect_row(const Expected& e) {
  EXPECT_EQ(net::errno_for(e.condition, System::Linux), e.linux_errno) << net::label_of(e.condition) << " linux";
  EXPECT_EQ(net::errno_for(e.condition, System::FreeBsd), e.freebsd) << net::label_of(e.condition) << " freebsd";
  EXPECT_EQ(net::errno_for(e.condition, System::Darwin), e.darwin) << net::label_of(e.condition) << " darwin";
  EXPECT_EQ(net::errno_for(e.condition, System::Illumos), e.illumos) << net::label_of(e.condition) << " illumos";
}
}  // namespace

TEST(ConditionTable, EveryConditionHasALabelAndACitation) {
  for (int i = 0; i < int(Condition::Count); i++) {
    auto c = Condition(i);
    ASSERT_NE(net::label_of(c), nullptr);
    EXPECT_TRUE(std::strchr("ABCDEFN", net::label_of(c)[0])) << net::label_of(c);
    EXPECT_GT(std::strlen(net::citation_of(c)), 10u) << net::label_of(c);
  }
}

// Rows where every page that speaks agrees, and real Linux does too: one
// errno for every personality.
TEST(ConditionTable, AgreedRowsGiveTheSameErrnoEverywhere) {
  const std::pair<Condition, int> agreed[] = {
      {Condition::BadDescriptor, EBADF},        {Condition::NotASocket, ENOTSOCK},
      {Condition::AddressFault, EFAULT},        {Condition::AddressLengthInvalid, EINVAL},
      {Condition::FamilyNotForSocket, EAFNOSUPPORT}, {Condition::AlreadyConnected, EISCONN},
      {Condition::Refused, ECONNREFUSED},       {Condition::TimedOut, ETIMEDOUT},
      {Condition::NetworkUnreachable, ENETUNREACH}, {Condition::HostUnreachable, EHOSTUNREACH},
      {Condition::InProgress, EINPROGRESS},     {Condition::AlreadyInProgress, EALREADY},
      {Condition::Interrupted, EINTR},          {Condition::BroadcastWithoutPermission, EACCES},
      {Condition::UnixPrefixNotDirectory, ENOTDIR}, {Condition::UnixSocketMissing, ENOENT},
      {Condition::UnixPrefixMissing, ENOENT},   {Condition::UnixComponentTooLong, ENAMETOOLONG},
      {Condition::UnixSearchDenied, EACCES},    {Condition::UnixWriteDenied, EACCES},
      {Condition::UnixTooManyLinks, ELOOP},     {Condition::UnixResolveIoError, EIO},
      {Condition::UnixNotListening, ECONNREFUSED}, {Condition::UnixWrongType, EPROTOTYPE},
  };
  for (const auto& [condition, err] : agreed)
    for (System s : kAll) EXPECT_EQ(net::errno_for(condition, s), err) << net::label_of(condition);
}

// Where real Linux departs from its own page, the linux personality follows
// real Linux; the others keep their pages.
TEST(ConditionTable, LinuxFollowsRealLinuxWhereItDepartsFromItsPage) {
  expect_row({Condition::InetAddressOnUnixSocket, EINVAL, EAFNOSUPPORT, EAFNOSUPPORT, EAFNOSUPPORT});  // A6
  expect_row({Condition::ConnectAfterAsyncSuccess, 0, EISCONN, EISCONN, EISCONN});                   // B2
  expect_row({Condition::ConnectionTupleInUse, EADDRNOTAVAIL, EADDRINUSE, EADDRINUSE, EADDRINUSE});  // B11
  expect_row({Condition::EphemeralPortsExhaustedUdp, EAGAIN, EAGAIN, EAGAIN, EAGAIN});               // E1 (UDP)
}

// Where the pages disagree, each personality reports its own page; silence
// falls back to the Linux value.
TEST(ConditionTable, DisagreementsFollowEachPage) {
  expect_row({Condition::FamilyUnknown, EAFNOSUPPORT, EAFNOSUPPORT, EINVAL, EAFNOSUPPORT});          // A7
  expect_row({Condition::SocketIsListening, EISCONN, EOPNOTSUPP, EOPNOTSUPP, EISCONN});              // B3
  expect_row({Condition::InterfaceDown, ENETUNREACH, ENETUNREACH, ENETDOWN, ENETUNREACH});           // B8
  expect_row({Condition::ResetDuringConnect, ECONNREFUSED, ECONNREFUSED, ECONNRESET, ECONNREFUSED}); // B9
  expect_row({Condition::DestinationPortZero, ECONNREFUSED, EADDRNOTAVAIL, EADDRNOTAVAIL, EADDRNOTAVAIL});  // B12
  expect_row({Condition::NoBuffers, ENOBUFS, ENOBUFS, ENOBUFS, ENOSR});                              // B13
  expect_row({Condition::UnixBacklogFullNonBlocking, EAGAIN, EINPROGRESS, EINPROGRESS, EWOULDBLOCK});  // C5
  expect_row({Condition::EphemeralPortsExhaustedTcp, EADDRNOTAVAIL, EAGAIN, EADDRNOTAVAIL, EADDRNOTAVAIL});  // E1
  expect_row({Condition::UnixResolvedPathTooLong, 0, ENAMETOOLONG, ENAMETOOLONG, 0});                // F5
  expect_row({Condition::UnixNameNotASocket, ECONNREFUSED, ECONNREFUSED, ECONNREFUSED, ENOTSOCK});   // F11
  expect_row({Condition::UnixListenerExited, ECONNREFUSED, ECONNREFUSED, ECONNREFUSED, ENXIO});      // F13
  expect_row({Condition::UnixSocketIsListening, EINVAL, EOPNOTSUPP, EOPNOTSUPP, EINVAL});           // B3, UNIX
  expect_row({Condition::UnixBacklogTimedOut, EAGAIN, ETIMEDOUT, ETIMEDOUT, ETIMEDOUT});            // C5, UNIX
  expect_row({Condition::DissolveWithUnspec, 0, 0, EAFNOSUPPORT, 0});                                // N4
  expect_row({Condition::StreamConnectUnspec, 0, EAFNOSUPPORT, EAFNOSUPPORT, EAFNOSUPPORT});          // N4, TCP
}

// personality(2) values map to the systems whose pages they follow.
TEST(ConditionTable, PersonalityValuesNameTheirSystems) {
  EXPECT_EQ(personality::system_of(personality::kLinux), System::Linux);
  EXPECT_EQ(personality::system_of(personality::kFreeBsd), System::FreeBsd);
  EXPECT_EQ(personality::system_of(personality::kDarwin), System::Darwin);
  EXPECT_EQ(personality::system_of(personality::kIllumos), System::Illumos);
  EXPECT_EQ(personality::system_of(0x0d | 0x04000000), System::Illumos);  // Linux's PER_SOLARIS with STICKY_TIMEOUTS
  EXPECT_EQ(personality::system_of(0x08), System::Linux);                 // PER_LINUX32 and unknowns: Linux
}
