// Job control: stopping and continuing processes, and what their parents
// and process groups see of it (signal(7), POSIX XSH 2.4.3 and _exit(),
// wait(2) WUNTRACED/WCONTINUED, SIGCHLD with CLD_STOPPED/CLD_CONTINUED).
//
// A stop takes effect when the stop signal is generated (if its default
// action would run): the process is marked stopped wherever it is. If it
// sleeps in a wait queue it stays asleep; if it runs kernel code it
// finishes it; either way it sleeps on its `continued` queue on the way
// back to user mode (scheduler::before_return_to_user) until SIGCONT or
// SIGKILL. So a stopped process never runs user code, and the parent hears
// of the stop at once.
#pragma once

namespace proc { struct Process; }

namespace job_control {
bool is_stop_signal(int sig);  // SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU

// The default action of a stop signal. Interrupts disabled.
void stop(proc::Process* p, int sig);
// SIGCONT, when generated (even if caught or ignored): discards pending stop
// signals and continues p if it is stopped.
void resume(proc::Process* p);
// SIGKILL: a stopped process leaves the stop to die (no CLD_CONTINUED).
void release_to_die(proc::Process* p);
// On the way to user mode: sleeps while the current process is stopped.
void sleep_while_stopped();

// POSIX "orphaned process group": no member has a parent in another group
// of the same session (a parent that is init does not count, as on Linux).
// `ignoring`: a member about to exit. An empty group is orphaned.
bool group_orphaned(int pgid, const proc::Process* ignoring = nullptr);
// exit(2): "If the exit of the process causes a process group to become
// orphaned, and if any member of the newly-orphaned process group is
// stopped, then a SIGHUP signal followed by a SIGCONT signal shall be sent
// to each process in the newly-orphaned process group."
void exiting(proc::Process* self);                                    // self's own group
void child_reparented(const proc::Process* old_parent, const proc::Process* child);  // each child's group
}  // namespace job_control
