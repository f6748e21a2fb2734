/* The lexer: turns shell text into tokens.
 *
 * Words keep their quotes and backslashes exactly as typed ("raw"); they are
 * interpreted later, at expansion time (expand.c), because what $VAR means
 * depends on when the command runs, not when it was read. */
#ifndef SH_LEXER_H
#define SH_LEXER_H

#include <stddef.h>

enum token_kind {
  TOKEN_WORD,
  TOKEN_NEWLINE,
  TOKEN_SEMICOLON, /* ; */
  TOKEN_AND_IF,    /* && */
  TOKEN_OR_IF,     /* || */
  TOKEN_PIPE,      /* | */
  TOKEN_AMPERSAND, /* & (recognized so it can be refused clearly) */
  TOKEN_REDIRECT,  /* [n]< [n]> [n]>> [n]<& [n]>& */
  TOKEN_END,       /* end of the input */
};

enum redirect_op {
  REDIRECT_INPUT,      /* <  file */
  REDIRECT_OUTPUT,     /* >  file */
  REDIRECT_APPEND,     /* >> file */
  REDIRECT_DUP_INPUT,  /* <& n */
  REDIRECT_DUP_OUTPUT, /* >& n */
};

struct token {
  enum token_kind kind;
  char *text;            /* TOKEN_WORD: the raw word (malloc'd) */
  enum redirect_op op;   /* TOKEN_REDIRECT */
  int fd;                /* TOKEN_REDIRECT: the descriptor redirected */
};

enum lex_status {
  LEX_OK,
  LEX_INCOMPLETE, /* the input stops inside a quote or after a backslash */
};

struct lexer {
  const char *input;
  size_t pos;
};

void lexer_init(struct lexer *lx, const char *input);
enum lex_status lexer_next(struct lexer *lx, struct token *tok);

#endif
