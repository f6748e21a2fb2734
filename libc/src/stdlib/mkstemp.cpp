// mkstemp(3) and mkdtemp(3): create a file or directory with a new name.
// The template ends in "XXXXXX"; those six characters are replaced until
// the name is one that did not exist (O_EXCL / mkdir make that atomic).
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

namespace {

constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr int kAttempts = 1000;

// The six X's at the end of the template, or nullptr (EINVAL).
char *placeholder(char *name_template) {
  size_t length = strlen(name_template);
  if (length < 6 || strcmp(name_template + length - 6, "XXXXXX") != 0) {
    errno = EINVAL;
    return nullptr;
  }
  return name_template + length - 6;
}

// Not secret, only different each time: the clock, the pid, a counter.
void fill(char *x) {
  static unsigned long counter;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  unsigned long value = static_cast<unsigned long>(now.tv_nsec) ^
                        (static_cast<unsigned long>(getpid()) << 20) ^ (++counter * 7919);
  for (int i = 0; i < 6; ++i) {
    x[i] = kLetters[value % (sizeof kLetters - 1)];
    value = value / (sizeof kLetters - 1) + static_cast<unsigned long>(now.tv_sec) + counter;
  }
}

}  // namespace

extern "C" {

int mkstemp(char *name_template) {
  char *x = placeholder(name_template);
  if (x == nullptr) return -1;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    fill(x);
    int fd = open(name_template, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

char *mkdtemp(char *name_template) {
  char *x = placeholder(name_template);
  if (x == nullptr) return nullptr;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    fill(x);
    if (mkdir(name_template, 0700) == 0) return name_template;
    if (errno != EEXIST) return nullptr;
  }
  errno = EEXIST;
  return nullptr;
}

}  // extern "C"
