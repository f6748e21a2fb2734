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
#include <getopt.h>
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

// One long option, "--name" or "--name=value", at argv[optind] (glibc's
// rules and messages): an exact name wins, else a unique prefix. Returns
// what getopt_long returns for it, and moves optind past it (and past its
// argument when that is the next word).
int parse_long_option(int argc, char **argv, const struct option *longopts, int *longindex, bool quiet) {
  const char *word = argv[optind] + 2;
  size_t name_length = strcspn(word, "=");
  const char *value = word[name_length] == '=' ? word + name_length + 1 : nullptr;

  int found = -1;
  bool ambiguous = false;
  for (int i = 0; longopts[i].name != nullptr; ++i) {
    if (strncmp(longopts[i].name, word, name_length) != 0) continue;
    if (strlen(longopts[i].name) == name_length) {  // exact: no more doubt
      found = i;
      ambiguous = false;
      break;
    }
    if (found < 0) {
      found = i;
    } else if (longopts[i].has_arg != longopts[found].has_arg || longopts[i].flag != longopts[found].flag ||
               longopts[i].val != longopts[found].val) {
      ambiguous = true;  // two prefixes that would do different things
    }
  }
  ++optind;
  optopt = 0;
  if (ambiguous) {
    if (opterr && !quiet) {
      fprintf(stderr, "%s: option '--%.*s' is ambiguous; possibilities:", argv[0], (int)name_length, word);
      for (int i = 0; longopts[i].name != nullptr; ++i)
        if (strncmp(longopts[i].name, word, name_length) == 0) fprintf(stderr, " '--%s'", longopts[i].name);
      fputc('\n', stderr);
    }
    return '?';
  }
  if (found < 0) {
    if (opterr && !quiet) fprintf(stderr, "%s: unrecognized option '--%.*s'\n", argv[0], (int)name_length, word);
    return '?';
  }
  const struct option &o = longopts[found];
  if (value != nullptr && o.has_arg == no_argument) {
    optopt = o.flag ? 0 : o.val;
    if (opterr && !quiet) fprintf(stderr, "%s: option '--%s' doesn't allow an argument\n", argv[0], o.name);
    return '?';
  }
  if (value == nullptr && o.has_arg == required_argument) {
    if (optind < argc) {
      value = argv[optind++];
    } else {
      optopt = o.flag ? 0 : o.val;
      if (quiet) return ':';
      if (opterr) fprintf(stderr, "%s: option '--%s' requires an argument\n", argv[0], o.name);
      return '?';
    }
  }
  optarg = const_cast<char *>(value);
  if (longindex != nullptr) *longindex = found;
  if (o.flag != nullptr) {
    *o.flag = o.val;
    return 0;
  }
  return o.val;
}

// getopt and getopt_long: the same walk over argv; longopts is null for
// getopt.
int next_option(int argc, char **argv, const char *optstring, const struct option *longopts, int *longindex) {
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
    if (longopts != nullptr && argv[optind][1] == '-') return parse_long_option(argc, argv, longopts, longindex, quiet);
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

}  // namespace

extern "C" int getopt(int argc, char *const argv[], const char *optstring) {
  // glibc's prototype says const, and glibc permutes anyway; so do we.
  return next_option(argc, const_cast<char **>(argv), optstring, nullptr, nullptr);
}

extern "C" int getopt_long(int argc, char *const argv[], const char *optstring, const struct option *longopts,
                           int *longindex) {
  return next_option(argc, const_cast<char **>(argv), optstring, longopts, longindex);
}
