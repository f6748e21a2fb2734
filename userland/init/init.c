/* init: Tether's first process (PID 1).
 *
 * The kernel starts /sbin/init and powers the machine off when it exits,
 * handing init's exit status to the host as QEMU's exit status. So init
 * runs exactly one command and exits with that command's status:
 *   - the command in /etc/tether/run, written by `./tether run -- CMD ARGS`
 *     (the argv strings, each followed by a NUL byte), or
 *   - an interactive /bin/sh when that file does not exist.
 * While waiting, init also reaps any orphan that the kernel re-parents to
 * it, as every PID 1 must, or they would stay zombies forever. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUN_FILE "/etc/tether/run"
#define MOTD_FILE "/etc/motd"
#define MAX_ARGS 256

static char *init_environment[] = {
    "PATH=/bin:/sbin:/usr/bin",
    "HOME=/root",
    "TERM=vt100",
    NULL,
};

/* If the kernel started us with no stdin/stdout/stderr, use the console. */
static void ensure_standard_fds(void) {
  if (fcntl(0, F_GETFD) >= 0) return;
  int fd = open("/dev/console", O_RDWR);
  if (fd < 0) return; /* nowhere to talk to; carry on regardless */
  for (int target = 0; target <= 2; target++)
    if (fd != target) dup2(fd, target);
  if (fd > 2) close(fd);
}

/* Reads RUN_FILE into `buffer` and points argv at its NUL-terminated
 * strings. Returns argc, 0 if the file does not exist, -1 on error. */
static int read_run_file(char *buffer, size_t size, char **argv) {
  int fd = open(RUN_FILE, O_RDONLY);
  if (fd < 0) {
    if (errno == ENOENT) return 0;
    fprintf(stderr, "init: %s: %s\n", RUN_FILE, strerror(errno));
    return -1;
  }
  size_t length = 0;
  ssize_t n;
  while (length < size - 1 && (n = read(fd, buffer + length, size - 1 - length)) > 0) length += (size_t)n;
  close(fd);
  if (length == 0) {
    fprintf(stderr, "init: %s is empty\n", RUN_FILE);
    return -1;
  }
  buffer[length] = '\0'; /* in case the last string lacks its NUL */

  int argc = 0;
  for (size_t pos = 0; pos < length && argc < MAX_ARGS; pos += strlen(buffer + pos) + 1) argv[argc++] = buffer + pos;
  argv[argc] = NULL;
  return argc;
}

static void show_motd(void) {
  int fd = open(MOTD_FILE, O_RDONLY);
  if (fd < 0) return;
  char chunk[512];
  ssize_t n;
  while ((n = read(fd, chunk, sizeof chunk)) > 0) write(1, chunk, (size_t)n);
  close(fd);
}

/* Runs argv in a child; returns its pid, or -1. */
static pid_t start(char **argv) {
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "init: fork: %s\n", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    execvp(argv[0], argv);
    fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  return pid;
}

/* Waits for `pid`, reaping every other child on the way. Returns a shell's
 * `$?`: the exit code, or 128 + the signal that killed it. */
static int wait_for(pid_t pid) {
  for (;;) {
    int status;
    pid_t done = wait(&status);
    if (done < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "init: wait: %s\n", strerror(errno));
      return 1;
    }
    if (done != pid) continue; /* an orphan: reaped, nothing more to do */
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  }
}

int main(void) {
  ensure_standard_fds();
  environ = init_environment;
  chdir("/");

  static char buffer[16384];
  char *argv[MAX_ARGS + 1];
  int argc = read_run_file(buffer, sizeof buffer, argv);
  if (argc < 0) return 1;
  if (argc == 0) {
    show_motd();
    argv[0] = "/bin/sh";
    argv[1] = NULL;
  }

  pid_t pid = start(argv);
  if (pid < 0) return 1;
  return wait_for(pid);
}
