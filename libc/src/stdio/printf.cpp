// The printf family: each member is the printf engine (format.cpp) plus a
// sink that says where the text goes.
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../internal/format.h"
#include "../internal/stdio_impl.h"

using namespace tether;

namespace {

class FileSink final : public FormatSink {
 public:
  explicit FileSink(FILE *f) : file_(f) {}
  void put(const char *text, size_t length) override { stream_write(file_, text, length); }

 private:
  FILE *file_;
};

// Keeps at most size - 1 characters and always terminates (if size > 0).
class StringSink final : public FormatSink {
 public:
  StringSink(char *buffer, size_t size) : buffer_(buffer), size_(size) {
    if (size_ > 0) buffer_[0] = '\0';
  }
  void put(const char *text, size_t length) override {
    if (size_ == 0) return;
    size_t room = size_ - 1 - used_;
    size_t take = length < room ? length : room;
    memcpy(buffer_ + used_, text, take);
    used_ += take;
    buffer_[used_] = '\0';
  }

 private:
  char *buffer_;
  size_t size_;
  size_t used_ = 0;
};

// dprintf has no FILE: collect output in a small buffer, write it in chunks.
class DescriptorSink final : public FormatSink {
 public:
  explicit DescriptorSink(int fd) : fd_(fd) {}
  void put(const char *text, size_t length) override {
    while (length > 0) {
      size_t take = length < sizeof buffer_ - used_ ? length : sizeof buffer_ - used_;
      memcpy(buffer_ + used_, text, take);
      used_ += take;
      text += take;
      length -= take;
      if (used_ == sizeof buffer_) flush();
    }
  }
  // False if a write failed.
  bool flush() {
    size_t done = 0;
    while (done < used_) {
      ssize_t n = write(fd_, buffer_ + done, used_ - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        failed_ = true;
        break;
      }
      done += static_cast<size_t>(n);
    }
    used_ = 0;
    return !failed_;
  }

 private:
  int fd_;
  char buffer_[256];
  size_t used_ = 0;
  bool failed_ = false;
};

}  // namespace

extern "C" {

int vfprintf(FILE *f, const char *fmt, va_list ap) {
  if (!prepare_write(f)) return -1;
  // An unbuffered stream would otherwise get one write(2) per piece of the
  // format; lend it a buffer for the length of this call (as glibc does).
  unsigned char temporary[512];
  bool lend = f->buffer_mode == _IONBF;
  unsigned char *saved_buffer = f->buffer;
  size_t saved_capacity = f->capacity;
  if (lend) {
    f->buffer = temporary;
    f->capacity = sizeof temporary;
    f->buffer_mode = _IOFBF;
  }
  FileSink sink(f);
  int count = format(sink, fmt, ap);
  if (lend) {
    flush_output(f);
    f->buffer = saved_buffer;
    f->capacity = saved_capacity;
    f->buffer_mode = _IONBF;
  }
  return ferror(f) ? -1 : count;
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int vsnprintf(char *s, size_t size, const char *fmt, va_list ap) {
  StringSink sink(s, size);
  return format(sink, fmt, ap);
}

int vsprintf(char *s, const char *fmt, va_list ap) {
  return vsnprintf(s, static_cast<size_t>(-1) / 2, fmt, ap);  // "no limit"
}

int vdprintf(int fd, const char *fmt, va_list ap) {
  DescriptorSink sink(fd);
  int count = format(sink, fmt, ap);
  return sink.flush() ? count : -1;
}

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int dprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vdprintf(fd, fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsprintf(s, fmt, ap);
  va_end(ap);
  return n;
}

int snprintf(char *s, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(s, size, fmt, ap);
  va_end(ap);
  return n;
}

}  // extern "C"
