/* sh: Tether's shell.
 *
 *   sh -c 'commands' [name [args...]]   run the string; $0 = name, $1... = args
 *   sh FILE [args...]                    run the file;   $0 = FILE
 *   sh                                   read commands from stdin; interactive
 *                                        (with a prompt) when stdin is a terminal
 *
 * The work is split by stage: lexer.c (text to tokens), parser.c (tokens to
 * a tree), expand.c (words to arguments), exec.c (running), builtins.c,
 * vars.c (variables). This file reads the input and drives them. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"
#include "parser.h"
#include "strbuf.h"
#include "vars.h"

/* Runs a whole text (a -c string or a script file), one line at a time,
 * so that a later syntax error does not stop earlier lines from running.
 * A syntax error ends a non-interactive shell with status 2, as POSIX says. */
static int run_text(const char *text) {
  struct parser parser;
  parser_init(&parser, text);
  for (;;) {
    struct and_or *line;
    enum parse_status status = parse_line(&parser, &line);
    if (status == PARSE_END) break;
    if (status == PARSE_INCOMPLETE) {
      fprintf(stderr, "sh: syntax error: unexpected end of file\n");
      return 2;
    }
    if (status == PARSE_ERROR) return 2;
    run_line(line);
    free_and_or(line);
  }
  return last_status;
}

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
    if (n < 0 && errno == EINTR) continue;
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
 * |, && or ||): the text is kept and parsed again with the next line. */
static int run_stdin(bool interactive) {
  const char *prompt = getuid() == 0 ? "# " : "$ ";
  struct strbuf pending;
  sb_init(&pending);
  for (;;) {
    if (interactive) fputs(pending.len ? "> " : prompt, stderr);
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
    while ((status = parse_line(&parser, &line)) == PARSE_OK) {
      run_line(line);
      free_and_or(line);
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

  if (argc > 1 && strcmp(argv[1], "-c") == 0) {
    if (argc < 3) {
      fprintf(stderr, "sh: -c: option requires an argument\n");
      return 2;
    }
    /* $0 is the word after the string, if any; then $1 ... */
    if (argc > 3) set_positional(argc - 3, argv + 3);
    else set_positional(1, argv);
    return run_text(argv[2]);
  }

  if (argc > 1) {
    char *text = read_file(argv[1]);
    if (text == NULL) {
      fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
      return 127;
    }
    set_positional(argc - 1, argv + 1);
    int status = run_text(text);
    free(text);
    return status;
  }

  set_positional(1, argv);
  bool interactive = isatty(0) && isatty(2);
  if (interactive) {
    /* Ctrl-C and Ctrl-\ are for the command running, not for the shell. */
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
  }
  return run_stdin(interactive);
}
