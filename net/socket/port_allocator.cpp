#include "net/socket/port_allocator.h"

namespace net {

EphemeralPortAllocator::EphemeralPortAllocator(uint64_t seed) { reseed(seed); }

void EphemeralPortAllocator::reseed(uint64_t seed) {
  // xorshift64* must not start at 0.
  rng_state_ = seed ? seed : 0x9e3779b97f4a7c15ull;
}

uint64_t EphemeralPortAllocator::next_random() {
  uint64_t x = rng_state_;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state_ = x;
  return x * 0x2545f4914f6cdd1dull;
}

bool EphemeralPortAllocator::in_use(uint16_t port) const {
  return (words_[port / 64] >> (port % 64)) & 1;
}

bool EphemeralPortAllocator::reserve(uint16_t port) {
  if (port == 0 || in_use(port)) return false;
  set(port);
  in_use_count_++;
  return true;
}

void EphemeralPortAllocator::release(uint16_t port) {
  if (port == 0 || !in_use(port)) return;
  clear(port);
  in_use_count_--;
}

int32_t EphemeralPortAllocator::find_free(uint32_t lo, uint32_t hi) const {
  // Word at a time: a word of all ones (64 held ports) is skipped at once.
  uint32_t port = lo;
  while (port <= hi) {
    uint32_t bit = port % 64;
    uint64_t free_bits = ~words_[port / 64] >> bit;  // bit 0 is `port`
    if (free_bits) {
      uint32_t found = port + uint32_t(__builtin_ctzll(free_bits));
      return found <= hi ? int32_t(found) : -1;
    }
    port += 64 - bit;  // the start of the next word
  }
  return -1;
}

PortAllocation EphemeralPortAllocator::allocate(uint16_t first, uint16_t last) {
  if (first == 0 || first > last) return {PortStatus::BadRange, 0};
  uint32_t count = uint32_t(last) - first + 1;

  // Where the search starts: a random step of 1..kMaxStep past the port
  // chosen last (never 0 steps, never a whole lap, so it is not that port),
  // or anywhere in the range when the last one is outside it.
  uint32_t start_offset;
  if (last_chosen_ >= first && last_chosen_ <= last && count > 1) {
    uint32_t max_step = count - 1 < kMaxStep ? count - 1 : kMaxStep;
    uint32_t step = 1 + uint32_t(next_random() % max_step);
    start_offset = (uint32_t(last_chosen_) - first + step) % count;
  } else {
    start_offset = uint32_t(next_random() % count);
  }
  uint32_t start = first + start_offset;

  int32_t found = find_free(start, last);
  if (found < 0 && start > first) found = find_free(first, start - 1);
  if (found < 0) return {PortStatus::Exhausted, 0};

  uint16_t port = uint16_t(found);
  set(port);
  in_use_count_++;
  last_chosen_ = port;
  return {PortStatus::Ok, port};
}

}  // namespace net
