/* The parser. See parser.h for the grammar.
 *
 * Every parse_* function returns what it built, or NULL after setting
 * p->failure: PARSE_INCOMPLETE when the text ran out (an interactive
 * shell then reads another line and parses again from the start), or
 * PARSE_ERROR after printing the syntax error. */
#include "parser.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void parser_init(struct parser *p, const char *text) {
  lexer_init(&p->lexer, text);
  p->have_token = 0;
  p->failure = PARSE_OK;
  p->heredoc_count = 0;
  p->heredoc_unfinished = false;
}

/* ---- tokens ------------------------------------------------------------ */

/* The lookahead token, read on demand; NULL (incomplete) if the lexer
 * ran out of text inside a quote or a here-document. */
static struct token *peek(struct parser *p) {
  if (p->heredoc_unfinished) {
    p->failure = PARSE_INCOMPLETE;
    return NULL;
  }
  if (!p->have_token) {
    if (lexer_next(&p->lexer, &p->current) != LEX_OK) {
      p->failure = PARSE_INCOMPLETE;
      return NULL;
    }
    p->have_token = 1;
  }
  return &p->current;
}

/* The delimiter of a here-document: its word without quotes. */
static char *delimiter_of(const char *word) {
  struct strbuf sb;
  sb_init(&sb);
  for (const char *c = word; *c; c++) {
    if (*c == '\\' && c[1]) sb_addc(&sb, *++c);
    else if (*c != '\'' && *c != '"') sb_addc(&sb, *c);
  }
  return sb_take(&sb);
}

/* Right after a newline: the bodies of the pending here-documents, line by
 * line from the lexer's position, each up to its delimiter line. */
static void read_heredoc_bodies(struct parser *p) {
  const char *input = p->lexer.input;
  for (int i = 0; i < p->heredoc_count; i++) {
    struct redirect *r = p->heredocs[i];
    char *delimiter = delimiter_of(r->target);
    struct strbuf body;
    sb_init(&body);
    for (;;) {
      const char *line = input + p->lexer.pos;
      if (*line == '\0') { /* no delimiter line (yet) */
        p->heredoc_unfinished = true;
        free(delimiter);
        sb_free(&body);
        return;
      }
      size_t length = strcspn(line, "\n");
      p->lexer.pos += length + (line[length] == '\n');
      if (r->op == REDIRECT_HEREDOC_TABS)
        while (length > 0 && *line == '\t') line++, length--;
      if (length == strlen(delimiter) && strncmp(line, delimiter, length) == 0) break;
      sb_addn(&body, line, length);
      sb_addc(&body, '\n');
    }
    free(delimiter);
    r->body = sb_take(&body);
  }
  p->heredoc_count = 0;
}

static void consume(struct parser *p) {
  bool newline = p->current.kind == TOKEN_NEWLINE;
  free(p->current.text); /* callers keep text by taking it first */
  p->have_token = 0;
  if (newline && p->heredoc_count > 0) read_heredoc_bodies(p);
}

/* Takes the current word's text out of the token, then consumes it. */
static char *take_word(struct parser *p) {
  char *text = p->current.text;
  p->current.text = NULL;
  consume(p);
  return text;
}

static const char *token_name(const struct token *tok) {
  switch (tok->kind) {
    case TOKEN_NEWLINE: return "newline";
    case TOKEN_SEMICOLON: return ";";
    case TOKEN_DSEMI: return ";;";
    case TOKEN_SEMI_AND: return ";&";
    case TOKEN_DSEMI_AND: return ";;&";
    case TOKEN_AND_IF: return "&&";
    case TOKEN_OR_IF: return "||";
    case TOKEN_PIPE: return "|";
    case TOKEN_AMPERSAND: return "&";
    case TOKEN_LPAREN: return "(";
    case TOKEN_RPAREN: return ")";
    case TOKEN_REDIRECT: return "redirection";
    case TOKEN_END: return "end of file";
    default: return tok->text;
  }
}

