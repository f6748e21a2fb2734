// realpath(3): the canonical absolute name of a file, with every ".",
// ".." and symbolic link resolved, built one component at a time.
//
// `done` holds the resolved prefix (always absolute, no trailing slash
// except for "/"), `todo` the components still to walk. A symbolic link's
// target replaces the link's component at the front of `todo`, and starts
// again from "/" if it is absolute. Every component must exist.
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr int kMaxLinks = 40;  // Linux's limit before ELOOP

// Drops the last component of an absolute path ("/a/b" to "/a", "/a" to "/").
void drop_last(char *path) {
  char *slash = strrchr(path, '/');
  if (slash == path) path[1] = '\0';
  else *slash = '\0';
}

}  // namespace

extern "C" char *realpath(const char *path, char *resolved) {
  if (path == nullptr) {
    errno = EINVAL;
    return nullptr;
  }
  if (path[0] == '\0') {
    errno = ENOENT;
    return nullptr;
  }
  char done[PATH_MAX];
  char todo[PATH_MAX];
  if (strlen(path) >= sizeof todo) {
    errno = ENAMETOOLONG;
    return nullptr;
  }
  strcpy(todo, path);
  if (path[0] == '/') strcpy(done, "/");
  else if (getcwd(done, sizeof done) == nullptr) return nullptr;

  int links = 0;
  char *rest = todo;
  while (*rest) {
    // The next component: rest[0, length).
    while (*rest == '/') ++rest;
    if (*rest == '\0') break;
    size_t length = strcspn(rest, "/");
    if (length == 1 && rest[0] == '.') {
      rest += 1;
      continue;
    }
    if (length == 2 && rest[0] == '.' && rest[1] == '.') {
      drop_last(done);
      rest += 2;
      continue;
    }
    size_t done_length = strlen(done);
    size_t slash = done_length > 1 ? 1 : 0;  // "/" already ends in one
    if (done_length + slash + length >= sizeof done) {
      errno = ENAMETOOLONG;
      return nullptr;
    }
    if (slash) done[done_length] = '/';
    memcpy(done + done_length + slash, rest, length);
    done[done_length + slash + length] = '\0';
    rest += length;

    struct stat st;
    if (lstat(done, &st) < 0) return nullptr;
    if (S_ISLNK(st.st_mode)) {
      if (++links > kMaxLinks) {
        errno = ELOOP;
        return nullptr;
      }
      char target[PATH_MAX];
      ssize_t n = readlink(done, target, sizeof target - 1);
      if (n < 0) return nullptr;
      target[n] = '\0';
      // The new `todo` is the link's target followed by what was left.
      size_t rest_length = strlen(rest);
      if (static_cast<size_t>(n) + rest_length + 1 > sizeof todo) {
        errno = ENAMETOOLONG;
        return nullptr;
      }
      memmove(todo + n, rest, rest_length + 1);
      memcpy(todo, target, static_cast<size_t>(n));
      rest = todo;
      if (target[0] == '/') strcpy(done, "/");
      else drop_last(done);
    } else if (*rest == '/' && !S_ISDIR(st.st_mode)) {
      errno = ENOTDIR;  // "file/..." : a file cannot have components under it
      return nullptr;
    }
  }

  if (resolved == nullptr) return strdup(done);
  strcpy(resolved, done);
  return resolved;
}
