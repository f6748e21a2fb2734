/* Jobs and job control. See jobs.h. */
#include "jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "strbuf.h"
#include "trap.h"
#include "vars.h"

bool interactive;
bool job_control;
pid_t last_background_pid;

static int tty_fd = -1;          /* the terminal, kept out of the way (>= 10) */
static pid_t shell_pgid;         /* the shell's own process group */
static struct termios shell_modes;
static bool have_modes;

/* The signals an interactive shell ignores and its jobs must not. */
static const int job_signals[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
#define JOB_SIGNAL_COUNT (int)(sizeof job_signals / sizeof job_signals[0])

/* ---- job control ---------------------------------------------------------- */

void job_control_init(void) {
  for (int i = 0; i < JOB_SIGNAL_COUNT; i++) signal(job_signals[i], SIG_IGN);
  tty_fd = fcntl(0, F_DUPFD_CLOEXEC, 10);
  if (tty_fd < 0) return;
  /* Lead a process group of our own, so that giving the terminal to a job
   * never gives it to whoever started us. */
  if (getpgrp() != getpid()) setpgid(0, 0);
  shell_pgid = getpgrp();
  if (tcsetpgrp(tty_fd, shell_pgid) < 0) {
    close(tty_fd); /* a terminal that cannot do job control: go without */
    tty_fd = -1;
    return;
  }
  have_modes = tcgetattr(tty_fd, &shell_modes) == 0;
  job_control = true;
}

/* `trap '' SIG` is kept: an ignored signal stays ignored in commands. */
static void default_signals(void) {
  for (int i = 0; i < JOB_SIGNAL_COUNT; i++)
    if (!trap_ignored(job_signals[i])) signal(job_signals[i], SIG_DFL);
}

void become_job(pid_t pgid, bool foreground) {
  traps_reset_in_child();
  if (job_control) {
    if (pgid == 0) pgid = getpid();
    setpgid(0, pgid);
    if (foreground) tcsetpgrp(tty_fd, pgid); /* SIGTTOU is still ignored here */
    default_signals(); /* ignored signals would survive exec */
    close(tty_fd);
  } else if (!foreground) {
    /* POSIX: without job control, an asynchronous list ignores SIGINT and
     * SIGQUIT and its standard input is /dev/null. */
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0 && null != 0) {
      dup2(null, 0);
      close(null);
    }
  }
  job_control = false;
  interactive = false;
  jobs_forget();
}

void become_subshell(void) {
  traps_reset_in_child();
  if (job_control) {
    default_signals();
    close(tty_fd);
  }
  job_control = false;
  interactive = false;
  jobs_forget();
}

void place_in_group(pid_t pid, pid_t pgid) {
  if (job_control) setpgid(pid, pgid); /* fails harmlessly once the child has exec'd */
}

void give_terminal(pid_t pgid) {
  if (job_control) tcsetpgrp(tty_fd, pgid);
}

void take_terminal(void) {
  if (!job_control) return;
  tcsetpgrp(tty_fd, shell_pgid);
  /* A program that died in raw mode must not leave the shell unusable. */
  if (have_modes) tcsetattr(tty_fd, TCSADRAIN, &shell_modes);
}

/* ---- the job table -------------------------------------------------------- */

enum job_state { JOB_RUNNING, JOB_STOPPED, JOB_DONE };

struct job {
  int number;
  pid_t pgid;   /* its process group, with job control */
  pid_t *pids;  /* its processes, oldest first */
  bool *reaped; /* reaped[i]: pids[i] has ended and been waited for; the pid
                   still names the job, for a later `wait PID` */
  int count;
  char *text;
  enum job_state state;
  int status;     /* the last process's wait status once done; the stop's while stopped */
  int failed_index;  /* for set -o pipefail: the rightmost process that ended */
  int failed_status; /* with a non-zero status (-1: none yet), and that status */
  bool notified;  /* an interactive shell has said it stopped */
  struct job *next;
};

static struct job *jobs; /* oldest first */

/* The smallest job number not in use. */
static int free_job_number(void) {
  for (int n = 1;; n++) {
    bool used = false;
    for (struct job *j = jobs; j; j = j->next) used |= j->number == n;
    if (!used) return n;
  }
}

static struct job *add_job(pid_t pgid, const pid_t *pids, int count, const char *text, enum job_state state) {
  struct job *job = xmalloc(sizeof *job);
  *job = (struct job){.number = free_job_number(), .pgid = pgid, .count = count, .text = xstrdup(text ? text : ""),
                      .state = state, .failed_index = -1};
  job->pids = xmalloc(sizeof(pid_t) * (size_t)count);
  memcpy(job->pids, pids, sizeof(pid_t) * (size_t)count);
  job->reaped = xmalloc(sizeof(bool) * (size_t)count);
  memset(job->reaped, 0, sizeof(bool) * (size_t)count);
  struct job **last = &jobs;
  while (*last) last = &(*last)->next;
  *last = job;
  return job;
}

