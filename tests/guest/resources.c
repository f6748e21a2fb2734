/* resources: CPU time accounting (getrusage, times, wait4's rusage,
 * /proc/PID/stat) and resource limits (getrlimit, setrlimit, prlimit).
 *
 * Sources: getrusage(2): RUSAGE_SELF, RUSAGE_CHILDREN ("all children ...
 * that have terminated and been waited for", grandchildren included when
 * waited for), RUSAGE_THREAD, EINVAL, EFAULT; times(2) (clock ticks, NULL
 * allowed); wait4(2) and waitid's rusage; proc(5) stat fields 14-17. The
 * rest of getrusage(2): ru_maxrss ("maximum resident set size used (in
 * kilobytes). For RUSAGE_CHILDREN, this is the resident set size of the
 * largest child", kept across execve as Linux does), ru_minflt ("page
 * faults serviced without any I/O activity"), ru_majflt, ru_nvcsw ("a
 * process voluntarily gave up the processor before its time slice was
 * completed (usually to await availability of a resource)"), ru_nivcsw;
 * proc(5) minflt and cminflt (10, 11), VmHWM, voluntary_ctxt_switches.
 * getrlimit(2): EINVAL "resource is not valid; or ... rlim->rlim_cur was
 * greater than rlim->rlim_max", EPERM "an unprivileged process tried to
 * raise the hard limit ... or tried to increase the hard RLIMIT_NOFILE
 * limit above the maximum defined by /proc/sys/fs/nr_open" (Tether: its
 * 1024-slot table), ESRCH, limits inherited by fork and kept by execve;
 * RLIMIT_NOFILE: EMFILE (open), EINVAL (fcntl F_DUPFD), EBADF (dup2);
 * RLIMIT_NPROC: fork's EAGAIN, root exempt; RLIMIT_STACK: the stack of
 * the next program.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

static long ms(struct timeval tv) { return tv.tv_sec * 1000 + tv.tv_usec / 1000; }

static long cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Burns about `want` ms of CPU time in user mode. */
static void spin(long want) {
  long start = cpu_ms();
  volatile unsigned long x = 0;
  while (cpu_ms() - start < want)
    for (int i = 0; i < 200000; i++) x += i;
}

static struct rusage usage(int who) {
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  if (getrusage(who, &ru) != 0) tt_die("getrusage");
  return ru;
}

static pid_t spinning_child(long want) {
  pid_t pid = fork();
  if (pid == 0) {
    spin(want);
    _exit(0);
  }
  if (pid < 0) tt_die("fork");
  return pid;
}

static void self_usage(void) {
  spin(300);
  struct rusage ru = usage(RUSAGE_SELF);
  TT_CHECK("getrusage_self_utime", ms(ru.ru_utime) >= 150 && ms(ru.ru_utime) + ms(ru.ru_stime) >= 250,
           "after 300 ms of spinning: utime %ld ms, stime %ld ms", ms(ru.ru_utime), ms(ru.ru_stime));
  TT_CHECK("getrusage_usec_below_1e6", ru.ru_utime.tv_usec < 1000000 && ru.ru_stime.tv_usec < 1000000,
           "tv_usec %ld, %ld", (long)ru.ru_utime.tv_usec, (long)ru.ru_stime.tv_usec);
  struct rusage thread = usage(RUSAGE_THREAD);
  /* One thread: it has the spinning time too (Linux samples the two
   * differently, so they may differ by a few ms). */
  TT_CHECK("getrusage_thread_counts_spin", ms(thread.ru_utime) >= 150, "thread utime %ld ms (process %ld ms)",
           ms(thread.ru_utime), ms(ru.ru_utime));
  tt_expect_errno("getrusage_who_2_einval", getrusage(2, &ru), EINVAL);
  tt_expect_errno("getrusage_who_minus_2_einval", getrusage(-2, &ru), EINVAL);
  tt_expect_errno("getrusage_kernel_pointer_efault", getrusage(RUSAGE_SELF, (struct rusage *)TT_KERNEL_ADDR),
                  EFAULT);

  struct tms t;
  clock_t now = times(&t);
  long hz = sysconf(_SC_CLK_TCK);
  long tms_ms = (long)t.tms_utime * 1000 / hz;
  TT_CHECK("times_utime_matches_getrusage", now != (clock_t)-1 && tms_ms >= ms(ru.ru_utime) - 30,
           "tms_utime %ld ticks (%ld ms), getrusage said %ld ms", (long)t.tms_utime, tms_ms, ms(ru.ru_utime));
  tt_sleep_ms(100);
  clock_t later = times(NULL);
  TT_CHECK("times_null_counts_ticks", later != (clock_t)-1 && later - now >= hz / 20,
           "times() went from %ld to %ld over 100 ms", (long)now, (long)later);
  tt_expect_errno("times_kernel_pointer_efault", (long)times((struct tms *)TT_KERNEL_ADDR), EFAULT);

  /* proc(5): utime is field 14 of /proc/self/stat, in clock ticks. */
  char stat[512];
  ssize_t n = tt_read_file("/proc/self/stat", stat, sizeof stat - 1);
  long utime = -1;
  if (n > 0) {
    stat[n] = 0;
    char *p = strrchr(stat, ')');
    for (int field = 2; p && field < 14; field++) p = strchr(p + 1, ' ');
    if (p) utime = strtol(p + 1, NULL, 10);
  }
  TT_CHECK("proc_stat_utime_counts", utime * 1000 / hz >= 150, "/proc/self/stat utime %ld ticks", utime);
}

