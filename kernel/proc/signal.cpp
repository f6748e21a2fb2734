#include "kernel/proc/signal.h"

#include "arch/x86_64/gdt.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/trap_frame.h"
#include "kernel/lib/string.h"
#include "kernel/mm/uaccess.h"
#include "libc/include/bits/syscall.h"
#include "kernel/proc/job_control.h"
#include "kernel/proc/process.h"
#include "kernel/proc/resource_limits.h"
#include "kernel/proc/scheduler.h"

namespace signal {
namespace {
constexpr uint64_t kSigDfl = 0, kSigIgn = 1;
constexpr uint64_t kSaSiginfo = 0x4, kSaOnstack = 0x08000000, kSaRestart = 0x10000000, kSaNodefer = 0x40000000,
                   kSaResethand = 0x80000000;

// What a handler finds on its stack: Linux's struct rt_sigframe, so code
// written for Linux (SA_SIGINFO handlers reading ucontext) works unchanged.
struct SigContext {
  uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
  uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
  uint16_t cs, gs, fs, ss;
  uint64_t err, trapno, oldmask, cr2;
  uint64_t fpstate;  // user address of the fxsave image below
  uint64_t reserved[8];
};
struct UContext {
  uint64_t flags;
  uint64_t link;
  uint64_t ss_sp;
  int32_t ss_flags;
  int32_t pad;
  uint64_t ss_size;
  SigContext mcontext;
  uint64_t sigmask;
};
struct alignas(16) FpuImage {
  uint16_t fcw, fsw;
  uint8_t ftw, reserved1;
  uint16_t fop;
  uint64_t fip, fdp;
  uint32_t mxcsr, mxcsr_mask;
  uint8_t rest[480];
};
struct SignalFrame {
  uint64_t pretcode;  // the restorer: the handler's return address
  UContext uc;
  UserSigInfo info;
  FpuImage fpu;
};
static_assert(sizeof(FpuImage) == 512, "fxsave area");
static_assert(sizeof(SigContext) == 256 && offsetof(SigContext, fpstate) == 184, "Linux sigcontext layout");

// Syscalls never restarted after a handler ran, as on Linux (their timeouts
// or semantics would be wrong if they were).
bool never_restarted(uint64_t number) {
  switch (number) {
    case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_pause: case SYS_rt_sigsuspend:
    case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6: case SYS_rt_sigtimedwait:
    case SYS_tether_port_getn:  // illumos port_get(3C): EINTR, whatever SA_RESTART says
      return true;
    default:
      return false;
  }
}

// A syscall interrupted by a signal returned -EINTR (or kRestartSyscall).
// If the signal about to be taken has SA_RESTART, back the user up to the
// syscall instruction so it runs again. kRestartSyscall also restarts when
// no handler runs at all (a stop and continue), and becomes EINTR when a
// handler without SA_RESTART runs.
void restart_or_interrupt(TrapFrame* frame) {
  if (frame->vector != kSyscallVector) return;
  int64_t result = int64_t(frame->rax);
  if (result != -EINTR && result != -kRestartSyscall) return;
  bool must_restart = result == -kRestartSyscall;
  proc::Process* p = proc::current();
  uint64_t deliverable = p->signals.pending & ~p->signals.blocked;
  bool restart = must_restart;
  if (deliverable) {
    int sig = __builtin_ctzll(deliverable) + 1;
    const Action& a = p->signals.actions[sig];
    bool handler_runs = a.handler != kSigDfl && a.handler != kSigIgn;
    if (handler_runs) restart = (a.flags & kSaRestart) && (must_restart || !never_restarted(frame->error_code));
  }
  if (!restart) {
    frame->rax = uint64_t(-EINTR);
    return;
  }
  frame->rax = frame->error_code;  // the syscall number, kept by syscall_dispatch
  frame->rip -= 2;                 // the length of the syscall instruction
}

void run_handler(proc::Process* p, int sig, const Info& info, TrapFrame* frame) {
  Action& action = p->signals.actions[sig];
  AlternateStack& alternate = p->signals.alternate_stack;
  bool nested_on_alternate = alternate.in_use_at(frame->rsp);
  uint64_t sp = frame->rsp - 128;  // skip the red zone the interrupted code may use
  // sigaction(2) SA_ONSTACK: the frame goes on the alternate stack, unless
  // the handler interrupted code already running on it.
  uint64_t alternate_top = action.flags & kSaOnstack ? alternate.top_for_handler(sp) : 0;
  if (alternate_top) sp = alternate_top;
  sp -= sizeof(SignalFrame);
  sp &= ~15ull;
  sp -= 8;  // as if "call handler" pushed pretcode: (rsp + 8) % 16 == 0 at entry
  // Linux (get_sigframe): a frame that would overflow the alternate stack
  // is not written below it; the process dies of SIGSEGV.
  if ((nested_on_alternate || alternate_top) && !alternate.holds(sp)) proc::exit(proc::signaled_status(SIGSEGV));
  SignalFrame sf;
  memset(&sf, 0, sizeof sf);
  sf.pretcode = action.restorer;
  UserStack saved_stack = alternate.saved();  // uc_stack: rt_sigreturn restores it
  sf.uc.ss_sp = saved_stack.sp;
  sf.uc.ss_flags = saved_stack.flags;
  sf.uc.ss_size = saved_stack.size;
  SigContext& c = sf.uc.mcontext;
  c.r8 = frame->r8; c.r9 = frame->r9; c.r10 = frame->r10; c.r11 = frame->r11;
  c.r12 = frame->r12; c.r13 = frame->r13; c.r14 = frame->r14; c.r15 = frame->r15;
  c.rdi = frame->rdi; c.rsi = frame->rsi; c.rbp = frame->rbp; c.rbx = frame->rbx;
  c.rdx = frame->rdx; c.rax = frame->rax; c.rcx = frame->rcx; c.rsp = frame->rsp; c.rip = frame->rip;
  c.eflags = frame->rflags;
  c.cs = uint16_t(frame->cs);
  c.ss = uint16_t(frame->ss);
  c.trapno = frame->vector < 32 ? frame->vector : 0;
  c.err = frame->vector < 32 ? frame->error_code : 0;
  // The mask to restore when the handler returns: sigsuspend's saved one if
  // the handler interrupts a sigsuspend.
  uint64_t restore_mask = p->signals.has_saved_mask ? p->signals.saved_mask : p->signals.blocked;
  p->signals.has_saved_mask = false;
  c.oldmask = restore_mask;
  c.fpstate = sp + offsetof(SignalFrame, fpu);
  sf.uc.sigmask = restore_mask;
  sf.info = to_user(sig, info);
  asm volatile("fxsave64 %0" : "=m"(sf.fpu));
  if (!action.restorer || uaccess::put(sp, sf).is_error()) {
    // No way to return from the handler, or no stack to put the frame on:
    // as Linux does, the process dies of SIGSEGV.
    proc::exit(proc::signaled_status(SIGSEGV));
  }
  frame->rip = action.handler;
  frame->rsp = sp;
  frame->rdi = uint64_t(sig);
  frame->rsi = sp + offsetof(SignalFrame, info);
  frame->rdx = sp + offsetof(SignalFrame, uc);
  frame->rax = 0;
  frame->rflags &= ~(1ull << 10 | 1ull << 8);  // DF and TF clear, as the ABI requires
  if (alternate_top) alternate.handler_entered();
  p->signals.blocked |= action.mask;
  if (!(action.flags & kSaNodefer)) p->signals.blocked |= bit(sig);
  p->signals.blocked &= ~(bit(SIGKILL) | bit(SIGSTOP));
  if (action.flags & kSaResethand) action = Action{};
  (void)kSaSiginfo;  // every handler gets all three arguments; SA_SIGINFO only tells libc which type to call
}

enum class Default { Terminate, Ignore, Stop };

// The default action of each signal (signal(7)). "Core" signals terminate
// like the others: Tether writes no core files, so WCOREDUMP stays false,
// as on a Linux system with `ulimit -c 0`.
Default default_action(int sig) {
  switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT: return Default::Ignore;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU: return Default::Stop;
    default: return Default::Terminate;
  }
}

bool ignored(const proc::Process* p, int sig) {
  uint64_t h = p->signals.actions[sig].handler;
  return h == kSigIgn || (h == kSigDfl && default_action(sig) == Default::Ignore);
}
}  // namespace

