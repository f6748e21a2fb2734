#include "arch/x86_64/rtc.h"

#include "arch/x86_64/cpu.h"

namespace rtc {
namespace {
uint8_t cmos(uint8_t reg) {
  cpu::outb(0x70, reg);
  return cpu::inb(0x71);
}
bool update_in_progress() { return cmos(0x0A) & 0x80; }
uint8_t from_bcd(uint8_t v) { return (v & 0x0F) + (v >> 4) * 10; }

// Days from 1970-01-01 to year-month-day (proleptic Gregorian calendar).
uint64_t days_since_epoch(uint64_t y, uint64_t m, uint64_t d) {
  y -= m <= 2;
  uint64_t era = y / 400;
  uint64_t yoe = y - era * 400;
  uint64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  uint64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
}  // namespace

uint64_t read_unix_time() {
  while (update_in_progress()) {
  }
  uint8_t sec = cmos(0x00), min = cmos(0x02), hour = cmos(0x04);
  uint8_t day = cmos(0x07), month = cmos(0x08), year = cmos(0x09);
  uint8_t status_b = cmos(0x0B);
  if (!(status_b & 0x04)) {  // values are BCD unless bit 2 says binary
    sec = from_bcd(sec);
    min = from_bcd(min);
    hour = from_bcd(hour & 0x7F) | (hour & 0x80);
    day = from_bcd(day);
    month = from_bcd(month);
    year = from_bcd(year);
  }
  if (!(status_b & 0x02) && (hour & 0x80)) hour = ((hour & 0x7F) + 12) % 24;  // 12-hour mode
  uint64_t days = days_since_epoch(2000 + year, month, day);
  return days * 86400 + hour * 3600 + min * 60 + sec;
}
}  // namespace rtc
