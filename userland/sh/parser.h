/* The parser: tokens into a syntax tree, one complete command at a time.
 *
 *   line         := list (newline | end)
 *   list         := and_or ( (';' | '&') and_or )* [';' | '&']
 *   and_or       := pipeline ( ('&&' | '||') newline* pipeline )*
 *   pipeline     := ['!'] command ( '|' newline* command )*
 *   command      := simple | compound redirect*
 *   simple       := ( NAME=value )* ( word | redirect )+
 *   compound     := if list then list (elif list then list)* [else list] fi
 *                 | while list do list done      | until list do list done
 *                 | for NAME [in word*] do list done
 *                 | case word in [ ['('] word ('|' word)* ')' [list] (';;'|';&'|';;&') ]* esac
 *                        (the last item's ';;' may be left out; ';&' and
 *                        ';;&' are bash's fall-through and test-the-next)
 *                 | '{' list '}'                  | '(' list ')'
 *                 | NAME '(' ')' newline* compound     (a function definition)
 *
 * A here-document's lines follow the line its << is on; the parser reads
 * them when it passes that line's newline.
 *
 * Inside a compound command, newlines separate commands like ';' does, so
 * one "line" may span many lines of text. A reserved word (if, then, do,
 * done, '{', ...) is one only where a command starts, and only unquoted:
 * `echo done` prints "done".
 *
 * Words stay raw (quotes included); expand.c interprets them when the
 * command runs. */
#ifndef SH_PARSER_H
#define SH_PARSER_H

#include <stdbool.h>

#include "lexer.h"
#include "strbuf.h"

struct redirect {
  int fd;
  enum redirect_op op;
  char *target; /* raw word: a file name, a descriptor number for <& >&,
                   or a here-document's delimiter */
  char *body;   /* here-document: its lines, as written */
  bool quoted;  /* here-document: the delimiter was quoted, so no expansion */
  struct redirect *next;
};

enum command_kind {
  COMMAND_SIMPLE,   /* LANG=C ls -l > out */
  COMMAND_IF,       /* if condition; then body; else otherwise; fi */
  COMMAND_WHILE,    /* while condition; do body; done */
  COMMAND_UNTIL,    /* until condition; do body; done */
  COMMAND_FOR,      /* for name in words; do body; done */
  COMMAND_CASE,     /* case word in pattern|pattern) body;; ... esac */
  COMMAND_GROUP,    /* { body; } */
  COMMAND_SUBSHELL, /* ( body ) */
  COMMAND_FUNCTION, /* name() compound-command: defines a function */
};

struct and_or;

/* How an item of a case ends: what happens after its list ran. */
enum case_end {
  CASE_BREAK,        /* ;;  the case is done */
  CASE_FALL_THROUGH, /* ;&  the next item's list runs too, untested */
  CASE_CONTINUE,     /* ;;& the next items' patterns are tried */
};

/* One item of a case: its patterns (raw words) and its list (NULL if empty). */
struct case_item {
  struct strlist patterns;
  struct and_or *body;
  enum case_end end;
  struct case_item *next;
};

struct command {
  enum command_kind kind;
  struct strlist assignments; /* simple: raw "NAME=value" words before the name */
  struct strlist words;       /* simple: the raw words; for: the words after `in`;
                                 case: the word examined, alone */
  struct case_item *items;    /* case: the items, in order */
  struct redirect *redirects; /* in the order written */
  struct and_or *condition;   /* if, while, until */
  struct and_or *body;        /* then-part, loop body, group or subshell contents */
  struct and_or *otherwise;   /* if: the else part (an elif is an if inside it) */
  char *name;                 /* for: the variable; function: its name */
  char *text;                 /* function: the body's source text, parsed at each call */
  bool has_in;                /* for: false means `in "$@"` */
  struct command *next;       /* the next command in the same pipeline */
};

enum connector { RUN_ALWAYS, RUN_IF_SUCCESS /* && */, RUN_IF_FAILURE /* || */ };

/* Commands joined by |, possibly negated with !. */
struct pipeline {
  struct command *commands;
  bool negate;
  enum connector connector; /* how this pipeline follows the previous one */
  struct pipeline *next;
};

/* Pipelines joined by && and ||; one entry of a list. */
struct and_or {
  struct pipeline *pipelines;
  bool background; /* ended by '&' */
  char *text;      /* the command as typed, for job messages */
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
  enum parse_status failure; /* why the last parse_* returned NULL */
  /* Here-documents whose bodies start after the next newline. */
  struct redirect *heredocs[16];
  int heredoc_count;
  bool heredoc_unfinished; /* the text ended before a delimiter line */
};

void parser_init(struct parser *p, const char *text);
enum parse_status parse_line(struct parser *p, struct and_or **out);
void free_and_or(struct and_or *list);

#endif
