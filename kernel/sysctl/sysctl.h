// Sysctls: the kernel's named tunables, read and written as text.
//
// Every setting has a FreeBSD-style dotted name (net.inet.ip.portrange.first,
// debug.fail.vfs_io) and appears three ways:
//   - the sysctl-by-name syscall (SYS_tether_sysctl, a number Linux lacks),
//   - the file /proc/sys/ + the name with dots turned into slashes,
//   - where Linux has the same knob, also under Linux's /proc/sys path
//     (net/ipv4/ip_local_port_range).
// Settings register themselves at boot (static constructors), so a subsystem
// declares its tunable next to the code that uses it.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/lib/kresult.h"

namespace sysctl {

struct Setting {
  const char* name;        // dotted
  const char* linux_path;  // e.g. "net/ipv4/ip_local_port_range", or nullptr
  const char* description;
  bool writable;
  // Text in, text out. read writes the value and a trailing newline.
  size_t (*read)(const Setting& self, char* buffer, size_t size);
  KStatus (*write)(const Setting& self, const char* text, size_t length);
  void* data;
  Setting* next = nullptr;  // the registry's list
};

void add(Setting* setting);
// By dotted name ("debug.fail.vfs_io") or by /proc/sys path
// ("debug/fail/vfs_io" or a Linux alias "net/ipv4/...").
const Setting* find(const char* name, size_t length);
const Setting* find_by_path(const char* path, size_t length);
const Setting* first();  // iterate with ->next, in registration order

// Reads the value as text; writes one (root only, checked by callers).
size_t read_value(const Setting& s, char* buffer, size_t size);
KStatus write_value(const Setting& s, const char* text, size_t length);

// An integer setting in [min, max], the common case.
class IntSetting {
 public:
  IntSetting(const char* name, const char* linux_path, const char* description, int64_t initial, int64_t min,
             int64_t max, bool writable = true);
  int64_t get() const { return value_; }
  void set(int64_t v) { value_ = v; }

 private:
  static size_t read(const Setting& self, char* buffer, size_t size);
  static KStatus write(const Setting& self, const char* text, size_t length);
  Setting setting_;
  int64_t value_;
  int64_t min_, max_;
};

// Parses a decimal integer with optional sign, surrounding blanks and one
// trailing newline (what `echo 3 > /proc/sys/...` writes). EINVAL otherwise.
KResult<int64_t> parse_int(const char* text, size_t length);

}  // namespace sysctl