/* Reports tok as unexpected; at the end of the text that means "incomplete". */
static void *fail_at(struct parser *p, const struct token *tok) {
  if (tok->kind == TOKEN_END) {
    p->failure = PARSE_INCOMPLETE;
  } else {
    fprintf(stderr, "sh: syntax error near unexpected %s\n", token_name(tok));
    p->failure = PARSE_ERROR;
  }
  return NULL;
}

/* Is tok the unquoted reserved word `word`? */
static bool is_word(const struct token *tok, const char *word) {
  return tok->kind == TOKEN_WORD && strcmp(tok->text, word) == 0;
}

/* ;; ;& ;;& */
static bool ends_case_item(const struct token *tok) {
  return tok->kind == TOKEN_DSEMI || tok->kind == TOKEN_SEMI_AND || tok->kind == TOKEN_DSEMI_AND;
}

/* Words that end a list inside a compound command. */
static bool ends_list(const struct token *tok) {
  static const char *const words[] = {"then", "else", "elif", "fi", "do", "done", "}", "esac", NULL};
  if (tok->kind == TOKEN_END || tok->kind == TOKEN_RPAREN || ends_case_item(tok)) return true;
  for (int i = 0; words[i]; i++)
    if (is_word(tok, words[i])) return true;
  return false;
}

/* Consumes the reserved word `word`, or fails. */
static bool expect(struct parser *p, const char *word) {
  struct token *tok = peek(p);
  if (tok == NULL) return false;
  if (!is_word(tok, word)) {
    fail_at(p, tok);
    return false;
  }
  consume(p);
  return true;
}

/* Skips newlines; false if the text ends (or breaks) meanwhile. */
static bool skip_newlines(struct parser *p) {
  struct token *tok;
  while ((tok = peek(p)) != NULL && tok->kind == TOKEN_NEWLINE) consume(p);
  return tok != NULL;
}

/* ---- freeing ------------------------------------------------------------- */

static void free_redirects(struct redirect *r) {
  while (r) {
    struct redirect *next = r->next;
    free(r->target);
    free(r->body);
    free(r);
    r = next;
  }
}

static void free_case_items(struct case_item *item) {
  while (item) {
    struct case_item *next = item->next;
    sl_free(&item->patterns);
    free_and_or(item->body);
    free(item);
    item = next;
  }
}

static void free_commands(struct command *cmd) {
  while (cmd) {
    struct command *next = cmd->next;
    free_case_items(cmd->items);
    sl_free(&cmd->assignments);
    sl_free(&cmd->words);
    free_redirects(cmd->redirects);
    free_and_or(cmd->condition);
    free_and_or(cmd->body);
    free_and_or(cmd->otherwise);
    free(cmd->name);
    free(cmd->text);
    free(cmd);
    cmd = next;
  }
}

static void free_pipelines(struct pipeline *pl) {
  while (pl) {
    struct pipeline *next = pl->next;
    free_commands(pl->commands);
    free(pl);
    pl = next;
  }
}

void free_and_or(struct and_or *list) {
  while (list) {
    struct and_or *next = list->next;
    free_pipelines(list->pipelines);
    free(list->text);
    free(list);
    list = next;
  }
}

static struct command *new_command(enum command_kind kind) {
  struct command *cmd = xmalloc(sizeof *cmd);
  memset(cmd, 0, sizeof *cmd);
  cmd->kind = kind;
  sl_init(&cmd->assignments);
  sl_init(&cmd->words);
  return cmd;
}

/* ---- lists --------------------------------------------------------------- */

static struct and_or *parse_and_or(struct parser *p);

/* The text of the command from `start` to `end`, trailing blanks dropped. */
static char *command_text(struct parser *p, size_t start, size_t end) {
  while (end > start && strchr(" \t\n", p->lexer.input[end - 1])) end--;
  char *text = xmalloc(end - start + 1);
  memcpy(text, p->lexer.input + start, end - start);
  text[end - start] = '\0';
  return text;
}

/* A list. At the top (nested false) it ends at a newline or the end of the
 * text, which the caller consumes; inside a compound command newlines
 * separate commands and the list ends before a word like `then` or `done`. */
