#include "kernel/dev/console.h"

#include "arch/x86_64/serial.h"

namespace console {
namespace {
bool translate_newlines = true;
}

void init(bool on) {
  serial::init(serial::kCom1);
  translate_newlines = on;
}
bool onlcr() { return translate_newlines; }
void set_onlcr(bool on) { translate_newlines = on; }

void write(const char* s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n' && translate_newlines) serial::put_char(serial::kCom1, '\r');
    serial::put_char(serial::kCom1, s[i]);
  }
}

void write_kernel(const char* s, size_t n) { write(s, n); }
}  // namespace console