static void children_usage(void) {
  struct rusage before = usage(RUSAGE_CHILDREN);
  pid_t pid = spinning_child(300);
  tt_sleep_ms(50);
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  int status;
  pid_t got = wait4(pid, &status, 0, &ru);
  TT_CHECK("wait4_rusage_child_time", got == pid && ms(ru.ru_utime) + ms(ru.ru_stime) >= 250,
           "wait4 returned %d; child utime %ld ms, stime %ld ms", (int)got, ms(ru.ru_utime), ms(ru.ru_stime));
  struct rusage after = usage(RUSAGE_CHILDREN);
  long grew = ms(after.ru_utime) + ms(after.ru_stime) - ms(before.ru_utime) - ms(before.ru_stime);
  TT_CHECK("getrusage_children_after_wait", grew >= 250, "RUSAGE_CHILDREN grew by %ld ms", grew);

  /* Not before it is waited for. */
  before = after;
  pid = spinning_child(200);
  siginfo_t si;
  waitid(P_PID, pid, &si, WEXITED | WNOWAIT); /* a zombie now, not reaped */
  after = usage(RUSAGE_CHILDREN);
  TT_CHECK("getrusage_children_not_before_reaped", ms(after.ru_utime) == ms(before.ru_utime),
           "grew from %ld to %ld ms before the wait", ms(before.ru_utime), ms(after.ru_utime));
  memset(&ru, 0, sizeof ru);
  long r = syscall(SYS_waitid, P_PID, pid, &si, WEXITED, &ru);
  TT_CHECK("waitid_rusage_child_time", r == 0 && ms(ru.ru_utime) + ms(ru.ru_stime) >= 150,
           "waitid returned %ld; utime %ld ms, stime %ld ms", r, ms(ru.ru_utime), ms(ru.ru_stime));

  /* A grandchild's time reaches us through the child that waited for it. */
  before = usage(RUSAGE_CHILDREN);
  pid = fork();
  if (pid == 0) {
    pid_t grandchild = spinning_child(300);
    waitpid(grandchild, NULL, 0);
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  after = usage(RUSAGE_CHILDREN);
  grew = ms(after.ru_utime) + ms(after.ru_stime) - ms(before.ru_utime) - ms(before.ru_stime);
  TT_CHECK("getrusage_children_includes_grandchildren", grew >= 250, "RUSAGE_CHILDREN grew by %ld ms", grew);
  struct tms t;
  times(&t);
  TT_CHECK("times_cutime_counts_children", (long)(t.tms_cutime + t.tms_cstime) * 1000 / sysconf(_SC_CLK_TCK) >= 700,
           "tms_cutime %ld tms_cstime %ld ticks", (long)t.tms_cutime, (long)t.tms_cstime);
}

/* --- memory, page faults and context switches --- */

#define MIB (1024L * 1024)

/* Maps n bytes of anonymous memory and writes to every page of it. */
static char *touch_new_memory(size_t n) {
  char *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) tt_die("mmap");
  for (size_t i = 0; i < n; i += 4096) m[i] = 1;
  return m;
}

