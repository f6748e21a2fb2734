/* tether_util: helpers the bigger guest tests share.
 *
 * - bad user pointers for EFAULT checks;
 * - a scratch directory under /tmp and its removal;
 * - small file helpers (also writing a /proc/sys file, tt_write_text);
 * - giving up on set-up (tt_die);
 * - running a part of a test in a forked child whose PASS/FAIL/SKIP lines
 *   count in the parent's totals (tt_run_in_child), or one whose exit status
 *   is the verdict (tt_fork_status);
 * - dropping to an unprivileged user;
 * - the few system calls Tether's libc may not wrap yet, as raw syscall()s
 *   under tt_ names (so they never clash with a libc wrapper added later).
 */
#ifndef TETHER_UTIL_H
#define TETHER_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Bad pointers. "Low page": NULL + one page, never mapped. "Kernel": the
 * kernel half of the address space. The unmapped page is a page that was
 * mapped and then unmapped, in the middle of user space. */
#define TT_LOW_PAGE ((void *)(uintptr_t)0x1000UL)
#define TT_KERNEL_ADDR ((void *)(uintptr_t)0xffffffff80000000UL)
void *tt_unmapped_page(void);

/* For set-up that cannot go on: prints "# setup failed: WHAT: strerror(errno)"
 * and exits 1, with no closing line, so the run fails. */
__attribute__((__noreturn__)) void tt_die(const char *what);

/* Remembers argv[0] as an absolute path (for re-executing this program). */
void tt_init(int argc, char **argv);
const char *tt_self_path(void);

/* Makes /tmp/NAME.PID (mode 0755), returns its path (static storage), or
 * NULL after printing why. tt_remove_tree removes a tree, ignoring errors. */
const char *tt_make_scratch(const char *name);
void tt_remove_tree(const char *path);

/* Writes data (NUL-terminated) to path, created or truncated, with mode
 * (umask applies). Returns false and keeps errno on error. */
bool tt_write_file(const char *path, const char *data, mode_t mode);
/* Writes text to an existing file as sysctl(8) writes a /proc/sys file:
 * open O_WRONLY (no O_CREAT, no O_TRUNC), one write. True when all of it
 * was written; false with errno kept otherwise. */
bool tt_write_text(const char *path, const char *text);
/* Reads up to size-1 bytes of path into buf, NUL-terminates; returns the
 * count or -1. */
ssize_t tt_read_file(const char *path, char *buf, size_t size);
/* Copies a file (e.g. this program) to `to`, created with exactly `mode`. */
bool tt_copy_file(const char *from, const char *to, mode_t mode);

/* Runs fn(arg) in a forked child. The child's PASS/FAIL/SKIP lines count in
 * this process's totals. If the child does not end by exiting with status
 * 0 within timeout_s seconds (it is then killed), FAIL id saying how it
 * ended. Returns true when the child exited 0. */
bool tt_run_in_child(const char *id, void (*fn)(void *), void *arg, int timeout_s);

/* Forks a child that returns fn(arg) as its exit status (it prints nothing
 * itself). Returns the wait status; -1 if fork failed; -2 if it had not
 * ended after timeout_s seconds (it is then killed and reaped). */
int tt_fork_status(int (*fn)(void *), void *arg, int timeout_s);
/* A signal handler that counts: each call bumps tt_signal_hits, records the
 * signal in tt_last_signal and the mask it runs under in tt_mask_in_handler
 * (for checking SA_NODEFER, sa_mask). Install it with sigaction. */
extern volatile sig_atomic_t tt_signal_hits, tt_last_signal;
extern volatile sigset_t tt_mask_in_handler;
void tt_counting_handler(int sig);

/* execve(path, argv, envp) in a child; its wait status as tt_fork_status
 * gives it. A failed execve makes the child exit with 100 + errno. */
int tt_run_exec(const char *path, char **argv, char **envp, int timeout_s);
/* Runs fn(arg) in a child that then exits with fn's value (through exit,
 * so atexit handlers and stdio flushing happen), its stdout, and its stderr
 * too when with_stderr, read into out (at most size - 1 bytes,
 * NUL-terminated). The wait status as tt_wait_timeout gives it; -1 if pipe
 * or fork failed. */
