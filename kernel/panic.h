// panic(): print the cause, the registers (the trap's, or those panic()
// was called with) and a symbolized backtrace, then power off with a failing status. It never
// returns, and it never hangs a test run.
#pragma once
#include <stdint.h>

struct TrapFrame;

[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void panic_with_frame(const TrapFrame* frame, const char* fmt, ...)
    __attribute__((format(printf, 2, 3)));

// "function+0x1c" for a kernel code address, or nullptr if unknown.
const char* symbolize(uint64_t address, uint64_t* offset);

#define KASSERT(cond)                                                             \
  do {                                                                            \
    if (!(cond)) panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__); \
  } while (0)
