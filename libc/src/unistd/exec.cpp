// The exec family on top of execve(2). execvp searches PATH the way
// POSIX describes: a name with a slash is used as is; otherwise each PATH
// entry is tried in turn, and an empty entry means the current directory.
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace {

// Used when PATH is unset, as glibc and the POSIX rationale suggest.
constexpr const char *kDefaultPath = "/bin:/usr/bin";

}  // namespace

extern "C" {

int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }

int execvpe(const char *file, char *const argv[], char *const envp[]) {
  if (file[0] == '\0') {
    errno = ENOENT;
    return -1;
  }
  if (strchr(file, '/')) return execve(file, argv, envp);

  const char *path = getenv("PATH");
  if (path == nullptr) path = kDefaultPath;
  size_t file_len = strlen(file);
  if (file_len > NAME_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }

  // Remember EACCES: if some entry had the file but we may not run it, that
  // is a better answer than the ENOENT of the last entry.
  bool saw_eacces = false;
  char candidate[PATH_MAX];
  for (const char *dir = path;; ) {
    const char *end = strchrnul(dir, ':');
    size_t dir_len = static_cast<size_t>(end - dir);
    if (dir_len + 1 + file_len + 1 <= sizeof candidate) {
      char *p = candidate;
      if (dir_len == 0) {
        *p++ = '.';
      } else {
        memcpy(p, dir, dir_len);
        p += dir_len;
      }
      *p++ = '/';
      memcpy(p, file, file_len + 1);
      execve(candidate, argv, envp);
      switch (errno) {
        case EACCES:
          saw_eacces = true;
          break;
        case ENOENT:
        case ENOTDIR:
        case ENAMETOOLONG:
        case ELOOP:
          break;  // not here: try the next entry
        default:
          return -1;  // found but cannot run (ENOEXEC, E2BIG, ENOMEM, ...)
      }
    }
    if (*end == '\0') break;
    dir = end + 1;
  }
  errno = saw_eacces ? EACCES : ENOENT;
  return -1;
}

int execvp(const char *file, char *const argv[]) { return execvpe(file, argv, environ); }

}  // extern "C"

// The list forms gather their arguments into an argv on the stack.
namespace {

constexpr int kMaxListArgs = 256;

// Fills argv from arg0 and the variadic arguments up to the NULL; returns
// false (E2BIG) if there are too many. *ap is left just after the NULL,
// where execle finds envp.
bool collect_args(const char *arg0, va_list *ap, char **argv) {
  int count = 0;
  for (const char *arg = arg0; arg != nullptr; arg = va_arg(*ap, const char *)) {
    if (count == kMaxListArgs) {
      errno = E2BIG;
      return false;
    }
    argv[count++] = const_cast<char *>(arg);
  }
  argv[count] = nullptr;
  return true;
}

}  // namespace

extern "C" {

int execl(const char *path, const char *arg0, ...) {
  char *argv[kMaxListArgs + 1];
  va_list ap;
  va_start(ap, arg0);
  bool ok = collect_args(arg0, &ap, argv);
  va_end(ap);
  return ok ? execve(path, argv, environ) : -1;
}

int execlp(const char *file, const char *arg0, ...) {
  char *argv[kMaxListArgs + 1];
  va_list ap;
  va_start(ap, arg0);
  bool ok = collect_args(arg0, &ap, argv);
  va_end(ap);
  return ok ? execvp(file, argv) : -1;
}

int execle(const char *path, const char *arg0, ...) {
  char *argv[kMaxListArgs + 1];
  va_list ap;
  va_start(ap, arg0);
  bool ok = collect_args(arg0, &ap, argv);
  char *const *envp = ok ? va_arg(ap, char *const *) : nullptr;
  va_end(ap);
  return ok ? execve(path, argv, envp) : -1;
}

}  // extern "C"
