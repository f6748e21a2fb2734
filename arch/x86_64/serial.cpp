#include "arch/x86_64/serial.h"
#include "arch/x86_64/cpu.h"

namespace serial {

// Register offsets from the port base (see any 16550 data sheet).
enum : uint16_t { kData = 0, kIntEnable = 1, kFifoCtrl = 2, kLineCtrl = 3, kModemCtrl = 4, kLineStatus = 5 };
constexpr uint8_t kLineStatusDataReady = 0x01;
constexpr uint8_t kLineStatusTxEmpty = 0x20;

void init(uint16_t port) {
  cpu::outb(port + kIntEnable, 0x00);
  cpu::outb(port + kLineCtrl, 0x80);  // DLAB on: next two bytes are the divisor
  cpu::outb(port + kData, 0x01);      // 115200 baud
  cpu::outb(port + kIntEnable, 0x00);
  cpu::outb(port + kLineCtrl, 0x03);  // 8 bits, no parity, one stop bit
  cpu::outb(port + kFifoCtrl, 0xC7);  // FIFOs on and cleared
  cpu::outb(port + kModemCtrl, 0x0B); // DTR, RTS, OUT2 (OUT2 gates the IRQ line)
}

void put_char(uint16_t port, char c) {
  while (!(cpu::inb(port + kLineStatus) & kLineStatusTxEmpty)) {
  }
  cpu::outb(port + kData, uint8_t(c));
}

void write(uint16_t port, const char* s, size_t n) {
  for (size_t i = 0; i < n; i++) put_char(port, s[i]);
}

void enable_receive_interrupt(uint16_t port) { cpu::outb(port + kIntEnable, 0x01); }

int try_read(uint16_t port) {
  if (!(cpu::inb(port + kLineStatus) & kLineStatusDataReady)) return -1;
  return cpu::inb(port + kData);
}

}  // namespace serial
