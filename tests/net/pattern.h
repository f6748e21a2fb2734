/* The test stream of the guest <-> host stream tests, shared by the host
 * peers, the guest's stream_guest and the kernel's TCP self-test
 * (net/selftest/tcp_selftest.h): byte i is (i * 7 + 13) & 0xff. */
#ifndef TETHER_TESTS_NET_PATTERN_H
#define TETHER_TESTS_NET_PATTERN_H
#include <stdint.h>

static inline uint8_t pattern_byte(uint64_t i) { return (uint8_t)((i * 7 + 13) & 0xff); }

#endif
