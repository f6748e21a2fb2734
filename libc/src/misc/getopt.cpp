// getopt(3): POSIX command-line option parsing, with glibc's messages.
// Options are single letters after '-', grouped ("-la") or not; a letter
// followed by ':' in optstring takes an argument ("-n 5" or "-n5"); "--"
// ends the options. Parsing stops at the first non-option (no permuting).
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern "C" {

char *optarg = nullptr;
int optind = 1;
int opterr = 1;
int optopt = 0;

}

namespace {

// Position inside a group like "-abc" between calls.
const char *next_char = nullptr;

}  // namespace

extern "C" int getopt(int argc, char *const argv[], const char *optstring) {
  optarg = nullptr;
  // A leading ':' asks for ':' on a missing argument and no messages.
  bool quiet = optstring[0] == ':';
  if (quiet) ++optstring;

  if (optind == 0) {  // glibc's way of asking for a restart
    optind = 1;
    next_char = nullptr;
  }
  if (next_char == nullptr || *next_char == '\0') {
    if (optind >= argc || argv[optind] == nullptr) return -1;
    const char *word = argv[optind];
    if (word[0] != '-' || word[1] == '\0') return -1;  // operand, or "-" alone
    if (strcmp(word, "--") == 0) {
      ++optind;
      return -1;
    }
    next_char = word + 1;
  }

  int letter = static_cast<unsigned char>(*next_char++);
  const char *spec = letter == ':' ? nullptr : strchr(optstring, letter);
  bool group_done = *next_char == '\0';

  if (spec == nullptr) {
    optopt = letter;
    if (opterr && !quiet) fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], letter);
    if (group_done) ++optind;
    return '?';
  }
  if (spec[1] != ':') {
    if (group_done) ++optind;
    return letter;
  }

  // The option takes an argument: the rest of this word, or the next word.
  if (!group_done) {
    optarg = const_cast<char *>(next_char);
    ++optind;
  } else if (optind + 1 < argc) {
    optarg = argv[optind + 1];
    optind += 2;
  } else {
    ++optind;
    next_char = nullptr;
    optopt = letter;
    if (quiet) return ':';
    if (opterr) fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], letter);
    return '?';
  }
  next_char = nullptr;
  return letter;
}
