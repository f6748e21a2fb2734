// The inside of a FILE, shared by the stdio source files (not by programs).
//
// A FILE is a file descriptor plus one buffer that is used in one direction
// at a time:
//   reading: buffer[read_pos, read_end) holds bytes read ahead from fd;
//   writing: buffer[0, write_len) holds bytes not yet written to fd.
// Switching direction first empties the buffer (flush, or give back the
// read-ahead with lseek), as C requires an fflush/fseek between the two.
#pragma once

#include <stddef.h>
#include <stdio.h>

struct FILE {
  int fd;
  int buffer_mode;  // _IOFBF, _IOLBF, _IONBF, or kUndecided
  unsigned flags;   // the kFile* bits below
  enum Direction { kIdle, kReading, kWriting } direction;

  unsigned char *buffer;  // nullptr until the first read or write
  size_t capacity;
  size_t read_pos;
  size_t read_end;
  size_t write_len;
  unsigned char one_byte;  // the buffer of an unbuffered stream

  FILE *next_open;  // list of every open FILE, for fflush(NULL) and exit
};

namespace tether {

constexpr unsigned kFileReadable = 1;
constexpr unsigned kFileWritable = 2;
constexpr unsigned kFileEof = 4;
constexpr unsigned kFileError = 8;
constexpr unsigned kFileOwnsBuffer = 16;   // free(buffer) on fclose
constexpr unsigned kFileStatic = 32;       // stdin/stdout/stderr: never free()d

// Standard streams decide between line and full buffering on first use,
// by asking whether their descriptor is a terminal.
constexpr int kUndecided = -1;

// Make f ready to write / read, emptying the buffer of the other direction.
// False (with the error flag set where it applies) if it cannot.
bool prepare_write(FILE *f);
bool prepare_read(FILE *f);

// Write out buffered output. False on a write error.
bool flush_output(FILE *f);

// Read more input into the (empty) buffer. False at end of file or on error.
bool refill(FILE *f);

// Write n bytes through the buffer, honouring the buffering mode.
size_t stream_write(FILE *f, const void *data, size_t n);

// Everything exit() needs: flush every output stream.
void stdio_flush_all();

}  // namespace tether
