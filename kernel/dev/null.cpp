// /dev/null and /dev/zero.
#include "kernel/dev/null.h"

namespace dev {
namespace {

class NullDevice final : public fs::CharDevice {
 public:
  constexpr NullDevice() = default;
  KResult<size_t> read(fs::File&, const IoBuffer&, size_t) override { return size_t(0); }
  KResult<size_t> write(fs::File&, const IoBuffer&, size_t n) override { return n; }
  KResult<uint64_t> seek(fs::File&, int64_t, int) override { return uint64_t(0); }
  bool supports_positioned_io() const override { return true; }
};

class ZeroDevice final : public fs::CharDevice {
 public:
  constexpr ZeroDevice() = default;
  KResult<size_t> read(fs::File&, const IoBuffer& buffer, size_t n) override {
    static const char zeros[512] = {};
    size_t done = 0;
    while (done < n) {
      size_t chunk = n - done < sizeof zeros ? n - done : sizeof zeros;
      // Like a regular file: a fault after some bytes returns those bytes.
      if (buffer.write_from(done, zeros, chunk).is_error()) {
        if (done == 0) return KError{EFAULT};
        break;
      }
      done += chunk;
    }
    return done;
  }
  KResult<size_t> write(fs::File&, const IoBuffer&, size_t n) override { return n; }
  KResult<uint64_t> seek(fs::File&, int64_t, int) override { return uint64_t(0); }
  bool supports_positioned_io() const override { return true; }
};

constinit NullDevice the_null_device;
constinit ZeroDevice the_zero_device;
}  // namespace

fs::CharDevice* null_device() { return &the_null_device; }
fs::CharDevice* zero_device() { return &the_zero_device; }
}  // namespace dev
