// /proc/<pid>/: what one process is. `status` follows the layout of Linux's
// fs/proc/array.c line for line (the lines Tether has a value for), so a
// `ps` that reads it works on both systems.
#include "kernel/dev/tty.h"
#include "kernel/fs/procfs/nodes.h"
#include "kernel/lib/new.h"
#include "kernel/lib/string.h"
#include "kernel/mm/address_space.h"
#include "kernel/proc/process.h"

namespace procfs {
namespace {

// The files of /proc/<pid>, numbered after the directory's inode.
enum ProcessFile : uint64_t { kStatusFile = 1, kCmdlineFile = 2, kStatFile = 3 };

uint64_t process_ino(int pid, uint64_t file) { return kProcessInoBase + 16 * uint64_t(pid) + file; }

// proc(5): "R Running", "S Sleeping in an interruptible wait", "D Waiting in
// uninterruptible disk sleep", "Z Zombie", "T Stopped (on a signal)". The
// words are array.c's. A stopped process may still sit in a wait queue: the
// stop is what it is.
const char* state_text(const proc::Process* p) {
  if (p->stopped && p->state != proc::State::Zombie) return "T (stopped)";
  switch (p->state) {
    case proc::State::Runnable: return "R (running)";
    case proc::State::Blocked: return p->wait_interruptible ? "S (sleeping)" : "D (disk sleep)";
    case proc::State::Zombie: return "Z (zombie)";
  }
  return "?";
}

// Signal sets as Linux prints them: 64 bits in hex, signal n at bit n-1.
uint64_t signals_with_handler(const proc::Process* p, bool ignored) {
  uint64_t set = 0;
  for (int sig = 1; sig < _NSIG; sig++) {
    uint64_t handler = p->signals.actions[sig].handler;
    if (ignored ? handler == 1 : handler > 1) set |= signal::bit(sig);
  }
  return set;
}

KStatus write_status(int pid, Text& out) {
  const proc::Process* p = proc::find(pid);
  if (!p) return KError{ENOENT};
  const Credentials& c = p->cred;
  out.add("Name:\t%s\n", p->name);
  out.add("Umask:\t%04o\n", p->umask);
  out.add("State:\t%s\n", state_text(p));
  // One thread per process: the thread group id is the pid.
  out.add("Tgid:\t%d\nNgid:\t0\nPid:\t%d\n", p->pid, p->pid);
  out.add("PPid:\t%d\nTracerPid:\t0\n", p->parent ? p->parent->pid : 0);
  // Real, effective, saved, and filesystem ids; Tether's filesystem id is
  // always the effective one.
  out.add("Uid:\t%u\t%u\t%u\t%u\n", c.uid, c.euid, c.suid, c.euid);
  out.add("Gid:\t%u\t%u\t%u\t%u\n", c.gid, c.egid, c.sgid, c.egid);
  out.add("Groups:\t");
  for (size_t i = 0; i < c.group_count(); i++) out.add(i ? " %u" : "%u", c.group_ids()[i]);
  out.add(" \n");  // array.c ends the list with a space, even an empty one
  // Kernel threads and zombies have no memory of their own, and no Vm lines.
  // VmSize, VmData, VmStk: pages of regions, as RLIMIT_AS and RLIMIT_DATA
  // count them (Linux's total_vm, data_vm, stack_vm). VmHWM: the peak of the
  // address space it has now (Linux's hiwater_rss; ru_maxrss also remembers
  // the address spaces execve dropped).
  if (const mm::AddressSpace* as = p->address_space) {
    out.add("VmSize:\t%8lu kB\n", uint64_t(as->mapped_pages()) * 4);
    out.add("VmHWM:\t%8lu kB\n", uint64_t(as->peak_resident_pages()) * 4);
    out.add("VmRSS:\t%8lu kB\n", uint64_t(as->resident_pages()) * 4);
    out.add("VmData:\t%8lu kB\n", uint64_t(as->data_pages()) * 4);
    out.add("VmStk:\t%8lu kB\n", uint64_t(as->stack_pages()) * 4);
  }
  out.add("Threads:\t1\n");
  // Signal records queued for the process's real uid, and its limit (Linux's
  // task_sig: the user's count, RLIMIT_SIGPENDING's soft limit).
  out.add("SigQ:\t%lu/%lu\n", signal::queued_for_user(c.uid), p->limits.soft(proc::kRlimitSigpending));
  out.add("SigPnd:\t%016lx\nShdPnd:\t%016lx\n", uint64_t(0), p->signals.pending);
  out.add("SigBlk:\t%016lx\n", p->signals.blocked);
  out.add("SigIgn:\t%016lx\n", signals_with_handler(p, true));
  out.add("SigCgt:\t%016lx\n", signals_with_handler(p, false));
  // array.c ends with these (resource_usage.h says which switch is which).
  out.add("voluntary_ctxt_switches:\t%lu\n", p->usage.voluntary_switches);
  out.add("nonvoluntary_ctxt_switches:\t%lu\n", p->usage.involuntary_switches);
  return ok();
}

// proc(5) /proc/<pid>/stat, one line: the fields up to rss (24), each as
// Linux prints it; those Tether does not keep are 0. The state letter is
// the one `status` shows; tty_nr is /dev/console's (5, 1) for everybody,
// since the console is every process's terminal.
KStatus write_stat(int pid, Text& out) {
  const proc::Process* p = proc::find(pid);
  if (!p) return KError{ENOENT};
  int ppid = p->parent && !p->parent->is_kernel_thread ? p->parent->pid : 0;
  constexpr int kConsoleTtyNr = 5 << 8 | 1;
  uint64_t rss = p->address_space ? p->address_space->resident_pages() : 0;
  uint64_t vsize = p->address_space ? uint64_t(p->address_space->mapped_pages()) * 4096 : 0;
  // minflt, cminflt, majflt, cmajflt (10-13): majflt is always 0 in
  // Tether; utime, stime, cutime, cstime (14-17) in clock ticks
  // (resource_usage.h); vsize (23) in bytes.
  out.add("%d (%s) %c %d %d %d %d %d 0 %lu %lu 0 0 %lu %lu %lu %lu 20 0 1 0 0 %lu %lu\n", p->pid, p->name,
          state_text(p)[0], ppid, p->pgid, p->sid, kConsoleTtyNr, tty::foreground_group(), p->usage.minor_faults,
          p->children_usage.minor_faults, proc::ticks_to_clock_t(p->cpu.user_ticks),
          proc::ticks_to_clock_t(p->cpu.system_ticks), proc::ticks_to_clock_t(p->children_cpu.user_ticks),
          proc::ticks_to_clock_t(p->children_cpu.system_ticks), vsize, rss);
  return ok();
}

// proc(5): "the complete command line for the process, unless the process
// is a zombie", each argument followed by a NUL. A kernel thread has none.
KStatus write_cmdline(int pid, Text& out) {
  const proc::Process* p = proc::find(pid);
  if (!p) return KError{ENOENT};
  if (p->cmdline) out.add_bytes(p->cmdline, p->cmdline_length);
  return ok();
}

struct FileEntry {
  const char* name;
  uint64_t file;
  TextWriter writer;
};
const FileEntry kFiles[] = {
    {"status", kStatusFile, write_status},
    {"cmdline", kCmdlineFile, write_cmdline},
    {"stat", kStatFile, write_stat},
};

class ProcessDirectory final : public fs::GeneratedNode {
 public:
  explicit ProcessDirectory(int pid) : pid_(pid) {}