UserSigInfo to_user(int sig, const Info& info) {
  UserSigInfo u = {};
  u.signo = sig;
  u.code = info.code;
  if (info.code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE)) {
    u.fields[0] = info.addr;
  } else {
    u.fields[0] = uint64_t(uint32_t(info.pid)) | (uint64_t(info.uid) << 32);
    if (sig == SIGCHLD && info.code > 0) u.fields[1] = uint32_t(info.status);
    else u.fields[1] = info.value;
  }
  return u;
}

bool may_send(const proc::Process* sender, const proc::Process* target, int sig) {
  // kill(2): root, or a real/effective uid matching the target's real or
  // saved uid; for SIGCONT, being in the same session is enough.
  const Credentials& s = sender->cred;
  const Credentials& t = target->cred;
  if (sig == SIGCONT && sender->sid == target->sid) return true;
  return s.euid == 0 || s.uid == t.uid || s.uid == t.suid || s.euid == t.uid || s.euid == t.suid;
}

int take_pending(proc::Process* p, uint64_t set, Info* info) {
  cpu::InterruptGuard guard;
  uint64_t ready = p->signals.pending & set;
  if (!ready) return 0;
  // As Linux's next_signal: first the signals a fault raises (a program
  // that faults while a SIGHUP is pending hears of its fault first), then the
  // lowest: standard signals before real-time ones, lower numbers first.
  constexpr uint64_t kSynchronous = bit(SIGSEGV) | bit(SIGBUS) | bit(SIGILL) | bit(SIGTRAP) | bit(SIGFPE) | bit(SIGSYS);
  uint64_t first = (ready & kSynchronous) ? (ready & kSynchronous) : ready;
  int sig = __builtin_ctzll(first) + 1;
  // Linux's collect_signal: the oldest record; a signal pending without one
  // (it found the queue full) shows SI_USER from pid 0. It stays pending
  // while records remain.
  if (!p->signals.queue.take(sig, info)) *info = Info{kSiUser};
  if (!p->signals.queue.has(sig)) p->signals.pending &= ~bit(sig);
  return sig;
}

