/* The executor: pipelines, redirections, fork and exec.
 *
 * A command on its own that is a builtin runs inside the shell (so `cd`
 * can change the shell's directory); its redirections are applied and
 * then undone. Every other command runs in a child. In a pipeline every
 * command runs in a child, builtins included, each with its stdin and
 * stdout wired to the pipes on either side. */
#include "exec.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtins.h"
#include "expand.h"
#include "vars.h"

/* ---- redirections ------------------------------------------------------ */

/* Descriptors a builtin's redirections replaced, to put back afterwards.
 * copy is a duplicate made before the change (-1: fd was not open). */
struct saved_fds {
  struct {
    int fd;
    int copy;
  } entries[16];
  int count;
};

/* Keep a copy of fd, out of the way (>= 10) and closed on exec. */
static bool save_fd(struct saved_fds *saved, int fd) {
  if (saved == NULL) return true;
  if (saved->count == 16) {
    fprintf(stderr, "sh: too many redirections\n");
    return false;
  }
  saved->entries[saved->count].fd = fd;
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  if (copy < 0 && errno != EBADF) copy = dup(fd); /* a kernel without F_DUPFD_CLOEXEC */
  saved->entries[saved->count].copy = copy;
  saved->count++;
  return true;
}

static void restore_fds(struct saved_fds *saved) {
  while (saved->count > 0) {
    saved->count--;
    int fd = saved->entries[saved->count].fd;
    int copy = saved->entries[saved->count].copy;
    if (copy >= 0) {
      dup2(copy, fd);
      close(copy);
    } else {
      close(fd);
    }
  }
}

/* Opens the file of < > >> or finds the descriptor of <& >&; returns a
 * descriptor to move onto r->fd, or -1 after printing why. */
static int redirect_source(const struct redirect *r, const char *target) {
  int fd;
  switch (r->op) {
    case REDIRECT_INPUT:
      fd = open(target, O_RDONLY);
      break;
    case REDIRECT_OUTPUT:
      fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0666);
      break;
    case REDIRECT_APPEND:
      fd = open(target, O_WRONLY | O_CREAT | O_APPEND, 0666);
      break;
    default: { /* <& and >&: the target names a descriptor */
      char *end;
      long n = strtol(target, &end, 10);
      if (*target == '\0' || *end != '\0' || n < 0 || n > 1023) {
        fprintf(stderr, "sh: %s: bad file descriptor number\n", target);
        return -1;
      }
      if (fcntl((int)n, F_GETFD) < 0) {
        fprintf(stderr, "sh: %ld: %s\n", n, strerror(errno));
        return -1;
      }
      return (int)n;
    }
  }
  if (fd < 0) fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
  return fd;
}

/* Applies a command's redirections in order. With `saved`, what they
 * replace is kept so restore_fds() can undo them. */
static bool apply_redirects(const struct redirect *r, struct saved_fds *saved) {
  for (; r; r = r->next) {
    char *target = expand_single(r->target);
    bool is_dup = r->op == REDIRECT_DUP_INPUT || r->op == REDIRECT_DUP_OUTPUT;
    if (is_dup && strcmp(target, "-") == 0) { /* n>&- closes n */
      free(target);
      if (!save_fd(saved, r->fd)) return false;
      close(r->fd);
      continue;
    }
    int source = redirect_source(r, target);
    free(target);
    if (source < 0 || !save_fd(saved, r->fd)) return false;
    if (source != r->fd) {
      dup2(source, r->fd);
      if (!is_dup) close(source);
    }
  }
  return true;
}

/* ---- running one command ------------------------------------------------- */

/* An exit status as a shell reports it: the code, or 128 + signal. */
static int status_from_wait(int status, bool report_signal) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    /* Say why a command died, except for the signals a user expects. */
    if (report_signal && sig != SIGINT && sig != SIGPIPE) fprintf(stderr, "%s\n", strsignal(sig));
    return 128 + sig;
  }
  return 1;
}

static int wait_for(pid_t pid, bool report_signal) {
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 1;
  }
  return status_from_wait(status, report_signal);
}

/* Expands the assignment words into "NAME=value" strings. */
static void expand_assignments(const struct command *cmd, struct strlist *out) {
  for (size_t i = 0; i < cmd->assignments.len; i++) {
    const char *value;
    char *name = assignment_name(cmd->assignments.items[i], &value);
    char *expanded = expand_single(value);
    struct strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, name);
    sb_addc(&sb, '=');
    sb_adds(&sb, expanded);
    sl_push(out, sb_take(&sb));
    free(name);
    free(expanded);
  }
}

/* In a child: become the command. */
static _Noreturn void exec_external(struct strlist *argv, struct strlist *assignments) {
  /* `VAR=value cmd`: the assignments go into this command's environment only. */
  for (size_t i = 0; i < assignments->len; i++) putenv(xstrdup(assignments->items[i]));
  execvp(argv->items[0], argv->items);
  int error = errno;
  if (error == ENOENT) {
    fprintf(stderr, "sh: %s: not found\n", argv->items[0]);
    _exit(127);
  }
  fprintf(stderr, "sh: %s: %s\n", argv->items[0], strerror(error));
  _exit(126); /* found, but it cannot be run: EACCES, ENOEXEC, ... */
}

