#include "kernel/sysctl/sysctl.h"

#include "kernel/lib/format.h"
#include "kernel/lib/string.h"

namespace sysctl {
namespace {
Setting* head = nullptr;
Setting* tail = nullptr;

// Compares a dotted name with a path, where each '/' in the path matches '.'.
bool path_matches_name(const char* path, size_t length, const char* name) {
  size_t i = 0;
  for (; i < length && name[i]; i++) {
    char c = path[i] == '/' ? '.' : path[i];
    if (c != name[i]) return false;
  }
  return i == length && name[i] == 0;
}

bool equal(const char* text, size_t length, const char* s) {
  return s && strlen(s) == length && strncmp(text, s, length) == 0;
}
}  // namespace

void add(Setting* setting) {
  setting->next = nullptr;
  if (tail) tail->next = setting;
  else head = setting;
  tail = setting;
}

const Setting* first() { return head; }

const Setting* find(const char* name, size_t length) {
  for (Setting* s = head; s; s = s->next)
    if (equal(name, length, s->name)) return s;
  return nullptr;
}

const Setting* find_by_path(const char* path, size_t length) {
  for (Setting* s = head; s; s = s->next)
    if (path_matches_name(path, length, s->name) || equal(path, length, s->linux_path)) return s;
  return nullptr;
}

size_t read_value(const Setting& s, char* buffer, size_t size) { return s.read(s, buffer, size); }

KStatus write_value(const Setting& s, const char* text, size_t length) {
  if (!s.writable || !s.write) return KError{EPERM};
  return s.write(s, text, length);
}

KResult<int64_t> parse_int(const char* text, size_t length) {
  size_t i = 0;
  while (i < length && (text[i] == ' ' || text[i] == '\t')) i++;
  bool negative = false;
  if (i < length && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  size_t digits_start = i;
  uint64_t value = 0;
  for (; i < length && text[i] >= '0' && text[i] <= '9'; i++) {
    if (value > (uint64_t(INT64_MAX) - uint64_t(text[i] - '0')) / 10) return KError{EINVAL};
    value = value * 10 + uint64_t(text[i] - '0');
  }
  if (i == digits_start) return KError{EINVAL};
  while (i < length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) i++;
  if (i != length) return KError{EINVAL};
  return negative ? -int64_t(value) : int64_t(value);
}

IntSetting::IntSetting(const char* name, const char* linux_path, const char* description, int64_t initial,
                       int64_t min, int64_t max, bool writable)
    : setting_{name, linux_path, description, writable, &IntSetting::read, &IntSetting::write, this},
      value_(initial), min_(min), max_(max) {
  add(&setting_);
}

size_t IntSetting::read(const Setting& self, char* buffer, size_t size) {
  auto* me = static_cast<const IntSetting*>(self.data);
  return format(buffer, size, "%ld\n", me->value_);
}

KStatus IntSetting::write(const Setting& self, const char* text, size_t length) {
  auto* me = static_cast<IntSetting*>(self.data);
  int64_t v = TRY(parse_int(text, length));
  if (v < me->min_ || v > me->max_) return KError{EINVAL};
  me->value_ = v;
  return ok();
}
}  // namespace sysctl