void discard(proc::Process* p, uint64_t set) {
  cpu::InterruptGuard guard;
  for (int sig = 1; sig < _NSIG; sig++) {
    if (!(set & bit(sig))) continue;
    p->signals.pending &= ~bit(sig);
    p->signals.queue.discard(sig);
  }
}

void send(proc::Process* p, int sig, const Info& info) {
  // Standard signals with si_code >= 0 always get a record (or go without
  // one), so this never fails; real-time ones come from try_send's callers.
  (void)try_send(p, sig, info);
}

KStatus try_send(proc::Process* p, int sig, const Info& info) {
  if (sig <= 0 || sig >= _NSIG || p->state == proc::State::Zombie) return ok();
  cpu::InterruptGuard guard;
  // As on Linux, init only gets the signals it installed a handler for:
  // a stray Ctrl-C or kill -9 1 must not power the machine off, nor a
  // SIGSTOP stop it.
  if (p == proc::init_process() && p->signals.actions[sig].handler == kSigDfl) return ok();
  // Job control acts when the signal is generated, whatever its action
  // (POSIX XSH 2.4.1): SIGCONT continues and discards pending stops; a stop
  // signal discards a pending SIGCONT; SIGKILL ends a stop.
  bool stop_signal = job_control::is_stop_signal(sig);
  if (sig == SIGCONT) job_control::resume(p);
  else if (stop_signal) discard(p, bit(SIGCONT));
  else if (sig == SIGKILL) job_control::release_to_die(p);
  // POSIX: an ignored signal is discarded. Not while blocked, as on Linux
  // (sig_ignored): the action may change before it is unblocked, as when a
  // shell blocks SIGCHLD around fork and installs its handler later.
  bool blocked = p->signals.blocked & bit(sig);
  if (ignored(p, sig) && sig != SIGKILL && !blocked) return ok();
  if (stop_signal && p->signals.actions[sig].handler == kSigDfl && !blocked) {
    // The default action, now. POSIX: SIGTSTP, SIGTTIN and SIGTTOU sent to
    // an orphaned process group are discarded (nobody could continue it).
    if (sig != SIGSTOP && job_control::group_orphaned(p->pgid)) return ok();
    job_control::stop(p, sig);
    return ok();
  }
  // Linux's __send_signal_locked. A standard signal already pending is not
  // queued: the first record stays. SIGKILL needs none.
  if (sig < kFirstRealtime && (p->signals.pending & bit(sig))) return ok();
  if (sig != SIGKILL) {
    // Records count against the target's RLIMIT_SIGPENDING, but a standard
    // signal from the kernel or kill(2) (si_code >= 0) gets one past it.
    bool override_limit = sig < kFirstRealtime && info.code >= 0;
    uint64_t limit = p->limits.soft(proc::kRlimitSigpending);
    if (!p->signals.queue.add(sig, info, p->cred.uid, limit, override_limit)) {
      // "Queue overflow, abort": a real-time signal sent by sigqueue(3),
      // tkill(2)... fails. Anything else is still sent, without its record.
      if (sig >= kFirstRealtime && info.code != kSiUser) return KError{EAGAIN};
    }
  }
  p->signals.pending |= bit(sig);
  interrupt_sleep(p);
  return ok();
}

