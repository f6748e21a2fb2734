/* The parser. See parser.h for the grammar. */
#include "parser.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void parser_init(struct parser *p, const char *text) {
  lexer_init(&p->lexer, text);
  p->have_token = 0;
}

/* The lookahead token, read on demand. LEX_INCOMPLETE sticks: every later
 * peek sees it too, so the parse unwinds as "incomplete". */
static enum lex_status peek_token(struct parser *p, struct token **tok) {
  if (!p->have_token) {
    if (lexer_next(&p->lexer, &p->current) != LEX_OK) return LEX_INCOMPLETE;
    p->have_token = 1;
  }
  *tok = &p->current;
  return LEX_OK;
}

static void consume(struct parser *p) {
  free(p->current.text); /* callers keep text by taking it first */
  p->have_token = 0;
}

static const char *token_name(const struct token *tok) {
  switch (tok->kind) {
    case TOKEN_NEWLINE: return "newline";
    case TOKEN_SEMICOLON: return ";";
    case TOKEN_AND_IF: return "&&";
    case TOKEN_OR_IF: return "||";
    case TOKEN_PIPE: return "|";
    case TOKEN_AMPERSAND: return "&";
    case TOKEN_REDIRECT: return "redirection";
    case TOKEN_END: return "end of file";
    default: return tok->text;
  }
}

static enum parse_status syntax_error(const struct token *tok) {
  if (tok->kind == TOKEN_AMPERSAND)
    fprintf(stderr, "sh: background jobs (&) are not supported\n");
  else
    fprintf(stderr, "sh: syntax error near unexpected %s\n", token_name(tok));
  return PARSE_ERROR;
}

/* NAME=... with a valid, unquoted NAME. */
static bool is_assignment(const char *raw) {
  if (!(isalpha((unsigned char)raw[0]) || raw[0] == '_')) return false;
  for (const char *c = raw; *c; c++) {
    if (*c == '=') return true;
    if (!(isalnum((unsigned char)*c) || *c == '_')) return false;
  }
  return false;
}

static void free_command(struct command *cmd) {
  while (cmd) {
    struct command *next = cmd->next;
    sl_free(&cmd->assignments);
    sl_free(&cmd->words);
    for (struct redirect *r = cmd->redirects, *rn; r; r = rn) {
      rn = r->next;
      free(r->target);
      free(r);
    }
    free(cmd);
    cmd = next;
  }
}

static void free_pipeline(struct pipeline *pl) {
  while (pl) {
    struct pipeline *next = pl->next;
    free_command(pl->commands);
    free(pl);
    pl = next;
  }
}

void free_and_or(struct and_or *list) {
  while (list) {
    struct and_or *next = list->next;
    free_pipeline(list->pipelines);
    free(list);
    list = next;
  }
}

static enum parse_status parse_command(struct parser *p, struct command **out) {
  struct command *cmd = xmalloc(sizeof *cmd);
  sl_init(&cmd->assignments);
  sl_init(&cmd->words);
  cmd->redirects = NULL;
  cmd->next = NULL;
  struct redirect **last_redirect = &cmd->redirects;
  struct token *tok;

  for (;;) {
    if (peek_token(p, &tok) != LEX_OK) goto incomplete;
    if (tok->kind == TOKEN_WORD) {
      char *text = tok->text;
      tok->text = NULL;
      consume(p);
      if (cmd->words.len == 0 && is_assignment(text)) sl_push(&cmd->assignments, text);
      else sl_push(&cmd->words, text);
    } else if (tok->kind == TOKEN_REDIRECT) {
      struct redirect *r = xmalloc(sizeof *r);
      r->fd = tok->fd;
      r->op = tok->op;
      r->target = NULL;
      r->next = NULL;
      *last_redirect = r;
      last_redirect = &r->next;
      consume(p);
      if (peek_token(p, &tok) != LEX_OK) goto incomplete;
      if (tok->kind != TOKEN_WORD) {
        enum parse_status status = tok->kind == TOKEN_END ? PARSE_INCOMPLETE : syntax_error(tok);
        free_command(cmd);
        return status;
      }
      r->target = tok->text;
      tok->text = NULL;
      consume(p);
    } else {
      break;
    }
  }
  if (cmd->words.len == 0 && cmd->assignments.len == 0 && cmd->redirects == NULL) {
    free_command(cmd);
    return syntax_error(tok);
  }
  *out = cmd;
  return PARSE_OK;

incomplete:
  free_command(cmd);
  return PARSE_INCOMPLETE;
}

