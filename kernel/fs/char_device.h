// Character devices: drivers reached through a name in /dev.
//
// A driver (the console tty, /dev/null, /dev/zero) subclasses CharDevice
// and lives for the whole run; a char-device inode points at it
// (Inode::device). Opening the inode makes a CharDeviceFile, which hands
// every operation to the driver along with the File, so the driver sees
// the file's flags (O_NONBLOCK).
#pragma once
#include "kernel/fs/file.h"

namespace fs {

class CharDevice {
 public:
  // A new open file on the device (the tty adopts a foreground process
  // group here). flags are open(2)'s.
  virtual KStatus open(File&, int /*flags*/) { return ok(); }
  virtual KResult<size_t> read(File&, const IoBuffer&, size_t) { return KError{EINVAL}; }
  virtual KResult<size_t> write(File&, const IoBuffer&, size_t) { return KError{EINVAL}; }
  virtual KResult<long> ioctl(File&, unsigned long, uint64_t) { return KError{ENOTTY}; }
  // lseek(2) on a terminal: ESPIPE, as for a pipe. A device that is not a
  // stream (/dev/null) overrides both, and then pread/pwrite are read/write.
  virtual KResult<uint64_t> seek(File&, int64_t, int) { return KError{ESPIPE}; }
  virtual bool supports_positioned_io() const { return false; }
  virtual uint32_t poll_events() { return kPollIn | kPollOut | kPollReadNormal | kPollWriteNormal; }
  virtual Readiness* readiness() { return nullptr; }

 protected:
  // Drivers are statically allocated and never deleted, so no virtual
  // destructor (which would need atexit machinery for a global object).
  constexpr CharDevice() = default;
  ~CharDevice() = default;
};

class CharDeviceFile final : public File {
 public:
  CharDeviceFile(int status_flags, Inode* inode) : File(status_flags, inode), device_(inode->device) {}

  KResult<size_t> read(const IoBuffer& buffer, size_t n) override { return device_->read(*this, buffer, n); }
  KResult<size_t> write(const IoBuffer& buffer, size_t n) override { return device_->write(*this, buffer, n); }
  KResult<long> ioctl(unsigned long request, uint64_t arg) override { return device_->ioctl(*this, request, arg); }
  KResult<uint64_t> seek(int64_t offset, int whence) override { return device_->seek(*this, offset, whence); }
  bool supports_positioned_io() const override { return device_->supports_positioned_io(); }
  KResult<size_t> pread(const IoBuffer& buffer, size_t n, uint64_t) override { return device_->read(*this, buffer, n); }
  KResult<size_t> pwrite(const IoBuffer& buffer, size_t n, uint64_t) override {
    return device_->write(*this, buffer, n);
  }
  uint32_t poll_events() override { return device_->poll_events(); }
  Readiness* readiness() override { return device_->readiness(); }

 private:
  CharDevice* device_;
};

// The devices Tether has, by device number (for mknod(2) and the initrd);
// nullptr for a number no driver answers (root.cpp).
CharDevice* char_device_for(uint64_t rdev);

}  // namespace fs