void discard_if_ignored(proc::Process* p, int sig) {
  if (ignored(p, sig)) discard(p, bit(sig));
}

void interrupt_sleep(proc::Process* p) {
  cpu::InterruptGuard guard;
  if (p->state == proc::State::Blocked && p->wait_interruptible && !p->stopped && has_deliverable(p)) {
    if (p->waiting_on) p->waiting_on->remove(p);
    p->wake_reason = EINTR;
    scheduler::make_runnable(p);
  }
}

bool ignored_or_blocked(const proc::Process* p, int sig) {
  return p->signals.actions[sig].handler == kSigIgn || (p->signals.blocked & bit(sig));
}

Info from_current_user(int code) {
  proc::Process* self = proc::current();
  Info info;
  info.code = code;
  info.pid = self->pid;
  info.uid = self->cred.uid;
  return info;
}

void send_to_group(int pgid, int sig) {
  for (proc::Process* p = proc::first(); p; p = p->next_in_all)
    if (p->pgid == pgid && !p->is_kernel_thread) send(p, sig);
}

void raise_fault(int sig, TrapFrame* frame) {
  proc::Process* p = proc::current();
  // As Linux's force_sig: a blocked or ignored fault signal reverts to the
  // default action, since returning would only fault again.
  p->signals.blocked &= ~bit(sig);
  if (p->signals.actions[sig].handler == kSigIgn) p->signals.actions[sig].handler = kSigDfl;
  Info info{kSiKernel};
  // si_addr: the faulting data address for a page fault, else the instruction.
  info.addr = frame->vector == 14 ? cpu::read_cr2() : frame->rip;
  // As Linux, an instance already pending keeps its record.
  if (!(p->signals.pending & bit(sig)))
    (void)p->signals.queue.add(sig, info, p->cred.uid, p->limits.soft(proc::kRlimitSigpending), true);
  p->signals.pending |= bit(sig);
}

bool has_deliverable(const proc::Process* p) {
  uint64_t unblockable = bit(SIGKILL) | bit(SIGSTOP);
  return p->signals.pending & (~p->signals.blocked | unblockable | p->signals.waiting_for);
}