static struct and_or *parse_list(struct parser *p, bool nested) {
  struct and_or *head = NULL, **last = &head;
  struct token *tok;
  for (;;) {
    if (nested && !skip_newlines(p)) goto fail;
    if ((tok = peek(p)) == NULL) goto fail;
    if (nested ? ends_list(tok) : (tok->kind == TOKEN_NEWLINE || tok->kind == TOKEN_END)) break;
    size_t start = tok->start;
    struct and_or *item = parse_and_or(p);
    if (item == NULL) goto fail;
    *last = item;
    last = &item->next;
    if ((tok = peek(p)) == NULL) goto fail;
    item->text = command_text(p, start, tok->start); /* for job messages, foreground ones too (Ctrl-Z) */
    if (tok->kind == TOKEN_AMPERSAND) {
      item->background = true;
      consume(p);
    } else if (tok->kind == TOKEN_SEMICOLON || (nested && tok->kind == TOKEN_NEWLINE)) {
      consume(p);
    } else {
      break;
    }
  }
  if (nested && head == NULL) { /* `if then`, `{ }`: a list needs a command */
    fail_at(p, tok);
    goto fail;
  }
  return head;

fail:
  free_and_or(head);
  return NULL;
}

/* ---- commands ------------------------------------------------------------ */

/* NAME=... with a valid, unquoted NAME. */
static bool is_assignment(const char *raw) {
  if (!(isalpha((unsigned char)raw[0]) || raw[0] == '_')) return false;
  for (const char *c = raw; *c; c++) {
    if (*c == '=') return true;
    if (!(isalnum((unsigned char)*c) || *c == '_')) return false;
  }
  return false;
}

static bool is_name(const char *s) {
  if (!(isalpha((unsigned char)*s) || *s == '_')) return false;
  for (; *s; s++)
    if (!(isalnum((unsigned char)*s) || *s == '_')) return false;
  return true;
}

/* A redirection: the current token is TOKEN_REDIRECT. */
static bool parse_redirect(struct parser *p, struct redirect ***last) {
  struct redirect *r = xmalloc(sizeof *r);
  *r = (struct redirect){.fd = p->current.fd, .op = p->current.op};
  **last = r;
  *last = &r->next;
  consume(p);
  struct token *tok = peek(p);
  if (tok == NULL) return false;
  if (tok->kind != TOKEN_WORD) {
    fail_at(p, tok);
    return false;
  }
  r->target = take_word(p);
  if (r->op == REDIRECT_HEREDOC || r->op == REDIRECT_HEREDOC_TABS) {
    if (p->heredoc_count == 16) {
      fprintf(stderr, "sh: too many here-documents on one line\n");
      p->failure = PARSE_ERROR;
      return false;
    }
    r->quoted = strpbrk(r->target, "'\"\\") != NULL;
    p->heredocs[p->heredoc_count++] = r;
  }
  return true;
}

static struct command *parse_command(struct parser *p);

/* NAME ( ) body: the current token is the '('. The body is kept as text,
 * from its first token to the token after it. */
static struct command *parse_function(struct parser *p, char *name) {
  struct command *cmd = new_command(COMMAND_FUNCTION);
  cmd->name = name;
  consume(p);
  struct token *tok = peek(p);
  if (tok == NULL) goto fail;
  if (tok->kind != TOKEN_RPAREN) {
    fail_at(p, tok);
    goto fail;
  }
  consume(p);
  if (!skip_newlines(p) || (tok = peek(p)) == NULL) goto fail;
  size_t start = tok->start;
  struct command *body = parse_command(p);
  if (body == NULL) goto fail;
  bool compound = body->kind != COMMAND_SIMPLE;
  free_commands(body);
  if (p->heredoc_count > 0) { /* its lines would come after the body's text */
    fprintf(stderr, "sh: %s: put a here-document's lines inside the function's braces\n", name);
    p->failure = PARSE_ERROR;
    goto fail;
  }
  if (!compound) {
    fprintf(stderr, "sh: %s: a function body must be a compound command, like { ...; }\n", name);
    p->failure = PARSE_ERROR;
    goto fail;
  }
  if ((tok = peek(p)) == NULL) goto fail;
  cmd->text = command_text(p, start, tok->start);
  return cmd;

fail:
  free_commands(cmd);
  return NULL;
}

