/* The lexer. See lexer.h. */
#include "lexer.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "strbuf.h"

void lexer_init(struct lexer *lx, const char *input) {
  lx->input = input;
  lx->pos = 0;
}

static bool ends_word(char c) { return c == '\0' || strchr(" \t\n;&|<>()", c) != NULL; }

static char peek(const struct lexer *lx, size_t ahead) {
  /* Never look past the terminating NUL. */
  for (size_t i = 0; i < ahead; i++)
    if (lx->input[lx->pos + i] == '\0') return '\0';
  return lx->input[lx->pos + ahead];
}

/* Skips blanks, comments and backslash-newline pairs between tokens. */
static void skip_blanks(struct lexer *lx) {
  for (;;) {
    char c = peek(lx, 0);
    if (c == ' ' || c == '\t') {
      lx->pos++;
    } else if (c == '\\' && peek(lx, 1) == '\n') {
      lx->pos += 2;
    } else if (c == '#') { /* a comment runs to the end of the line */
      while (peek(lx, 0) != '\0' && peek(lx, 0) != '\n') lx->pos++;
    } else {
      return;
    }
  }
}

size_t backquote_span(const char *s) {
  for (size_t i = 1; s[i]; i++) {
    if (s[i] == '\\' && s[i + 1]) i++;
    else if (s[i] == '`') return i + 1;
  }
  return 0;
}

size_t paren_span(const char *s) {
  int depth = 0;
  for (size_t i = 0; s[i]; i++) {
    char c = s[i];
    if (c == '\\') {
      if (s[i + 1] == '\0') return 0;
      i++;
    } else if (c == '\'') { /* '...' : nothing inside counts */
      const char *close = strchr(s + i + 1, '\'');
      if (close == NULL) return 0;
      i = (size_t)(close - s);
    } else if (c == '"') { /* "...": may hold escapes and $( ) of its own */
      for (i++; s[i] && s[i] != '"'; i++) {
        if (s[i] == '\\' && s[i + 1]) {
          i++;
        } else if (s[i] == '$' && s[i + 1] == '(') {
          size_t inner = paren_span(s + i + 1);
          if (inner == 0) return 0;
          i += inner;
        }
      }
      if (s[i] == '\0') return 0;
    } else if (c == '`') {
      size_t inner = backquote_span(s + i);
      if (inner == 0) return 0;
      i += inner - 1;
    } else if (c == '(') {
      depth++;
    } else if (c == ')') {
      if (--depth == 0) return i + 1;
    }
  }
  return 0;
}

/* Reads one raw word, keeping quotes and backslashes. */
static enum lex_status read_word(struct lexer *lx, struct strbuf *raw) {
  char quote = 0; /* the open quote character, if any */
  for (;;) {
    char c = peek(lx, 0);
    if (c == '\0') return quote ? LEX_INCOMPLETE : LEX_OK;
    if (!quote && ends_word(c)) return LEX_OK;

    if (c == '\\' && quote != '\'') {
      char next = peek(lx, 1);
      if (next == '\0') return LEX_INCOMPLETE;
      lx->pos += 2;
      if (next == '\n') continue; /* line continuation: both vanish */
      sb_addc(raw, c);
      sb_addc(raw, next);
      continue;
    }
    if (c == '$' && peek(lx, 1) == '{' && quote != '\'') {
      /* ${NAME...}: copy through the closing brace whatever it contains. */
      size_t end = lx->pos + 2;
      while (lx->input[end] != '\0' && lx->input[end] != '}') end++;
      if (lx->input[end] == '\0') return LEX_INCOMPLETE;
      sb_addn(raw, lx->input + lx->pos, end + 1 - lx->pos);
      lx->pos = end + 1;
      continue;
    }
    if ((c == '$' && peek(lx, 1) == '(') || (c == '`' && quote != '\'')) {
      if (c == '$' && quote == '\'') { /* literal inside '...' */
        sb_addc(raw, c);
        lx->pos++;
        continue;
      }
      /* A command substitution or arithmetic: copy it whole. */
      const char *s = lx->input + lx->pos;
      size_t span = c == '`' ? backquote_span(s) : paren_span(s + 1);
      if (span == 0) return LEX_INCOMPLETE;
      if (c == '$') span++; /* the '$' itself */
      sb_addn(raw, s, span);
      lx->pos += span;
      continue;
    }
    if (c == '\'' || c == '"') {
      if (!quote) quote = c;
      else if (quote == c) quote = 0;
    }
    sb_addc(raw, c);
    lx->pos++;
  }
}

