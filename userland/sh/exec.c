/* The executor: lists, and-or lists, pipelines, compound and simple
 * commands, function calls. (Redirections are in redirect.c.)
 *
 * A simple command that is a builtin or a function runs inside the shell
 * (so `cd` can change the shell's directory); its redirections are applied
 * and then undone. So do if, while, for and { } (a loop that reads a file
 * with `done < file` reads it in the shell). Everything else runs in a
 * child: external commands, ( ) subshells, each command of a pipeline, and
 * background lists.
 *
 * A child that has nothing left to do after its last command (exit_after)
 * execs that command directly rather than forking again, so `sleep 9 &`
 * is one process and $! is sleep's pid. */
#include "exec.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "builtins.h"
#include "expand.h"
#include "jobs.h"
#include "redirect.h"
#include "trap.h"
#include "vars.h"

int pending_break, pending_continue;
bool pending_return;
int loop_depth, function_depth;
bool interrupted;

/* Inside an if/while/until condition, or left of && and ||, a failure is
 * expected, so `set -e` does not exit there. */
static int condition_depth;

/* Should the list in progress stop (break, continue, return, Ctrl-C)? */
static bool stopping(void) { return pending_break || pending_continue || pending_return || interrupted; }

/* ---- children ------------------------------------------------------------ */

/* The status of a finished foreground child, saying why it died if a
 * signal killed it (except for the signals a user expects). */
static int report(int wait_status) {
  if (wait_status != -1 && WIFSIGNALED(wait_status)) {
    int sig = WTERMSIG(wait_status);
    if (sig == SIGINT) {
      if (job_control) {
        interrupted = true; /* as if the shell itself had been interrupted */
        fputc('\n', stderr);
      }
    } else if (sig != SIGPIPE) {
      fprintf(stderr, "%s%s\n", strsignal(sig), WCOREDUMP(wait_status) ? " (core dumped)" : "");
    }
  }
  return exit_status_of(wait_status);
}

/* Forks a foreground child that will be the whole job (its own group). */
static pid_t fork_job(void) {
  fflush(NULL); /* or the child would inherit, and write, our buffered output */
  pid_t pid = fork();
  if (pid < 0) fprintf(stderr, "sh: fork: %s\n", strerror(errno));
  else if (pid == 0) become_job(0, true);
  else place_in_group(pid, pid);
  return pid;
}

/* The and-or list being run, for a job message if it stops. */
static const char *foreground_text;

/* Waits for a foreground job of one process, with the terminal given to it. */
static int wait_job(pid_t pid) {
  give_terminal(pid);
  int status = report(wait_foreground(pid, &pid, 1, foreground_text));
  take_terminal();
  return status;
}

/* Leaves a child process with a status, flushing what builtins printed.
 * A subshell that set an EXIT trap of its own runs it first. */
static _Noreturn void leave(int status) {
  run_exit_trap(status);
  fflush(NULL);
  _exit(status);
}

/* ---- simple commands ----------------------------------------------------- */

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

/* Becomes the command (argv[0] searched in PATH): never returns. */
static _Noreturn void exec_external(char **argv, const struct strlist *assignments) {
  /* `VAR=value cmd`: the assignments go into this command's environment only. */
  for (size_t i = 0; i < assignments->len; i++) putenv(xstrdup(assignments->items[i]));
  execvp(argv[0], argv);
  int error = errno;
  if (error == ENOENT) {
    fprintf(stderr, "sh: %s: not found\n", argv[0]);
    leave(127);
  }
  fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(error));
  leave(126); /* found, but it cannot be run: EACCES, ENOEXEC, ... */
}

/* set -x: the command as it will run, on stderr. */
static void trace(const struct strlist *assignments, const struct strlist *argv) {
  fputc('+', stderr);
  for (size_t i = 0; i < assignments->len; i++) fprintf(stderr, " %s", assignments->items[i]);
  for (size_t i = 0; i < argv->len; i++) fprintf(stderr, " %s", argv->items[i]);
  fputc('\n', stderr);
}

/* `exec cmd args` replaces the shell; `exec > file` redirects the shell
 * itself, for good. */
static int run_exec(const struct command *cmd, struct strlist *argv, struct strlist *assignments) {
  if (!apply_redirects(cmd->redirects, NULL)) return 1;
  if (argv->len == 1) return 0;
  exec_external(argv->items + 1, assignments);
}

