// Integer helpers from <stdlib.h> and <inttypes.h>.
#include <inttypes.h>
#include <stdlib.h>

extern "C" {

int abs(int n) { return n < 0 ? -n : n; }
long labs(long n) { return n < 0 ? -n : n; }
long long llabs(long long n) { return n < 0 ? -n : n; }
intmax_t imaxabs(intmax_t n) { return n < 0 ? -n : n; }

div_t div(int num, int den) { return {num / den, num % den}; }
ldiv_t ldiv(long num, long den) { return {num / den, num % den}; }

}  // extern "C"