static struct command *parse_simple(struct parser *p) {
  struct command *cmd = new_command(COMMAND_SIMPLE);
  struct redirect **last_redirect = &cmd->redirects;
  struct token *tok;
  for (;;) {
    if ((tok = peek(p)) == NULL) goto fail;
    if (tok->kind == TOKEN_LPAREN && cmd->words.len == 1 && cmd->assignments.len == 0 &&
        cmd->redirects == NULL && is_name(cmd->words.items[0])) {
      char *name = xstrdup(cmd->words.items[0]);
      free_commands(cmd);
      return parse_function(p, name);
    }
    if (tok->kind == TOKEN_WORD) {
      char *text = take_word(p);
      if (cmd->words.len == 0 && is_assignment(text)) sl_push(&cmd->assignments, text);
      else sl_push(&cmd->words, text);
    } else if (tok->kind == TOKEN_REDIRECT) {
      if (!parse_redirect(p, &last_redirect)) goto fail;
    } else {
      break;
    }
  }
  if (cmd->words.len == 0 && cmd->assignments.len == 0 && cmd->redirects == NULL) {
    fail_at(p, tok);
    goto fail;
  }
  return cmd;

fail:
  free_commands(cmd);
  return NULL;
}

/* After `if` (or `elif`): condition, then-part, and an elif/else/fi. */
static struct command *parse_if_rest(struct parser *p) {
  struct command *cmd = new_command(COMMAND_IF);
  if ((cmd->condition = parse_list(p, true)) == NULL || !expect(p, "then") ||
      (cmd->body = parse_list(p, true)) == NULL)
    goto fail;
  struct token *tok = peek(p);
  if (tok == NULL) goto fail;
  if (is_word(tok, "elif")) {
    consume(p);
    /* elif is an if inside the else part; it reads the shared `fi`. */
    struct command *inner = parse_if_rest(p);
    if (inner == NULL) goto fail;
    struct pipeline *pl = xmalloc(sizeof *pl);
    *pl = (struct pipeline){.commands = inner, .connector = RUN_ALWAYS};
    cmd->otherwise = xmalloc(sizeof *cmd->otherwise);
    *cmd->otherwise = (struct and_or){.pipelines = pl};
    return cmd;
  }
  if (is_word(tok, "else")) {
    consume(p);
    if ((cmd->otherwise = parse_list(p, true)) == NULL) goto fail;
  }
  if (!expect(p, "fi")) goto fail;
  return cmd;

fail:
  free_commands(cmd);
  return NULL;
}

/* while/until: the keyword is the current token. */
static struct command *parse_loop(struct parser *p, enum command_kind kind) {
  consume(p);
  struct command *cmd = new_command(kind);
  if ((cmd->condition = parse_list(p, true)) == NULL || !expect(p, "do") ||
      (cmd->body = parse_list(p, true)) == NULL || !expect(p, "done")) {
    free_commands(cmd);
    return NULL;
  }
  return cmd;
}

/* for NAME [in WORD...] ; do LIST done. In the word list, `do` is a plain
 * word: only a ';' or a newline ends it. */
static struct command *parse_for(struct parser *p) {
  consume(p);
  struct command *cmd = new_command(COMMAND_FOR);
  struct token *tok = peek(p);
  if (tok == NULL) goto fail;
  if (tok->kind != TOKEN_WORD || !is_name(tok->text)) {
    fail_at(p, tok);
    goto fail;
  }
  cmd->name = take_word(p);
  if (!skip_newlines(p) || (tok = peek(p)) == NULL) goto fail;
  if (is_word(tok, "in")) {
    consume(p);
    cmd->has_in = true;
    while ((tok = peek(p)) != NULL && tok->kind == TOKEN_WORD) sl_push(&cmd->words, take_word(p));
    if (tok == NULL) goto fail;
    if (tok->kind != TOKEN_SEMICOLON && tok->kind != TOKEN_NEWLINE) {
      fail_at(p, tok);
      goto fail;
    }
    consume(p);
  } else if (tok->kind == TOKEN_SEMICOLON) {
    consume(p);
  }
  if (!skip_newlines(p) || !expect(p, "do") || (cmd->body = parse_list(p, true)) == NULL ||
      !expect(p, "done"))
    goto fail;
  return cmd;

fail:
  free_commands(cmd);
  return NULL;
}