/* A number from a line "Name:\t value kB" of /proc/self/status; -1 if none. */
static long status_value(const char *name) {
  static char text[4096];
  ssize_t n = tt_read_file("/proc/self/status", text, sizeof text - 1);
  if (n <= 0) return -1;
  text[n] = 0;
  size_t len = strlen(name);
  for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
    if (strncmp(line, name, len) == 0 && line[len] == ':') return strtol(line + len + 1, NULL, 10);
  return -1;
}

/* Field `field` (1-based) of /proc/self/stat. */
static long stat_field(int field) {
  char stat[512];
  ssize_t n = tt_read_file("/proc/self/stat", stat, sizeof stat - 1);
  if (n <= 0) return -1;
  stat[n] = 0;
  char *p = strrchr(stat, ')');
  for (int f = 2; p && f < field; f++) p = strchr(p + 1, ' ');
  return p ? strtol(p + 1, NULL, 10) : -1;
}

static void memory_usage(void *arg) {
  (void)arg;
  /* 64 pages: less than a huge page, so Linux faults each one too. */
  struct rusage before = usage(RUSAGE_SELF);
  char *m = touch_new_memory(64 * 4096);
  struct rusage after = usage(RUSAGE_SELF);
  TT_CHECK("getrusage_minflt_counts_touched_pages", after.ru_minflt - before.ru_minflt >= 64,
           "ru_minflt went from %ld to %ld over 64 new pages", before.ru_minflt, after.ru_minflt);
  munmap(m, 64 * 4096);
  long minflt = stat_field(10);
  TT_CHECK("proc_stat_minflt", minflt >= after.ru_minflt, "/proc/self/stat minflt %ld, getrusage said %ld", minflt,
           after.ru_minflt);
  /* Tether serves every fault from memory (no swap, files in RAM). */
  if (tt_on_tether())
    TT_CHECK("getrusage_majflt_zero", after.ru_majflt == 0 && stat_field(12) == 0, "ru_majflt %ld", after.ru_majflt);
  else
    tt_skip("getrusage_majflt_zero", "the host may read pages from its disk");

  /* ru_maxrss and VmHWM: the peak, kept after the memory is gone. */
  m = touch_new_memory(8 * MIB);
  munmap(m, 8 * MIB);
  after = usage(RUSAGE_SELF);
  TT_CHECK("getrusage_maxrss_keeps_peak", after.ru_maxrss >= 7 * 1024,
           "ru_maxrss %ld KiB after 8 MiB were touched and unmapped", after.ru_maxrss);
  long hwm = status_value("VmHWM"), rss = status_value("VmRSS");
  TT_CHECK("proc_status_vmhwm_keeps_peak", hwm >= 7 * 1024 && rss >= 0 && rss < hwm,
           "VmHWM %ld kB, VmRSS %ld kB after 8 MiB were touched and unmapped", hwm, rss);

  /* The children's: wait4's rusage and RUSAGE_CHILDREN, the largest one. */
  struct rusage children_before = usage(RUSAGE_CHILDREN);
  for (int i = 0; i < 2; i++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      touch_new_memory(8 * MIB); /* maybe in huge pages on Linux: few faults */
      touch_new_memory(64 * 4096);
      _exit(0);
    }
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    pid_t got = wait4(pid, NULL, 0, &ru);
    if (i == 0)
      TT_CHECK("wait4_rusage_maxrss_and_minflt", got == pid && ru.ru_maxrss >= 7 * 1024 && ru.ru_minflt >= 64,
               "child that touched 8 MiB: ru_maxrss %ld KiB, ru_minflt %ld", ru.ru_maxrss, ru.ru_minflt);
  }
  struct rusage children = usage(RUSAGE_CHILDREN);
  TT_CHECK("getrusage_children_maxrss_largest_not_sum",
           children.ru_maxrss >= 7 * 1024 && children.ru_maxrss < 15 * 1024,
           "RUSAGE_CHILDREN ru_maxrss %ld KiB after two children of 8 MiB each", children.ru_maxrss);
  TT_CHECK("getrusage_children_minflt_sum", children.ru_minflt - children_before.ru_minflt >= 2 * 64,
           "RUSAGE_CHILDREN ru_minflt grew from %ld to %ld over two children of 64 pages and more", children_before.ru_minflt,
           children.ru_minflt);
  long cminflt = stat_field(11);
  TT_CHECK("proc_stat_cminflt", cminflt >= children.ru_minflt, "/proc/self/stat cminflt %ld, getrusage said %ld", cminflt,
           children.ru_minflt);

  /* execve keeps ru_maxrss (the old program's peak); VmHWM starts again. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    m = touch_new_memory(8 * MIB);
    munmap(m, 8 * MIB);
    char *argv[] = {(char *)tt_self_path(), "--maxrss-after-exec", NULL};
    execve(tt_self_path(), argv, environ);
    _exit(100);
  }
  int status = tt_wait_timeout(pid, 20);
  TT_CHECK("getrusage_maxrss_kept_across_exec", WIFEXITED(status) && (WEXITSTATUS(status) & 1) == 0,
           "exec'd child %s (exit bit 1: ru_maxrss below 7 MiB)", tt_status_str(status));
  TT_CHECK("proc_status_vmhwm_new_after_exec", WIFEXITED(status) && (WEXITSTATUS(status) & 2) == 0,
           "exec'd child %s (exit bit 2: VmHWM 7 MiB or more)", tt_status_str(status));
}

static int maxrss_after_exec(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  long hwm = status_value("VmHWM");
  return (ru.ru_maxrss < 7 * 1024 ? 1 : 0) | (hwm < 0 || hwm >= 7 * 1024 ? 2 : 0);
}

static void context_switches(void *arg) {
  (void)arg;
  /* Voluntary: each sleep blocks. */
  struct rusage before = usage(RUSAGE_SELF);
  for (int i = 0; i < 5; i++) tt_sleep_ms(20);
  struct rusage after = usage(RUSAGE_SELF);
  TT_CHECK("getrusage_nvcsw_counts_sleeps", after.ru_nvcsw - before.ru_nvcsw >= 5,
           "ru_nvcsw went from %ld to %ld over 5 sleeps", before.ru_nvcsw, after.ru_nvcsw);
  long voluntary = status_value("voluntary_ctxt_switches");
  TT_CHECK("proc_status_voluntary_ctxt_switches", voluntary >= after.ru_nvcsw,
           "voluntary_ctxt_switches %ld, ru_nvcsw %ld", voluntary, after.ru_nvcsw);

  /* Involuntary: preempted by another runnable process. One CPU for both
   * on the host (sched_setaffinity: ENOSYS on Tether, which has one). */
  unsigned long mask[16] = {0}, one_cpu[16] = {0};
  if (syscall(204 /* SYS_sched_getaffinity */, 0, sizeof mask, mask) > 0) {
    for (int i = 0; i < 16 * 64; i++)
      if (mask[i / 64] >> (i % 64) & 1) {
        one_cpu[i / 64] = 1UL << (i % 64);
        syscall(203 /* SYS_sched_setaffinity */, 0, sizeof one_cpu, one_cpu);
        break;
      }
  }
  fflush(stdout);
  pid_t spinner = fork();
  if (spinner == 0) {
    spin(8000);
    _exit(0);
  }
  before = usage(RUSAGE_SELF);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  volatile unsigned long x = 0;
  do {
    for (int i = 0; i < 200000; i++) x += i;
    after = usage(RUSAGE_SELF);
  } while (after.ru_nivcsw == before.ru_nivcsw && tt_ms_since(&start) < 5000);
  kill(spinner, SIGKILL);
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  wait4(spinner, NULL, 0, &ru);
  TT_CHECK("getrusage_nivcsw_counts_preemption", after.ru_nivcsw > before.ru_nivcsw,
           "ru_nivcsw stayed %ld over %ld ms of spinning beside another spinner", after.ru_nivcsw,
           tt_ms_since(&start));
  TT_CHECK("wait4_rusage_context_switches", ru.ru_nvcsw + ru.ru_nivcsw > 0, "spinner: ru_nvcsw %ld, ru_nivcsw %ld",
           ru.ru_nvcsw, ru.ru_nivcsw);
}

