// FILE objects: the three standard streams, opening and closing, buffers,
// and moving bytes between a buffer and its descriptor.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../internal/stdio_impl.h"

using namespace tether;

namespace {

FILE stdin_file = {0, kUndecided, kFileReadable | kFileStatic, FILE::kIdle,
                   nullptr, 0, 0, 0, 0, 0, nullptr};
FILE stdout_file = {1, kUndecided, kFileWritable | kFileStatic, FILE::kIdle,
                    nullptr, 0, 0, 0, 0, 0, &stdin_file};
// stderr is unbuffered, so an error message is out before anything else happens.
FILE stderr_file = {2, _IONBF, kFileWritable | kFileStatic, FILE::kIdle,
                    nullptr, 0, 0, 0, 0, 0, &stdout_file};

FILE *open_files = &stderr_file;

// Allocate the buffer on first use. If memory is short, the stream quietly
// becomes unbuffered rather than failing.
void ensure_buffer(FILE *f) {
  if (f->buffer) return;
  if (f->buffer_mode == kUndecided) f->buffer_mode = isatty(f->fd) ? _IOLBF : _IOFBF;
  if (f->buffer_mode != _IONBF) {
    f->buffer = static_cast<unsigned char *>(malloc(BUFSIZ));
    if (f->buffer) {
      f->capacity = BUFSIZ;
      f->flags |= kFileOwnsBuffer;
      return;
    }
    f->buffer_mode = _IONBF;
  }
  f->buffer = &f->one_byte;
  f->capacity = 1;
}

// write(2) may write less than asked (a pipe, a signal): keep going.
bool write_all(int fd, const unsigned char *data, size_t n) {
  while (n > 0) {
    ssize_t written = write(fd, data, n);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += written;
    n -= static_cast<size_t>(written);
  }
  return true;
}

// Parse fopen's mode string into open(2) flags and our direction flags.
bool parse_mode(const char *mode, int *open_flags, unsigned *file_flags) {
  switch (mode[0]) {
    case 'r':
      *open_flags = O_RDONLY;
      *file_flags = kFileReadable;
      break;
    case 'w':
      *open_flags = O_WRONLY | O_CREAT | O_TRUNC;
      *file_flags = kFileWritable;
      break;
    case 'a':
      *open_flags = O_WRONLY | O_CREAT | O_APPEND;
      *file_flags = kFileWritable;
      break;
    default:
      return false;
  }
  for (const char *m = mode + 1; *m; ++m) {
    if (*m == '+') {
      *open_flags = (*open_flags & ~O_ACCMODE) | O_RDWR;
      *file_flags = kFileReadable | kFileWritable;
    } else if (*m == 'x') {
      *open_flags |= O_EXCL;
    } else if (*m == 'e') {
      *open_flags |= O_CLOEXEC;
    }  // 'b' and anything else: no meaning on POSIX
  }
  return true;
}

FILE *new_file(int fd, unsigned file_flags) {
  FILE *f = static_cast<FILE *>(calloc(1, sizeof(FILE)));
  if (f == nullptr) return nullptr;
  f->fd = fd;
  f->buffer_mode = _IOFBF;
  f->flags = file_flags;
  f->direction = FILE::kIdle;
  f->next_open = open_files;
  open_files = f;
  return f;
}

void forget_file(FILE *f) {
  for (FILE **link = &open_files; *link; link = &(*link)->next_open) {
    if (*link == f) {
      *link = f->next_open;
      return;
    }
  }
}

}  // namespace

extern "C" {
FILE *stdin = &stdin_file;
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;
}

