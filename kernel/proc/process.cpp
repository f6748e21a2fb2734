#include "kernel/proc/process.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "kernel/fs/fd_table.h"
#include "kernel/fs/file.h"
#include "kernel/fs/inode.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/address_space.h"
#include "kernel/mm/heap.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/proc/job_control.h"
#include "kernel/proc/scheduler.h"

extern "C" void thread_trampoline();
extern "C" void trap_return();
extern "C" [[noreturn]] void enter_user_mode(TrapFrame* frame);

namespace proc {
namespace {
Process* all_processes = nullptr;
Process* init = nullptr;
int last_pid = 0;
constexpr int kMaxPid = 32768;  // Linux's default pid_max

int allocate_pid() {
  for (int tries = 0; tries < kMaxPid; tries++) {
    last_pid = last_pid >= kMaxPid - 1 ? 2 : last_pid + 1;
    if (!find(last_pid)) return last_pid;
  }
  return -1;
}

// A process with a kernel stack and a pid, linked into the process list.
Process* allocate(const char* name) {
  auto* p = new Process();
  if (!p) return nullptr;
  p->kernel_stack = static_cast<uint8_t*>(kmalloc(Process::kKernelStackSize));
  int pid = allocate_pid();
  if (!p->kernel_stack || pid < 0) {
    kfree(p->kernel_stack);
    delete p;
    return nullptr;
  }
  p->pid = pid;
  strlcpy(p->name, name, sizeof p->name);
  cpu::InterruptGuard guard;
  p->next_in_all = all_processes;
  all_processes = p;
  return p;
}

void add_child(Process* parent, Process* child) {
  child->parent = parent;
  child->next_sibling = parent->first_child;
  parent->first_child = child;
}

void remove_child(Process* parent, Process* child) {
  for (Process** link = &parent->first_child; *link; link = &(*link)->next_sibling) {
    if (*link == child) {
      *link = child->next_sibling;
      child->next_sibling = nullptr;
      return;
    }
  }
}

// PID 1's first moments: a kernel thread that becomes /sbin/init by execve.
void init_bootstrap(void* path_arg) {
  auto* path = static_cast<const char*>(path_arg);
  Process* self = current();
  char* argv[] = {const_cast<char*>(path), nullptr};
  char* envp[] = {nullptr};
  KStatus r = execve(path, argv, 1, envp, 0);
  if (r.is_error()) panic("cannot run %s as init: errno %d", path, r.error());
  enter_user_mode(self->user_frame());
}
}  // namespace

Process* current() { return scheduler::current(); }

namespace {
int armed_alarms = 0;
// A child whose parent ignores SIGCHLD leaves no zombie (POSIX); its kernel
// stack is freed by the next thread that runs, since it cannot free the
// stack it is standing on.
Process* pending_free = nullptr;
}  // namespace

bool alarms_armed() { return armed_alarms > 0; }

void set_alarm(Process* p, uint64_t deadline_ns, uint64_t interval_ns) {
  cpu::InterruptGuard guard;
  if (p->alarm_deadline_ns) armed_alarms--;
  p->alarm_deadline_ns = deadline_ns;
  p->alarm_interval_ns = deadline_ns ? interval_ns : 0;
  if (deadline_ns) armed_alarms++;
}

void free_pending_zombie() {
  cpu::InterruptGuard guard;
  if (pending_free && pending_free != current()) {
    kfree(pending_free->kernel_stack);
    delete pending_free;
    pending_free = nullptr;
  }
}
Process* init_process() { return init; }
Process* first() { return all_processes; }

Process* find(int pid) {
  for (Process* p = all_processes; p; p = p->next_in_all)
    if (p->pid == pid) return p;
  return nullptr;
}

Process* create_kernel_thread(const char* name, void (*fn)(void*), void* arg) {
  Process* p = allocate(name);
  if (!p) panic("out of memory creating kernel thread %s", name);
  p->is_kernel_thread = true;
  memcpy(p->fpu_state, scheduler::idle_process()->fpu_state, sizeof p->fpu_state);
  // The first switch_context pops six callee-saved registers and "returns"
  // into thread_trampoline, which calls fn(arg) (r12 = fn, r13 = arg).
  auto* sp = reinterpret_cast<uint64_t*>(p->kernel_stack_top());
  *--sp = reinterpret_cast<uint64_t>(thread_trampoline);
  *--sp = 0;                                  // rbx
  *--sp = 0;                                  // rbp
  *--sp = reinterpret_cast<uint64_t>(fn);     // r12
  *--sp = reinterpret_cast<uint64_t>(arg);    // r13
  *--sp = 0;                                  // r14
  *--sp = 0;                                  // r15
  p->saved_rsp = reinterpret_cast<uint64_t>(sp);
  add_child(scheduler::idle_process(), p);
  scheduler::make_runnable(p);
  return p;
}

void start_init(const char* path) {
  Process* p = allocate("init");
  if (!p || p->pid != 1) panic("cannot create PID 1");
  init = p;
  p->pgid = p->sid = 1;
  p->files = fs::FdTable::create();
  if (!p->files) panic("out of memory for init's file table");
  for (int fd = 0; fd < 3; fd++) {
    KResult<fs::File*> console = fs::open_console();
    if (console.is_error()) panic("cannot open /dev/console: errno %d", console.error());
    KResult<int> r = p->files->install(console.value(), false);
    if (r.is_error() || r.value() != fd) panic("cannot open the console as fd %d", fd);
  }
  p->cwd = fs::root();
  p->cwd->ref();
  // Like a kernel thread, PID 1 starts in kernel mode (init_bootstrap), then
  // execs /sbin/init and leaves for user mode for good.
  p->is_kernel_thread = true;
  memcpy(p->fpu_state, scheduler::idle_process()->fpu_state, sizeof p->fpu_state);
  auto* sp = reinterpret_cast<uint64_t*>(p->kernel_stack_top() - sizeof(TrapFrame));
  *--sp = reinterpret_cast<uint64_t>(thread_trampoline);
  *--sp = 0;
  *--sp = 0;
  *--sp = reinterpret_cast<uint64_t>(&init_bootstrap);
  *--sp = reinterpret_cast<uint64_t>(path);
  *--sp = 0;
  *--sp = 0;
  p->saved_rsp = reinterpret_cast<uint64_t>(sp);
  add_child(scheduler::idle_process(), p);
  scheduler::make_runnable(p);
}

KResult<int> fork(const TrapFrame* parent_frame) {
  Process* parent = current();
  TRY(check_process_count());  // RLIMIT_NPROC
  Process* child = allocate(parent->name);
  if (!child) return KError{EAGAIN};
  child->address_space = parent->address_space->clone();
  child->files = parent->files->clone();
  if (parent->cmdline_length) {
    child->cmdline = static_cast<char*>(kmalloc(parent->cmdline_length));
    if (child->cmdline) memcpy(child->cmdline, parent->cmdline, parent->cmdline_length);
    child->cmdline_length = parent->cmdline_length;
  }
  if (!child->address_space || !child->files || (parent->cmdline_length && !child->cmdline)) {
    delete child->address_space;
    delete child->files;
    kfree(child->cmdline);
    cpu::InterruptGuard guard;
    for (Process** link = &all_processes; *link; link = &(*link)->next_in_all)
      if (*link == child) { *link = child->next_in_all; break; }
    kfree(child->kernel_stack);
    delete child;
    return KError{ENOMEM};
  }
  child->pgid = parent->pgid;
  child->sid = parent->sid;
  child->cwd = parent->cwd;
  child->cwd->ref();
  child->cred = parent->cred;
  child->umask = parent->umask;
  child->personality = parent->personality;
  child->limits = parent->limits;
  child->signals.blocked = parent->signals.blocked;
  child->signals.alternate_stack = parent->signals.alternate_stack;  // sigaltstack(2): inherited by fork
  for (int s = 0; s < _NSIG; s++) child->signals.actions[s] = parent->signals.actions[s];
  child->fs_base = cpu::rdmsr(cpu::kMsrFsBase);
  child->gs_base = parent->gs_base;
  asm volatile("fxsave64 %0" : "=m"(child->fpu_state));  // the parent's live FPU state

  // The child starts by "returning" from this syscall with rax = 0: its
  // kernel stack holds a copy of the parent's trap frame, and its first
  // switch_context returns straight into trap_return.
  TrapFrame* frame = child->user_frame();
  *frame = *parent_frame;
  frame->rax = 0;
  auto* sp = reinterpret_cast<uint64_t*>(frame);
  *--sp = reinterpret_cast<uint64_t>(trap_return);
  for (int i = 0; i < 6; i++) *--sp = 0;
  child->saved_rsp = reinterpret_cast<uint64_t>(sp);

  {
    cpu::InterruptGuard guard;
    add_child(parent, child);
  }
  scheduler::make_runnable(child);
  return child->pid;
}

void exit(int wait_status) {
  Process* self = current();
  if (self == init) {
    // Tether's rule: when PID 1 ends, the machine powers off and PID 1's
    // status becomes QEMU's (./tether run's) exit status, as a shell's $?.
    int code = (wait_status & 0x7f) ? 128 + (wait_status & 0x7f) : (wait_status >> 8) & 0xff;
    printk("init exited with status %d: powering off", code);
    power_off(code);
  }
  if (self->files) {
    self->files->close_all();
    delete self->files;
    self->files = nullptr;
  }
  if (self->cwd) {
    self->cwd->unref();
    self->cwd = nullptr;
  }
  kfree(self->cmdline);
  self->cmdline = nullptr;
  self->cmdline_length = 0;
  if (self->address_space) {
    paging::activate(paging::kernel_root());
    retire_address_space(self, self->address_space);  // its peak stays the zombie's ru_maxrss
    delete self->address_space;
    self->address_space = nullptr;
  }

  set_alarm(self, 0, 0);
  cpu::cli();
  job_control::exiting(self);
  // Orphans are adopted by init, which reaps them.
  while (Process* child = self->first_child) {
    remove_child(self, child);
    add_child(init, child);
    if (child->state == State::Zombie) init->child_state_changed.wake_all();
    else job_control::child_reparented(self, child);
  }
  self->wait_status = wait_status;
  self->state = State::Zombie;
  signal::discard(self, ~0ull);  // a zombie gets no signals: its records are freed now
  Process* parent = self->parent;
  constexpr uint64_t kSaNocldwait = 2;
  const signal::Action& on_child = parent->signals.actions[SIGCHLD];
  // SIGCHLD, unless the parent ignores it; a handler with SA_NOCLDWAIT still
  // runs (sigaction(2), Linux's do_notify_parent).
  if (on_child.handler != 1) {
    signal::Info info;
    bool killed = wait_status & 0x7f;
    info.code = killed ? signal::kCldKilled : signal::kCldExited;
    info.pid = self->pid;
    info.uid = self->cred.uid;
    info.status = killed ? (wait_status & 0x7f) : ((wait_status >> 8) & 0xff);
    signal::send(parent, SIGCHLD, info);
  }
  if (parent != init && (on_child.handler == 1 || (on_child.flags & kSaNocldwait))) {
    // The parent asked for no zombies: unlink now, free after the switch.
    free_pending_zombie();
    remove_child(parent, self);
    for (Process** link = &all_processes; *link; link = &(*link)->next_in_all)
      if (*link == self) { *link = self->next_in_all; break; }
    pending_free = self;
  }
  parent->child_state_changed.wake_all();
  scheduler::exit_current();
}

void reap(Process* zombie) {
  remove_child(zombie->parent, zombie);
  for (Process** link = &all_processes; *link; link = &(*link)->next_in_all) {
    if (*link == zombie) {
      *link = zombie->next_in_all;
      break;
    }
  }
  kfree(zombie->kernel_stack);
  delete zombie;
}
}  // namespace proc