/* A child starts with the signal handling a command expects, even if this
 * (interactive) shell ignores Ctrl-C for itself. */
static void reset_signals_for_child(void) {
  signal(SIGINT, SIG_DFL);
  signal(SIGQUIT, SIG_DFL);
}

/* Runs a command inside a pipeline child; returns the exit status if the
 * command was a builtin (external commands never return). */
static int run_in_child(const struct command *cmd) {
  struct strlist argv, assignments;
  sl_init(&argv);
  sl_init(&assignments);
  for (size_t i = 0; i < cmd->words.len; i++) expand_word(cmd->words.items[i], &argv);
  expand_assignments(cmd, &assignments);
  if (!apply_redirects(cmd->redirects, NULL)) return 1;
  if (argv.len == 0) return 0;
  builtin_fn builtin = find_builtin(argv.items[0]);
  if (builtin) {
    int status = builtin((int)argv.len, argv.items);
    fflush(stdout);
    return status;
  }
  exec_external(&argv, &assignments);
}

/* A command that is not part of a pipeline. */
static int run_simple(const struct command *cmd) {
  struct strlist argv, assignments;
  sl_init(&argv);
  sl_init(&assignments);
  for (size_t i = 0; i < cmd->words.len; i++) expand_word(cmd->words.items[i], &argv);
  expand_assignments(cmd, &assignments);
  int status;
  builtin_fn builtin;

  if (argv.len == 0) {
    /* `NAME=value` alone sets a shell variable; `> file` alone creates file. */
    for (size_t i = 0; i < assignments.len; i++) {
      const char *value;
      char *name = assignment_name(assignments.items[i], &value);
      set_var(name, value);
      free(name);
    }
    struct saved_fds saved = {.count = 0};
    status = apply_redirects(cmd->redirects, &saved) ? 0 : 1;
    restore_fds(&saved);
  } else if ((builtin = find_builtin(argv.items[0])) != NULL) {
    /* Assignments before a builtin are ignored: no builtin here reads them. */
    struct saved_fds saved = {.count = 0};
    if (apply_redirects(cmd->redirects, &saved)) {
      status = builtin((int)argv.len, argv.items);
    } else {
      status = 1;
    }
    fflush(stdout); /* output buffered by the builtin belongs to its redirection */
    fflush(stderr);
    restore_fds(&saved);
  } else {
    fflush(NULL); /* or the child would inherit, and write, our buffered output */
    pid_t pid = fork();
    if (pid < 0) {
      fprintf(stderr, "sh: fork: %s\n", strerror(errno));
      status = 1;
    } else if (pid == 0) {
      reset_signals_for_child();
      if (!apply_redirects(cmd->redirects, NULL)) _exit(1);
      exec_external(&argv, &assignments);
    } else {
      status = wait_for(pid, true);
    }
  }
  sl_free(&argv);
  sl_free(&assignments);
  return status;
}

/* ---- pipelines and lists ---------------------------------------------- */

static int run_pipeline(const struct pipeline *pl) {
  const struct command *cmd = pl->commands;
  if (cmd->next == NULL) return run_simple(cmd);

  pid_t pids[64];
  int count = 0;
  int previous_read = -1; /* read end of the pipe from the previous command */
  bool failed = false;
  for (; cmd && count < 64; cmd = cmd->next) {
    int fds[2] = {-1, -1};
    if (cmd->next && pipe(fds) < 0) {
      fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
      failed = true;
      break;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
      fprintf(stderr, "sh: fork: %s\n", strerror(errno));
      if (fds[0] >= 0) {
        close(fds[0]);
        close(fds[1]);
      }
      failed = true;
      break;
    }
    if (pid == 0) {
      reset_signals_for_child();
      if (previous_read >= 0) {
        dup2(previous_read, 0);
        close(previous_read);
      }
      if (cmd->next) {
        close(fds[0]);
        dup2(fds[1], 1);
        close(fds[1]);
      }
      _exit(run_in_child(cmd));
    }
    pids[count++] = pid;
    if (previous_read >= 0) close(previous_read);
    if (cmd->next) close(fds[1]);
    previous_read = fds[0];
  }
  if (previous_read >= 0) close(previous_read);

  /* The pipeline's status is its last command's. */
  int status = 1;
  for (int i = 0; i < count; i++) {
    bool last = i == count - 1 && !failed;
    int s = wait_for(pids[i], last);
    if (last) status = s;
  }
  return status;
}

static int run_and_or(const struct and_or *item) {
  int status = 0;
  for (const struct pipeline *pl = item->pipelines; pl; pl = pl->next) {
    bool run = pl->connector == RUN_ALWAYS || (pl->connector == RUN_IF_SUCCESS && status == 0) ||
               (pl->connector == RUN_IF_FAILURE && status != 0);
    if (!run) continue;
    status = last_status = run_pipeline(pl);
  }
  return status;
}

int run_line(struct and_or *line) {
  for (; line; line = line->next) last_status = run_and_or(line);
  return last_status;
}
