/* lwIP's compiler and platform header (lwIP includes it as "arch/cc.h" from
 * lwip/arch.h, before anything else of its own). It tells lwIP what this
 * machine is: x86-64, little-endian, no C library, a kernel log for
 * messages and panic() for failed assertions.
 *
 * lwIP is C and this header is read by C (lwIP's own files) and by C++ (our
 * port and drivers), so it declares only C things. The functions named here
 * are defined in sys_arch.cpp. */
#ifndef TETHER_LWIP_ARCH_CC_H
#define TETHER_LWIP_ARCH_CC_H

#include <limits.h> /* include/limits.h, ours */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* x86-64. lwIP's default is little-endian too, but say it. */
#define BYTE_ORDER LITTLE_ENDIAN

/* ssize_t: the same type as libc/include/bits/types.h, so that a C++ file
 * that sees both agrees. Defining SSIZE_MAX stops lwIP from typedef'ing its
 * own (int), and LWIP_NO_UNISTD_H from looking for a <unistd.h> we lack. */
typedef long ssize_t;
#define SSIZE_MAX LONG_MAX
#define LWIP_NO_UNISTD_H 1

/* No <inttypes.h>: lwIP's printf formats for its types, spelled for the
 * kernel's format() (kernel/lib/format.h). u8_t and u16_t are promoted to
 * int when passed through "...", so plain %u/%x are right for them. */
#define LWIP_NO_INTTYPES_H 1
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

/* No <ctype.h>: lwIP has its own isdigit() and friends for this case. */
#define LWIP_NO_CTYPE_H 1

/* Messages. lwIP calls LWIP_PLATFORM_DIAG(("format", args)) with pieces of
 * lines; tether_lwip_diag() gathers them into whole lines for printk. */
void tether_lwip_diag(const char* format, ...) __attribute__((format(printf, 1, 2)));
#define LWIP_PLATFORM_DIAG(message) do { tether_lwip_diag message; } while (0)

/* A failed LWIP_ASSERT is a kernel bug: panic, naming the place. */
void tether_lwip_assert(const char* message, const char* file, int line) __attribute__((noreturn));
#define LWIP_PLATFORM_ASSERT(message) tether_lwip_assert((message), __FILE__, __LINE__)

/* LWIP_ERROR(message, condition, handler) guards lwIP's API against bad
 * arguments. The handler (return an error) always runs; the message is
 * printed only with debug.log.net=1, since a bad call from the socket layer
 * is reported to its caller anyway. */
int tether_net_debug_enabled(void);
#define LWIP_ERROR(message, expression, handler) do { if (!(expression)) { \
  if (tether_net_debug_enabled()) tether_lwip_diag("lwip: %s\n", (message)); \
  handler; }} while (0)

/* The heap (lwipopts.h: MEM_LIBC_MALLOC) is the kernel's, kmalloc/kfree. */
void* tether_lwip_malloc(size_t size);
void* tether_lwip_calloc(size_t count, size_t size);
void tether_lwip_free(void* p);

/* LWIP_ASSERT_CORE_LOCKED (lwipopts.h): panics unless the caller holds the
 * network lock (net_lock.h). */
void tether_net_assert_locked(void);

/* The Internet checksum, 32 bits at a time (checksum.cpp); lwipopts.h
 * makes it lwIP's LWIP_CHKSUM. */
uint16_t tether_lwip_chksum(const void* data, int length);

/* Random numbers: TCP initial sequence numbers, DHCP transaction ids,
 * ephemeral ports lwIP picks by itself, IPv6 timers. */
uint32_t tether_lwip_rand(void);
#define LWIP_RAND() tether_lwip_rand()

/* LWIP_HOOK_IP4_INPUT / LWIP_HOOK_IP6_INPUT (lwipopts.h): look at every IP
 * packet before lwIP does, for the ICMP errors lwIP tells no pcb about
 * (icmp_errors.cpp). They never take the packet: always 0. */
struct pbuf;
struct netif;
int tether_ip4_input_hook(struct pbuf* p, struct netif* inp);
int tether_ip6_input_hook(struct pbuf* p, struct netif* inp);

#ifdef __cplusplus
}
#endif

#endif /* TETHER_LWIP_ARCH_CC_H */
