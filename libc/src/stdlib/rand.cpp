// rand(3): a 64-bit linear congruential generator (Knuth's MMIX constants),
// returning its top 31 bits, which are the well-mixed ones. Not for secrets.
#include <stdlib.h>

namespace {

unsigned long long state = 1;  // as if srand(1), which the standard requires

}  // namespace

extern "C" {

void srand(unsigned int seed) { state = seed; }

int rand(void) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return static_cast<int>(state >> 33);
}

}  // extern "C"