int tt_capture_child(int (*fn)(void *), void *arg, bool with_stderr, char *out, size_t size, int timeout_s);
/* tt_capture_child for a program: path run with argv and this process's
 * environment. A failed execve exits with 100 + errno. */
int tt_run_capture(const char *path, char **argv, bool with_stderr, char *out, size_t size, int timeout_s);
/* execve(path, argv, envp); returns only on failure, with 100 + errno (an
 * exit code a parent can tell apart from the program's own). */
int tt_exec_failure_code(const char *path, char **argv, char **envp);

/* A child that pauses until a signal ends it (stdout flushed first); its
 * pid. Set-up that cannot go on without it: tt_die if fork fails. */
pid_t tt_fork_pausing(void);

/* The pid of a child that has ended and been reaped: a pid that names no
 * process (until the system reuses it, which takes a full cycle). */
pid_t tt_unused_pid(void);

/* Waits up to timeout_s seconds for pid; the wait status, or -2 after
 * killing and reaping it on timeout, or -1 if wait4 failed. */
int tt_wait_timeout(pid_t pid, int timeout_s);

/* "exited 3", "killed by signal 9", ...: a wait status in words (static). */
const char *tt_status_str(int status);

/* setgroups(0, NULL), setgid(gid), setuid(uid), in that order. Returns
 * false (errno kept) if any of them failed. */
bool tt_become_user(uid_t uid, gid_t gid);

/* sigaction(sig) with this handler (or SIG_DFL/SIG_IGN), sa_flags and
 * sa_mask; and the set holding just sig. */
void tt_handle(int sig, void (*fn)(int), unsigned long flags, sigset_t mask);
sigset_t tt_sigset_of(int sig);

/* The system's open files, the first column of /proc/sys/fs/file-nr (on
 * Linux the whole host's: compare only on Tether). -1 if unreadable. */
long tt_open_files(void);
/* MemFree of /proc/meminfo in kB, or -1 if unreadable (on Linux the whole
 * host's: compare only on Tether, where nothing else runs). */
long tt_mem_free_kb(void);

/* Milliseconds of CLOCK_MONOTONIC since *start. */
long tt_ms_since(const struct timespec *start);
void tt_sleep_ms(long ms);

/* Raw system calls Tether's libc may not wrap (yet). */
struct tt_itimerval {
  struct {
    long tv_sec;
    long tv_usec;
  } it_interval, it_value;
};
static inline int tt_fchown(int fd, uid_t u, gid_t g) { return (int)syscall(SYS_fchown, fd, u, g); }
static inline int tt_lchown(const char *p, uid_t u, gid_t g) { return (int)syscall(SYS_lchown, p, u, g); }
static inline int tt_getgroups(int n, gid_t *list) { return (int)syscall(SYS_getgroups, n, list); }
static inline int tt_setgroups(size_t n, const gid_t *list) { return (int)syscall(SYS_setgroups, n, list); }
static inline int tt_setresuid(uid_t r, uid_t e, uid_t s) { return (int)syscall(SYS_setresuid, r, e, s); }
static inline int tt_setresgid(gid_t r, gid_t e, gid_t s) { return (int)syscall(SYS_setresgid, r, e, s); }
static inline int tt_getresuid(uid_t *r, uid_t *e, uid_t *s) { return (int)syscall(SYS_getresuid, r, e, s); }
static inline int tt_getresgid(gid_t *r, gid_t *e, gid_t *s) { return (int)syscall(SYS_getresgid, r, e, s); }
static inline int tt_setreuid(uid_t r, uid_t e) { return (int)syscall(SYS_setreuid, r, e); }
static inline int tt_setregid(gid_t r, gid_t e) { return (int)syscall(SYS_setregid, r, e); }
static inline int tt_setitimer(int which, const struct tt_itimerval *v, struct tt_itimerval *old) {
  return (int)syscall(SYS_setitimer, which, v, old);
}
static inline int tt_getitimer(int which, struct tt_itimerval *v) {
  return (int)syscall(SYS_getitimer, which, v);
}
static inline long tt_personality(unsigned long p) { return syscall(SYS_personality, p); }
#define TT_ITIMER_REAL 0

#endif
