// Round-robin scheduling on one CPU. User programs are preempted by the timer
// (a time slice of kSliceTicks); the kernel itself is not preemptible: kernel
// code runs until it blocks, yields or returns to user mode, which is the
// classic UNIX design and why the kernel needs no locks beyond disabling
// interrupts.
#pragma once
#include "kernel/proc/process.h"

namespace scheduler {
constexpr uint64_t kSliceTicks = 2;
void init();                       // the current boot flow becomes the idle thread
void make_runnable(proc::Process* p);
void block_current();              // caller set state = Blocked; interrupts must be off
void yield();
[[noreturn]] void exit_current();  // for a process that has become a zombie
void on_tick(bool from_user);      // from the timer interrupt; from_user: it interrupted ring 3
void before_return_to_user(TrapFrame* frame);
proc::Process* current();
proc::Process* idle_process();
// What the boot flow does once everything is started: run whatever is runnable, else halt.
[[noreturn]] void idle_loop();
// Deadline bookkeeping for WaitQueue::wait.
void add_timed_sleeper(proc::Process* p);
void remove_timed_sleeper(proc::Process* p);
}  // namespace scheduler
