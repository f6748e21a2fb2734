// What lwIP needs from the system it runs on (its "sys_arch" layer), for
// NO_SYS=1: a millisecond clock, memory, random numbers, a way to print and
// a way to fail. lwIP is C, so everything here has C linkage; the names are
// the ones arch/cc.h and lwipopts.h point lwIP at.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/cpu.h"
#include "kernel/lib/format.h"
#include "kernel/mm/heap.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lwip/arch.h"
#include "lwip/sys.h"
#include "net/lwip/net_lock.h"

namespace {
// One line of lwIP's diagnostics being put together (see tether_lwip_diag).
char diag_line[256];
size_t diag_length = 0;

uint64_t rand_state = 0;
}  // namespace

extern "C" {

// lwIP's clock: milliseconds, wrapping at 2^32 (lwIP compares times modulo
// that, so the wrap after 49 days is harmless).
u32_t sys_now(void) { return static_cast<u32_t>(time::monotonic_ns() / 1000000); }

// lwIP's heap (mem_malloc, and through it every pool: MEMP_MEM_MALLOC) is
// the kernel heap.
void* tether_lwip_malloc(size_t size) { return kmalloc(size); }
void tether_lwip_free(void* p) { kfree(p); }
void* tether_lwip_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return nullptr;
  return kzalloc(count * size);
}

// lwIP prints its diagnostics in pieces ("dhcp_recv(): ", then the rest)
// and ends a line with "\n"; printk stamps every call as a line of its own.
// So the pieces are gathered here and printed one line at a time. All of
// lwIP runs under the network lock, so one buffer is enough.
void tether_lwip_diag(const char* fmt, ...) {
  char piece[256];
  va_list args;
  va_start(args, fmt);
  size_t n = vformat(piece, sizeof piece, fmt, args);
  va_end(args);
  if (n >= sizeof piece) n = sizeof piece - 1;
  for (size_t i = 0; i < n; i++) {
    bool full = diag_length == sizeof diag_line - 1;
    if (piece[i] == '\n' || full) {
      diag_line[diag_length] = '\0';
      printk("lwip: %s", diag_line);
      diag_length = 0;
      if (piece[i] == '\n') continue;
    }
    diag_line[diag_length++] = piece[i];
  }
}

void tether_lwip_assert(const char* message, const char* file, int line) {
  panic("lwIP assertion failed: %s (%s:%d)", message, file, line);
}

// The check behind LWIP_ASSERT_CORE_LOCKED(), at every entry point of lwIP.
void tether_net_assert_locked(void) {
  if (!net::lock_held()) panic("lwIP called without the network lock (interrupts are on)");
}

// xorshift64* seeded from the TSC, with the TSC mixed in at every call: the
// values are unpredictable enough for DHCP transaction ids and lwIP's own
// port choices, but this is no cryptographic generator. (RFC 6528 wants TCP
// initial sequence numbers from a keyed hash; that is for later.)
uint32_t tether_lwip_rand(void) {
  cpu::InterruptGuard guard;
  if (rand_state == 0) rand_state = cpu::rdtsc() | 1;
  rand_state ^= cpu::rdtsc() << 17;
  rand_state ^= rand_state >> 12;
  rand_state ^= rand_state << 25;
  rand_state ^= rand_state >> 27;
  if (rand_state == 0) rand_state = 0x9E3779B97F4A7C15ull;
  return static_cast<uint32_t>((rand_state * 0x2545F4914F6CDD1Dull) >> 32);
}

// For netif_find() only ("en0" → 0): decimal digits after optional blanks
// and sign, as the C library's.
int atoi(const char* text) {
  while (*text == ' ' || (*text >= '\t' && *text <= '\r')) text++;
  bool negative = *text == '-';
  if (*text == '-' || *text == '+') text++;
  int value = 0;
  for (; *text >= '0' && *text <= '9'; text++) value = value * 10 + (*text - '0');
  return negative ? -value : value;
}

}  // extern "C"