  KResult<fs::Inode*> lookup(fs::Inode* dir, const char* name, size_t length) override {
    // A directory kept open (or as a cwd) after its process ended is empty.
    const proc::Process* p = proc::find(pid_);
    if (!p) return static_cast<fs::Inode*>(nullptr);
    for (const FileEntry& f : kFiles) {
      if (strlen(f.name) == length && memcmp(f.name, name, length) == 0)
        return make_text_inode(f.writer, pid_, process_ino(pid_, f.file), dir, p->cred.euid, p->cred.egid);
    }
    return static_cast<fs::Inode*>(nullptr);
  }

  bool entry_at_or_after(fs::Inode*, uint64_t position, fs::GeneratedEntry* out) override {
    if (!proc::find(pid_)) return false;
    for (size_t i = 0; i < sizeof kFiles / sizeof kFiles[0]; i++) {
      uint64_t here = fs::Directory::kFirstEntryCookie + i;
      if (here < position) continue;
      set_entry(out, here, process_ino(pid_, kFiles[i].file), fs::InodeType::Regular, kFiles[i].name,
                strlen(kFiles[i].name));
      return true;
    }
    return false;
  }

 private:
  int pid_;
};

}  // namespace

KResult<fs::Inode*> make_process_directory(fs::Inode* parent, int pid) {
  const proc::Process* p = proc::find(pid);
  if (!p) return static_cast<fs::Inode*>(nullptr);
  // Linux: the directory belongs to the process's effective user and group.
  return make_inode(new ProcessDirectory(pid), fs::InodeType::Directory, kDirectoryMode, process_ino(pid, 0), parent,
                    p->cred.euid, p->cred.egid);
}

}  // namespace procfs