/* Newlines may follow |, && and ||: the command continues on the next line.
 * Running out of input there means "incomplete". */
static enum parse_status skip_newlines_after_operator(struct parser *p) {
  struct token *tok;
  for (;;) {
    if (peek_token(p, &tok) != LEX_OK || tok->kind == TOKEN_END) return PARSE_INCOMPLETE;
    if (tok->kind != TOKEN_NEWLINE) return PARSE_OK;
    consume(p);
  }
}

static enum parse_status parse_pipeline(struct parser *p, struct pipeline **out) {
  struct pipeline *pl = xmalloc(sizeof *pl);
  pl->commands = NULL;
  pl->connector = RUN_ALWAYS;
  pl->next = NULL;
  struct command **last = &pl->commands;
  for (;;) {
    enum parse_status status = parse_command(p, last);
    if (status != PARSE_OK) {
      free_pipeline(pl);
      return status;
    }
    last = &(*last)->next;
    struct token *tok;
    if (peek_token(p, &tok) != LEX_OK) {
      free_pipeline(pl);
      return PARSE_INCOMPLETE;
    }
    if (tok->kind != TOKEN_PIPE) break;
    consume(p);
    if ((status = skip_newlines_after_operator(p)) != PARSE_OK) {
      free_pipeline(pl);
      return status;
    }
  }
  *out = pl;
  return PARSE_OK;
}

static enum parse_status parse_and_or(struct parser *p, struct and_or **out) {
  struct and_or *item = xmalloc(sizeof *item);
  item->pipelines = NULL;
  item->next = NULL;
  struct pipeline **last = &item->pipelines;
  enum connector connector = RUN_ALWAYS;
  for (;;) {
    enum parse_status status = parse_pipeline(p, last);
    if (status != PARSE_OK) {
      free_and_or(item);
      return status;
    }
    (*last)->connector = connector;
    last = &(*last)->next;
    struct token *tok;
    if (peek_token(p, &tok) != LEX_OK) {
      free_and_or(item);
      return PARSE_INCOMPLETE;
    }
    if (tok->kind == TOKEN_AND_IF) connector = RUN_IF_SUCCESS;
    else if (tok->kind == TOKEN_OR_IF) connector = RUN_IF_FAILURE;
    else break;
    consume(p);
    if ((status = skip_newlines_after_operator(p)) != PARSE_OK) {
      free_and_or(item);
      return status;
    }
  }
  *out = item;
  return PARSE_OK;
}

enum parse_status parse_line(struct parser *p, struct and_or **out) {
  *out = NULL;
  struct and_or **last = out;
  struct token *tok;
  if (peek_token(p, &tok) != LEX_OK) return PARSE_INCOMPLETE;
  if (tok->kind == TOKEN_END) return PARSE_END;
  if (tok->kind == TOKEN_NEWLINE) { /* an empty line */
    consume(p);
    return PARSE_OK;
  }
  for (;;) {
    enum parse_status status = parse_and_or(p, last);
    if (status != PARSE_OK) {
      free_and_or(*out);
      *out = NULL;
      return status;
    }
    last = &(*last)->next;
    if (peek_token(p, &tok) != LEX_OK) {
      free_and_or(*out);
      *out = NULL;
      return PARSE_INCOMPLETE;
    }
    if (tok->kind == TOKEN_SEMICOLON) {
      consume(p);
      if (peek_token(p, &tok) != LEX_OK) {
        free_and_or(*out);
        *out = NULL;
        return PARSE_INCOMPLETE;
      }
      if (tok->kind == TOKEN_NEWLINE || tok->kind == TOKEN_END) break; /* "a;" is fine */
      continue;
    }
    break;
  }
  if (tok->kind == TOKEN_NEWLINE) {
    consume(p);
  } else if (tok->kind != TOKEN_END) {
    free_and_or(*out);
    *out = NULL;
    return syntax_error(tok);
  }
  return PARSE_OK;
}

void parser_skip_line(struct parser *p) {
  struct token *tok;
  while (peek_token(p, &tok) == LEX_OK && tok->kind != TOKEN_END) {
    enum token_kind kind = tok->kind;
    consume(p);
    if (kind == TOKEN_NEWLINE) return;
  }
}
