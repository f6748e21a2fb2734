/* Growable strings and string lists, and allocation that cannot fail
 * (sh gives up with a message when memory runs out). */
#ifndef SH_STRBUF_H
#define SH_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
  char *data; /* always NUL-terminated once anything was added */
  size_t len;
  size_t cap;
};

void sb_init(struct strbuf *sb);
void sb_addc(struct strbuf *sb, char c);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
/* Hands over the string (never NULL) and leaves sb empty. */
char *sb_take(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* A NULL-terminated array of malloc'd strings, ready to be an argv. */
struct strlist {
  char **items;
  size_t len;
  size_t cap;
};

void sl_init(struct strlist *sl);
void sl_push(struct strlist *sl, char *owned);
void sl_free(struct strlist *sl);

void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
