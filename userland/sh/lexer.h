/* The lexer: turns shell text into tokens.
 *
 * Words keep their quotes and backslashes exactly as typed ("raw"); they are
 * interpreted later, at expansion time (expand.c), because what $VAR means
 * depends on when the command runs, not when it was read. A $(...), $((...))
 * or `...` inside a word is kept whole, however many blanks or parentheses
 * it holds.
 *
 * Reserved words (if, then, while, ...) are ordinary TOKEN_WORDs here: only
 * the parser knows whether a word stands where a command starts, the one
 * place `if` means if. */
#ifndef SH_LEXER_H
#define SH_LEXER_H

#include <stddef.h>

enum token_kind {
  TOKEN_WORD,
  TOKEN_NEWLINE,
  TOKEN_SEMICOLON, /* ; */
  TOKEN_DSEMI,     /* ;; (ends an item of `case`) */
  TOKEN_SEMI_AND,  /* ;& (ends an item of `case`: fall through into the next) */
  TOKEN_DSEMI_AND, /* ;;& (ends an item of `case`: go on testing patterns) */
  TOKEN_AND_IF,    /* && */
  TOKEN_OR_IF,     /* || */
  TOKEN_PIPE,      /* | */
  TOKEN_AMPERSAND, /* & */
  TOKEN_LPAREN,    /* ( */
  TOKEN_RPAREN,    /* ) */
  TOKEN_REDIRECT,  /* [n]< [n]> [n]>> [n]>| [n]<> [n]<& [n]>& [n]<< [n]<<- */
  TOKEN_END,       /* end of the input */
};

enum redirect_op {
  REDIRECT_INPUT,      /* <  file */
  REDIRECT_OUTPUT,     /* >  file */
  REDIRECT_APPEND,     /* >> file */
  REDIRECT_CLOBBER,    /* >| file: as >, even with set -C */
  REDIRECT_READ_WRITE, /* <> file: read and write, created if missing */
  REDIRECT_DUP_INPUT,  /* <& n */
  REDIRECT_DUP_OUTPUT, /* >& n */
  REDIRECT_HEREDOC,    /* << WORD: the lines up to WORD (the parser reads them) */
  REDIRECT_HEREDOC_TABS, /* <<- WORD: the same, leading tabs removed */
};

struct token {
  enum token_kind kind;
  char *text;          /* TOKEN_WORD: the raw word (malloc'd) */
  enum redirect_op op; /* TOKEN_REDIRECT */
  int fd;              /* TOKEN_REDIRECT: the descriptor redirected */
  size_t start;        /* where the token begins in the input */
};

enum lex_status {
  LEX_OK,
  LEX_INCOMPLETE, /* the input stops inside a quote, a $( ) or after a backslash */
};

struct lexer {
  const char *input;
  size_t pos;
};

void lexer_init(struct lexer *lx, const char *input);
enum lex_status lexer_next(struct lexer *lx, struct token *tok);

/* s points at the '(' of "$(" or "$(("; returns the length up to and
 * including the matching ')', or 0 if the text ends first. Quotes and
 * nested parentheses inside are skipped over. */
size_t paren_span(const char *s);

/* s points at an opening backquote; returns the length up to and including
 * the closing one, or 0 if there is none. */
size_t backquote_span(const char *s);

#endif