/* name args: the function's body, with $1 ... set to args for the call. */
static int call_function(const char *text, const struct strlist *argv) {
  struct saved_positional saved;
  push_positional((int)argv->len - 1, argv->items + 1, &saved);
  /* The text may be redefined while it runs (a function defining itself). */
  char *body = xstrdup(text);
  function_depth++;
  locals_enter();
  int status = run_string(body);
  locals_leave(); /* its `local` variables get their callers' values back */
  function_depth--;
  pending_return = false;
  free(body);
  pop_positional(&saved);
  return last_status = status;
}

static bool is_declaration(const char *name) { return strcmp(name, "local") == 0 || strcmp(name, "export") == 0; }

/* NAME=... with a valid, unquoted NAME (as the parser tells assignments). */
static bool is_assignment_word(const char *raw) {
  if (!(isalpha((unsigned char)raw[0]) || raw[0] == '_')) return false;
  for (const char *c = raw; *c; c++) {
    if (*c == '=') return true;
    if (!(isalnum((unsigned char)*c) || *c == '_')) return false;
  }
  return false;
}

static int run_simple(const struct command *cmd, bool exit_after) {
  struct strlist argv, assignments;
  sl_init(&argv);
  sl_init(&assignments);
  expansion_failed = false;
  for (size_t i = 0; i < cmd->words.len; i++) {
    /* `local x=$y`, `export x=$y`: declaration utilities (POSIX 2024,
     * dash 0.5.12), whose NAME=value operands are not split or globbed. */
    const char *raw = cmd->words.items[i];
    if (i > 0 && argv.len > 0 && is_declaration(argv.items[0]) && is_assignment_word(raw)) {
      const char *value;
      char *name = assignment_name(raw, &value);
      char *expanded = expand_single(value);
      struct strbuf sb;
      sb_init(&sb);
      sb_adds(&sb, name);
      sb_addc(&sb, '=');
      sb_adds(&sb, expanded);
      sl_push(&argv, sb_take(&sb));
      free(name);
      free(expanded);
    } else {
      expand_word(raw, &argv);
    }
  }
  expand_assignments(cmd, &assignments);
  /* The kill utility knows no jobs: the shell turns `kill %1` into pids. */
  bool no_such_job =
      !expansion_failed && argv.len > 1 && strcmp(argv.items[0], "kill") == 0 && !replace_job_ids(&argv, "kill");
  if (opt_xtrace && !expansion_failed && !no_such_job) trace(&assignments, &argv);
  int status;
  builtin_fn builtin;
  const char *function;

  if (expansion_failed) { /* interactive: `set -u; echo $nosuch` runs nothing */
    status = 2;
  } else if (no_such_job) {
    status = 1;
  } else if (argv.len == 0) {
    /* `NAME=value` alone sets a shell variable; `> file` alone creates file.
     * The status is that of the last command substitution, if any. */
    status = cmd->assignments.len ? last_status : 0;
    for (size_t i = 0; i < assignments.len; i++) {
      const char *value;
      char *name = assignment_name(assignments.items[i], &value);
      set_var(name, value);
      free(name);
    }
    struct saved_fds saved = {.count = 0};
    if (!apply_redirects(cmd->redirects, &saved)) status = 1;
    restore_fds(&saved);
  } else if (strcmp(argv.items[0], "exec") == 0) {
    status = run_exec(cmd, &argv, &assignments);
  } else if ((function = find_function(argv.items[0])) != NULL) {
    struct saved_fds saved = {.count = 0};
    status = apply_redirects(cmd->redirects, &saved) ? call_function(function, &argv) : 1;
    fflush(stdout);
    restore_fds(&saved);
  } else if ((builtin = find_builtin(argv.items[0])) != NULL) {
    /* Assignments before a builtin hold for it alone (`IFS=: read a b`),
     * but stay after a special builtin (`x=1 :`), as POSIX (XCU 2.9.1) says. */
    struct saved_var *hidden = NULL;
    bool special = is_special_builtin(argv.items[0]);
    for (size_t i = 0; i < assignments.len; i++) {
      const char *value;
      char *name = assignment_name(assignments.items[i], &value);
      if (!special) hidden = save_var(hidden, name);
      set_var(name, value);
      free(name);
    }
    struct saved_fds saved = {.count = 0};
    if (apply_redirects(cmd->redirects, &saved)) status = builtin((int)argv.len, argv.items);
    else status = 1;
    fflush(stdout); /* output buffered by the builtin belongs to its redirection */
    fflush(stderr);
    restore_fds(&saved);
    restore_vars(hidden);
  } else if (exit_after && !exit_trap_set()) {
    if (!apply_redirects(cmd->redirects, NULL)) leave(1);
    exec_external(argv.items, &assignments);
  } else {
    pid_t pid = fork_job();
    if (pid == 0) {
      if (!apply_redirects(cmd->redirects, NULL)) leave(1);
      exec_external(argv.items, &assignments);
    }
    status = pid < 0 ? 1 : wait_job(pid);
  }
  sl_free(&argv);
  sl_free(&assignments);
  return status;
}