static void remove_job(struct job *job) {
  for (struct job **link = &jobs; *link; link = &(*link)->next) {
    if (*link == job) {
      *link = job->next;
      free(job->pids);
      free(job->reaped);
      free(job->text);
      free(job);
      return;
    }
  }
}

/* The newest stopped job, else the newest, leaving out `except`. */
static struct job *newest_job(const struct job *except) {
  struct job *newest = NULL, *stopped = NULL;
  for (struct job *j = jobs; j; j = j->next) {
    if (j == except) continue;
    newest = j;
    if (j->state == JOB_STOPPED) stopped = j;
  }
  return stopped ? stopped : newest;
}

/* POSIX's "current job" (%+, %%, shown with '+'), the one fg and bg take by
 * default, and the "previous job" (%-, shown with '-'): the one that would
 * be current if the current one were gone. */
static struct job *current_job(void) { return newest_job(NULL); }
static struct job *previous_job(void) {
  struct job *current = current_job();
  return current ? newest_job(current) : NULL;
}

static char job_mark(const struct job *j) {
  if (j == current_job()) return '+';
  if (j == previous_job()) return '-';
  return ' ';
}

/* One wait status for process i of j: a stop, a continue, or its end. */
static void record(struct job *j, int i, int status) {
  if (WIFSTOPPED(status)) {
    j->state = JOB_STOPPED;
    j->status = status;
    j->notified = false;
  } else if (WIFCONTINUED(status)) {
    j->state = JOB_RUNNING;
  } else {
    if (i == j->count - 1) j->status = status;
    if (exit_status_of(status) != 0 && i > j->failed_index) {
      j->failed_index = i;
      j->failed_status = status;
    }
    j->reaped[i] = true;
    bool all_done = true;
    for (int k = 0; k < j->count; k++) all_done &= j->reaped[k];
    if (all_done) j->state = JOB_DONE;
  }
}

int job_start(pid_t pid, const char *text) {
  struct job *job = add_job(pid, &pid, 1, text, JOB_RUNNING);
  last_background_pid = pid;
  return job->number;
}

void jobs_reap(void) {
  for (struct job *j = jobs; j; j = j->next) {
    for (int i = 0; i < j->count && j->state != JOB_DONE; i++) {
      if (j->reaped[i]) continue;
      int status;
      pid_t changed = waitpid(j->pids[i], &status, WNOHANG | WUNTRACED | WCONTINUED);
      if (changed == j->pids[i]) record(j, i, status);
      else if (changed < 0 && errno == ECHILD) record(j, i, 0); /* someone else reaped it */
    }
  }
}

/* "Done", "Exit 3", "Terminated", "Stopped": how a job is or ended. */
static void describe(const struct job *j, char *out, size_t size) {
  if (j->state == JOB_RUNNING) {
    snprintf(out, size, "Running");
  } else if (j->state == JOB_STOPPED) {
    int sig = WSTOPSIG(j->status);
    const char *how = sig == SIGTTIN ? " (tty input)" : sig == SIGTTOU ? " (tty output)" : "";
    snprintf(out, size, "Stopped%s", how);
  } else if (WIFEXITED(j->status) && WEXITSTATUS(j->status) == 0) {
    snprintf(out, size, "Done");
  } else if (WIFEXITED(j->status)) {
    snprintf(out, size, "Exit %d", WEXITSTATUS(j->status));
  } else {
    snprintf(out, size, "%s", strsignal(WTERMSIG(j->status)));
  }
}

static void print_job(FILE *to, const struct job *j) {
  char state[64];
  describe(j, state, sizeof state);
  fprintf(to, "[%d]%c  %-24s%s\n", j->number, job_mark(j), state, j->text);
}

void jobs_notify(void) {
  jobs_reap();
  for (struct job *j = jobs, *next; j; j = next) {
    next = j->next;
    if (j->state == JOB_STOPPED && !j->notified) {
      print_job(stderr, j);
      j->notified = true;
    } else if (j->state == JOB_DONE) {
      print_job(stderr, j);
      remove_job(j);
    }
  }
}

void jobs_forget(void) {
  while (jobs) remove_job(jobs);
}

