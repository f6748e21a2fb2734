// A process: an address space, open files, an identity, signal state, and
// (in Tether) exactly one thread of execution, whose scheduling state lives
// here too. Kernel threads are processes without a user address space.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/trap_frame.h"
#include "kernel/lib/kresult.h"
#include "kernel/proc/cpu_timers.h"
#include "kernel/proc/credentials.h"
#include "kernel/proc/resource_limits.h"
#include "kernel/proc/resource_usage.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/wait_queue.h"

namespace mm { class AddressSpace; }
namespace fs { class FdTable; class Inode; }

namespace proc {

enum class State { Runnable, Blocked, Zombie };

struct Process {
  int pid = 0;
  int pgid = 0;  // process group (job control, Ctrl-C)
  int sid = 0;   // session
  char name[32] = {};
  // The arguments of the program's exec, each followed by its NUL, back to
  // back (/proc/<pid>/cmdline). Heap memory: exec replaces it, fork copies
  // it, exit frees it (a zombie has none, as on Linux).
  char* cmdline = nullptr;
  size_t cmdline_length = 0;
  State state = State::Runnable;
  bool is_kernel_thread = false;
  bool has_exec = false;  // set by execve; setpgid(2) on such a child is EACCES

  // Family. Children are a singly linked list through next_sibling.
  Process* parent = nullptr;
  Process* first_child = nullptr;
  Process* next_sibling = nullptr;
  Process* next_in_all = nullptr;  // the list of every process

  // The thread: its kernel stack and the registers switch_context saved.
  uint8_t* kernel_stack = nullptr;
  uint64_t saved_rsp = 0;
  uint64_t fs_base = 0, gs_base = 0;
  alignas(16) uint8_t fpu_state[512] = {};

  // Scheduling and sleeping (scheduler.cpp, wait_queue.cpp).
  Process* next_runnable = nullptr;
  WaitQueue* waiting_on = nullptr;
  Process* next_waiter = nullptr;
  Process* next_timed = nullptr;
  uint64_t wake_deadline_ns = 0;
  bool wait_interruptible = false;
  int wake_reason = 0;  // 0, ETIMEDOUT or EINTR
  uint64_t ticks_this_slice = 0;
  CpuTime cpu;           // this process's own user and system time
  CpuTime children_cpu;  // its reaped children's, and theirs (resource_usage.h)
  UsageCounters usage;           // faults, context switches, peak memory of dropped address spaces
  UsageCounters children_usage;  // its reaped children's, and theirs

  // Resources.
  mm::AddressSpace* address_space = nullptr;
  fs::FdTable* files = nullptr;
  fs::Inode* cwd = nullptr;
  Credentials cred;
  uint32_t umask = 022;
  uint32_t personality = 0;  // personality(2) value, inherited over fork and exec
  ResourceLimits limits;     // getrlimit(2)/setrlimit(2), inherited over fork and exec

  signal::State signals;

  // Job control (job_control.cpp). A stopped process may still be asleep in
  // a wait queue, or finishing a syscall; it never returns to user mode
  // until SIGCONT or SIGKILL (it sleeps on `continued` on the way out).
  bool stopped = false;
  int stop_signal = 0;
  // What wait4 has not yet told the parent: WUNTRACED reports a stop once,
  // WCONTINUED a continue once; each change replaces the other.
  enum class Report : uint8_t { None, Stopped, Continued };
  Report unreported = Report::None;
  WaitQueue continued;

  // alarm(2)/setitimer(ITIMER_REAL): SIGALRM at this monotonic time, then
  // every alarm_interval_ns if non-zero. 0 = no alarm.
  uint64_t alarm_deadline_ns = 0;
  uint64_t alarm_interval_ns = 0;
  // setitimer(ITIMER_VIRTUAL / ITIMER_PROF): cpu_timers.h.
  CpuTimer cpu_timers[kCpuTimerCount];

  // Exit and wait.
  int wait_status = 0;        // wait4's status word once a zombie
  WaitQueue child_state_changed;

  static constexpr size_t kKernelStackSize = 32 * 1024;
  uint64_t kernel_stack_top() const { return reinterpret_cast<uint64_t>(kernel_stack) + kKernelStackSize; }
  // The user registers saved on entry to the kernel: always at the top of the
  // kernel stack, since user mode enters the kernel only there.
  TrapFrame* user_frame() const { return reinterpret_cast<TrapFrame*>(kernel_stack_top() - sizeof(TrapFrame)); }
};

Process* current();
Process* find(int pid);
Process* init_process();
// Iterates every process (for kill(-1), process groups).
Process* first();
// Whether any process has an alarm set (the scheduler tick checks alarms only then).
bool alarms_armed();
void set_alarm(Process* p, uint64_t deadline_ns, uint64_t interval_ns);
// Frees a process that exited without leaving a zombie (see exit()).
void free_pending_zombie();

// Starts PID 1 from the initrd: /sbin/init with the console as fds 0, 1, 2.
void start_init(const char* path);
// A kernel thread running fn(arg) forever.
Process* create_kernel_thread(const char* name, void (*fn)(void*), void* arg);

KResult<int> fork(const TrapFrame* parent_frame);
KStatus execve(const char* path, char* const* argv, size_t argc, char* const* envp, size_t envc);
[[noreturn]] void exit(int wait_status);
// Frees what is left of a zombie once its parent has collected its status
// (child_wait.cpp).
void reap(Process* zombie);

// wait4 status words.
inline int exited_status(int code) { return (code & 0xff) << 8; }
inline int signaled_status(int sig) { return sig & 0x7f; }
inline int stopped_status(int sig) { return (sig & 0xff) << 8 | 0x7f; }
constexpr int kContinuedStatus = 0xffff;
}  // namespace proc
