// A heap copy of some bytes in an allocation of exactly that size, so that
// AddressSanitizer reports a read even one byte past the end. Parsers of
// untrusted input are tested on these, never on a larger vector.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <memory>
#include <vector>

class ExactBuffer {
 public:
  ExactBuffer(const uint8_t* bytes, size_t size) : bytes_(new uint8_t[size]), size_(size) {
    for (size_t i = 0; i < size; i++) bytes_[i] = bytes[i];
  }
  explicit ExactBuffer(const std::vector<uint8_t>& bytes) : ExactBuffer(bytes.data(), bytes.size()) {}
  // The first `size` bytes of `bytes` (a truncated file).
  ExactBuffer(const std::vector<uint8_t>& bytes, size_t size) : ExactBuffer(bytes.data(), size) {}

  const uint8_t* data() const { return bytes_.get(); }
  size_t size() const { return size_; }

 private:
  std::unique_ptr<uint8_t[]> bytes_;
  size_t size_;
};