void jobs_hang_up_stopped(void) {
  for (struct job *j = jobs; j; j = j->next) {
    if (j->state != JOB_STOPPED) continue;
    /* Nobody would continue them once this shell is gone. */
    for (int i = 0; i < j->count; i++) {
      if (j->reaped[i]) continue;
      kill(job_control ? -j->pgid : j->pids[i], SIGHUP);
      kill(job_control ? -j->pgid : j->pids[i], SIGCONT);
      if (job_control) break;
    }
  }
}

/* Sends sig to the job: its group with job control, else each process. */
static void signal_job(struct job *j, int sig) {
  if (job_control) {
    kill(-j->pgid, sig);
    return;
  }
  for (int i = 0; i < j->count; i++)
    if (!j->reaped[i]) kill(j->pids[i], sig);
}

/* Waits for a job in the foreground until it ends or (with job control)
 * stops. A stop is said at once: "[1]+  Stopped   cmd". */
static void wait_in_foreground(struct job *j) {
  int options = job_control ? WUNTRACED : 0;
  for (int i = 0; i < j->count && j->state != JOB_DONE; i++) {
    if (j->reaped[i]) continue;
    int status;
    pid_t changed;
    while ((changed = waitpid(j->pids[i], &status, options)) < 0 && errno == EINTR) {
    }
    if (changed < 0) status = i == j->count - 1 ? -1 : 0;
    record(j, i, status);
    if (j->state == JOB_STOPPED) {
      fputc('\n', stderr); /* after the ^Z the terminal echoed */
      print_job(stderr, j);
      j->notified = true;
      return;
    }
  }
}

int wait_foreground(pid_t pgid, const pid_t *pids, int count, const char *text) {
  if (count == 0) return 0;
  struct job *j = add_job(pgid, pids, count, text, JOB_RUNNING);
  wait_in_foreground(j);
  int status = j->status;
  if (opt_pipefail && j->state == JOB_DONE && j->failed_index >= 0) status = j->failed_status;
  if (j->state == JOB_DONE) remove_job(j);
  return status;
}

/* ---- waiting ------------------------------------------------------------- */

