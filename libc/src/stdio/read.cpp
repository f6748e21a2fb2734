// Reading from a FILE: bytes come out of the buffer, which refill() tops up.
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../internal/stdio_impl.h"

using namespace tether;

namespace {

// Bytes waiting in the buffer, refilling it if it is empty. 0 means end of
// file or error (the stream's flags say which).
size_t buffered_input(FILE *f) {
  if (f->read_pos == f->read_end && !refill(f)) return 0;
  return f->read_end - f->read_pos;
}

}  // namespace

extern "C" {

int fgetc(FILE *f) {
  if (!prepare_read(f) || buffered_input(f) == 0) return EOF;
  return f->buffer[f->read_pos++];
}

int getc(FILE *f) { return fgetc(f); }

int getchar(void) { return fgetc(stdin); }

size_t fread(void *buf, size_t size, size_t count, FILE *f) {
  if (size == 0 || count == 0) return 0;
  if (count > SIZE_MAX / size) count = SIZE_MAX / size;
  if (!prepare_read(f)) return 0;
  auto *out = static_cast<unsigned char *>(buf);
  size_t wanted = size * count;
  size_t done = 0;
  while (done < wanted) {
    size_t waiting = f->read_end - f->read_pos;
    if (waiting == 0 && wanted - done >= f->capacity) {
      // A large request with an empty buffer: read straight into the caller's memory.
      ssize_t n = read(f->fd, out + done, wanted - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        f->flags |= n == 0 ? kFileEof : kFileError;
        break;
      }
      done += static_cast<size_t>(n);
      continue;
    }
    if (waiting == 0 && (waiting = buffered_input(f)) == 0) break;
    size_t take = waiting < wanted - done ? waiting : wanted - done;
    memcpy(out + done, f->buffer + f->read_pos, take);
    f->read_pos += take;
    done += take;
  }
  return done / size;
}

// Up to size - 1 bytes, stopping after a newline; always terminated.
char *fgets(char *s, int size, FILE *f) {
  if (size <= 0 || !prepare_read(f)) return nullptr;
  int done = 0;
  while (done < size - 1) {
    size_t waiting = buffered_input(f);
    if (waiting == 0) break;
    size_t room = static_cast<size_t>(size - 1 - done);
    size_t take = waiting < room ? waiting : room;
    unsigned char *start = f->buffer + f->read_pos;
    auto *newline = static_cast<unsigned char *>(memchr(start, '\n', take));
    if (newline) take = static_cast<size_t>(newline - start) + 1;
    memcpy(s + done, start, take);
    f->read_pos += take;
    done += static_cast<int>(take);
    if (newline) break;
  }
  if (done == 0) return nullptr;
  s[done] = '\0';
  return s;
}

// One byte of push-back is guaranteed; it goes into the buffer itself, so
// every reading function sees it without special cases.
int ungetc(int c, FILE *f) {
  if (c == EOF || !prepare_read(f)) return EOF;
  if (f->read_pos > 0) {
    f->buffer[--f->read_pos] = static_cast<unsigned char>(c);
  } else if (f->read_end < f->capacity) {
    memmove(f->buffer + 1, f->buffer, f->read_end);
    f->buffer[0] = static_cast<unsigned char>(c);
    ++f->read_end;
  } else {
    return EOF;  // buffer full of unread bytes: no room
  }
  f->flags &= ~kFileEof;
  return static_cast<unsigned char>(c);
}

// getdelim: read up to and including `delim` into a malloc'd buffer that
// grows as needed. Returns the length, or -1 at end of file or on error.
ssize_t getdelim(char **line, size_t *capacity, int delim, FILE *f) {
  if (line == nullptr || capacity == nullptr) {
    errno = EINVAL;
    return -1;
  }
  if (!prepare_read(f)) return -1;
  size_t length = 0;
  for (;;) {
    size_t waiting = buffered_input(f);
    if (waiting == 0) break;
    unsigned char *start = f->buffer + f->read_pos;
    auto *end = static_cast<unsigned char *>(memchr(start, delim, waiting));
    size_t take = end ? static_cast<size_t>(end - start) + 1 : waiting;
    if (*line == nullptr || length + take + 1 > *capacity) {
      size_t grown = (length + take + 1) * 2;
      char *bigger = static_cast<char *>(realloc(*line, grown));
      if (bigger == nullptr) return -1;
      *line = bigger;
      *capacity = grown;
    }
    memcpy(*line + length, start, take);
    length += take;
    f->read_pos += take;
    if (end) break;
  }
  if (length == 0) return -1;
  (*line)[length] = '\0';
  return static_cast<ssize_t>(length);
}

ssize_t getline(char **line, size_t *capacity, FILE *f) { return getdelim(line, capacity, '\n', f); }

}  // extern "C"
