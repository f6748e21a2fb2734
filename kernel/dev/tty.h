// The console terminal: /dev/console and /dev/tty, the line discipline
// between the serial port and the programs that read "a line of input".
//
// Input comes from the serial interrupt one byte at a time
// (receive_byte). In canonical mode (ICANON, the default) the tty collects
// a line, lets the user edit it, and hands it to read() only when Enter is
// pressed:
//
//   Enter (CR, turned into NL by ICRNL)   ends the line; read gets it, '\n' included
//   Backspace (DEL 0x7f, or BS 0x08)      erases a character: echoes "\b \b"
//   ^U (VKILL)                            erases the whole line
//   ^W (VWERASE)                          erases the last word
//   ^D (VEOF)                             ends the line without a '\n'; at the start
//                                         of a line, read returns 0: end of file
//   ^C (VINTR) / ^\ (VQUIT) / ^Z (VSUSP)  SIGINT / SIGQUIT / SIGTSTP to the foreground
//                                         process group, the line is dropped (ISIG)
//
// Job control: a process in a background group of the console's session
// that reads it gets SIGTTIN for its group (EIO if SIGTTIN is ignored or
// blocked, or the group is orphaned); with TOSTOP, writing it, and always,
// changing its settings or foreground group, gives SIGTTOU likewise (unless
// ignored or blocked: then the call goes ahead).
//
// With ICANON cleared (raw mode: editors, line-editing shells) every byte is
// readable at once, as VMIN and VTIME say (termios(3)). Typed characters are
// echoed when ECHO is set. Output goes to console::write, which turns "\n"
// into "\r\n" (ONLCR) unless TCSETS turned OPOST or ONLCR off.
//
// The ioctls: TCGETS, TCSETS, TCSETSW, TCSETSF (the kernel's struct termios
// below, as Linux's), TIOCGWINSZ/TIOCSWINSZ (80x24 unless set),
// TIOCGPGRP/TIOCSPGRP (the foreground process group), FIONREAD, TCFLSH.
#pragma once
#include <stdint.h>

#include "kernel/fs/char_device.h"

namespace tty {

// Linux's kernel struct termios (asm-generic/termbits.h): 19 control
// characters, 36 bytes; what TCGETS/TCSETS copy.
constexpr int kControlCharCount = 19;
struct Termios {
  uint32_t c_iflag;
  uint32_t c_oflag;
  uint32_t c_cflag;
  uint32_t c_lflag;
  uint8_t c_line;
  uint8_t c_cc[kControlCharCount];
};
static_assert(sizeof(Termios) == 36, "Linux's struct termios is 36 bytes");

struct WindowSize {  // struct winsize
  uint16_t rows, columns, x_pixels, y_pixels;
};

// c_iflag
constexpr uint32_t kStripHighBit = 0000040;  // ISTRIP
constexpr uint32_t kMapNlToCr = 0000100;     // INLCR
constexpr uint32_t kIgnoreCr = 0000200;      // IGNCR
constexpr uint32_t kMapCrToNl = 0000400;     // ICRNL
constexpr uint32_t kFlowControl = 0002000;   // IXON (accepted, not acted on)
// c_oflag
constexpr uint32_t kPostProcess = 0000001;   // OPOST
constexpr uint32_t kMapNlToCrNl = 0000004;   // ONLCR
// c_cflag: B38400 | CS8 | CREAD | HUPCL, Linux's default (meaningless for a
// virtual serial line, reported for programs that look).
constexpr uint32_t kDefaultControlFlags = 0000017 | 0000060 | 0000200 | 0002000;
// c_lflag
constexpr uint32_t kSignals = 0000001;       // ISIG
constexpr uint32_t kCanonical = 0000002;     // ICANON
constexpr uint32_t kEcho = 0000010;          // ECHO
constexpr uint32_t kEchoErase = 0000020;     // ECHOE
constexpr uint32_t kEchoKill = 0000040;      // ECHOK
constexpr uint32_t kEchoNewline = 0000100;   // ECHONL
constexpr uint32_t kNoFlush = 0000200;       // NOFLSH
constexpr uint32_t kStopBackgroundOutput = 0000400;  // TOSTOP: SIGTTOU for background writes
constexpr uint32_t kEchoControl = 0001000;   // ECHOCTL (reported; control characters echo as is)
constexpr uint32_t kEchoKillErase = 0004000; // ECHOKE
constexpr uint32_t kExtensions = 0100000;    // IEXTEN (enables ^W)
// c_cc indexes
constexpr int kInterruptChar = 0;  // VINTR
constexpr int kQuitChar = 1;       // VQUIT
constexpr int kEraseChar = 2;      // VERASE
constexpr int kKillChar = 3;       // VKILL
constexpr int kEofChar = 4;        // VEOF
constexpr int kTimeChar = 5;       // VTIME: tenths of a second
constexpr int kMinChar = 6;        // VMIN
constexpr int kSuspendChar = 10;   // VSUSP: ^Z, SIGTSTP
constexpr int kEolChar = 11;       // VEOL
constexpr int kWordEraseChar = 14; // VWERASE

// The device behind /dev/console and /dev/tty.
fs::CharDevice* console_device();

// One byte from the serial port. Called from the interrupt handler, with
// interrupts disabled.
void receive_byte(uint8_t c);

// The foreground process group: who gets ^C. 0: none yet.
int foreground_group();
void set_foreground_group(int pgid);

}  // namespace tty