/* ---- compound commands --------------------------------------------------- */

/* A condition's status: `set -e` does not apply inside it. */
static int run_condition(const struct and_or *list) {
  condition_depth++;
  int status = run_list(list, false);
  condition_depth--;
  return status;
}

/* After a loop body: true if the loop must end. A `continue` for this loop
 * is used up here; a break or continue for an outer loop passes on. */
static bool loop_should_end(void) {
  if (interrupted || pending_return) return true;
  if (pending_break) {
    pending_break--;
    return true;
  }
  if (pending_continue) {
    pending_continue--;
    return pending_continue > 0;
  }
  return false;
}

static int run_while(const struct command *cmd) {
  int status = 0;
  loop_depth++;
  for (;;) {
    int condition = run_condition(cmd->condition);
    if (stopping()) {
      if (loop_should_end()) break;
      continue;
    }
    if ((condition == 0) != (cmd->kind == COMMAND_WHILE)) break;
    status = run_list(cmd->body, false);
    if (loop_should_end()) break;
  }
  loop_depth--;
  return last_status = status;
}

static int run_for(const struct command *cmd) {
  struct strlist values;
  sl_init(&values);
  if (cmd->has_in) {
    for (size_t i = 0; i < cmd->words.len; i++) expand_word(cmd->words.items[i], &values);
  } else {
    for (int i = 1; i <= positional_count(); i++) sl_push(&values, xstrdup(positional(i)));
  }
  int status = 0;
  loop_depth++;
  for (size_t i = 0; i < values.len; i++) {
    set_var(cmd->name, values.items[i]);
    status = run_list(cmd->body, false);
    if (loop_should_end()) break;
  }
  loop_depth--;
  sl_free(&values);
  return last_status = status;
}

/* Does one of the item's patterns match the word? Patterns are expanded
 * only when tried, as POSIX says. */
static bool case_item_matches(const struct case_item *item, const char *word) {
  bool matched = false;
  for (size_t i = 0; i < item->patterns.len && !matched; i++) {
    char *pattern = expand_pattern(item->patterns.items[i]);
    matched = fnmatch(pattern, word, 0) == 0;
    free(pattern);
  }
  return matched;
}

/* case: the first item with a pattern that matches the word runs; no
 * match is status 0. An item ended by `;&` runs the next item's list as
 * well, untested; one ended by `;;&` goes on testing the items after it
 * (bash; POSIX 2024 has `;&`). */
static int run_case(const struct command *cmd) {
  char *word = expand_single(cmd->words.items[0]);
  int status = 0;
  const struct case_item *item = cmd->items;
  while (item && !stopping()) {
    if (!case_item_matches(item, word)) {
      item = item->next;
      continue;
    }
    for (;;) { /* this item's list, and those it falls through into */
      status = item->body ? run_list(item->body, false) : 0;
      if (item->end != CASE_FALL_THROUGH || !item->next || stopping()) break;
      item = item->next;
    }
    item = item->end == CASE_CONTINUE ? item->next : NULL;
  }
  free(word);
  return last_status = status;
}

static int run_if(const struct command *cmd) {
  int condition = run_condition(cmd->condition);
  if (stopping()) return condition;
  if (condition == 0) return run_list(cmd->body, false);
  if (cmd->otherwise) return run_list(cmd->otherwise, false);
  return last_status = 0;
}

/* ( list ): the same list, in a child, so that cd or variables inside do
 * not change this shell. */
static int run_subshell(const struct command *cmd, bool exit_after) {
  if (exit_after) leave(run_list(cmd->body, true));
  pid_t pid = fork_job();
  if (pid == 0) leave(run_list(cmd->body, true));
  return pid < 0 ? 1 : wait_job(pid);
}

