/* sh: Tether's shell.
 *
 *   sh -c 'commands' [name [args...]]   run the string; $0 = name, $1... = args
 *   sh FILE [args...]                    run the file;   $0 = FILE
 *   sh                                   read commands from stdin; interactive
 *                                        (prompts, job control) when stdin and
 *                                        stderr are a terminal
 *
 * The work is split by stage: lexer.c (text to tokens), parser.c (tokens to
 * a tree), expand.c (words to arguments) with arith.c ($((...))), exec.c
 * (running), jobs.c (children, background jobs, job control), trap.c,
 * builtins.c, vars.c (variables). This file reads the input and drives
 * them. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"
#include "jobs.h"
#include "parser.h"
#include "strbuf.h"
#include "trap.h"
#include "vars.h"

static char *read_file(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return NULL;
  struct strbuf text;
  sb_init(&text);
  char chunk[4096];
  ssize_t n;
  while ((n = read(fd, chunk, sizeof chunk)) > 0) sb_addn(&text, chunk, (size_t)n);
  int error = errno;
  close(fd);
  if (n < 0) {
    sb_free(&text);
    errno = error;
    return NULL;
  }
  return sb_take(&text);
}

/* One line from fd 0, without its newline; NULL at end of input.
 * Byte by byte on purpose: a command started from this line may read the
 * rest of stdin itself, so the shell must not read ahead of its line. */
static char *read_line(void) {
  struct strbuf line;
  sb_init(&line);
  bool got_any = false;
  for (;;) {
    char c;
    ssize_t n = read(0, &c, 1);
    if (n < 0 && errno == EINTR) {
      run_pending_traps(); /* `trap 'echo hi' INT`, then Ctrl-C at the prompt */
      continue;
    }
    if (n <= 0) break;
    got_any = true;
    if (c == '\n') break;
    sb_addc(&line, c);
  }
  if (!got_any) {
    sb_free(&line);
    return NULL;
  }
  return sb_take(&line);
}

/* Commands from stdin. A command may span lines (an open quote, a trailing
 * |, && or ||, an if ... fi): the text is kept and parsed again with the
 * next line. */
static int run_stdin(void) {
  const char *prompt = geteuid() == 0 ? "# " : "$ ";
  struct strbuf pending;
  sb_init(&pending);
  for (;;) {
    if (interactive) {
      if (pending.len == 0) jobs_notify(); /* "[1]   Done   sleep 5" */
      fputs(pending.len ? "> " : prompt, stderr);
    }
    char *input = read_line();
    if (input == NULL) {
      if (pending.len) {
        fprintf(stderr, "sh: syntax error: unexpected end of file\n");
        if (!interactive) return 2;
      }
      if (interactive) fputs("\n", stderr);
      break;
    }
    sb_adds(&pending, input);
    sb_addc(&pending, '\n');
    free(input);

    struct parser parser;
    parser_init(&parser, pending.data);
    enum parse_status status;
    struct and_or *line;
    interrupted = false;
    while ((status = parse_line(&parser, &line)) == PARSE_OK) {
      run_list(line, false);
      free_and_or(line);
      if (interrupted) break; /* Ctrl-C: drop the rest of what was typed */
    }
    if (status == PARSE_INCOMPLETE) continue; /* keep `pending`, read more */
    if (status == PARSE_ERROR) {
      last_status = 2;
      if (!interactive) return 2;
    }
    sb_free(&pending);
  }
  sb_free(&pending);
  return last_status;
}

int main(int argc, char **argv) {
  shell_pid = getpid();
  /* IFS starts as space, tab, newline whatever the environment says, as in
   * dash and bash: a script must not split differently because of its caller. */
  unset_var("IFS");
  set_var("IFS", " \t\n");

  if (argc > 1 && strcmp(argv[1], "-c") == 0) {
    if (argc < 3) {
      fprintf(stderr, "sh: -c: option requires an argument\n");
      return 2;
    }
    /* $0 is the word after the string, if any; then $1 ... */
    if (argc > 3) set_positional(argc - 3, argv + 3);
    else set_positional(1, argv);
    shell_exit(run_string(argv[2]));
  }

  if (argc > 1) {
    char *text = read_file(argv[1]);
    if (text == NULL) {
      fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
      return 127;
    }
    set_positional(argc - 1, argv + 1);
    int status = run_string(text);
    free(text);
    shell_exit(status);
  }

  set_positional(1, argv);
  interactive = isatty(0) && isatty(2);
  if (interactive) job_control_init();
  int status = run_stdin();
  jobs_hang_up_stopped();
  shell_exit(status);
}
