/* assert.h may be included more than once with different NDEBUG settings. */
#include <bits/cdefs.h>

#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) \
  ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _ASSERT_H_DECLARED
#define _ASSERT_H_DECLARED
__BEGIN_DECLS
__noreturn void __assert_fail(const char *expr, const char *file, int line, const char *func);
__END_DECLS
#ifndef __cplusplus
#define static_assert _Static_assert
#endif
#endif