static int run_command(const struct command *cmd, bool exit_after) {
  if (cmd->kind == COMMAND_SIMPLE) return run_simple(cmd, exit_after);
  struct saved_fds saved = {.count = 0};
  int status = 1;
  if (apply_redirects(cmd->redirects, &saved)) {
    switch (cmd->kind) {
      case COMMAND_IF: status = run_if(cmd); break;
      case COMMAND_WHILE:
      case COMMAND_UNTIL: status = run_while(cmd); break;
      case COMMAND_FOR: status = run_for(cmd); break;
      case COMMAND_CASE: status = run_case(cmd); break;
      case COMMAND_GROUP: status = run_list(cmd->body, exit_after && cmd->redirects == NULL); break;
      case COMMAND_SUBSHELL: status = run_subshell(cmd, exit_after && cmd->redirects == NULL); break;
      case COMMAND_FUNCTION:
        define_function(cmd->name, cmd->text);
        status = last_status = 0;
        break;
      default: break;
    }
  }
  fflush(stdout);
  restore_fds(&saved);
  return status;
}

/* ---- pipelines and lists ------------------------------------------------- */

static int run_pipeline(const struct pipeline *pl, bool exit_after) {
  const struct command *cmd = pl->commands;
  int status;
  if (cmd->next == NULL) {
    status = run_command(cmd, exit_after && !pl->negate);
    return pl->negate ? !status : status;
  }

  /* Every command in a child; with job control all in one process group,
   * led by the first. */
  pid_t pids[64];
  int count = 0;
  pid_t pgid = 0;
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
      become_job(pgid, true);
      if (previous_read >= 0) {
        dup2(previous_read, 0);
        close(previous_read);
      }
      if (cmd->next) {
        close(fds[0]);
        dup2(fds[1], 1);
        close(fds[1]);
      }
      leave(run_command(cmd, true));
    }
    if (pgid == 0) pgid = pid;
    place_in_group(pid, pgid);
    pids[count++] = pid;
    if (previous_read >= 0) close(previous_read);
    if (cmd->next) close(fds[1]);
    previous_read = fds[0];
  }
  if (previous_read >= 0) close(previous_read);

  /* The pipeline's status is its last command's. */
  if (count > 0) give_terminal(pgid);
  int wait_status = wait_foreground(pgid, pids, count, foreground_text);
  status = failed ? 1 : report(wait_status);
  take_terminal();
  return pl->negate ? !status : status;
}

static int run_and_or(const struct and_or *item, bool exit_after) {
  int status = 0;
  const char *outer_text = foreground_text; /* a function's body runs its own lists */
  for (const struct pipeline *pl = item->pipelines; pl; pl = pl->next) {
    bool run = pl->connector == RUN_ALWAYS || (pl->connector == RUN_IF_SUCCESS && status == 0) ||
               (pl->connector == RUN_IF_FAILURE && status != 0);
    if (!run) continue;
    bool last = pl->next == NULL;
    if (!last) condition_depth++; /* `false && x`: the false is a test */
    foreground_text = item->text;
    status = last_status = run_pipeline(pl, exit_after && last);
    if (!last) condition_depth--;
    if (stopping()) break;
    /* set -e: a failure that nothing was testing ends the shell. */
    if (last && status != 0 && opt_errexit && condition_depth == 0 && !pl->negate) shell_exit(status);
  }
  foreground_text = outer_text;
  return status;
}

/* cmd &: the list runs in a child; the shell goes on at once. */
static void run_background(const struct and_or *item) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "sh: fork: %s\n", strerror(errno));
    last_status = 1;
    return;
  }
  if (pid == 0) {
    become_job(0, false);
    leave(run_and_or(item, true));
  }
  place_in_group(pid, pid);
  int number = job_start(pid, item->text);
  if (interactive) fprintf(stderr, "[%d] %d\n", number, pid);
  last_status = 0;
}

int run_list(const struct and_or *list, bool exit_after) {
  for (; list && !stopping(); list = list->next) {
    if (list->background) {
      run_background(list);
    } else {
      run_and_or(list, exit_after && list->next == NULL);
      jobs_reap();
    }
    run_pending_traps(); /* between commands, never inside one */
  }
  if (exit_after) leave(last_status);
  return last_status;
}

int run_string(const char *text) {
  struct parser parser;
  parser_init(&parser, text);
  for (;;) {
    struct and_or *line;
    enum parse_status status = parse_line(&parser, &line);
    if (status == PARSE_END) break;
    if (status == PARSE_INCOMPLETE) {
      fprintf(stderr, "sh: syntax error: unexpected end of file\n");
      return last_status = 2;
    }
    if (status == PARSE_ERROR) return last_status = 2;
    run_list(line, false);
    free_and_or(line);
    if (stopping()) break; /* return, or a break for a loop around a function call */
  }
  return last_status;
}
