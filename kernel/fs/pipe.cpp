// Pipes: the ring buffer, blocking reads and writes, and the two ways of
// getting one (pipe2 and opening a FIFO).
//
// Only processes touch a pipe (no interrupt handler does), and the kernel
// is not preemptible, so the ring needs no lock: between two sleeps, a
// process has the pipe to itself.
#include "kernel/fs/pipe.h"

#include "arch/x86_64/layout.h"
#include "kernel/lib/new.h"
#include "kernel/mm/frame_allocator.h"
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"

namespace fs {
namespace {
constexpr size_t kRingFrames = Pipe::kCapacity / layout::kPageSize;

size_t min_size(size_t a, size_t b) { return a < b ? a : b; }
}  // namespace

Pipe* Pipe::create() {
  Pipe* pipe = new Pipe;
  if (!pipe) return nullptr;
  // The ring is 16 whole frames: through kmalloc its header would cost a 17th.
  uint64_t phys = frames::alloc_contiguous(kRingFrames);
  if (!phys) {
    delete pipe;
    return nullptr;
  }
  pipe->ring_ = static_cast<uint8_t*>(layout::phys_to_virt(phys));
  return pipe;
}

Pipe::~Pipe() {
  if (ring_) frames::free_contiguous(layout::virt_to_phys(ring_), kRingFrames);
}

void Pipe::ends_changed() {
  readable_wait_.wake_all();
  writable_wait_.wake_all();
  open_wait.wake_all();
  readiness.notify();
}

KResult<size_t> Pipe::read(const IoBuffer& buffer, size_t n, bool nonblocking) {
  if (n == 0) return size_t(0);
  if (count_ == 0) {
    if (writers == 0) return size_t(0);  // end of file
    if (nonblocking) return KError{EAGAIN};
    int err = wait_until(readable_wait_, [this] { return count_ > 0 || writers == 0; });
    if (err) return KError{err};  // EINTR
    if (count_ == 0) return size_t(0);
  }

  // Copy out first and consume only what reached the reader: if the buffer
  // faults half way, the bytes it did not take stay in the pipe for the
  // next read. Nothing is lost to a bad pointer.
  size_t want = min_size(n, count_);
  size_t done = 0;
  while (done < want) {
    size_t position = (head_ + done) % kCapacity;
    size_t chunk = min_size(want - done, kCapacity - position);  // up to the ring's end
    if (buffer.write_from(done, ring_ + position, chunk).is_error()) break;
    done += chunk;
  }
  if (done == 0) return KError{EFAULT};
  head_ = (head_ + done) % kCapacity;
  count_ -= done;
  writable_wait_.wake_all();
  readiness.notify();
  return done;
}

KResult<size_t> Pipe::write(const IoBuffer& buffer, size_t n, bool nonblocking) {
  if (n == 0) return size_t(0);
  // pipe(7): writes of up to PIPE_BUF bytes are atomic, so such a write waits
  // until all of it fits; a larger one goes in as room appears.
  bool atomic = n <= kAtomicWrite;
  size_t written = 0;
  while (written < n) {
    if (readers == 0) {
      // write(2): "EPIPE fd is connected to a pipe whose reading end is
      // closed. When this happens the writing process will also receive a
      // SIGPIPE signal." Linux sends it even when some bytes went through.
      signal::send(proc::current(), SIGPIPE);
      if (written) return written;
      return KError{EPIPE};
    }
    size_t needed = atomic ? n : 1;
    if (kCapacity - count_ < needed) {
      if (nonblocking) {
        if (written) return written;
        return KError{EAGAIN};
      }
      int err = wait_until(writable_wait_, [&] { return readers == 0 || kCapacity - count_ >= needed; });
      // Interrupted after some bytes: report them (write(2) on a pipe).
      if (err) {
        if (written) return written;
        return KError{err};
      }
      continue;
    }

    // Copy into the free part of the ring, then publish the bytes (count_)
    // only if the copy worked: a fault leaves the pipe as it was.
    size_t room = min_size(n - written, kCapacity - count_);
    size_t copied = 0;
    bool faulted = false;
    while (copied < room) {
      size_t position = (head_ + count_ + copied) % kCapacity;
      size_t chunk = min_size(room - copied, kCapacity - position);
      if (buffer.read_into(ring_ + position, written + copied, chunk).is_error()) {
        faulted = true;
        break;
      }
      copied += chunk;
    }
    count_ += copied;
    written += copied;
    if (copied) {
      readable_wait_.wake_all();
      readiness.notify();
    }
    if (faulted) {
      if (written) return written;
      return KError{EFAULT};
    }
  }
  return written;
}

uint32_t Pipe::poll_events(bool reading, bool writing) const {
  uint32_t events = 0;
  if (reading) {
    if (count_ > 0) events |= kPollIn | kPollReadNormal;
    if (writers == 0) events |= kPollHangUp;
  }
  if (writing) {
    // Writable means a PIPE_BUF write would not block.
    if (kCapacity - count_ >= kAtomicWrite) events |= kPollOut | kPollWriteNormal;
    if (readers == 0) events |= kPollError;
  }
  return events;
}

// --- The ends ---

PipeFile::PipeFile(int status_flags, Inode* inode) : File(status_flags, inode), pipe_(inode->fifo) {
  if (can_read()) {
    pipe_->readers++;
    pipe_->reader_opens++;
  }
  if (can_write()) {
    pipe_->writers++;
    pipe_->writer_opens++;
  }
  pipe_->ends_changed();
}

PipeFile::~PipeFile() {
  if (can_read()) pipe_->readers--;
  if (can_write()) pipe_->writers--;
  if (pipe_->readers == 0 && pipe_->writers == 0) {
    // The last end: the pipe and whatever it still held go away (a FIFO
    // gets a fresh, empty pipe at its next open, as on Linux).
    inode()->fifo = nullptr;
    delete pipe_;
    return;
  }
  pipe_->ends_changed();  // readers may now see EOF, writers EPIPE
}

KResult<size_t> PipeFile::read(const IoBuffer& buffer, size_t n) { return pipe_->read(buffer, n, is_nonblocking()); }

KResult<size_t> PipeFile::write(const IoBuffer& buffer, size_t n) {
  return pipe_->write(buffer, n, is_nonblocking());
}

KResult<long> PipeFile::ioctl(unsigned long request, uint64_t arg) {
  if (request != kIoctlBytesReadable) return KError{ENOTTY};
  TRY(uaccess::put(arg, int(pipe_->bytes_available())));
  return 0;
}

uint32_t PipeFile::poll_events() { return pipe_->poll_events(can_read(), can_write()); }

KStatus create_pipe(int flags, File** read_end, File** write_end) {
  proc::Process* self = proc::current();
  // The pipe's inode has no name: mode 0600 and the creator's ids, which is
  // what fstat shows on Linux (fs/pipe.c, get_pipe_inode: S_IFIFO |
  // S_IRUSR | S_IWUSR, current_fsuid/fsgid). fchmod and fchown change it.
  InodeRef inode = InodeRef::adopt(Inode::create_anonymous(InodeType::Fifo, 0600, self->cred.euid, self->cred.egid));
  if (!inode) return KError{ENOMEM};
  inode->fifo = Pipe::create();
  if (!inode->fifo) return KError{ENOMEM};

  int nonblock = flags & kOpenNonBlock;
  FileRef reader = FileRef::adopt(new PipeFile(kOpenReadOnly | nonblock, inode.get()));
  if (!reader) {
    delete inode->fifo;
    inode->fifo = nullptr;
    return KError{ENOMEM};
  }
  FileRef writer = FileRef::adopt(new PipeFile(kOpenWriteOnly | nonblock, inode.get()));
  if (!writer) return KError{ENOMEM};  // the reader's release frees the pipe
  *read_end = reader.leak();
  *write_end = writer.leak();
  return ok();
}

KResult<File*> open_fifo(Inode* inode, int flags) {
  int access = flags & kOpenAccessMode;
  bool nonblocking = flags & kOpenNonBlock;
  // Access mode 3 ("neither read nor write") makes no end of a FIFO:
  // Linux's fifo_open answers EINVAL for it.
  if (access == kOpenAccessMode) return KError{EINVAL};
  if (!inode->fifo) {
    inode->fifo = Pipe::create();
    if (!inode->fifo) return KError{ENOMEM};
  }
  Pipe* pipe = inode->fifo;
  // open(2): "ENXIO O_NONBLOCK | O_WRONLY is set, the named file is a FIFO,
  // and no process has the FIFO open for reading."
  if (access == kOpenWriteOnly && nonblocking && pipe->readers == 0) {
    if (pipe->writers == 0) {
      inode->fifo = nullptr;
      delete pipe;
    }
    return KError{ENXIO};
  }

  uint64_t reader_opens = pipe->reader_opens;
  uint64_t writer_opens = pipe->writer_opens;
  int status = flags & (kOpenAccessMode | kOpenNonBlock | kOpenAppend | kOpenLargeFile);
  FileRef file = FileRef::adopt(new PipeFile(status, inode));
  if (!file) {
    if (pipe->readers == 0 && pipe->writers == 0) {
      inode->fifo = nullptr;
      delete pipe;
    }
    return KError{ENOMEM};
  }
  // Wait for the other end, unless it is already there. If the wait is
  // interrupted, dropping `file` undoes the open.
  int err = 0;
  if (access == kOpenReadOnly && !nonblocking && pipe->writers == 0)
    err = wait_until(pipe->open_wait, [&] { return pipe->writer_opens != writer_opens; });
  else if (access == kOpenWriteOnly && pipe->readers == 0)
    err = wait_until(pipe->open_wait, [&] { return pipe->reader_opens != reader_opens; });
  if (err) return KError{err};
  return file.leak();
}

}  // namespace fs
