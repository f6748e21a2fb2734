// Fail points: make one named operation fail on demand, so a test can
// reproduce errors a healthy machine never shows (EIO from the filesystem,
// ENOBUFS from the network). Each is the sysctl debug.fail.<name>: writing N
// makes the next N checks fail; it counts down to 0 (never fail).
//
//   sysctl::FailPoint vfs_io("vfs_io", "next N file reads/writes fail with EIO");
//   if (vfs_io.should_fail()) return KError{EIO};
//
// From a test: write "1" to /proc/sys/debug/fail/vfs_io, then read a file.
#pragma once
#include "kernel/sysctl/sysctl.h"

namespace sysctl {
class FailPoint {
 public:
  FailPoint(const char* short_name, const char* description);
  // True (and one fewer failure left) if a failure is armed.
  bool should_fail();

 private:
  static size_t read(const Setting& self, char* buffer, size_t size);
  static KStatus write(const Setting& self, const char* text, size_t length);
  char name_[64];
  Setting setting_;
  int64_t remaining_ = 0;
};
}  // namespace sysctl
