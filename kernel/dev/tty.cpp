// The console tty: a line discipline in the style of Linux's n_tty, cut down
// to what a shell on a serial console needs.
//
// Where the bytes are:
//
//   editing_   the line being typed (canonical mode only); not readable yet
//   ready_     a ring of bytes read() may take
//   lines_     canonical mode: the lengths of the complete lines in ready_,
//              oldest first (a length of 0 is a ^D at the start of a line:
//              end of file for the read that meets it)
//
// The serial interrupt adds bytes while a process may be reading them, so
// everything that touches these buffers from process context runs with
// interrupts disabled. That includes copying to the reader's buffer, which
// is short (a line) and cannot sleep (no page is ever fetched from disk).
#include "kernel/dev/tty.h"

#include "arch/x86_64/cpu.h"
#include "kernel/dev/console.h"
#include "kernel/proc/job_control.h"
#include "kernel/proc/process.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/wait_queue.h"
#include "kernel/time.h"
#include "libc/include/bits/ioctl.h"

namespace tty {
namespace {

constexpr size_t kBufferSize = 4096;  // Linux's N_TTY_BUF_SIZE: typed-ahead input
constexpr size_t kMaxLines = 256;     // complete lines not yet read

size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

// Linux's defaults (tty_std_termios and INIT_C_CC): ^C ^\ DEL ^U ^D, VMIN 1.
constexpr Termios default_termios() {
  Termios t{};
  t.c_iflag = kMapCrToNl | kFlowControl;
  t.c_oflag = kPostProcess | kMapNlToCrNl;
  t.c_cflag = kDefaultControlFlags;
  t.c_lflag = kSignals | kCanonical | kEcho | kEchoErase | kEchoKill | kEchoControl | kEchoKillErase | kExtensions;
  t.c_cc[kInterruptChar] = 003;
  t.c_cc[kQuitChar] = 034;
  t.c_cc[kEraseChar] = 0177;
  t.c_cc[kKillChar] = 025;
  t.c_cc[kEofChar] = 004;
  t.c_cc[kTimeChar] = 0;
  t.c_cc[kMinChar] = 1;
  t.c_cc[8] = 021;   // VSTART ^Q
  t.c_cc[9] = 023;   // VSTOP ^S
  t.c_cc[10] = 032;  // VSUSP ^Z
  t.c_cc[12] = 022;  // VREPRINT ^R
  t.c_cc[13] = 017;  // VDISCARD ^O
  t.c_cc[kWordEraseChar] = 027;
  t.c_cc[15] = 026;  // VLNEXT ^V
  return t;
}

class Tty final : public fs::CharDevice {
 public:
  constexpr Tty() = default;

  KStatus open(fs::File& file, int flags) override;
  KResult<size_t> read(fs::File& file, const IoBuffer& buffer, size_t n) override;
  KResult<size_t> write(fs::File& file, const IoBuffer& buffer, size_t n) override;
  KResult<long> ioctl(fs::File& file, unsigned long request, uint64_t arg) override;
  uint32_t poll_events() override;
  fs::Readiness* readiness() override { return &readiness_; }

  void receive(uint8_t c);
  int foreground_group = 0;
  // The session whose controlling terminal the console is: the session of
  // whoever last chose the foreground group (at boot, init's: 1). Processes
  // of other sessions (after setsid) use it without job control.
  int session = 1;

 private:
  bool canonical() const { return termios_.c_lflag & kCanonical; }
  bool is_char(uint8_t c, int index) const {
    // A control character set to 0 is disabled (_POSIX_VDISABLE).
    return termios_.c_cc[index] != 0 && c == termios_.c_cc[index];
  }
  bool has_input() const { return canonical() ? lines_count_ > 0 : ready_count_ > 0; }
  void echo(const char* s, size_t n) {
    if (termios_.c_lflag & kEcho) console::write(s, n);
  }
  void input_changed() {
    input_wait_.wake_all();
    readiness_.notify();
  }

  void edit(uint8_t c);
  void erase_one();
  void finish_line();
  void push_ready(const char* bytes, size_t n);
  void signal_group(int sig, const char* shown);
  void flush_input();
  void apply(const Termios& t);
  KResult<size_t> copy_out(const IoBuffer& buffer, size_t n);
  KStatus check_foreground(int sig);
  int raw_read_wait(size_t n, bool nonblocking);