/* --- limits --- */

static int nr_open(void) {
  if (tt_on_tether()) return 1024; /* the descriptor table's size */
  char text[32] = {0};
  if (tt_read_file("/proc/sys/fs/nr_open", text, sizeof text - 1) <= 0) return -1;
  return atoi(text);
}

static void nofile_child(void *arg) {
  (void)arg;
  struct rlimit limit;
  getrlimit(RLIMIT_NOFILE, &limit);
  TT_CHECK("rlimit_nofile_sysconf_open_max", sysconf(_SC_OPEN_MAX) == (long)limit.rlim_cur,
           "sysconf %ld, soft limit %lu", sysconf(_SC_OPEN_MAX), limit.rlim_cur);
  struct rlimit ten = {10, limit.rlim_max};
  TT_CHECK("setrlimit_nofile_10", setrlimit(RLIMIT_NOFILE, &ten) == 0, "%s", strerror(errno));
  /* Fills every free slot below 10 (the verdict pipe stays open). */
  int last = -1, fd;
  while ((fd = open("/dev/null", O_RDONLY)) >= 0) last = fd;
  TT_CHECK("rlimit_nofile_emfile_at_limit", errno == EMFILE && last <= 9 && fcntl(9, F_GETFD) >= 0,
           "open failed with %s after fd %d", tt_errno_name(errno), last);
  tt_expect_errno("rlimit_nofile_dup2_above_ebadf", dup2(0, 10), EBADF);
  tt_expect_errno("rlimit_nofile_f_dupfd_above_einval", fcntl(0, F_DUPFD, 10), EINVAL);
  TT_CHECK("rlimit_nofile_dup2_below_ok", dup2(0, 9) == 9, "%s", strerror(errno));
  TT_CHECK("setrlimit_nofile_raise_soft", setrlimit(RLIMIT_NOFILE, &limit) == 0, "%s", strerror(errno));
  fd = open("/dev/null", O_RDONLY);
  TT_CHECK("rlimit_nofile_open_after_raise", fd >= 10, "open gave %d (%s)", fd, strerror(errno));

  int max = nr_open();
  struct rlimit too_big = {limit.rlim_cur, (rlim_t)max + 1};
  if (max > 0) tt_expect_errno("setrlimit_nofile_above_nr_open_eperm", setrlimit(RLIMIT_NOFILE, &too_big), EPERM);
  else tt_skip("setrlimit_nofile_above_nr_open_eperm", "no /proc/sys/fs/nr_open");
}

