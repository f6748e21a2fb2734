#include "kernel/printk.h"

#include <stdarg.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/serial.h"
#include "kernel/dev/console.h"
#include "kernel/lib/format.h"
#include "kernel/profile.h"
#include "kernel/time.h"

namespace {
bool quiet = false;
constexpr size_t kRingSize = 64 * 1024;
char ring[kRingSize];
size_t ring_head = 0;  // total bytes ever written; the ring holds the last kRingSize

void ring_append(const char* s, size_t n) {
  for (size_t i = 0; i < n; i++) ring[(ring_head + i) % kRingSize] = s[i];
  ring_head += n;
}
}  // namespace

profile::Counter printk_time{"printk"};

void printk_set_quiet(bool q) { quiet = q; }

void klog_write_raw(const char* s, size_t n) { serial::write(serial::kCom2, s, n); }

void printk(const char* fmt, ...) {
  char line[512];
  uint64_t ns = time::monotonic_ns();
  size_t n = format(line, sizeof line, "[%5u.%06u] ", unsigned(ns / 1000000000), unsigned(ns / 1000 % 1000000));
  va_list args;
  va_start(args, fmt);
  n += vformat(line + n, sizeof line - n, fmt, args);
  va_end(args);
  if (n >= sizeof line) n = sizeof line - 1;
  if (line[n - 1] != '\n' && n + 1 < sizeof line) line[n++] = '\n';

  cpu::InterruptGuard guard;
  profile::Scope scope(printk_time);
  ring_append(line, n);
  klog_write_raw(line, n);
  if (!quiet) console::write_kernel(line, n);
}

size_t klog_read(char* buf, size_t size) {
  cpu::InterruptGuard guard;
  size_t have = ring_head < kRingSize ? ring_head : kRingSize;
  size_t n = have < size ? have : size;
  size_t start = ring_head - n;
  for (size_t i = 0; i < n; i++) buf[i] = ring[(start + i) % kRingSize];
  return n;
}
