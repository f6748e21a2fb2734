// Leaving the process: exit() runs what the program registered, flushes
// stdio, then asks the kernel to end every thread (exit_group).
#include <stdlib.h>
#include <unistd.h>

#include "../internal/stdio_impl.h"
#include "../internal/syscall.h"

extern "C" {
extern void (*__fini_array_start[])(void) __attribute__((visibility("hidden")));
extern void (*__fini_array_end[])(void) __attribute__((visibility("hidden")));
}

namespace {

// POSIX asks for at least 32. Each entry is either a plain atexit() handler
// or a C++ destructor registered through __cxa_atexit (with its object).
constexpr int kMaxExitHandlers = 64;

struct ExitHandler {
  void (*plain)(void);
  void (*with_arg)(void *);
  void *arg;
};

ExitHandler handlers[kMaxExitHandlers];
int handler_count = 0;

void run_exit_handlers() {
  // Last registered runs first. Re-read the count: a handler may register more.
  while (handler_count > 0) {
    ExitHandler h = handlers[--handler_count];
    if (h.plain) h.plain();
    else h.with_arg(h.arg);
  }
}

}  // namespace

extern "C" {

// Identifies "this program" to __cxa_atexit; crtbegin.o would define it, but
// Tether programs link without the compiler's start files.
void *__dso_handle = nullptr;

int atexit(void (*handler)(void)) {
  if (handler_count == kMaxExitHandlers) return -1;
  handlers[handler_count++] = {handler, nullptr, nullptr};
  return 0;
}

int __cxa_atexit(void (*destructor)(void *), void *object, void * /*dso*/) {
  if (handler_count == kMaxExitHandlers) return -1;
  handlers[handler_count++] = {nullptr, destructor, object};
  return 0;
}

void exit(int status) {
  run_exit_handlers();
  for (auto *fn = __fini_array_end; fn > __fini_array_start;) (*--fn)();
  tether::stdio_flush_all();
  _exit(status);
}

void _exit(int status) {
  for (;;) tether::syscall1(SYS_exit_group, status);
}

void _Exit(int status) { _exit(status); }

}  // extern "C"
