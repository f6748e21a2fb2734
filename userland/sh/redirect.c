/* Redirections. See redirect.h. */
#include "redirect.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expand.h"
#include "strbuf.h"
#include "vars.h"

/* Keep a copy of fd, out of the way (>= 10) and closed on exec. */
static bool save_fd(struct saved_fds *saved, int fd) {
  if (saved == NULL) return true;
  if (saved->count == 16) {
    fprintf(stderr, "sh: too many redirections\n");
    return false;
  }
  saved->entries[saved->count].fd = fd;
  saved->entries[saved->count].copy = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  saved->count++;
  return true;
}

void restore_fds(struct saved_fds *saved) {
  while (saved->count > 0) {
    saved->count--;
    int fd = saved->entries[saved->count].fd;
    int copy = saved->entries[saved->count].copy;
    if (copy >= 0) {
      dup2(copy, fd);
      close(copy);
    } else {
      close(fd);
    }
  }
}

/* A here-document's text as a descriptor to read: a pipe when the text
 * fits in the pipe's buffer (so writing it cannot block), else a
 * temporary file, already unlinked. */
static int heredoc_source(const struct redirect *r) {
  char *text = r->quoted ? xstrdup(r->body) : expand_heredoc(r->body);
  size_t length = strlen(text);
  int fd = -1;
  int fds[2];
  if (length <= 4096 && pipe(fds) == 0) {
    write(fds[1], text, length);
    close(fds[1]);
    fd = fds[0];
  } else {
    char path[] = "/tmp/sh-heredoc-XXXXXX";
    fd = mkstemp(path);
    if (fd >= 0) {
      unlink(path);
      for (size_t done = 0; done < length;) {
        ssize_t n = write(fd, text + done, length - done);
        if (n <= 0) break;
        done += (size_t)n;
      }
      lseek(fd, 0, SEEK_SET);
    } else {
      fprintf(stderr, "sh: here-document: %s\n", strerror(errno));
    }
  }
  free(text);
  return fd;
}

/* `> file` under set -C: never truncates an existing regular file
 * (EEXIST, "sh: f: File exists"), but may still write to a device or a
 * FIFO (`> /dev/null`), as POSIX (XCU 2.7.2) allows and dash does. */
static int open_noclobber(const char *target) {
  struct stat st;
  if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) return open(target, O_WRONLY);
  return open(target, O_WRONLY | O_CREAT | O_EXCL, 0666);
}

/* Opens the file of < > >> >| <> or finds the descriptor of <& >&; returns a
 * descriptor to move onto r->fd, or -1 after printing why. */
static int redirect_source(const struct redirect *r, const char *target) {
  int fd;
  switch (r->op) {
    case REDIRECT_HEREDOC:
    case REDIRECT_HEREDOC_TABS:
      return heredoc_source(r);
    case REDIRECT_INPUT:
      fd = open(target, O_RDONLY);
      break;
    case REDIRECT_OUTPUT:
      fd = opt_noclobber ? open_noclobber(target) : open(target, O_WRONLY | O_CREAT | O_TRUNC, 0666);
      break;
    case REDIRECT_CLOBBER:
      fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0666);
      break;
    case REDIRECT_READ_WRITE:
      fd = open(target, O_RDWR | O_CREAT, 0666);
      break;
    case REDIRECT_APPEND:
      fd = open(target, O_WRONLY | O_CREAT | O_APPEND, 0666);
      break;
    default: { /* <& and >&: the target names a descriptor */
      char *end;
      long n = strtol(target, &end, 10);
      if (*target == '\0' || *end != '\0' || n < 0 || n > 1023) {
        fprintf(stderr, "sh: %s: bad file descriptor number\n", target);
        return -1;
      }
      if (fcntl((int)n, F_GETFD) < 0) {
        fprintf(stderr, "sh: %ld: %s\n", n, strerror(errno));
        return -1;
      }
      return (int)n;
    }
  }
  if (fd < 0) fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
  return fd;
}

/* The target of a redirection, expanded: one word, or NULL after an
 * "ambiguous redirect" when a pattern matched several files. */
static char *target_of(const struct redirect *r) {
  if (r->op == REDIRECT_HEREDOC || r->op == REDIRECT_HEREDOC_TABS) return xstrdup(r->target);
  struct strlist fields;
  sl_init(&fields);
  expand_redirect_target(r->target, &fields);
  char *target = NULL;
  if (fields.len > 1) {
    fprintf(stderr, "sh: %s: ambiguous redirect\n", r->target);
  } else {
    target = fields.len ? fields.items[0] : xstrdup(""); /* `> $unset` opens "" and fails */
    if (fields.len) fields.items[0] = NULL;
  }
  sl_free(&fields);
  return target;
}

bool apply_redirects(const struct redirect *r, struct saved_fds *saved) {
  for (; r; r = r->next) {
    char *target = target_of(r);
    if (target == NULL) return false;
    bool is_dup = r->op == REDIRECT_DUP_INPUT || r->op == REDIRECT_DUP_OUTPUT;
    if (is_dup && strcmp(target, "-") == 0) { /* n>&- closes n */
      free(target);
      if (!save_fd(saved, r->fd)) return false;
      close(r->fd);
      continue;
    }
    int source = redirect_source(r, target);
    free(target);
    if (source < 0 || !save_fd(saved, r->fd)) return false;
    if (source != r->fd) {
      dup2(source, r->fd);
      if (!is_dup) close(source);
    }
  }
  return true;
}
