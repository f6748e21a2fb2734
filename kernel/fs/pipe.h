// Pipes and FIFOs: a 64 KiB ring buffer between a writing end and a reading
// end, as pipe(7) describes them.
//
//   read   blocks while the pipe is empty and a writer exists; returns 0
//          (end of file) once every writer has closed
//   write  blocks while the pipe is full; with no reader left it fails with
//          EPIPE and the writer gets SIGPIPE
//   writes of at most PIPE_BUF (4096) bytes are atomic: they go in whole,
//          never interleaved with another writer's bytes
//   O_NONBLOCK turns every "would block" into EAGAIN
//
// An anonymous pipe (pipe(2)) and a named one (a FIFO inode, mkfifo) are the
// same thing: a Pipe hanging off an inode of type Fifo. The anonymous pipe's
// inode has no name (nlink 0), and goes away with its last end.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "kernel/fs/file.h"
#include "kernel/proc/wait_queue.h"

namespace fs {

class Pipe {
 public:
  static constexpr size_t kCapacity = 65536;    // pipe(7): the default since Linux 2.6.11
  static constexpr size_t kAtomicWrite = 4096;  // PIPE_BUF

  static Pipe* create();  // nullptr when memory is exhausted
  ~Pipe();

  KResult<size_t> read(const IoBuffer& buffer, size_t n, bool nonblocking);
  KResult<size_t> write(const IoBuffer& buffer, size_t n, bool nonblocking);
  uint32_t poll_events(bool reading, bool writing) const;
  size_t bytes_available() const { return count_; }

  // Open ends, counted by PipeFile: a read-write FIFO descriptor is both.
  int readers = 0;
  int writers = 0;
  // Every open ever made of each end: a FIFO open(2) waits for the other
  // count to move (an opener that came and went still counts, as on Linux).
  uint64_t reader_opens = 0;
  uint64_t writer_opens = 0;
  WaitQueue open_wait;
  Readiness readiness;

  // Wakes everybody who waits on the pipe: after an end opens or closes.
  void ends_changed();

 private:
  Pipe() = default;

  uint8_t* ring_ = nullptr;
  size_t head_ = 0;   // where the next byte is read
  size_t count_ = 0;  // bytes in the pipe
  WaitQueue readable_wait_;  // readers wait here for data or the last writer's close
  WaitQueue writable_wait_;  // writers wait here for room or the last reader's close
};

// One end of a pipe, or a FIFO open for reading, writing or both.
class PipeFile final : public File {
 public:
  // Joins the pipe hanging off inode->fifo as a reader and/or writer,
  // according to the access mode in status_flags.
  PipeFile(int status_flags, Inode* inode);
  ~PipeFile() override;

  KResult<size_t> read(const IoBuffer& buffer, size_t n) override;
  KResult<size_t> write(const IoBuffer& buffer, size_t n) override;
  KResult<long> ioctl(unsigned long request, uint64_t arg) override;
  uint32_t poll_events() override;
  Readiness* readiness() override { return &pipe_->readiness; }

 private:
  Pipe* pipe_;
};

// pipe2(2): two new Files, each holding one reference for the caller.
// flags may hold O_NONBLOCK (O_CLOEXEC is the descriptors' business).
KStatus create_pipe(int flags, File** read_end, File** write_end);

// open(2) of a FIFO inode, fifo(7) rules: opening for reading waits for a
// writer and opening for writing waits for a reader, unless O_NONBLOCK
// (then reading succeeds at once, and writing fails with ENXIO if there is
// no reader); O_RDWR never waits. EINTR if a signal interrupts the wait.
KResult<File*> open_fifo(Inode* inode, int flags);

}  // namespace fs
