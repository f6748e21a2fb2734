// Names and descriptions of signals (strsignal, sigabbrev_np, psignal). The texts are glibc's, so messages
// such as a shell's "Segmentation fault" read the same as on Linux.
#include <signal.h>
#include <stdio.h>
#include <string.h>

namespace {

struct SignalInfo {
  const char *abbrev;  // without the "SIG" prefix, as sigabbrev_np
  const char *description;
};

// Indexed by signal number.
const SignalInfo kSignals[] = {
    {nullptr, nullptr},
    {"HUP", "Hangup"},
    {"INT", "Interrupt"},
    {"QUIT", "Quit"},
    {"ILL", "Illegal instruction"},
    {"TRAP", "Trace/breakpoint trap"},
    {"ABRT", "Aborted"},
    {"BUS", "Bus error"},
    {"FPE", "Floating point exception"},
    {"KILL", "Killed"},
    {"USR1", "User defined signal 1"},
    {"SEGV", "Segmentation fault"},
    {"USR2", "User defined signal 2"},
    {"PIPE", "Broken pipe"},
    {"ALRM", "Alarm clock"},
    {"TERM", "Terminated"},
    {"STKFLT", "Stack fault"},
    {"CHLD", "Child exited"},
    {"CONT", "Continued"},
    {"STOP", "Stopped (signal)"},
    {"TSTP", "Stopped"},
    {"TTIN", "Stopped (tty input)"},
    {"TTOU", "Stopped (tty output)"},
    {"URG", "Urgent I/O condition"},
    {"XCPU", "CPU time limit exceeded"},
    {"XFSZ", "File size limit exceeded"},
    {"VTALRM", "Virtual timer expired"},
    {"PROF", "Profiling timer expired"},
    {"WINCH", "Window changed"},
    {"IO", "I/O possible"},
    {"PWR", "Power failure"},
    {"SYS", "Bad system call"},
};
constexpr int kNamedSignals = sizeof kSignals / sizeof kSignals[0];

char unknown_buffer[32];

}  // namespace

extern "C" {

char *strsignal(int sig) {
  if (sig > 0 && sig < kNamedSignals) return const_cast<char *>(kSignals[sig].description);
  if (sig >= SIGRTMIN && sig <= SIGRTMAX)
    snprintf(unknown_buffer, sizeof unknown_buffer, "Real-time signal %d", sig - SIGRTMIN);
  else
    snprintf(unknown_buffer, sizeof unknown_buffer, "Unknown signal %d", sig);
  return unknown_buffer;
}

const char *sigabbrev_np(int sig) {
  if (sig > 0 && sig < kNamedSignals) return kSignals[sig].abbrev;
  return nullptr;
}

// psignal(3): like perror, for a signal: "prefix: Interrupt".
void psignal(int sig, const char *prefix) {
  if (prefix && *prefix) fprintf(stderr, "%s: %s\n", prefix, strsignal(sig));
  else fprintf(stderr, "%s\n", strsignal(sig));
}

}  // extern "C"