static void limit_rules_child(void *arg) {
  (void)arg;
  struct rlimit limit;
  tt_expect_errno("getrlimit_resource_16_einval", getrlimit(16, &limit), EINVAL);
  tt_expect_errno("getrlimit_resource_negative_einval", getrlimit(-1, &limit), EINVAL);
  tt_expect_errno("getrlimit_syscall_resource_16_einval", syscall(SYS_getrlimit, 16, &limit), EINVAL);
  tt_expect_errno("getrlimit_efault", getrlimit(RLIMIT_CORE, (struct rlimit *)TT_KERNEL_ADDR), EFAULT);
  tt_expect_errno("setrlimit_efault", setrlimit(RLIMIT_CORE, (struct rlimit *)TT_KERNEL_ADDR), EFAULT);
  struct rlimit inverted = {200, 100};
  tt_expect_errno("setrlimit_soft_above_hard_einval", setrlimit(RLIMIT_CPU, &inverted), EINVAL);

  /* Limits Tether stores without enforcing read back as set. */
  struct rlimit cpu = {100, 200}, back;
  TT_CHECK("setrlimit_cpu_reads_back",
           setrlimit(RLIMIT_CPU, &cpu) == 0 && getrlimit(RLIMIT_CPU, &back) == 0 && back.rlim_cur == 100 &&
               back.rlim_max == 200,
           "got %lu/%lu", back.rlim_cur, back.rlim_max);
  struct rlimit as = {RLIM_INFINITY, RLIM_INFINITY};
  TT_CHECK("setrlimit_as_infinity", setrlimit(RLIMIT_AS, &as) == 0, "%s", strerror(errno));
  struct rlimit syscall_view;
  TT_CHECK("getrlimit_syscall_matches",
           syscall(SYS_getrlimit, RLIMIT_CPU, &syscall_view) == 0 && syscall_view.rlim_cur == 100 &&
               syscall_view.rlim_max == 200,
           "getrlimit(2) gave %lu/%lu", syscall_view.rlim_cur, syscall_view.rlim_max);
  struct rlimit via_setrlimit = {50, 150};
  TT_CHECK("setrlimit_syscall", syscall(SYS_setrlimit, RLIMIT_CPU, &via_setrlimit) == 0 &&
                                    getrlimit(RLIMIT_CPU, &back) == 0 && back.rlim_cur == 50 && back.rlim_max == 150,
           "%s; got %lu/%lu", strerror(errno), back.rlim_cur, back.rlim_max);

  /* Root may raise a hard limit again; another user may only lower it. */
  struct rlimit higher = {50, 300};
  int r = setrlimit(RLIMIT_CPU, &higher);
  if (r != 0 && errno == EPERM && !tt_on_tether())
    tt_skip("setrlimit_root_raises_hard", "this host's root lacks CAP_SYS_RESOURCE (a container)");
  else
    TT_CHECK("setrlimit_root_raises_hard", r == 0, "%s", strerror(errno));
  getrlimit(RLIMIT_CPU, &back);
  if (!tt_become_user(1000, 1000)) tt_die("become uid 1000");
  struct rlimit lower = {50, back.rlim_max - 10};
  TT_CHECK("setrlimit_user_lowers_hard", setrlimit(RLIMIT_CPU, &lower) == 0, "%s", strerror(errno));
  struct rlimit raise_again = {50, back.rlim_max - 5};
  tt_expect_errno("setrlimit_user_raise_hard_eperm", setrlimit(RLIMIT_CPU, &raise_again), EPERM);
  struct rlimit soft_up = {back.rlim_max - 10, back.rlim_max - 10};
  TT_CHECK("setrlimit_user_soft_up_to_hard", setrlimit(RLIMIT_CPU, &soft_up) == 0, "%s", strerror(errno));
}