int wait_for_pid(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

int exit_status_of(int wait_status) {
  if (wait_status == -1) return 127;
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  if (WIFSTOPPED(wait_status)) return 128 + WSTOPSIG(wait_status);
  return 1;
}

/* The job a job ID names (POSIX XBD 3.204): %% or %+ the current job, %-
 * the previous one, %n job n, %string the job whose command begins with
 * string, %?string the one whose command contains it; NULL if none (or,
 * after a message, if several match). */
static struct job *find_job_id(const char *id, const char *who) {
  const char *rest = id + 1;
  if (strcmp(rest, "%") == 0 || strcmp(rest, "+") == 0 || *rest == '\0') return current_job();
  if (strcmp(rest, "-") == 0) return previous_job();
  char *end;
  long n = strtol(rest, &end, 10);
  bool by_number = *rest >= '0' && *rest <= '9' && *end == '\0';
  bool contains = *rest == '?';
  struct job *found = NULL;
  for (struct job *j = jobs; j; j = j->next) {
    bool match = by_number    ? j->number == n
                 : contains ? strstr(j->text, rest + 1) != NULL
                            : strncmp(j->text, rest, strlen(rest)) == 0;
    if (!match) continue;
    if (found) {
      fprintf(stderr, "sh: %s: %s: ambiguous job\n", who, id);
      return NULL;
    }
    found = j;
  }
  return found;
}

/* A job ID (%...) or a process id of a job; NULL if neither names a job
 * (after a message if it is no job ID and no number either). */
static struct job *find_job(const char *spec, const char *who) {
  if (spec[0] == '%') return find_job_id(spec, who);
  char *end;
  long pid = strtol(spec, &end, 10);
  if (spec[0] == '\0' || *end != '\0') {
    fprintf(stderr, "sh: %s: %s: not a job or process id\n", who, spec);
    return NULL;
  }
  for (struct job *j = jobs; j; j = j->next)
    for (int i = 0; i < j->count; i++)
      if (j->pids[i] == pid) return j;
  return NULL;
}

bool replace_job_ids(struct strlist *argv, const char *who) {
  jobs_reap();
  struct strlist out;
  sl_init(&out);
  bool ok = true;
  for (size_t i = 0; i < argv->len; i++) {
    const char *arg = argv->items[i];
    if (i == 0 || arg[0] != '%') {
      sl_push(&out, xstrdup(arg));
      continue;
    }
    struct job *j = find_job_id(arg, who);
    if (j == NULL) {
      fprintf(stderr, "sh: %s: %s: no such job\n", who, arg);
      ok = false;
      break;
    }
    /* Its processes that have not ended (an ended one's pid may be reused). */
    int named = 0;
    for (int k = 0; k < j->count; k++) {
      if (j->reaped[k]) continue;
      char pid[16];
      snprintf(pid, sizeof pid, "%d", (int)j->pids[k]);
      sl_push(&out, xstrdup(pid));
      named++;
    }
    if (named == 0) {
      fprintf(stderr, "sh: %s: %s: the job has ended\n", who, arg);
      ok = false;
      break;
    }
  }
  if (ok) {
    sl_free(argv);
    *argv = out;
  } else {
    sl_free(&out);
  }
  return ok;
}

/* ---- builtins ------------------------------------------------------------ */

static volatile sig_atomic_t wait_interrupted;
static void on_interrupt(int sig) {
  (void)sig;
  wait_interrupted = 1;
}

/* Waits for one job to end; returns 0, or the signal that interrupted the
 * wait: Ctrl-C, or a trapped signal (POSIX: `wait` returns at once, so
 * that the trap runs). An interactive shell ignores SIGINT, so for the
 * wait it catches it instead (without SA_RESTART, so that waitpid returns
 * EINTR). */
static int wait_job(struct job *j) {
  struct sigaction catch = {0}, old;
  catch.sa_handler = on_interrupt;
  if (interactive) sigaction(SIGINT, &catch, &old);
  wait_interrupted = 0;
  for (int i = 0; i < j->count && j->state != JOB_DONE && !wait_interrupted && !trap_pending(); i++) {
    if (j->reaped[i]) continue;
    int status;
    pid_t done;
    while ((done = waitpid(j->pids[i], &status, 0)) < 0 && errno == EINTR && !wait_interrupted &&
           !trap_pending()) {
    }
    if (done == j->pids[i]) record(j, i, status);
    else if (done < 0 && errno == ECHILD) record(j, i, 0);
    else i--; /* interrupted: the loop condition ends it */
  }
  if (interactive) sigaction(SIGINT, &old, NULL);
  if (j->state == JOB_DONE) return 0;
  return wait_interrupted ? SIGINT : trap_pending();
}

/* wait: every background job, status 0. wait ID...: those, with the
 * status of the last; 127 for one that is not a child of this shell. */
int builtin_wait(int argc, char **argv) {
  if (argc == 1) {
    for (struct job *j = jobs; j; j = j->next) {
      int sig = wait_job(j);
      if (sig) return 128 + sig;
    }
    jobs_forget();
    return 0;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    struct job *j = find_job(argv[i], "wait");
    if (j == NULL) {
      status = 127;
      continue;
    }
    int sig = wait_job(j);
    if (sig) return 128 + sig;
    status = exit_status_of(j->status);
    remove_job(j);
  }
  return status;
}

int builtin_jobs(int argc, char **argv) {
  (void)argc;
  (void)argv;
  jobs_reap();
  for (struct job *j = jobs, *next; j; j = next) {
    next = j->next;
    print_job(stdout, j);
    if (j->state == JOB_STOPPED) j->notified = true;
    if (j->state == JOB_DONE) remove_job(j);
  }
  return 0;
}

/* fg and bg: the job named by argv[1] (a job ID or a pid), else the current one. */
static struct job *job_argument(int argc, char **argv, const char *who) {
  jobs_reap();
  struct job *j = argc > 1 ? find_job(argv[1], who) : current_job();
  if (j == NULL) fprintf(stderr, "sh: %s: %s: no such job\n", who, argc > 1 ? argv[1] : "current");
  return j;
}

/* fg [%n]: the job to the foreground: it gets the terminal and SIGCONT
 * (if it was stopped, or stopped itself on SIGTTIN), and the shell waits
 * until it ends or stops again. */
int builtin_fg(int argc, char **argv) {
  struct job *j = job_argument(argc, argv, "fg");
  if (j == NULL) return 1;
  fprintf(stderr, "%s\n", j->text);
  if (j->state != JOB_DONE) {
    give_terminal(j->pgid);
    signal_job(j, SIGCONT);
    j->state = JOB_RUNNING;
    wait_in_foreground(j);
    take_terminal();
  }
  int status = exit_status_of(j->status);
  if (j->state == JOB_DONE) {
    if (WIFSIGNALED(j->status) && WTERMSIG(j->status) == SIGINT) fputc('\n', stderr);
    remove_job(j);
  }
  return status;
}

/* bg [%n]: a stopped job runs on in the background (SIGCONT). */
int builtin_bg(int argc, char **argv) {
  struct job *j = job_argument(argc, argv, "bg");
  if (j == NULL) return 1;
  if (j->state == JOB_STOPPED) {
    signal_job(j, SIGCONT);
    j->state = JOB_RUNNING;
  }
  if (j->state != JOB_DONE) fprintf(stderr, "[%d]%c %s &\n", j->number, job_mark(j), j->text);
  return 0;
}