void deliver_pending(TrapFrame* frame) {
  restart_or_interrupt(frame);
  proc::Process* p = proc::current();
  // Not has_deliverable(): that one also counts the signals a
  // rt_sigtimedwait sleeps for, which wake it but are never delivered.
  for (;;) {
    uint64_t deliverable = p->signals.pending & (~p->signals.blocked | bit(SIGKILL) | bit(SIGSTOP));
    if (deliverable == 0) break;
    Info info;
    int sig = take_pending(p, deliverable, &info);
    const Action& action = p->signals.actions[sig];
    if (action.handler == kSigIgn && sig != SIGKILL && sig != SIGSTOP) continue;
    if (action.handler == kSigDfl || sig == SIGKILL || sig == SIGSTOP) {
      switch (default_action(sig)) {
        case Default::Ignore:
          continue;
        case Default::Stop:
          // A stop signal that was blocked (or caught) when sent: stop now.
          // before_return_to_user sleeps until SIGCONT, then calls again.
          if (sig != SIGSTOP && job_control::group_orphaned(p->pgid)) continue;
          job_control::stop(p, sig);
          return;
        case Default::Terminate:
          proc::exit(proc::signaled_status(sig));
      }
    }
    run_handler(p, sig, info, frame);
    return;  // one handler frame at a time; more signals are taken on the next return
  }
  if (p->signals.has_saved_mask) {  // sigsuspend ended without a handler to run
    p->signals.blocked = p->signals.saved_mask;
    p->signals.has_saved_mask = false;
  }
}

KStatus sigreturn(TrapFrame* frame) {
  proc::Process* p = proc::current();
  // rsp points just past pretcode, at uc (the restorer's "ret" popped pretcode).
  uint64_t frame_address = frame->rsp - 8;
  SignalFrame sf;
  if (uaccess::get(&sf, frame_address).is_error()) {
    raise_fault(SIGSEGV, frame);
    return KError{EFAULT};
  }
  const SigContext& c = sf.uc.mcontext;
  // iretq to a non-canonical or kernel rip would fault in ring 0: refuse it
  // here, so a forged frame can only kill its own process.
  if (c.rip >= layout::kUserTop) {
    proc::exit(proc::signaled_status(SIGSEGV));
  }
  frame->r8 = c.r8; frame->r9 = c.r9; frame->r10 = c.r10; frame->r11 = c.r11;
  frame->r12 = c.r12; frame->r13 = c.r13; frame->r14 = c.r14; frame->r15 = c.r15;
  frame->rdi = c.rdi; frame->rsi = c.rsi; frame->rbp = c.rbp; frame->rbx = c.rbx;
  frame->rdx = c.rdx; frame->rax = c.rax; frame->rcx = c.rcx; frame->rsp = c.rsp; frame->rip = c.rip;
  // User code may only change the arithmetic flags, DF, TF, AC and the like:
  // never IOPL, IF or VM (that would hand it the machine).
  constexpr uint64_t kUserFlags = 0x0DD5 | (1u << 18) | (1u << 21);  // CF PF AF ZF SF TF DF OF, AC, ID
  frame->rflags = (frame->rflags & ~kUserFlags) | (c.eflags & kUserFlags) | 0x202;
  frame->cs = gdt::kUserCode;
  frame->ss = gdt::kUserData;
  p->signals.blocked = sf.uc.sigmask & ~(bit(SIGKILL) | bit(SIGSTOP));
  // Linux's restore_altstack: the settings saved when the handler started
  // (errors other than EFAULT are ignored, as there).
  UserStack stack = {sf.uc.ss_sp, sf.uc.ss_flags, 0, sf.uc.ss_size};
  (void)p->signals.alternate_stack.change(stack, frame->rsp);
  // The FPU state the handler interrupted. MXCSR bits outside the mask would
  // make fxrstor fault in the kernel: clear them first.
  uint32_t mxcsr_mask = reinterpret_cast<const FpuImage*>(scheduler::idle_process()->fpu_state)->mxcsr_mask;
  sf.fpu.mxcsr &= mxcsr_mask ? mxcsr_mask : 0xFFBF;
  asm volatile("fxrstor64 %0" ::"m"(sf.fpu));
  return ok();
}

void reset_on_exec(State& s) {
  // execve(2): handled signals revert to default; ignored stay ignored;
  // the mask and pending set are kept.
  for (int sig = 1; sig < _NSIG; sig++)
    if (s.actions[sig].handler != kSigIgn) s.actions[sig] = Action{};
  // sigaltstack(2): "A successful call to execve(2) removes any existing
  // alternate signal stack."
  s.alternate_stack.reset();
}
}  // namespace signal
