// The environment: `environ`, an array of "NAME=value" strings ending in NULL.
//
// At start-up environ points into the initial stack the kernel built. The
// first change that adds an entry copies the array to the heap, where it can
// grow. Strings we allocate are never freed: a caller may still hold a
// pointer from getenv(), and POSIX lets us leak here.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace {

char **heap_environ = nullptr;  // environ, once it lives on the heap
size_t heap_capacity = 0;       // entries heap_environ can hold, NULL included

size_t environ_count() {
  size_t n = 0;
  if (environ)
    while (environ[n]) ++n;
  return n;
}

// Does entry "NAME=value" have the name `name` of length `len`?
bool entry_has_name(const char *entry, const char *name, size_t len) {
  return strncmp(entry, name, len) == 0 && entry[len] == '=';
}

// Index of the entry for `name`, or -1.
long find_entry(const char *name, size_t len) {
  if (environ == nullptr) return -1;
  for (long i = 0; environ[i]; ++i)
    if (entry_has_name(environ[i], name, len)) return i;
  return -1;
}

bool valid_name(const char *name) { return name && name[0] && !strchr(name, '='); }

// Append one entry, moving environ to the heap (or growing it) first.
int append_entry(char *entry) {
  size_t count = environ_count();
  if (environ != heap_environ || count + 2 > heap_capacity) {
    size_t capacity = (count + 2) * 2;
    char **grown = static_cast<char **>(malloc(capacity * sizeof(char *)));
    if (grown == nullptr) return -1;
    if (count) memcpy(grown, environ, count * sizeof(char *));
    if (environ == heap_environ) free(heap_environ);
    heap_environ = grown;
    heap_capacity = capacity;
    environ = heap_environ;
  }
  environ[count] = entry;
  environ[count + 1] = nullptr;
  return 0;
}

}  // namespace

extern "C" {

char *getenv(const char *name) {
  size_t len = strlen(name);
  long i = find_entry(name, len);
  return i < 0 ? nullptr : environ[i] + len + 1;
}

int setenv(const char *name, const char *value, int overwrite) {
  if (!valid_name(name)) {
    errno = EINVAL;
    return -1;
  }
  size_t len = strlen(name);
  long i = find_entry(name, len);
  if (i >= 0 && !overwrite) return 0;

  size_t value_len = strlen(value);
  char *entry = static_cast<char *>(malloc(len + 1 + value_len + 1));
  if (entry == nullptr) return -1;
  memcpy(entry, name, len);
  entry[len] = '=';
  memcpy(entry + len + 1, value, value_len + 1);

  if (i >= 0) {
    environ[i] = entry;
    return 0;
  }
  if (append_entry(entry) < 0) {
    free(entry);
    return -1;
  }
  return 0;
}

// Removes every entry with that name (a hand-built environ may have two).
int unsetenv(const char *name) {
  if (!valid_name(name)) {
    errno = EINVAL;
    return -1;
  }
  size_t len = strlen(name);
  if (environ == nullptr) return 0;
  size_t out = 0;
  for (size_t in = 0; environ[in]; ++in)
    if (!entry_has_name(environ[in], name, len)) environ[out++] = environ[in];
  environ[out] = nullptr;
  return 0;
}

// putenv keeps the caller's string itself in the environment.
int putenv(char *string) {
  const char *equals = strchr(string, '=');
  if (equals == nullptr) return unsetenv(string);  // glibc: "NAME" alone removes
  size_t len = static_cast<size_t>(equals - string);
  if (len == 0) {
    errno = EINVAL;
    return -1;
  }
  long i = find_entry(string, len);
  if (i >= 0) {
    environ[i] = string;
    return 0;
  }
  return append_entry(string);
}

int clearenv(void) {
  if (environ != nullptr && environ == heap_environ) {
    environ[0] = nullptr;
  } else {
    environ = nullptr;
  }
  return 0;
}

}  // extern "C"
