/* The parser: tokens into a small syntax tree, one line at a time.
 *
 *   line      := and_or ( ';' and_or )* [';'] (newline | end)
 *   and_or    := pipeline ( ('&&' | '||') newline* pipeline )*
 *   pipeline  := command ( '|' newline* command )*
 *   command   := ( NAME=value )* ( word | redirect )+
 *
 * Words stay raw (quotes included); expand.c interprets them when the
 * command runs. */
#ifndef SH_PARSER_H
#define SH_PARSER_H

#include "lexer.h"
#include "strbuf.h"

struct redirect {
  int fd;
  enum redirect_op op;
  char *target; /* raw word: a file name, or a descriptor number for <& >& */
  struct redirect *next;
};

/* A simple command, e.g. `LANG=C ls -l > out`. */
struct command {
  struct strlist assignments; /* raw "NAME=value" words before the command name */
  struct strlist words;       /* raw words: the command name and its arguments */
  struct redirect *redirects; /* in the order written */
  struct command *next;       /* the next command in the same pipeline */
};

enum connector { RUN_ALWAYS, RUN_IF_SUCCESS /* && */, RUN_IF_FAILURE /* || */ };

/* Pipelines joined by && and ||: `a | b && c || d`. */
struct pipeline {
  struct command *commands;
  enum connector connector; /* how this pipeline follows the previous one */
  struct pipeline *next;
};

/* One entry of a ';'-separated list. */
struct and_or {
  struct pipeline *pipelines;
  struct and_or *next;
};

enum parse_status {
  PARSE_OK,         /* *out is a line (NULL for an empty line) */
  PARSE_END,        /* no more input */
  PARSE_INCOMPLETE, /* the text stops mid-command: more input may complete it */
  PARSE_ERROR,      /* syntax error, already reported on stderr */
};

struct parser {
  struct lexer lexer;
  struct token current;
  int have_token;
};

void parser_init(struct parser *p, const char *text);
enum parse_status parse_line(struct parser *p, struct and_or **out);
/* After PARSE_ERROR: skip the rest of the bad line. */
void parser_skip_line(struct parser *p);
void free_and_or(struct and_or *list);

#endif
