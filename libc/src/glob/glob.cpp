// glob(3) and globfree(3): the pathnames that match a pattern (POSIX XCU
// 2.13.3, "Patterns Used for Filename Expansion"), as glibc answers.
//
// The pattern is taken one '/'-separated part at a time, from the left.
// A part without wildcards is a name to step into as it is (no directory
// is read for it); a part with wildcards is matched with fnmatch(3)
// against each entry of the directory reached so far. The slashes are
// kept as written ("d//*.c" gives "d//a.c"), and a pattern ending in '/'
// matches directories only, with the '/' kept.
//
// glibc's choices, which we follow: ".*" matches "." and ".." too; a
// directory that cannot be opened is passed to errfunc (unless the reason
// is ENOTDIR: "a.c/*" simply matches nothing), and glob stops with
// GLOB_ABORTED if errfunc returns nonzero or GLOB_ERR is set; with
// GLOB_NOCHECK the pattern is returned exactly as given, backslashes and
// all; GLOB_MAGCHAR is set in gl_flags when the pattern had wildcards.
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

namespace {

using ErrorFunction = int (*)(const char *, int);

// A growable string: the path built so far.
struct Path {
  char *data = nullptr;
  size_t len = 0;
  size_t cap = 0;

  bool append(const char *s, size_t n) {
    if (len + n + 1 > cap) {
      size_t wanted = (len + n + 1) * 2;
      char *bigger = static_cast<char *>(realloc(data, wanted));
      if (bigger == nullptr) return false;
      data = bigger;
      cap = wanted;
    }
    memcpy(data + len, s, n);
    len += n;
    data[len] = '\0';
    return true;
  }
  void truncate(size_t n) {
    len = n;
    if (data) data[len] = '\0';
  }
  const char *c_str() const { return data ? data : ""; }
};

struct Globber {
  int flags;
  ErrorFunction errfunc;
  glob_t *g;
  size_t added = 0;  // names this call added to g

  bool escapes() const { return !(flags & GLOB_NOESCAPE); }

  int expand(Path &path, const char *rest);
  int expand_directory(Path &path, const char *part, size_t part_len, const char *slashes,
                       const char *next);
  int add(const char *name, size_t len, bool mark);
};

// Does the pattern part (n characters) hold a wildcard? "[" counts only
// with a ']' after it, as fnmatch treats a lone '[' as itself.
bool has_wildcard(const char *s, size_t n, bool escapes) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' && escapes) {
      i++;
    } else if (s[i] == '*' || s[i] == '?') {
      return true;
    } else if (s[i] == '[' && memchr(s + i + 1, ']', n - i - 1)) {
      return true;
    }
  }
  return false;
}