  Termios termios_ = default_termios();
  WindowSize window_ = {24, 80, 0, 0};
  char editing_[kBufferSize] = {};
  size_t editing_length_ = 0;
  char ready_[kBufferSize] = {};
  size_t ready_head_ = 0;
  size_t ready_count_ = 0;
  uint16_t lines_[kMaxLines] = {};
  size_t lines_head_ = 0;
  size_t lines_count_ = 0;
  WaitQueue input_wait_;
  fs::Readiness readiness_;
};

// --- Input, from the interrupt handler ---

void Tty::receive(uint8_t c) {
  uint32_t iflag = termios_.c_iflag;
  if (iflag & kStripHighBit) c &= 0x7f;
  if (c == '\r') {
    if (iflag & kIgnoreCr) return;
    if (iflag & kMapCrToNl) c = '\n';
  } else if (c == '\n' && (iflag & kMapNlToCr)) {
    c = '\r';
  }

  if (termios_.c_lflag & kSignals) {
    if (is_char(c, kInterruptChar)) return signal_group(SIGINT, "^C\n");
    if (is_char(c, kQuitChar)) return signal_group(SIGQUIT, "^\\\n");
    if (is_char(c, kSuspendChar)) return signal_group(SIGTSTP, "^Z\n");
  }

  if (canonical()) {
    edit(c);
  } else {
    if (ready_count_ >= kBufferSize) return;  // full: the byte is lost, as on Linux
    char byte = char(c);
    push_ready(&byte, 1);
    echo(&byte, 1);
    input_changed();
  }
}

// ISIG: the character becomes a signal to the foreground group, and what
// was typed so far is thrown away (unless NOFLSH), as termios(3) says.
void Tty::signal_group(int sig, const char* shown) {
  if (!(termios_.c_lflag & kNoFlush)) flush_input();
  size_t length = 0;
  while (shown[length]) length++;
  echo(shown, length);
  if (foreground_group > 0) signal::send_to_group(foreground_group, sig);
}

void Tty::edit(uint8_t c) {
  uint32_t lflag = termios_.c_lflag;
  if (is_char(c, kEraseChar) || c == '\b') {
    erase_one();
    return;
  }
  if (is_char(c, kKillChar)) {
    while (editing_length_ > 0) erase_one();
    return;
  }
  if ((lflag & kExtensions) && is_char(c, kWordEraseChar)) {
    // The spaces before the cursor, then the word before them.
    while (editing_length_ > 0 && editing_[editing_length_ - 1] == ' ') erase_one();
    while (editing_length_ > 0 && editing_[editing_length_ - 1] != ' ') erase_one();
    return;
  }
  if (is_char(c, kEofChar)) {
    // ^D pushes the line as it is, without itself; on an empty line that is
    // a zero-length read: end of file.
    finish_line();
    return;
  }
  bool ends_line = c == '\n' || is_char(c, kEolChar);
  // Keep one byte free for the newline, so a full line can still be ended.
  if (ready_count_ + editing_length_ >= kBufferSize - (ends_line ? 0 : 1)) return;
  editing_[editing_length_++] = char(c);
  char byte = char(c);
  if (c == '\n' && !(lflag & kEcho) && (lflag & kEchoNewline)) console::write("\n", 1);
  else echo(&byte, 1);
  if (ends_line) finish_line();
}

void Tty::erase_one() {
  if (editing_length_ == 0) return;
  editing_length_--;
  if (termios_.c_lflag & kEchoErase) echo("\b \b", 3);
}

void Tty::finish_line() {
  if (lines_count_ == kMaxLines) return;  // nobody is reading; the line stays in editing_
  push_ready(editing_, editing_length_);
  lines_[(lines_head_ + lines_count_) % kMaxLines] = uint16_t(editing_length_);
  lines_count_++;
  editing_length_ = 0;
  input_changed();
}

void Tty::push_ready(const char* bytes, size_t n) {
  for (size_t i = 0; i < n; i++) ready_[(ready_head_ + ready_count_ + i) % kBufferSize] = bytes[i];
  ready_count_ += n;
}

void Tty::flush_input() {
  editing_length_ = 0;
  ready_head_ = ready_count_ = 0;
  lines_head_ = lines_count_ = 0;
  readiness_.notify();
}

// --- Process side ---

// Job control (Linux's __tty_check_change): a process in a background
// group of the terminal's session may not read it (SIGTTIN) nor, with
// TOSTOP, write it or change its settings (SIGTTOU). Its group gets the
// signal and the call restarts once the group is continued. If the signal
// is ignored or blocked, a read fails with EIO and the rest go ahead; an
// orphaned group, which nobody could continue, gets EIO.
KStatus Tty::check_foreground(int sig) {
  proc::Process* self = proc::current();
  if (self->stopped) return KError{signal::kRestartSyscall};  // a stopped process takes no input
  if (foreground_group <= 0 || self->sid != session || self->pgid == foreground_group) return ok();
  if (signal::ignored_or_blocked(self, sig)) return sig == SIGTTIN ? KStatus(KError{EIO}) : ok();
  if (job_control::group_orphaned(self->pgid)) return KError{EIO};
  signal::send_to_group(self->pgid, sig);
  return KError{signal::kRestartSyscall};
}

KStatus Tty::open(fs::File&, int flags) {
  // Without job control, the first process group to open the terminal
  // (without O_NOCTTY) becomes its foreground group, roughly what a
  // session leader acquiring its controlling terminal does.
  int pgid = proc::current()->pgid;
  if (!(flags & fs::kOpenNoControllingTty) && foreground_group == 0 && pgid > 0) foreground_group = pgid;
  return ok();
}

// Copies up to n bytes from the front of ready_ and consumes exactly what
// reached the buffer (a fault part way loses nothing).
KResult<size_t> Tty::copy_out(const IoBuffer& buffer, size_t n) {
  size_t done = 0;
  while (done < n) {
    size_t position = (ready_head_ + done) % kBufferSize;
    size_t chunk = min_size(n - done, kBufferSize - position);
    if (buffer.write_from(done, ready_ + position, chunk).is_error()) break;
    done += chunk;
  }
  if (done == 0) return KError{EFAULT};
  ready_head_ = (ready_head_ + done) % kBufferSize;
  ready_count_ -= done;
  return done;
}

// Raw mode, termios(3): VMIN bytes (or n, if fewer) satisfy a read; VTIME
// (tenths of a second) bounds the wait, for the first byte when VMIN is 0
// and between bytes otherwise (approximated: the wait after the first
// byte). VMIN = VTIME = 0 returns at once, possibly with nothing.
int Tty::raw_read_wait(size_t n, bool nonblocking) {
  size_t wanted = min_size(termios_.c_cc[kMinChar], n);
  uint64_t timeout_ns = uint64_t(termios_.c_cc[kTimeChar]) * 100000000ull;
  if (wanted == 0 && timeout_ns == 0) return 0;
  if (wanted == 0) wanted = 1;
  uint64_t deadline = 0;
  if (timeout_ns && termios_.c_cc[kMinChar] == 0) deadline = time::monotonic_ns() + timeout_ns;
  while (ready_count_ < wanted) {
    if (nonblocking) return ready_count_ ? 0 : EAGAIN;
    if (timeout_ns && ready_count_ > 0 && !deadline) deadline = time::monotonic_ns() + timeout_ns;
    int err = input_wait_.wait(deadline, true);
    if (err == ETIMEDOUT) return 0;
    if (err) return err;
    if (canonical()) return 0;  // switched modes while asleep: let the caller look again
  }
  return 0;
}

KResult<size_t> Tty::read(fs::File& file, const IoBuffer& buffer, size_t n) {
  if (n == 0) return size_t(0);
  cpu::InterruptGuard guard;
  for (;;) {
    // Checked after every sleep too: the reader may have been stopped, or
    // put in the background, while it waited.
    TRY(check_foreground(SIGTTIN));
    if (canonical()) {
      if (lines_count_ > 0) break;
      if (file.is_nonblocking()) return KError{EAGAIN};
      int err = input_wait_.wait(0, true);
      if (err) return KError{err};  // EINTR
      continue;
    }
    int err = raw_read_wait(n, file.is_nonblocking());
    if (err) return KError{err};
    if (canonical()) continue;
    return ready_count_ ? copy_out(buffer, min_size(n, ready_count_)) : KResult<size_t>(size_t(0));
  }

  // Canonical: at most one line per read.
  uint16_t& line = lines_[lines_head_];
  if (line == 0) {  // ^D at the start of a line
    lines_head_ = (lines_head_ + 1) % kMaxLines;
    lines_count_--;
    return size_t(0);
  }
  size_t got = TRY(copy_out(buffer, min_size(n, line)));
  line = uint16_t(line - got);
  if (line == 0) {
    lines_head_ = (lines_head_ + 1) % kMaxLines;
    lines_count_--;
  }
  return got;
}

KResult<size_t> Tty::write(fs::File&, const IoBuffer& buffer, size_t n) {
  if (termios_.c_lflag & kStopBackgroundOutput) TRY(check_foreground(SIGTTOU));
  char chunk[256];
  size_t done = 0;
  while (done < n) {
    size_t length = min_size(n - done, sizeof chunk);
    if (buffer.read_into(chunk, done, length).is_error()) {
      if (done == 0) return KError{EFAULT};
      break;
    }
    console::write(chunk, length);
    done += length;
  }
  return done;
}

uint32_t Tty::poll_events() {
  cpu::InterruptGuard guard;
  uint32_t events = fs::kPollOut | fs::kPollWriteNormal;
  if (has_input()) events |= fs::kPollIn | fs::kPollReadNormal;
  return events;
}

// TCSETS: the new settings, and what changes with them.
void Tty::apply(const Termios& t) {
  bool was_canonical = canonical();
  termios_ = t;
  // Output translation is the console's (it also carries kernel messages).
  console::set_onlcr((t.c_oflag & kPostProcess) && (t.c_oflag & kMapNlToCrNl));
  if (was_canonical && !canonical()) {
    // Into raw mode: the half-typed line becomes readable as it is.
    push_ready(editing_, editing_length_);
    editing_length_ = 0;
    lines_head_ = lines_count_ = 0;
  } else if (!was_canonical && canonical() && ready_count_ > 0) {
    // Into canonical mode: the raw bytes not yet read form one line.
    lines_head_ = 0;
    lines_[0] = uint16_t(ready_count_);
    lines_count_ = 1;
  }
  input_changed();
}

KResult<long> Tty::ioctl(fs::File&, unsigned long request, uint64_t arg) {
  switch (request) {
    case TCGETS: {
      Termios t;
      {
        cpu::InterruptGuard guard;
        t = termios_;
      }
      // The console may have started with ONLCR off (tty.onlcr=0).
      if (!console::onlcr()) t.c_oflag &= ~kMapNlToCrNl;
      TRY(uaccess::put(arg, t));
      return 0;
    }
    case TCSETS:
    case TCSETSW:  // "after all output has been transmitted": console output is synchronous
    case TCSETSF: {
      Termios t;
      TRY(uaccess::get(&t, arg));
      TRY(check_foreground(SIGTTOU));
      cpu::InterruptGuard guard;
      if (request == TCSETSF) flush_input();  // "... and all input received but not read is discarded"
      apply(t);
      return 0;
    }
    case TIOCGWINSZ:
      TRY(uaccess::put(arg, window_));
      return 0;
    case TIOCSWINSZ: {
      WindowSize w;
      TRY(uaccess::get(&w, arg));
      bool changed = w.rows != window_.rows || w.columns != window_.columns;
      window_ = w;
      // tty_ioctl(4): the foreground group hears of a new size (SIGWINCH).
      if (changed && foreground_group > 0) signal::send_to_group(foreground_group, SIGWINCH);
      return 0;
    }
    case TIOCGPGRP:
      TRY(uaccess::put(arg, int(foreground_group)));
      return 0;
    case TIOCSPGRP: {
      int pgid;
      TRY(uaccess::get(&pgid, arg));
      // tcsetpgrp(3): EINVAL for a bad pgid; EPERM when no process group of
      // that id exists in the caller's session.
      if (pgid <= 0) return KError{EINVAL};
      int sid = proc::current()->sid;
      bool found = false;
      {
        cpu::InterruptGuard guard;
        for (proc::Process* p = proc::first(); p && !found; p = p->next_in_all)
          found = p->pgid == pgid && p->sid == sid && p->state != proc::State::Zombie;
      }
      if (!found) return KError{EPERM};
      // tcsetpgrp(3): from a background group, SIGTTOU unless it is ignored
      // or blocked; Linux answers an orphaned group with ENOTTY.
      KStatus allowed = check_foreground(SIGTTOU);
      if (allowed.is_error()) return KError{allowed.error() == EIO ? ENOTTY : allowed.error()};
      foreground_group = pgid;
      session = sid;
      return 0;
    }
    case FIONREAD: {
      int bytes;
      {
        cpu::InterruptGuard guard;
        // In canonical mode only complete lines count (Linux's n_tty).
        bytes = int(has_input() ? ready_count_ : 0);
      }
      TRY(uaccess::put(arg, bytes));
      return 0;
    }
    case TCFLSH: {
      // tcflush(3): TCIFLUSH 0, TCOFLUSH 1, TCIOFLUSH 2. Output is never queued.
      if (arg > 2) return KError{EINVAL};
      cpu::InterruptGuard guard;
      if (arg != 1) flush_input();
      return 0;
    }
    case TIOCOUTQ:
      TRY(uaccess::put(arg, 0));
      return 0;
    case TCSBRK:      // tcdrain(3)/tcsendbreak(3): nothing is ever pending
    case TCXONC:      // tcflow(3): no flow control on a virtual line
    case TIOCSCTTY:   // the console is everybody's terminal already
    case TIOCNOTTY:
      return 0;
    default:
      return KError{ENOTTY};  // tty_ioctl(4): not a request a terminal knows
  }
}

constinit Tty console_tty;
}  // namespace

fs::CharDevice* console_device() { return &console_tty; }

void receive_byte(uint8_t c) { console_tty.receive(c); }

int foreground_group() { return console_tty.foreground_group; }
void set_foreground_group(int pgid) { console_tty.foreground_group = pgid; }

}  // namespace tty
