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

static void default_signals(void) {
  for (int i = 0; i < JOB_SIGNAL_COUNT; i++) signal(job_signals[i], SIG_DFL);
}

void become_job(pid_t pgid, bool foreground) {
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
  return 1;
}

/* ---- the job table -------------------------------------------------------- */

struct job {
  int number;
  pid_t pid; /* also the process group, with job control */
  char *text;
  bool done;
  int status; /* the wait status, once done */
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

int job_start(pid_t pid, const char *text) {
  int number = free_job_number();
  struct job *job = xmalloc(sizeof *job);
  *job = (struct job){.number = number, .pid = pid, .text = xstrdup(text ? text : "")};
  struct job **last = &jobs;
  while (*last) last = &(*last)->next;
  *last = job;
  last_background_pid = pid;
  return number;
}

static void remove_job(struct job *job) {
  for (struct job **link = &jobs; *link; link = &(*link)->next) {
    if (*link == job) {
      *link = job->next;
      free(job->text);
      free(job);
      return;
    }
  }
}

void jobs_reap(void) {
  for (struct job *j = jobs; j; j = j->next) {
    if (j->done) continue;
    int status;
    pid_t done = waitpid(j->pid, &status, WNOHANG);
    if (done == j->pid) {
      j->done = true;
      j->status = status;
    } else if (done < 0 && errno == ECHILD) { /* someone else reaped it */
      j->done = true;
      j->status = 0;
    }
  }
}

/* "Done", "Exit 3", "Terminated": how a finished job ended. */
static void describe(const struct job *j, char *out, size_t size) {
  if (!j->done) snprintf(out, size, "Running");
  else if (WIFEXITED(j->status) && WEXITSTATUS(j->status) == 0) snprintf(out, size, "Done");
  else if (WIFEXITED(j->status)) snprintf(out, size, "Exit %d", WEXITSTATUS(j->status));
  else snprintf(out, size, "%s", strsignal(WTERMSIG(j->status)));
}

static void print_job(const struct job *j) {
  char state[64];
  describe(j, state, sizeof state);
  fprintf(stderr, "[%d]   %-24s%s\n", j->number, state, j->text);
}

void jobs_notify(void) {
  jobs_reap();
  for (struct job *j = jobs, *next; j; j = next) {
    next = j->next;
    if (!j->done) continue;
    print_job(j);
    remove_job(j);
  }
}

void jobs_forget(void) {
  while (jobs) remove_job(jobs);
}

/* "%n" (a job number) or a process id; NULL after a message if neither. */
static struct job *find_job(const char *spec, const char *who) {
  char *end;
  bool by_number = spec[0] == '%';
  long n = strtol(spec + by_number, &end, 10);
  if (spec[by_number] == '\0' || *end != '\0') {
    fprintf(stderr, "sh: %s: %s: not a job or process id\n", who, spec);
    return NULL;
  }
  for (struct job *j = jobs; j; j = j->next)
    if (by_number ? j->number == n : j->pid == n) return j;
  return NULL;
}

/* ---- builtins ------------------------------------------------------------ */

static volatile sig_atomic_t wait_interrupted;
static void on_interrupt(int sig) {
  (void)sig;
  wait_interrupted = 1;
}

/* Waits for one job; false if Ctrl-C interrupted the wait. An interactive
 * shell ignores SIGINT, so for the wait it catches it instead (without
 * SA_RESTART, so that waitpid returns EINTR). */
static bool wait_job(struct job *j) {
  if (j->done) return true;
  struct sigaction catch = {0}, old;
  catch.sa_handler = on_interrupt;
  if (interactive) sigaction(SIGINT, &catch, &old);
  wait_interrupted = 0;
  int status;
  pid_t done;
  while ((done = waitpid(j->pid, &status, 0)) < 0 && errno == EINTR && !wait_interrupted) {
  }
  if (interactive) sigaction(SIGINT, &old, NULL);
  if (done == j->pid) {
    j->done = true;
    j->status = status;
  } else if (done < 0 && errno == ECHILD) {
    j->done = true;
    j->status = 0;
  }
  return j->done;
}

/* wait: every background job, status 0. wait ID...: those, with the
 * status of the last; 127 for one that is not a child of this shell. */
int builtin_wait(int argc, char **argv) {
  if (argc == 1) {
    for (struct job *j = jobs; j; j = j->next)
      if (!wait_job(j)) return 128 + SIGINT;
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
    if (!wait_job(j)) return 128 + SIGINT;
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
    char state[64];
    describe(j, state, sizeof state);
    printf("[%d]   %-24s%s\n", j->number, state, j->text);
    if (j->done) remove_job(j);
  }
  return 0;
}

/* fg [%n]: bring a background job (the newest by default) to the
 * foreground: it gets the terminal, and the shell waits for it. */
int builtin_fg(int argc, char **argv) {
  if (!job_control) {
    fprintf(stderr, "sh: fg: no job control\n");
    return 1;
  }
  struct job *j = jobs;
  if (argc > 1) {
    j = find_job(argv[1], "fg");
  } else {
    while (j && j->next) j = j->next;
  }
  if (j == NULL) {
    fprintf(stderr, "sh: fg: %s: no such job\n", argc > 1 ? argv[1] : "current");
    return 1;
  }
  fprintf(stderr, "%s\n", j->text);
  if (!j->done) {
    give_terminal(j->pid);
    kill(-j->pid, SIGCONT); /* in case it was stopped */
    j->status = wait_for_pid(j->pid);
    j->done = true;
    take_terminal();
  }
  int status = exit_status_of(j->status);
  if (WIFSIGNALED(j->status) && WTERMSIG(j->status) == SIGINT) fputc('\n', stderr);
  remove_job(j);
  return status;
}
