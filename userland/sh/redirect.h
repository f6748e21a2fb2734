/* Redirections: applying `> file`, `2>&1`, `<<EOF` ... to the shell's
 * descriptors, and undoing them after a builtin or a compound command. */
#ifndef SH_REDIRECT_H
#define SH_REDIRECT_H

#include <stdbool.h>

#include "parser.h"

/* Descriptors that redirections replaced, to put back afterwards.
 * copy is a duplicate made before the change (-1: fd was not open). */
struct saved_fds {
  struct {
    int fd;
    int copy;
  } entries[16];
  int count;
};

/* Applies redirections in order; false after printing why one failed.
 * With `saved`, what they replace is kept so restore_fds() can undo them
 * (a builtin's redirections); with NULL they are for good (a child, exec). */
bool apply_redirects(const struct redirect *r, struct saved_fds *saved);
void restore_fds(struct saved_fds *saved);

#endif
