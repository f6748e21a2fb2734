// The console: bytes to and from COM1. Output can translate "\n" to "\r\n"
// (ONLCR), which a terminal in raw mode needs and a pipe does not; the kernel
// command line's tty.onlcr=0 turns it off (./tether does when its stdout is
// not a terminal, so test output arrives byte for byte).
#pragma once
#include <stddef.h>

namespace console {
void init(bool onlcr);
bool onlcr();
void set_onlcr(bool on);
// Output from the tty layer (user programs).
void write(const char* s, size_t n);
// Output from printk/panic: same translation, never blocks.
void write_kernel(const char* s, size_t n);
}  // namespace console
