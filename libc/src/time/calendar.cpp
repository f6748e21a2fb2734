// Calendar time: seconds since the Epoch (1970-01-01 00:00:00 UTC) to and
// from a broken-down struct tm, in the proleptic Gregorian calendar.
//
// Tether has no time zones, so local time is UTC: localtime is gmtime and
// mktime is timegm (each labels its result the way glibc does for a system
// whose zone is UTC: gmtime says "GMT", localtime "UTC").
#include <errno.h>
#include <limits.h>
#include <time.h>

namespace {

constexpr long kSecondsPerDay = 86400;

// Integer division and remainder rounding towards minus infinity, so that
// times before 1970 land on the right day.
long floor_div(long a, long b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }
long floor_mod(long a, long b) { return a - floor_div(a, b) * b; }

// Days from 1970-01-01 to year-month-day (month 1-12). The calendar repeats
// every 400 years (an "era" of 146097 days); counting years from March puts
// the leap day at the end of each year, which makes the month lengths a
// simple formula: (153 * m + 2) / 5 days before month m (March = 0).
long days_from_civil(long year, long month, long day) {
  year -= month <= 2;
  long era = floor_div(year, 400);
  long year_of_era = year - era * 400;                              // 0..399
  long day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;  // 0..365
  long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: 0000-03-01 to 1970-01-01
}

// The inverse: the date of a day number.
void civil_from_days(long days, long *year, int *month, int *day) {
  days += 719468;
  long era = floor_div(days, 146097);
  long day_of_era = days - era * 146097;  // 0..146096
  long year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  long month_from_march = (5 * day_of_year + 2) / 153;  // 0..11
  *day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  *month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  *year = year_of_era + era * 400 + (*month <= 2);
}

struct tm *break_down(const time_t *t, struct tm *out, const char *zone) {
  long days = floor_div(*t, kSecondsPerDay);
  long seconds = floor_mod(*t, kSecondsPerDay);
  long year;
  int month, day;
  civil_from_days(days, &year, &month, &day);
  if (year - 1900 > INT_MAX || year - 1900 < INT_MIN) {
    errno = EOVERFLOW;
    return nullptr;
  }
  out->tm_year = static_cast<int>(year - 1900);
  out->tm_mon = month - 1;
  out->tm_mday = day;
  out->tm_hour = static_cast<int>(seconds / 3600);
  out->tm_min = static_cast<int>(seconds / 60 % 60);
  out->tm_sec = static_cast<int>(seconds % 60);
  out->tm_wday = static_cast<int>(floor_mod(days + 4, 7));  // 1970-01-01 was a Thursday
  out->tm_yday = static_cast<int>(days - days_from_civil(year, 1, 1));
  out->tm_isdst = 0;
  out->tm_gmtoff = 0;
  out->tm_zone = zone;
  return out;
}

// timegm's arithmetic: fields out of range (tm_mon 14, tm_mday 0, tm_sec -5)
// carry into the next larger field, as mktime(3) requires.
time_t seconds_of(const struct tm *tm) {
  long month = tm->tm_mon;
  long year = 1900L + tm->tm_year + floor_div(month, 12);
  month = floor_mod(month, 12);
  long days = days_from_civil(year, month + 1, 1) + tm->tm_mday - 1;
  return days * kSecondsPerDay + tm->tm_hour * 3600L + tm->tm_min * 60L + tm->tm_sec;
}

struct tm shared_tm;  // what gmtime and localtime return

}  // namespace

extern "C" {

struct tm *gmtime_r(const time_t *t, struct tm *out) { return break_down(t, out, "GMT"); }
struct tm *localtime_r(const time_t *t, struct tm *out) { return break_down(t, out, "UTC"); }
struct tm *gmtime(const time_t *t) { return gmtime_r(t, &shared_tm); }
struct tm *localtime(const time_t *t) { return localtime_r(t, &shared_tm); }

// Both normalize *tm (and fill tm_wday, tm_yday) as well as converting it.
time_t timegm(struct tm *tm) {
  time_t t = seconds_of(tm);
  if (gmtime_r(&t, tm) == nullptr) return -1;
  return t;
}

time_t mktime(struct tm *tm) {
  time_t t = seconds_of(tm);
  if (localtime_r(&t, tm) == nullptr) return -1;
  return t;
}

double difftime(time_t end, time_t start) {
  return static_cast<double>(end) - static_cast<double>(start);
}

void tzset(void) {}

}  // extern "C"
