// dirname(3) and basename(3), POSIX's versions from <libgen.h>: both may
// write into `path` (to cut trailing slashes), and both treat NULL and ""
// as ".".
#include <libgen.h>
#include <string.h>

namespace {

char dot[] = ".";

}  // namespace

extern "C" {

char *basename(char *path) {
  if (path == nullptr || *path == '\0') return dot;
  size_t end = strlen(path);
  while (end > 1 && path[end - 1] == '/') path[--end] = '\0';  // "a/b/" is "b"
  char *slash = strrchr(path, '/');
  if (slash == nullptr || slash[1] == '\0') return path;  // "name", or "/"
  return slash + 1;
}

char *dirname(char *path) {
  if (path == nullptr || *path == '\0') return dot;
  size_t end = strlen(path);
  while (end > 1 && path[end - 1] == '/') --end;  // trailing slashes
  while (end > 0 && path[end - 1] != '/') --end;  // the last component
  if (end == 0) return dot;                       // "name": no directory part
  while (end > 1 && path[end - 1] == '/') --end;  // the slashes before it
  path[end] = '\0';
  return path;
}

}  // extern "C"
