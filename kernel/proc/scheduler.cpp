#include "kernel/proc/scheduler.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/paging.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/address_space.h"
#include "kernel/panic.h"
#include "kernel/proc/job_control.h"
#include "kernel/time.h"

extern "C" void switch_context(uint64_t* save_rsp, uint64_t new_rsp);
extern "C" uint8_t boot_stack_bottom[];

namespace scheduler {
namespace {
proc::Process* running = nullptr;
proc::Process* idle = nullptr;
proc::Process* queue_head = nullptr;
proc::Process* queue_tail = nullptr;
proc::Process* timed_sleepers = nullptr;
bool need_resched = false;

void enqueue(proc::Process* p) {
  p->next_runnable = nullptr;
  if (queue_tail) queue_tail->next_runnable = p;
  else queue_head = p;
  queue_tail = p;
}

proc::Process* dequeue() {
  proc::Process* p = queue_head;
  if (p) {
    queue_head = p->next_runnable;
    if (!queue_head) queue_tail = nullptr;
    p->next_runnable = nullptr;
  }
  return p;
}

// The registers switch_context does not carry: FPU/SSE state and the %fs/%gs
// bases user programs use for thread-local storage.
void switch_to(proc::Process* next) {
  proc::Process* prev = running;
  if (prev == next) return;
  running = next;
  next->ticks_this_slice = 0;
  gdt::set_kernel_stack(next->kernel_stack_top());
  paging::activate(next->address_space ? next->address_space->root() : paging::kernel_root());
  asm volatile("fxsave64 %0" : "=m"(prev->fpu_state));
  asm volatile("fxrstor64 %0" ::"m"(next->fpu_state));
  prev->fs_base = cpu::rdmsr(cpu::kMsrFsBase);
  cpu::wrmsr(cpu::kMsrFsBase, next->fs_base);
  switch_context(&prev->saved_rsp, next->saved_rsp);
  proc::free_pending_zombie();  // back on prev's stack: another thread's leftovers can go
}

void schedule() {
  KASSERT(!cpu::interrupts_enabled());
  need_resched = false;
  proc::Process* next = dequeue();
  if (!next) next = idle;
  if (next != running) proc::charge_context_switch(running);
  switch_to(next);
}
}  // namespace

void init() {
  // The boot flow becomes PID 0, the idle thread: it runs when nothing else can.
  idle = new proc::Process();
  KASSERT(idle);
  strlcpy(idle->name, "idle", sizeof idle->name);
  idle->is_kernel_thread = true;
  idle->kernel_stack = boot_stack_bottom;
  // A clean FPU image: what every new process starts with.
  asm volatile("fninit");
  uint32_t mxcsr = 0x1F80;  // all SIMD exceptions masked, as Linux starts programs
  asm volatile("ldmxcsr %0" ::"m"(mxcsr));
  asm volatile("fxsave64 %0" : "=m"(idle->fpu_state));
  running = idle;
}

void idle_loop() {
  for (;;) {
    cpu::cli();
    if (queue_head) {
      schedule();
      continue;
    }
    asm volatile("sti; hlt" ::: "memory");  // sti's one-instruction delay makes this race-free
  }
}

proc::Process* current() { return running; }
proc::Process* idle_process() { return idle; }

void make_runnable(proc::Process* p) {
  cpu::InterruptGuard guard;
  p->state = proc::State::Runnable;
  enqueue(p);
  if (running == idle) need_resched = true;
}

void block_current() {
  KASSERT(running->state == proc::State::Blocked);
  schedule();
}

void yield() {
  cpu::InterruptGuard guard;
  if (running != idle && running->state == proc::State::Runnable) enqueue(running);
  schedule();
}

void exit_current() {
  cpu::cli();
  KASSERT(running->state == proc::State::Zombie);
  schedule();
  panic("a zombie was scheduled");
}

void add_timed_sleeper(proc::Process* p) {
  p->next_timed = timed_sleepers;
  timed_sleepers = p;
}

void remove_timed_sleeper(proc::Process* p) {
  for (proc::Process** link = &timed_sleepers; *link; link = &(*link)->next_timed) {
    if (*link == p) {
      *link = p->next_timed;
      p->next_timed = nullptr;
      return;
    }
  }
}

// Alarms are rare and processes few: a scan of the process list per tick,
// only while at least one alarm is armed, is the simplest correct design.
void expire_alarms(uint64_t now) {
  for (proc::Process* p = proc::first(); p; p = p->next_in_all) {
    if (!p->alarm_deadline_ns || p->alarm_deadline_ns > now) continue;
    p->alarm_deadline_ns = p->alarm_interval_ns ? now + p->alarm_interval_ns : 0;
    signal::send(p, SIGALRM);
  }
}

void on_tick(bool from_user) {
  proc::charge_tick(running, from_user);
  proc::expire_cpu_timers(running);
  if (proc::alarms_armed()) expire_alarms(time::monotonic_ns());
  if (running != idle && ++running->ticks_this_slice >= kSliceTicks && queue_head) need_resched = true;
  if (!timed_sleepers) return;
  uint64_t now = time::monotonic_ns();
  for (proc::Process** link = &timed_sleepers; *link;) {
    proc::Process* p = *link;
    if (p->wake_deadline_ns > now) {
      link = &p->next_timed;
      continue;
    }
    *link = p->next_timed;
    p->next_timed = nullptr;
    if (p->state == proc::State::Blocked) {
      if (p->waiting_on) p->waiting_on->remove(p);
      p->wake_reason = ETIMEDOUT;
      make_runnable(p);
    }
  }
}

void before_return_to_user(TrapFrame* frame) {
  cpu::cli();
  if (need_resched) yield();
  signal::deliver_pending(frame);
  cpu::cli();
  // A stopped process goes no further than here until it is continued;
  // taking a pending stop signal (deliver_pending) can stop it again.
  while (running->stopped) {
    job_control::sleep_while_stopped();
    signal::deliver_pending(frame);
    cpu::cli();
  }
}
}  // namespace scheduler