bool is_directory(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int compare_names(const void *a, const void *b) {
  return strcmp(*static_cast<char *const *>(a), *static_cast<char *const *>(b));
}

// Adds a copy of name (len characters) to g's list; with mark (GLOB_MARK)
// a directory gets a '/' unless it has one.
int Globber::add(const char *name, size_t len, bool mark) {
  bool slash = mark && (len == 0 || name[len - 1] != '/') && is_directory(name);
  char *copy = static_cast<char *>(malloc(len + slash + 1));
  // gl_offs NULLs, the names, and the final NULL.
  char **v = static_cast<char **>(realloc(g->gl_pathv, (g->gl_offs + g->gl_pathc + 2) * sizeof *v));
  if (copy == nullptr || v == nullptr) {
    free(copy);
    if (v) g->gl_pathv = v;
    return GLOB_NOSPACE;
  }
  g->gl_pathv = v;
  memcpy(copy, name, len);
  if (slash) copy[len++] = '/';
  copy[len] = '\0';
  v[g->gl_offs + g->gl_pathc++] = copy;
  v[g->gl_offs + g->gl_pathc] = nullptr;
  added++;
  return 0;
}

// path: what has matched so far, ending in its slashes (or empty); rest:
// the pattern still to match, starting with a part (never with '/').
int Globber::expand(Path &path, const char *rest) {
  size_t part_len = strcspn(rest, "/");
  const char *slashes = rest + part_len;
  const char *next = slashes + strspn(slashes, "/");
  size_t slash_count = (size_t)(next - slashes);
  size_t start = path.len;

  if (has_wildcard(rest, part_len, escapes())) {
    int r = expand_directory(path, rest, part_len, slashes, next);
    path.truncate(start);
    return r;
  }

  // A plain name: step into it, backslashes removed.
  for (size_t i = 0; i < part_len; i++) {
    if (rest[i] == '\\' && escapes() && i + 1 < part_len) i++;
    if (!path.append(rest + i, 1)) return GLOB_NOSPACE;
  }
  if (!path.append(slashes, slash_count)) return GLOB_NOSPACE;
  int r = 0;
  if (*next) {
    r = expand(path, next);
  } else {
    // The end of the pattern: the name must exist (a directory if the
    // pattern ends in '/').
    struct stat st;
    bool exists = slash_count ? is_directory(path.c_str()) : lstat(path.c_str(), &st) == 0;
    if (exists) r = add(path.c_str(), path.len, flags & GLOB_MARK);
  }
  path.truncate(start);
  return r;
}

// The part with wildcards: each entry of the directory `path` that
// matches it, followed by the slashes and the rest of the pattern.
int Globber::expand_directory(Path &path, const char *part, size_t part_len, const char *slashes,
                              const char *next) {
  size_t slash_count = (size_t)(next - slashes);
  char *pattern = strndup(part, part_len);
  if (pattern == nullptr) return GLOB_NOSPACE;

  // The directory's name for opendir and errfunc: "." for "", and without
  // its trailing slashes unless it is only slashes ("/").
  size_t dir_len = path.len;
  while (dir_len > 1 && path.data[dir_len - 1] == '/') dir_len--;
  char *dir_name = strndup(path.len ? path.data : ".", path.len ? dir_len : 1);
  if (dir_name == nullptr) {
    free(pattern);
    return GLOB_NOSPACE;
  }

  int r = 0;
  DIR *dir = opendir(dir_name);
  if (dir == nullptr) {
    if (errno != ENOTDIR && ((errfunc && errfunc(dir_name, errno)) || (flags & GLOB_ERR)))
      r = GLOB_ABORTED;
    free(pattern);
    free(dir_name);
    return r;
  }

  int match_flags = (escapes() ? 0 : FNM_NOESCAPE) | ((flags & GLOB_PERIOD) ? 0 : FNM_PERIOD);
  size_t start = path.len;
  struct dirent *entry;
  while (r == 0 && (entry = readdir(dir)) != nullptr) {
    if (fnmatch(pattern, entry->d_name, match_flags) != 0) continue;
    if (!path.append(entry->d_name, strlen(entry->d_name))) {
      r = GLOB_NOSPACE;
      break;
    }
    if (*next) {  // more parts: look inside (a file simply gives ENOTDIR)
      if (path.append(slashes, slash_count)) r = expand(path, next);
      else r = GLOB_NOSPACE;
    } else if (slash_count == 0) {
      r = add(path.c_str(), path.len, flags & GLOB_MARK);
    } else if (is_directory(path.c_str())) {  // "*/": directories only
      if (path.append(slashes, slash_count)) r = add(path.c_str(), path.len, false);
      else r = GLOB_NOSPACE;
    }
    path.truncate(start);
  }
  closedir(dir);
  free(pattern);
  free(dir_name);
  return r;
}

}  // namespace

extern "C" {

int glob(const char *pattern, int flags, int (*errfunc)(const char *, int), glob_t *g) {
  if (!(flags & GLOB_APPEND)) {
    g->gl_pathc = 0;
    g->gl_pathv = nullptr;
    if (!(flags & GLOB_DOOFFS)) g->gl_offs = 0;
  }
  size_t old_count = g->gl_pathc;
  if (g->gl_pathv == nullptr && g->gl_offs > 0) {
    // The gl_offs NULL slots exist even if nothing matches.
    g->gl_pathv = static_cast<char **>(calloc(g->gl_offs + 1, sizeof(char *)));
    if (g->gl_pathv == nullptr) return GLOB_NOSPACE;
  }
  bool escapes = !(flags & GLOB_NOESCAPE);
  g->gl_flags = flags | (has_wildcard(pattern, strlen(pattern), escapes) ? GLOB_MAGCHAR : 0);

  Globber globber{flags, errfunc, g};
  Path path;
  int r = 0;
  if (*pattern == '\0') {
    r = 0;  // matches nothing
  } else {
    const char *rest = pattern + strspn(pattern, "/");  // an absolute pattern starts at "/"
    if (!path.append(pattern, (size_t)(rest - pattern))) r = GLOB_NOSPACE;
    else if (*rest) r = globber.expand(path, rest);
    else r = globber.add(pattern, strlen(pattern), false);  // "/" alone
  }
  free(path.data);
  if (r != 0) return r;

  if (globber.added == 0) {
    if (!(flags & GLOB_NOCHECK)) return GLOB_NOMATCH;
    return globber.add(pattern, strlen(pattern), false);
  }
  if (!(flags & GLOB_NOSORT))
    qsort(g->gl_pathv + g->gl_offs + old_count, g->gl_pathc - old_count, sizeof(char *), compare_names);
  return 0;
}

void globfree(glob_t *g) {
  if (g->gl_pathv) {
    for (size_t i = 0; i < g->gl_pathc; i++) free(g->gl_pathv[g->gl_offs + i]);
    free(g->gl_pathv);
  }
  g->gl_pathv = nullptr;
  g->gl_pathc = 0;
}

}  // extern "C"
