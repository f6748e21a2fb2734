// The 16550 UART. COM1 is the console (the terminal, or the test's stdout);
// COM2 carries the kernel log and the final exit record for ./tether.
#pragma once
#include <stdint.h>
#include <stddef.h>

namespace serial {
constexpr uint16_t kCom1 = 0x3F8;
constexpr uint16_t kCom2 = 0x2F8;
void init(uint16_t port);
void put_char(uint16_t port, char c);
void write(uint16_t port, const char* s, size_t n);
void enable_receive_interrupt(uint16_t port);
// Returns -1 when no byte is waiting.
int try_read(uint16_t port);
}  // namespace serial
