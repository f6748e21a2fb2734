/* <string.h> for lwIP: the kernel has no C library, only the few string and
 * memory functions of kernel/lib/string.cpp. These are their declarations
 * (the same as kernel/lib/string.h), for lwIP's C files and for the C++
 * files that include lwIP's headers. */
#ifndef TETHER_LWIP_SHIM_STRING_H
#define TETHER_LWIP_SHIM_STRING_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strncmp(const char* a, const char* b, size_t n);
#ifdef __cplusplus
}
#endif

#endif
