// The kernel command line's net.ip= words (net/static_ipv4.cpp): which word
// belongs to which interface, and what a malformed one looks like.
#include "net/static_ipv4.h"

#include <gtest/gtest.h>
#include <string.h>

#include <string>

using net::StaticIpv4;
using net::StaticIpv4Found;

namespace {

std::string dotted(const uint8_t a[4]) {
  return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." + std::to_string(a[3]);
}

bool parses(const char* value, StaticIpv4* out) { return net::parse_static_ipv4(value, strlen(value), out); }

}  // namespace

TEST(StaticIpv4, AddressPrefixAndGateway) {
  StaticIpv4 s;
  ASSERT_TRUE(parses("10.0.2.15/24,10.0.2.2", &s));
  EXPECT_STREQ(s.interface, "");
  EXPECT_EQ(dotted(s.address), "10.0.2.15");
  EXPECT_EQ(dotted(s.netmask), "255.255.255.0");
  EXPECT_EQ(dotted(s.gateway), "10.0.2.2");
}

TEST(StaticIpv4, InterfaceNameAndNoGateway) {
  StaticIpv4 s;
  ASSERT_TRUE(parses("eth1:192.168.77.2/24", &s));
  EXPECT_STREQ(s.interface, "eth1");
  EXPECT_EQ(dotted(s.address), "192.168.77.2");
  EXPECT_EQ(dotted(s.netmask), "255.255.255.0");
  EXPECT_EQ(dotted(s.gateway), "0.0.0.0");
}

TEST(StaticIpv4, PrefixLengths) {
  StaticIpv4 s;
  ASSERT_TRUE(parses("1.2.3.4/0", &s));
  EXPECT_EQ(dotted(s.netmask), "0.0.0.0");
  ASSERT_TRUE(parses("1.2.3.4/32", &s));
  EXPECT_EQ(dotted(s.netmask), "255.255.255.255");
  ASSERT_TRUE(parses("1.2.3.4/20", &s));
  EXPECT_EQ(dotted(s.netmask), "255.255.240.0");
}

TEST(StaticIpv4, Malformed) {
  StaticIpv4 s;
  for (const char* bad : {"", "10.0.2.15", "10.0.2.15/", "10.0.2.15/33", "10.0.2.15/2x", "10.0.2/24",
                          "10.0.2.15.1/24", "256.0.0.1/24", "10.0.2.15/24,", "10.0.2.15/24,10.0.2",
                          "10.0.2.15,10.0.2.2/24", ":10.0.2.15/24", "eth-1:10.0.2.15/24",
                          "averyveryverylongname:10.0.2.15/24", "eth1:eth2:10.0.2.15/24", "1.2.3.0004/24",
                          " 10.0.2.15/24", "10.0.2.15/24 "})
    EXPECT_FALSE(parses(bad, &s)) << '"' << bad << '"';
}

TEST(StaticIpv4, LengthBoundsTheValue) {
  // The value ends where the caller says, not at a NUL.
  StaticIpv4 s;
  const char text[] = "10.0.2.15/24,10.0.2.2 net.ip=junk";
  ASSERT_TRUE(net::parse_static_ipv4(text, strlen("10.0.2.15/24,10.0.2.2"), &s));
  EXPECT_EQ(dotted(s.gateway), "10.0.2.2");
  ASSERT_TRUE(net::parse_static_ipv4(text, strlen("10.0.2.15/2"), &s));
  EXPECT_EQ(dotted(s.netmask), "192.0.0.0");
}

TEST(StaticIpv4, FindsTheWordOfEachInterface) {
  const char* line = "quiet net.ip=eth1:192.168.77.2/24 tty.onlcr=0 net.ip=10.0.2.99/24,10.0.2.2";
  StaticIpv4 s;
  ASSERT_EQ(net::find_static_ipv4(line, "eth0", &s), StaticIpv4Found::Found);
  EXPECT_EQ(dotted(s.address), "10.0.2.99");
  ASSERT_EQ(net::find_static_ipv4(line, "eth1", &s), StaticIpv4Found::Found);
  EXPECT_EQ(dotted(s.address), "192.168.77.2");
  EXPECT_EQ(net::find_static_ipv4(line, "eth2", &s), StaticIpv4Found::None);
  EXPECT_EQ(net::find_static_ipv4(line, "eth", &s), StaticIpv4Found::None);
}

TEST(StaticIpv4, Eth0ByNameOrWithoutOne) {
  StaticIpv4 s;
  ASSERT_EQ(net::find_static_ipv4("net.ip=eth0:10.0.2.7/8", "eth0", &s), StaticIpv4Found::Found);
  EXPECT_EQ(dotted(s.netmask), "255.0.0.0");
  EXPECT_EQ(net::find_static_ipv4("net.ip=10.0.2.7/8", "eth1", &s), StaticIpv4Found::None);
  EXPECT_EQ(net::find_static_ipv4("", "eth0", &s), StaticIpv4Found::None);
  EXPECT_EQ(net::find_static_ipv4("net.ipx=1.2.3.4/8 xnet.ip=1.2.3.4/8 net.ip", "eth0", &s), StaticIpv4Found::None);
}

TEST(StaticIpv4, FirstWordWinsAndMalformedIsOnlyItsInterfaces) {
  StaticIpv4 s;
  ASSERT_EQ(net::find_static_ipv4("net.ip=eth1:1.1.1.1/8 net.ip=eth1:2.2.2.2/8", "eth1", &s), StaticIpv4Found::Found);
  EXPECT_EQ(dotted(s.address), "1.1.1.1");
  const char* line = "net.ip=eth1:192.168.77.2 net.ip=nonsense";
  EXPECT_EQ(net::find_static_ipv4(line, "eth1", &s), StaticIpv4Found::Malformed);
  EXPECT_EQ(net::find_static_ipv4(line, "eth0", &s), StaticIpv4Found::Malformed);
  EXPECT_EQ(net::find_static_ipv4(line, "eth2", &s), StaticIpv4Found::None);
}