namespace tether {

bool flush_output(FILE *f) {
  if (f->direction != FILE::kWriting || f->write_len == 0) return true;
  bool ok = write_all(f->fd, f->buffer, f->write_len);
  f->write_len = 0;
  if (!ok) f->flags |= kFileError;
  return ok;
}

bool prepare_write(FILE *f) {
  if (!(f->flags & kFileWritable)) {
    f->flags |= kFileError;
    errno = EBADF;
    return false;
  }
  if (f->direction == FILE::kReading) {
    // Give the read-ahead back, so the descriptor's offset is where the
    // program thinks it is. Fails harmlessly on pipes and terminals.
    size_t unread = f->read_end - f->read_pos;
    if (unread) lseek(f->fd, -static_cast<off_t>(unread), SEEK_CUR);
    f->read_pos = f->read_end = 0;
  }
  ensure_buffer(f);
  f->direction = FILE::kWriting;
  return true;
}

bool prepare_read(FILE *f) {
  if (!(f->flags & kFileReadable)) {
    f->flags |= kFileError;
    errno = EBADF;
    return false;
  }
  if (f->direction == FILE::kWriting && !flush_output(f)) return false;
  ensure_buffer(f);
  f->direction = FILE::kReading;
  return true;
}

bool refill(FILE *f) {
  // A prompt written to a line-buffered stdout must be visible before we
  // wait for the answer.
  if (stdout_file.buffer_mode == _IOLBF && f != &stdout_file) flush_output(&stdout_file);
  for (;;) {
    ssize_t n = read(f->fd, f->buffer, f->capacity);
    if (n > 0) {
      f->read_pos = 0;
      f->read_end = static_cast<size_t>(n);
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    f->flags |= n == 0 ? kFileEof : kFileError;
    return false;
  }
}

size_t stream_write(FILE *f, const void *data, size_t n) {
  if (!prepare_write(f)) return 0;
  auto *bytes = static_cast<const unsigned char *>(data);
  if (n > f->capacity - f->write_len) {
    if (!flush_output(f)) return 0;
    if (n >= f->capacity) {  // too big to buffer: straight to the descriptor
      if (!write_all(f->fd, bytes, n)) {
        f->flags |= kFileError;
        return 0;
      }
      return n;
    }
  }
  memcpy(f->buffer + f->write_len, bytes, n);
  f->write_len += n;
  bool flush_now = f->write_len == f->capacity || f->buffer_mode == _IONBF ||
                   (f->buffer_mode == _IOLBF && memchr(bytes, '\n', n));
  if (flush_now && !flush_output(f)) return 0;
  return n;
}

void stdio_flush_all() { fflush(nullptr); }

}  // namespace tether

extern "C" {

FILE *fopen(const char *path, const char *mode) {
  int open_flags;
  unsigned file_flags;
  if (!parse_mode(mode, &open_flags, &file_flags)) {
    errno = EINVAL;
    return nullptr;
  }
  int fd = open(path, open_flags, 0666);
  if (fd < 0) return nullptr;
  FILE *f = new_file(fd, file_flags);
  if (f == nullptr) close(fd);
  return f;
}

FILE *fdopen(int fd, const char *mode) {
  int open_flags;
  unsigned file_flags;
  if (!parse_mode(mode, &open_flags, &file_flags)) {
    errno = EINVAL;
    return nullptr;
  }
  if (fcntl(fd, F_GETFL) < 0) return nullptr;  // EBADF
  return new_file(fd, file_flags);
}

int fclose(FILE *f) {
  bool ok = flush_output(f);
  if (close(f->fd) < 0) ok = false;
  if (f->flags & kFileOwnsBuffer) free(f->buffer);
  f->buffer = nullptr;
  if (!(f->flags & kFileStatic)) {
    forget_file(f);
    free(f);
  }
  return ok ? 0 : EOF;
}

int fflush(FILE *f) {
  if (f == nullptr) {
    bool ok = true;
    for (FILE *g = open_files; g; g = g->next_open)
      if (!flush_output(g)) ok = false;
    return ok ? 0 : EOF;
  }
  // On an input stream, drop the read-ahead and give it back to the file.
  if (f->direction == FILE::kReading) {
    size_t unread = f->read_end - f->read_pos;
    if (unread) lseek(f->fd, -static_cast<off_t>(unread), SEEK_CUR);
    f->read_pos = f->read_end = 0;
    return 0;
  }
  return flush_output(f) ? 0 : EOF;
}

// Only allowed before the first I/O on the stream (as C says).
int setvbuf(FILE *f, char *buf, int mode, size_t size) {
  if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
    errno = EINVAL;
    return -1;
  }
  if (f->buffer) {
    flush_output(f);
    if (f->flags & kFileOwnsBuffer) free(f->buffer);
    f->flags &= ~kFileOwnsBuffer;
    f->buffer = nullptr;
    f->capacity = f->read_pos = f->read_end = f->write_len = 0;
    f->direction = FILE::kIdle;
  }
  f->buffer_mode = mode;
  if (mode != _IONBF && buf != nullptr && size > 0) {
    f->buffer = reinterpret_cast<unsigned char *>(buf);
    f->capacity = size;
  }
  return 0;
}

void setbuf(FILE *f, char *buf) { setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ); }

int fileno(FILE *f) { return f->fd; }
int feof(FILE *f) { return (f->flags & kFileEof) != 0; }
int ferror(FILE *f) { return (f->flags & kFileError) != 0; }
void clearerr(FILE *f) { f->flags &= ~(kFileEof | kFileError); }

int fseek(FILE *f, long offset, int whence) {
  if (f->direction == FILE::kWriting && !flush_output(f)) return -1;
  // SEEK_CUR is relative to what the program has consumed, not to the
  // read-ahead, so account for the unread bytes.
  if (whence == SEEK_CUR && f->direction == FILE::kReading)
    offset -= static_cast<long>(f->read_end - f->read_pos);
  f->read_pos = f->read_end = 0;
  f->direction = FILE::kIdle;
  if (lseek(f->fd, offset, whence) < 0) return -1;
  f->flags &= ~kFileEof;
  return 0;
}

long ftell(FILE *f) {
  off_t position = lseek(f->fd, 0, SEEK_CUR);
  if (position < 0) return -1;
  if (f->direction == FILE::kReading) return position - static_cast<off_t>(f->read_end - f->read_pos);
  if (f->direction == FILE::kWriting) return position + static_cast<off_t>(f->write_len);
  return position;
}

void rewind(FILE *f) {
  fseek(f, 0, SEEK_SET);
  clearerr(f);
}

}  // extern "C"