/* case WORD in ... esac: `case` is the current token. Newlines may come
 * before `in`, between items and before `esac`; an item's list may be
 * empty (`*) ;;`). */
static struct command *parse_case(struct parser *p) {
  consume(p);
  struct command *cmd = new_command(COMMAND_CASE);
  struct case_item **last = &cmd->items;
  struct token *tok = peek(p);
  if (tok == NULL) goto fail;
  if (tok->kind != TOKEN_WORD) {
    fail_at(p, tok);
    goto fail;
  }
  sl_push(&cmd->words, take_word(p));
  if (!skip_newlines(p) || !expect(p, "in")) goto fail;
  for (;;) {
    if (!skip_newlines(p) || (tok = peek(p)) == NULL) goto fail;
    if (is_word(tok, "esac")) break;
    struct case_item *item = xmalloc(sizeof *item);
    *item = (struct case_item){0};
    sl_init(&item->patterns);
    *last = item;
    last = &item->next;
    if (tok->kind == TOKEN_LPAREN) { /* the optional '(' of `(a|b)` */
      consume(p);
      if ((tok = peek(p)) == NULL) goto fail;
    }
    /* pattern ( '|' pattern )* ')' */
    for (;;) {
      if (tok->kind != TOKEN_WORD) {
        fail_at(p, tok);
        goto fail;
      }
      sl_push(&item->patterns, take_word(p));
      if ((tok = peek(p)) == NULL) goto fail;
      if (tok->kind == TOKEN_RPAREN) break;
      if (tok->kind != TOKEN_PIPE) {
        fail_at(p, tok);
        goto fail;
      }
      consume(p);
      if ((tok = peek(p)) == NULL) goto fail;
    }
    consume(p);
    if (!skip_newlines(p) || (tok = peek(p)) == NULL) goto fail;
    if (!ends_case_item(tok) && !is_word(tok, "esac") && (item->body = parse_list(p, true)) == NULL) goto fail;
    if ((tok = peek(p)) == NULL) goto fail;
    if (ends_case_item(tok)) {
      item->end = tok->kind == TOKEN_SEMI_AND ? CASE_FALL_THROUGH
                  : tok->kind == TOKEN_DSEMI_AND ? CASE_CONTINUE
                                                 : CASE_BREAK;
      consume(p);
    } else if (!is_word(tok, "esac")) {
      fail_at(p, tok);
      goto fail;
    }
  }
  consume(p); /* esac */
  return cmd;

fail:
  free_commands(cmd);
  return NULL;
}

/* { list } and ( list ): the opening token is current. */
static struct command *parse_group(struct parser *p, enum command_kind kind) {
  consume(p);
  struct command *cmd = new_command(kind);
  if ((cmd->body = parse_list(p, true)) == NULL) goto fail;
  struct token *tok = peek(p);
  if (tok == NULL) goto fail;
  if (kind == COMMAND_GROUP ? !is_word(tok, "}") : tok->kind != TOKEN_RPAREN) {
    fail_at(p, tok);
    goto fail;
  }
  consume(p);
  return cmd;

fail:
  free_commands(cmd);
  return NULL;
}

