// What the C++ compiler expects from its runtime, so C++ programs link
// against Tether's libc: new/delete on malloc, and the handlers it calls
// for impossible situations. No exceptions: running out of memory aborts.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

namespace {

void *allocate_or_die(size_t size) {
  void *p = malloc(size ? size : 1);
  if (p == nullptr) {
    fputs("operator new: out of memory\n", stderr);
    abort();
  }
  return p;
}

}  // namespace

void *operator new(size_t size) { return allocate_or_die(size); }
void *operator new[](size_t size) { return allocate_or_die(size); }
void operator delete(void *p) noexcept { free(p); }
void operator delete[](void *p) noexcept { free(p); }
void operator delete(void *p, size_t) noexcept { free(p); }
void operator delete[](void *p, size_t) noexcept { free(p); }

extern "C" {

// Called if a pure virtual function is somehow invoked (from a constructor
// or destructor of the abstract class).
void __cxa_pure_virtual(void) {
  fputs("pure virtual function called\n", stderr);
  abort();
}

// Called by code built with -fstack-protector when a canary was overwritten.
void __stack_chk_fail(void) {
  fputs("*** stack smashing detected ***: terminated\n", stderr);
  abort();
}

}  // extern "C"
