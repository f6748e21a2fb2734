/* Jobs: the children the shell starts, waiting for them, and job control.
 *
 * A job is a pipeline, or with '&' a whole and-or list, running in
 * children of the shell. With job control (an interactive shell on a
 * terminal) each job gets a process group of its own, and the terminal is
 * handed to the foreground job's group, so that Ctrl-C interrupts that job
 * and not the shell. Without it (sh -c, scripts) children stay in the
 * shell's group, and background jobs ignore Ctrl-C instead. */
#ifndef SH_JOBS_H
#define SH_JOBS_H

#include <stdbool.h>
#include <sys/types.h>

/* Interactive: prompts, job messages. */
extern bool interactive;
/* Process groups and the terminal are managed (interactive on a tty). */
extern bool job_control;
/* $!: the process id of the last background job (0: none yet). */
extern pid_t last_background_pid;

/* An interactive shell's start-up: its own process group, the terminal,
 * and SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU ignored. */
void job_control_init(void);

/* In a child just forked to run a job (pgid 0: it leads a new group).
 * With job control: joins the group, takes the terminal if foreground, and
 * gets the default signal handling back. Without: a background job ignores
 * SIGINT and SIGQUIT and reads /dev/null. Either way the child's own
 * children are no longer job-controlled. */
void become_job(pid_t pgid, bool foreground);
/* In a child that stays in the shell's job ($(...)): default signals,
 * no job control. */
void become_subshell(void);
/* In the parent, after fork: the same setpgid as the child does, so
 * neither order of running wins a race. */
void place_in_group(pid_t pid, pid_t pgid);

/* With job control: the terminal to a job's group, and back to the shell
 * (with the terminal modes the shell had). */
void give_terminal(pid_t pgid);
void take_terminal(void);

/* Waits for one child; returns its wait status (or -1 with errno). */
int wait_for_pid(pid_t pid);
/* Waits for a foreground job: the processes pids (in process group pgid
 * with job control), the last one's status being the job's. With job
 * control a job that stops (Ctrl-Z, SIGTTIN) joins the job table as
 * stopped, "[1]+  Stopped   text" is printed, and the stop's status is
 * returned (WIFSTOPPED; $? is 128 + the signal). */
int wait_foreground(pid_t pgid, const pid_t *pids, int count, const char *text);
/* A wait status as $? shows it: the exit code, or 128 + the signal. */
int exit_status_of(int wait_status);

/* Records a background job started as pid; returns its number (the n of
 * "[n] pid"). */
int job_start(pid_t pid, const char *text);
/* Collects background jobs that have finished, without blocking. */
void jobs_reap(void);
/* Interactive: reports finished jobs ("[1]   Done   sleep 1") and
 * forgets them, and jobs that stopped since last said. */
void jobs_notify(void);
/* A shell leaving: its stopped jobs get SIGHUP and SIGCONT (nobody else
 * would ever continue them). */
void jobs_hang_up_stopped(void);
/* In a child: the parent's jobs are not this process's children. */
void jobs_forget(void);

/* The builtins: wait [pid|%n ...], jobs, fg [%n|pid], bg [%n|pid]. Without
 * job control (scripts) fg and bg still continue a stopped job; only the
 * terminal is not handed over. */
/* `kill %1`: each job ID (%n, %%, %+, %-, %string, %?string; see
 * find_job_id) among argv[1..] becomes the process ids of that job's
 * processes, for the kill utility. false after a message if one names no
 * job (argv is then unchanged). */
struct strlist;
bool replace_job_ids(struct strlist *argv, const char *who);

int builtin_wait(int argc, char **argv);
int builtin_jobs(int argc, char **argv);
int builtin_fg(int argc, char **argv);
int builtin_bg(int argc, char **argv);

#endif
