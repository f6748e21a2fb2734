// Time as text: strftime(3) and the fixed formats of asctime and ctime, in
// the "C" locale (English names, 24-hour clock).
//
// strftime knows every POSIX conversion plus glibc's %k %l %P %s and the
// padding flags '-' (none), '_' (spaces) and '0' (zeros): "%-d" is "7".
#include <stdio.h>
#include <string.h>
#include <time.h>

namespace {

const char *const kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                             "Thursday", "Friday", "Saturday"};
const char *const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

bool is_leap(long year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// The output buffer; `ok` turns false once something did not fit.
struct Output {
  char *s;
  size_t size;
  size_t used = 0;
  bool ok = true;

  void put(const char *text, size_t n) {
    if (used + n >= size) {  // keep room for the NUL
      ok = false;
      return;
    }
    memcpy(s + used, text, n);
    used += n;
  }
  void put(const char *text) { put(text, strlen(text)); }
};

// A number at least `width` digits wide, padded as the flag asks
// (pad is '0', ' ', or 0 for no padding).
void put_number(Output &out, long value, int width, char pad) {
  char digits[24];
  bool negative = value < 0;
  unsigned long magnitude = negative ? 0UL - static_cast<unsigned long>(value) : value;
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  char text[32];
  int length = 0;
  if (negative) text[length++] = '-';
  for (int fill = width - n - negative; pad && fill > 0; --fill) text[length++] = pad;
  while (n) text[length++] = digits[--n];
  out.put(text, static_cast<size_t>(length));
}

// The first three letters of a day or month name.
void put_abbrev(Output &out, const char *name) { out.put(name, 3); }

// ISO 8601 week number and its year: weeks start on Monday, and week 1 is
// the one with the year's first Thursday in it. Days early in January may
// belong to the last week of the previous year, days late in December to
// week 1 of the next.
void iso_week(const struct tm *tm, long *week_year, int *week) {
  long year = 1900L + tm->tm_year;
  int monday_based = (tm->tm_wday + 6) % 7;  // Monday 0 ... Sunday 6
  int w = (tm->tm_yday - monday_based + 10) / 7;
  // A year has 53 weeks when it starts on a Thursday, or is a leap year
  // starting on a Wednesday.
  auto weeks_in = [](long y, int jan1_monday_based) {
    return (jan1_monday_based == 3 || (is_leap(y) && jan1_monday_based == 2)) ? 53 : 52;
  };
  int jan1 = ((monday_based - tm->tm_yday) % 7 + 7) % 7;
  if (w < 1) {
    int previous_jan1 = ((jan1 - (is_leap(year - 1) ? 366 : 365)) % 7 + 7) % 7;
    *week_year = year - 1;
    *week = weeks_in(year - 1, previous_jan1);
  } else if (w > weeks_in(year, jan1)) {
    *week_year = year + 1;
    *week = 1;
  } else {
    *week_year = year;
    *week = w;
  }
}

void format(Output &out, const char *fmt, const struct tm *tm);

// One conversion. `pad` is the flag's padding, or '?' for the default.
void convert(Output &out, char c, char pad, const struct tm *tm) {
  auto number = [&](long value, int width, char default_pad) {
    put_number(out, value, width, pad == '?' ? default_pad : pad);
  };
  int hour12 = tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12;
  long year = 1900L + tm->tm_year;
  switch (c) {
    case 'a': put_abbrev(out, kDays[tm->tm_wday % 7]); break;
    case 'A': out.put(kDays[tm->tm_wday % 7]); break;
    case 'b':
    case 'h': put_abbrev(out, kMonths[tm->tm_mon % 12]); break;
    case 'B': out.put(kMonths[tm->tm_mon % 12]); break;
    case 'c': format(out, "%a %b %e %H:%M:%S %Y", tm); break;
    case 'C': number(year / 100, 2, '0'); break;
    case 'd': number(tm->tm_mday, 2, '0'); break;
    case 'D': format(out, "%m/%d/%y", tm); break;
    case 'e': number(tm->tm_mday, 2, ' '); break;
    case 'F': format(out, "%Y-%m-%d", tm); break;
    case 'g':
    case 'G':
    case 'V': {
      long week_year;
      int week;
      iso_week(tm, &week_year, &week);
      if (c == 'V') number(week, 2, '0');
      else if (c == 'g') number(week_year % 100, 2, '0');
      else number(week_year, 1, '0');
      break;
    }
    case 'H': number(tm->tm_hour, 2, '0'); break;
    case 'I': number(hour12, 2, '0'); break;
    case 'j': number(tm->tm_yday + 1, 3, '0'); break;
    case 'k': number(tm->tm_hour, 2, ' '); break;
    case 'l': number(hour12, 2, ' '); break;
    case 'm': number(tm->tm_mon + 1, 2, '0'); break;
    case 'M': number(tm->tm_min, 2, '0'); break;
    case 'n': out.put("\n"); break;
    case 'p': out.put(tm->tm_hour < 12 ? "AM" : "PM"); break;
    case 'P': out.put(tm->tm_hour < 12 ? "am" : "pm"); break;
    case 'r': format(out, "%I:%M:%S %p", tm); break;
    case 'R': format(out, "%H:%M", tm); break;
    case 's': {
      struct tm copy = *tm;
      number(timegm(&copy), 1, '0');
      break;
    }
    case 'S': number(tm->tm_sec, 2, '0'); break;
    case 't': out.put("\t"); break;
    case 'T': format(out, "%H:%M:%S", tm); break;
    case 'u': number(tm->tm_wday == 0 ? 7 : tm->tm_wday, 1, '0'); break;
    case 'U': number((tm->tm_yday + 7 - tm->tm_wday) / 7, 2, '0'); break;
    case 'w': number(tm->tm_wday, 1, '0'); break;
    case 'W': number((tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, '0'); break;
    case 'x': format(out, "%m/%d/%y", tm); break;
    case 'X': format(out, "%H:%M:%S", tm); break;
    case 'y': number(((year % 100) + 100) % 100, 2, '0'); break;
    case 'Y': number(year, 1, '0'); break;
    case 'z': {
      long offset = tm->tm_gmtoff;
      out.put(offset < 0 ? "-" : "+");
      if (offset < 0) offset = -offset;
      put_number(out, offset / 3600 * 100 + offset / 60 % 60, 4, '0');
      break;
    }
    case 'Z': out.put(tm->tm_zone ? tm->tm_zone : ""); break;
    case '%': out.put("%"); break;
    default: {  // unknown: copied as written, as glibc does
      char text[2] = {'%', c};
      out.put(text, 2);
    }
  }
}

void format(Output &out, const char *fmt, const struct tm *tm) {
  for (const char *p = fmt; *p && out.ok; ++p) {
    if (*p != '%') {
      out.put(p, 1);
      continue;
    }
    char pad = '?';
    if (p[1] == '-' || p[1] == '_' || p[1] == '0') {
      ++p;
      pad = *p == '-' ? 0 : *p == '_' ? ' ' : '0';
    }
    if (p[1] == 'E' || p[1] == 'O') ++p;  // alternative forms: the same in the C locale
    if (p[1] == '\0') {
      out.put("%");
      break;
    }
    convert(out, *++p, pad, tm);
  }
}

char shared_buffer[32];  // what asctime and ctime return

}  // namespace

extern "C" {

// The number of bytes written, without the NUL; 0 if they did not fit (the
// buffer's contents are then unspecified).
size_t strftime(char *s, size_t size, const char *fmt, const struct tm *tm) {
  Output out{s, size};
  format(out, fmt, tm);
  if (!out.ok || size == 0) return 0;
  s[out.used] = '\0';
  return out.used;
}

// "Thu Jan  1 00:00:00 1970\n": 26 bytes with the NUL.
char *asctime_r(const struct tm *tm, char *buf) {
  snprintf(buf, 26, "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n", kDays[tm->tm_wday % 7],
           kMonths[tm->tm_mon % 12], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
           1900 + tm->tm_year);
  return buf;
}

char *asctime(const struct tm *tm) { return asctime_r(tm, shared_buffer); }

char *ctime_r(const time_t *t, char *buf) {
  struct tm tm;
  if (localtime_r(t, &tm) == nullptr) return nullptr;
  return asctime_r(&tm, buf);
}

char *ctime(const time_t *t) { return ctime_r(t, shared_buffer); }

}  // extern "C"
