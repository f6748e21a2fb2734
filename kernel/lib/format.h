// printf-style formatting for the kernel (printk, panic, /proc files).
// Supports %d %i %u %x %X %o %p %s %c %%, the l/ll/z length modifiers,
// '-' and '0' flags, and a field width.
#pragma once
#include <stdarg.h>
#include <stddef.h>

// Writes at most size-1 characters and a NUL; returns the full length.
size_t vformat(char* buf, size_t size, const char* fmt, va_list args);
size_t format(char* buf, size_t size, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
