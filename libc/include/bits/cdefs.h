/* Small helpers every public header uses: C++ linkage brackets and the
 * attributes that let the compiler check our callers. */
#ifndef _BITS_CDEFS_H
#define _BITS_CDEFS_H

#ifdef __cplusplus
#define __BEGIN_DECLS extern "C" {
#define __END_DECLS }
#else
#define __BEGIN_DECLS
#define __END_DECLS
#endif

#define __noreturn __attribute__((__noreturn__))
/* printf-like: argument FMT is the format, FIRST the first checked argument. */
#define __printf_like(fmt, first) __attribute__((__format__(__printf__, fmt, first)))

#endif