static bool all_digits(const char *s) {
  if (*s == '\0') return false;
  for (; *s; s++)
    if (!isdigit((unsigned char)*s)) return false;
  return true;
}

/* Reads < > >> >| <> <& >& << <<- at the current position. */
static void read_redirect(struct lexer *lx, struct token *tok, int default_fd) {
  char c = peek(lx, 0);
  lx->pos++;
  tok->kind = TOKEN_REDIRECT;
  if (c == '<') {
    tok->fd = default_fd >= 0 ? default_fd : 0;
    tok->op = REDIRECT_INPUT;
    if (peek(lx, 0) == '&') {
      lx->pos++;
      tok->op = REDIRECT_DUP_INPUT;
    } else if (peek(lx, 0) == '>') {
      lx->pos++;
      tok->op = REDIRECT_READ_WRITE;
    } else if (peek(lx, 0) == '<') {
      lx->pos++;
      tok->op = REDIRECT_HEREDOC;
      if (peek(lx, 0) == '-') {
        lx->pos++;
        tok->op = REDIRECT_HEREDOC_TABS;
      }
    }
  } else {
    tok->fd = default_fd >= 0 ? default_fd : 1;
    tok->op = REDIRECT_OUTPUT;
    if (peek(lx, 0) == '>') {
      lx->pos++;
      tok->op = REDIRECT_APPEND;
    } else if (peek(lx, 0) == '&') {
      lx->pos++;
      tok->op = REDIRECT_DUP_OUTPUT;
    } else if (peek(lx, 0) == '|') {
      lx->pos++;
      tok->op = REDIRECT_CLOBBER;
    }
  }
}

enum lex_status lexer_next(struct lexer *lx, struct token *tok) {
  tok->text = NULL;
  skip_blanks(lx);
  tok->start = lx->pos;
  char c = peek(lx, 0);
  char next = peek(lx, 1);

  switch (c) {
    case '\0':
      tok->kind = TOKEN_END;
      return LEX_OK;
    case '\n':
      lx->pos++;
      tok->kind = TOKEN_NEWLINE;
      return LEX_OK;
    case ';': /* ; ;; and bash's ;& ;;& (POSIX 2024 has ;&) */
      if (next == '&') {
        lx->pos += 2;
        tok->kind = TOKEN_SEMI_AND;
      } else if (next == ';' && peek(lx, 2) == '&') {
        lx->pos += 3;
        tok->kind = TOKEN_DSEMI_AND;
      } else {
        lx->pos += next == ';' ? 2 : 1;
        tok->kind = next == ';' ? TOKEN_DSEMI : TOKEN_SEMICOLON;
      }
      return LEX_OK;
    case '(':
      lx->pos++;
      tok->kind = TOKEN_LPAREN;
      return LEX_OK;
    case ')':
      lx->pos++;
      tok->kind = TOKEN_RPAREN;
      return LEX_OK;
    case '&':
      lx->pos += next == '&' ? 2 : 1;
      tok->kind = next == '&' ? TOKEN_AND_IF : TOKEN_AMPERSAND;
      return LEX_OK;
    case '|':
      lx->pos += next == '|' ? 2 : 1;
      tok->kind = next == '|' ? TOKEN_OR_IF : TOKEN_PIPE;
      return LEX_OK;
    case '<':
    case '>':
      read_redirect(lx, tok, -1);
      return LEX_OK;
    default:
      break;
  }

  struct strbuf raw;
  sb_init(&raw);
  enum lex_status status = read_word(lx, &raw);
  if (status != LEX_OK) {
    sb_free(&raw);
    return status;
  }
  /* "2>file": digits directly followed by < or > name the descriptor. */
  c = peek(lx, 0);
  if ((c == '<' || c == '>') && raw.data && all_digits(raw.data) && strlen(raw.data) < 5) {
    int fd = 0;
    for (const char *d = raw.data; *d; d++) fd = fd * 10 + (*d - '0');
    sb_free(&raw);
    read_redirect(lx, tok, fd);
    return LEX_OK;
  }
  tok->kind = TOKEN_WORD;
  tok->text = sb_take(&raw);
  return LEX_OK;
}
