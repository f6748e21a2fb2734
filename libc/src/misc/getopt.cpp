// getopt(3): command-line option parsing, as glibc does it, messages
// included. Options are single letters after '-', grouped ("-la") or not;
// a letter followed by ':' in optstring takes an argument ("-n 5" or
// "-n5"); "--" ends the options.
//
// Like glibc, and unlike POSIX's strict reading, getopt permutes: options
// after operands still count (`ls /tmp -l` is `ls -l /tmp`), because that
// is what a student used to Linux types. getopt moves the operands it
// skips behind the options, so once it returns -1 argv[optind..] holds the
// operands in their order. POSIX's behaviour (stop at the first operand)
// comes with a '+' at the start of optstring or with POSIXLY_CORRECT set in
// the environment: a program that takes a command to run (env, nice) needs
// it, or the command's options would be taken as its own. A '-' at the
// start returns each operand in place as if it were option 1, with
// optarg pointing to it.
#include <stdio.h>
#include <stdlib.h>
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

// The operands skipped so far: argv[first_operand..last_operand).
int first_operand = 1;
int last_operand = 1;

bool is_operand(const char *word) { return word[0] != '-' || word[1] == '\0'; }

void reverse(char **argv, int from, int to) {
  for (--to; from < to; ++from, --to) {
    char *word = argv[from];
    argv[from] = argv[to];
    argv[to] = word;
  }
}

// Moves the skipped operands behind the options parsed since them:
// [operands)[options) becomes [options)[operands), by three reversals.
void move_operands_behind(char **argv) {
  reverse(argv, first_operand, last_operand);
  reverse(argv, last_operand, optind);
  reverse(argv, first_operand, optind);
  first_operand += optind - last_operand;
  last_operand = optind;
}

}  // namespace

extern "C" int getopt(int argc, char *const argv_in[], const char *optstring) {
  // glibc's prototype says const, and glibc permutes anyway; so do we.
  char **argv = const_cast<char **>(argv_in);
  optarg = nullptr;
  bool in_order = optstring[0] == '-';
  bool stop_at_operand = optstring[0] == '+' || getenv("POSIXLY_CORRECT") != nullptr;
  if (optstring[0] == '+' || optstring[0] == '-') ++optstring;
  // A leading ':' asks for ':' on a missing argument and no messages.
  bool quiet = optstring[0] == ':';
  if (quiet) ++optstring;

  if (optind == 0) {  // glibc's way of asking for a restart
    optind = 1;
    next_char = nullptr;
  }
  if (next_char == nullptr || *next_char == '\0') {
    // A program that set optind back (to parse again) starts afresh.
    if (last_operand > optind) last_operand = optind;
    if (first_operand > optind) first_operand = optind;

    if (!in_order && !stop_at_operand) {
      if (first_operand != last_operand && last_operand != optind) move_operands_behind(argv);
      else if (last_operand != optind) first_operand = optind;
      while (optind < argc && is_operand(argv[optind])) ++optind;
      last_operand = optind;
    }
    if (optind < argc && strcmp(argv[optind], "--") == 0) {
      ++optind;
      if (first_operand != last_operand && last_operand != optind) move_operands_behind(argv);
      else if (first_operand == last_operand) first_operand = optind;
      last_operand = argc;
      optind = argc;
    }
    if (optind >= argc) {
      // Point at the operands, which now come last.
      if (first_operand != last_operand) optind = first_operand;
      return -1;
    }
    if (is_operand(argv[optind])) {
      if (!in_order) return -1;  // stop_at_operand
      optarg = argv[optind++];
      return 1;
    }
    next_char = argv[optind] + 1;
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