static void nproc_child(void *arg) {
  (void)arg;
  struct rlimit one = {1, 1};
  /* Root is not held to RLIMIT_NPROC. */
  setrlimit(RLIMIT_NPROC, &one);
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  TT_CHECK("rlimit_nproc_root_exempt", pid > 0, "fork: %s", strerror(errno));
  if (pid > 0) waitpid(pid, NULL, 0);
  if (!tt_become_user(1000, 1000)) tt_die("become uid 1000");
  pid = fork();
  if (pid == 0) _exit(0);
  TT_CHECK("rlimit_nproc_fork_eagain", pid == -1 && errno == EAGAIN, "fork gave %d (%s)", (int)pid,
           tt_errno_name(errno));
  if (pid > 0) waitpid(pid, NULL, 0);
}

static int child_core_limit_is_4096(void *arg) {
  (void)arg;
  struct rlimit l;
  return getrlimit(RLIMIT_CORE, &l) == 0 && l.rlim_cur == 4096 ? 0 : 1;
}

static void inheritance_child(void *arg) {
  (void)arg;
  struct rlimit core;
  getrlimit(RLIMIT_CORE, &core);
  core.rlim_cur = 4096;
  if (core.rlim_max < 4096) core.rlim_max = 4096;
  setrlimit(RLIMIT_CORE, &core);
  int status = tt_fork_status(child_core_limit_is_4096, NULL, 30);
  TT_CHECK("rlimit_inherited_by_fork", WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %s",
           tt_status_str(status));
  char *argv[] = {(char *)tt_self_path(), "--core-limit", NULL};
  char *envp[] = {NULL};
  status = tt_run_exec(tt_self_path(), argv, envp, 30);
  TT_CHECK("rlimit_kept_by_execve", WIFEXITED(status) && WEXITSTATUS(status) == 0, "new program %s",
           tt_status_str(status));
  /* A program started with a 1 MiB RLIMIT_STACK overflows at about 1 MiB. */
  struct rlimit stack;
  getrlimit(RLIMIT_STACK, &stack);
  stack.rlim_cur = 1 << 20;
  setrlimit(RLIMIT_STACK, &stack);
  char *overflow_argv[] = {(char *)tt_self_path(), "--stack-depth", NULL};
  status = tt_run_exec(tt_self_path(), overflow_argv, envp, 60);
  TT_CHECK("rlimit_stack_bounds_next_program", WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "new program %s (1: overflowed beyond 2 MiB or before 512 KiB)", tt_status_str(status));
}

