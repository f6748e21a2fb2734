/* Arithmetic expansion, $((...)): C's integer expressions on longs.
 *   numbers 42 0x2a 052, variables by name (unset or empty is 0),
 *   ( ), unary + - ! ~, * / %, + -, << >>, < <= > >=, == !=, & ^ |,
 *   && ||, ?:, and the assignments = += -= *= /= %= <<= >>= &= ^= |=
 * The text has already had its $VAR and $(...) expanded. */
#ifndef SH_ARITH_H
#define SH_ARITH_H

#include <stdbool.h>

/* Evaluates expr into *value; false (after a message) on an error such as
 * a syntax error or a division by zero. */
bool arith_evaluate(const char *expr, long *value);

#endif
