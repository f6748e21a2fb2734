// The CMOS real-time clock: read once at boot to start CLOCK_REALTIME.
#pragma once
#include <stdint.h>

namespace rtc {
// Seconds since 1970-01-01 00:00:00 UTC.
uint64_t read_unix_time();
}