static void prlimit_child(void *arg) {
  (void)arg;
  pid_t child = tt_fork_pausing();
  struct rlimit set = {1234, RLIM_INFINITY}, old, check;
  TT_CHECK("prlimit_other_process",
           prlimit(child, RLIMIT_CORE, &set, &old) == 0 && prlimit(child, RLIMIT_CORE, NULL, &check) == 0 &&
               check.rlim_cur == 1234,
           "%s; read back %lu", strerror(errno), check.rlim_cur);
  TT_CHECK("prlimit_pid_0_is_self", prlimit(0, RLIMIT_CORE, NULL, &check) == 0, "%s", strerror(errno));
  tt_expect_errno("prlimit_new_efault", prlimit(0, RLIMIT_CORE, (struct rlimit *)TT_KERNEL_ADDR, NULL), EFAULT);
  tt_expect_errno("prlimit_old_efault", prlimit(0, RLIMIT_CORE, NULL, (struct rlimit *)TT_KERNEL_ADDR), EFAULT);
  tt_expect_errno("prlimit_bad_resource_einval", prlimit(0, 99, NULL, &check), EINVAL);
  pid_t nobody = fork();
  if (nobody == 0) _exit(0);
  waitpid(nobody, NULL, 0);
  tt_expect_errno("prlimit_nobody_esrch", prlimit(nobody, RLIMIT_CORE, NULL, &check), ESRCH);
  /* As another user, on a child that stays root. */
  pid_t user = fork();
  if (user == 0) {
    if (!tt_become_user(1000, 1000)) _exit(10);
    _exit(prlimit(child, RLIMIT_CORE, NULL, &check) == -1 && errno == EPERM ? 0 : 1);
  }
  int status = tt_wait_timeout(user, 30);
  TT_CHECK("prlimit_other_user_eperm", WIFEXITED(status) && WEXITSTATUS(status) == 0, "uid 1000 child %s",
           tt_status_str(status));
  kill(child, SIGKILL);
  waitpid(child, NULL, 0);
}

/* --stack-depth: recurse until SIGSEGV; the handler, on an alternate
 * stack, judges how deep the stack went. */
static uintptr_t stack_top, stack_deepest;
static void judge_depth(int sig) {
  (void)sig;
  uintptr_t depth = stack_top - stack_deepest;
  _exit(depth >= (512u << 10) && depth <= (2u << 20) ? 0 : 1);
}
static int recurse(int n) {
  volatile char frame[256];
  frame[0] = (char)n;
  stack_deepest = (uintptr_t)frame;
  if (n == -1) return 0;
  return recurse(n + 1) + frame[0];
}
static int stack_depth_program(void) {
  static char alt[64 * 1024];
  stack_t ss = {.ss_sp = alt, .ss_flags = 0, .ss_size = sizeof alt};
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = judge_depth;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGSEGV, &sa, NULL);
  volatile char here = 0;
  stack_top = (uintptr_t)&here;
  return recurse(0);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--core-limit") == 0) return child_core_limit_is_4096(NULL);
  if (argc > 1 && strcmp(argv[1], "--stack-depth") == 0) return stack_depth_program();
  if (argc > 1 && strcmp(argv[1], "--maxrss-after-exec") == 0) return maxrss_after_exec();
  tt_init(argc, argv);
  self_usage();
  children_usage();
  tt_run_in_child("memory_usage", memory_usage, NULL, 60);
  tt_run_in_child("context_switches", context_switches, NULL, 60);
  tt_run_in_child("rlimit_nofile", nofile_child, NULL, 60);
  tt_run_in_child("rlimit_rules", limit_rules_child, NULL, 60);
  tt_run_in_child("rlimit_nproc", nproc_child, NULL, 60);
  tt_run_in_child("rlimit_inheritance", inheritance_child, NULL, 120);
  tt_run_in_child("prlimit", prlimit_child, NULL, 60);
  return tt_done();
}
