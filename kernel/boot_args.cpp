#include "kernel/boot_args.h"

#include "kernel/lib/string.h"

namespace boot_args {
namespace {
char line[512];
bool is_quiet = false;
bool onlcr = true;

bool word_is(const char* word, size_t len, const char* expected) {
  return strlen(expected) == len && strncmp(word, expected, len) == 0;
}
}  // namespace

void parse(const char* command_line) {
  strlcpy(line, command_line, sizeof line);
  for (const char* p = line; *p;) {
    while (*p == ' ') p++;
    const char* word = p;
    while (*p && *p != ' ') p++;
    size_t len = size_t(p - word);
    if (word_is(word, len, "quiet")) is_quiet = true;
    if (word_is(word, len, "tty.onlcr=0")) onlcr = false;
    if (word_is(word, len, "tty.onlcr=1")) onlcr = true;
  }
}

const char* command_line() { return line; }
bool quiet() { return is_quiet; }
bool tty_onlcr() { return onlcr; }
}  // namespace boot_args
