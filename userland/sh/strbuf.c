/* Growable strings and string lists for sh. */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *xmalloc(size_t size) { return xrealloc(NULL, size); }

void *xrealloc(void *p, size_t size) {
  p = realloc(p, size ? size : 1);
  if (p == NULL) {
    static const char message[] = "sh: out of memory\n";
    write(2, message, sizeof message - 1);
    _exit(2);
  }
  return p;
}

char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

void sb_init(struct strbuf *sb) {
  sb->data = NULL;
  sb->len = sb->cap = 0;
}

void sb_addn(struct strbuf *sb, const char *s, size_t n) {
  if (sb->len + n + 1 > sb->cap) {
    sb->cap = (sb->len + n + 1) * 2;
    sb->data = xrealloc(sb->data, sb->cap);
  }
  memcpy(sb->data + sb->len, s, n);
  sb->len += n;
  sb->data[sb->len] = '\0';
}

void sb_addc(struct strbuf *sb, char c) { sb_addn(sb, &c, 1); }

void sb_adds(struct strbuf *sb, const char *s) { sb_addn(sb, s, strlen(s)); }

char *sb_take(struct strbuf *sb) {
  char *s = sb->data ? sb->data : xstrdup("");
  sb_init(sb);
  return s;
}

void sb_free(struct strbuf *sb) {
  free(sb->data);
  sb_init(sb);
}

void sl_init(struct strlist *sl) {
  sl->items = xmalloc(sizeof(char *));
  sl->items[0] = NULL;
  sl->len = 0;
  sl->cap = 1;
}

void sl_push(struct strlist *sl, char *owned) {
  if (sl->len + 2 > sl->cap) {
    sl->cap = (sl->len + 2) * 2;
    sl->items = xrealloc(sl->items, sl->cap * sizeof(char *));
  }
  sl->items[sl->len++] = owned;
  sl->items[sl->len] = NULL;
}

void sl_free(struct strlist *sl) {
  for (size_t i = 0; i < sl->len; i++) free(sl->items[i]);
  free(sl->items);
  sl->items = NULL;
  sl->len = sl->cap = 0;
}