static struct command *parse_command(struct parser *p) {
  struct token *tok = peek(p);
  if (tok == NULL) return NULL;
  struct command *cmd;
  if (is_word(tok, "if")) {
    consume(p);
    cmd = parse_if_rest(p);
  } else if (is_word(tok, "while")) {
    cmd = parse_loop(p, COMMAND_WHILE);
  } else if (is_word(tok, "until")) {
    cmd = parse_loop(p, COMMAND_UNTIL);
  } else if (is_word(tok, "for")) {
    cmd = parse_for(p);
  } else if (is_word(tok, "case")) {
    cmd = parse_case(p);
  } else if (is_word(tok, "{")) {
    cmd = parse_group(p, COMMAND_GROUP);
  } else if (tok->kind == TOKEN_LPAREN) {
    cmd = parse_group(p, COMMAND_SUBSHELL);
  } else if (ends_list(tok) && tok->kind != TOKEN_END) {
    return fail_at(p, tok); /* `then`, `fi`, ... where a command should be */
  } else {
    return parse_simple(p);
  }
  if (cmd == NULL) return NULL;

  /* A compound command may be followed by redirections: `done < file`. */
  struct redirect **last = &cmd->redirects;
  while ((tok = peek(p)) != NULL && tok->kind == TOKEN_REDIRECT) {
    if (!parse_redirect(p, &last)) break;
  }
  if (tok == NULL || p->failure != PARSE_OK) {
    free_commands(cmd);
    return NULL;
  }
  return cmd;
}

/* ---- pipelines and and-or lists ----------------------------------------- */

/* Newlines may follow |, && and ||: the command continues on the next line. */
static bool skip_newlines_after_operator(struct parser *p) {
  if (!skip_newlines(p)) return false;
  if (p->current.kind == TOKEN_END) {
    p->failure = PARSE_INCOMPLETE;
    return false;
  }
  return true;
}

static struct pipeline *parse_pipeline(struct parser *p) {
  struct pipeline *pl = xmalloc(sizeof *pl);
  *pl = (struct pipeline){.connector = RUN_ALWAYS};
  struct token *tok = peek(p);
  if (tok && is_word(tok, "!")) {
    pl->negate = true;
    consume(p);
  }
  struct command **last = &pl->commands;
  for (;;) {
    if ((*last = parse_command(p)) == NULL) goto fail;
    last = &(*last)->next;
    if ((tok = peek(p)) == NULL) goto fail;
    if (tok->kind != TOKEN_PIPE) break;
    consume(p);
    if (!skip_newlines_after_operator(p)) goto fail;
  }
  return pl;

fail:
  free_pipelines(pl);
  return NULL;
}

static struct and_or *parse_and_or(struct parser *p) {
  struct and_or *item = xmalloc(sizeof *item);
  *item = (struct and_or){0};
  struct pipeline **last = &item->pipelines;
  enum connector connector = RUN_ALWAYS;
  for (;;) {
    if ((*last = parse_pipeline(p)) == NULL) goto fail;
    (*last)->connector = connector;
    last = &(*last)->next;
    struct token *tok = peek(p);
    if (tok == NULL) goto fail;
    if (tok->kind == TOKEN_AND_IF) connector = RUN_IF_SUCCESS;
    else if (tok->kind == TOKEN_OR_IF) connector = RUN_IF_FAILURE;
    else break;
    consume(p);
    if (!skip_newlines_after_operator(p)) goto fail;
  }
  return item;

fail:
  free_and_or(item);
  return NULL;
}

enum parse_status parse_line(struct parser *p, struct and_or **out) {
  *out = NULL;
  p->failure = PARSE_OK;
  struct token *tok = peek(p);
  if (tok == NULL) return PARSE_INCOMPLETE;
  if (tok->kind == TOKEN_END) return PARSE_END;
  struct and_or *line = parse_list(p, false);
  if (p->failure != PARSE_OK) return p->failure;
  tok = peek(p);
  if (tok == NULL) {
    free_and_or(line);
    return PARSE_INCOMPLETE;
  }
  if (tok->kind == TOKEN_NEWLINE) {
    consume(p); /* reads the here-documents of this line, if any */
  } else if (tok->kind != TOKEN_END) {
    free_and_or(line);
    fail_at(p, tok);
    return PARSE_ERROR;
  }
  if (p->heredoc_unfinished || p->heredoc_count > 0) { /* `cat <<EOF` and no body yet */
    free_and_or(line);
    return PARSE_INCOMPLETE;
  }
  *out = line;
  return PARSE_OK;
}
