// fnmatch(3): matching a string against a shell pattern (POSIX XCU 2.13,
// "Pattern Matching Notation"), with glibc's answers for the corner cases:
//
//   - a pattern that ends in a lone backslash matches nothing;
//   - an unterminated '[' is an ordinary character ("[a" matches "[a");
//   - in a set, ']' first is a member ("[]a]"), '!' or '^' first negates,
//     a backslash escapes, "a-z" is a range by byte value (the C locale;
//     "z-a" is empty), and a '-' first, last or just after a range is a
//     member; "[:alpha:]" and the other classes are members too, and an
//     unknown class matches nothing;
//   - with FNM_PATHNAME no '*', '?' or set matches a '/';
//   - with FNM_PERIOD a '.' at the start of the string (or, with
//     FNM_PATHNAME, just after a '/') is matched only by a '.' in the
//     pattern, never by '*', '?' or a set.
#include <ctype.h>
#include <fnmatch.h>
#include <string.h>

namespace {

// Why a match attempt failed. kNoMatch: this way does not match. kGiveUp:
// the string ran out (or, with FNM_PATHNAME, a '/' stopped a '*'), so an
// outer '*' eating more characters cannot help either. Giving up early is
// what keeps "*a*a*a*b" against a long string of a's from taking
// exponential time (Rich Salz's wildmat does the same).
enum Result { kMatch, kNoMatch, kGiveUp };

struct Matcher {
  const char *string;  // the whole string: to know where a name starts
  int flags;

  bool pathname() const { return flags & FNM_PATHNAME; }
  bool escapes() const { return !(flags & FNM_NOESCAPE); }

  // Is the '.' at s one only a '.' in the pattern may match?
  bool leading_period(const char *s) const {
    if (!(flags & FNM_PERIOD) || *s != '.') return false;
    return s == string || (pathname() && s[-1] == '/');
  }

  Result match(const char *p, const char *s) const;
};

// The named class of "[:name:]" (len characters): is c in it? An unknown
// name makes the whole set match nothing, as in glibc; *known says which.
bool in_class(const char *name, size_t len, unsigned char c, bool *known) {
  static const struct {
    const char *name;
    int (*test)(int);
  } classes[] = {
      {"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank}, {"cntrl", iscntrl},
      {"digit", isdigit}, {"graph", isgraph}, {"lower", islower}, {"print", isprint},
      {"punct", ispunct}, {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit},
  };
  for (const auto &cls : classes) {
    if (strlen(cls.name) == len && strncmp(cls.name, name, len) == 0) {
      *known = true;
      return cls.test(c) != 0;
    }
  }
  *known = false;
  return false;
}

// One member of a set at *pp, which is not ']' or the end: "[:class:]",
// "[.c.]" or "[=c=]" (one character), "\c", or c. Stores the character in
// *c (or -1 for a class, with *class_match and *class_known set) and moves
// *pp past the member. Returns false if the set ends inside the member.
bool read_member(const char **pp, bool escapes, unsigned char ch, int *c, bool *class_match,
                 bool *class_known) {
  const char *p = *pp;
  if (p[0] == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
    char kind = p[1];
    const char *end = p + 2;
    while (*end && !(end[0] == kind && end[1] == ']')) end++;
    if (*end) {
      if (kind == ':') {
        *class_match = in_class(p + 2, (size_t)(end - p - 2), ch, class_known);
        *c = -1;
        *pp = end + 2;
        return true;
      }
      if (end == p + 3) {  // "[.c.]" or "[=c=]": in the C locale, just c
        *c = (unsigned char)p[2];
        *pp = end + 2;
        return true;
      }
    }
    // Not a complete "[:...:]": the '[' is an ordinary member.
  }
  if (p[0] == '\\' && escapes) {
    if (p[1] == '\0') return false;
    p++;
  }
  *c = (unsigned char)*p;
  *pp = p + 1;
  return true;
}

// A set "[...]" at p (just after the '['), tested against ch. Returns the
// pattern after the closing ']', or nullptr if there is none: then the '['
// was an ordinary character.
const char *match_set(const char *p, unsigned char ch, bool escapes, bool *matched) {
  bool negate = *p == '!' || *p == '^';
  if (negate) p++;
  bool found = false;
  bool poisoned = false;  // an unknown [:class:] was named
  bool first = true;
  for (;;) {
    if (*p == '\0') return nullptr;
    if (*p == ']' && !first) break;
    first = false;
    int low;
    bool class_match = false, class_known = true;
    if (!read_member(&p, escapes, ch, &low, &class_match, &class_known)) return nullptr;
    if (low < 0) {  // a class
      if (!class_known) poisoned = true;
      if (class_match) found = true;
      continue;
    }
    // "a-z": a range, unless the '-' is the last member ("[a-]").
    if (p[0] == '-' && p[1] != ']' && p[1] != '\0') {
      const char *q = p + 1;
      int high;
      bool unused_match, unused_known;
      if (!read_member(&q, escapes, ch, &high, &unused_match, &unused_known)) return nullptr;
      if (high >= 0) {
        p = q;
        if (low <= ch && ch <= high) found = true;
        continue;
      }
      // "a-[:digit:]" is not a range: 'a' alone, then '-' as a member.
    }
    if (low == ch) found = true;
  }
  *matched = !poisoned && found != negate;
  return p + 1;
}

Result Matcher::match(const char *p, const char *s) const {
  while (*p) {
    switch (*p) {
      case '?':
        if (*s == '\0') return kGiveUp;
        if ((pathname() && *s == '/') || leading_period(s)) return kNoMatch;
        p++;
        s++;
        break;

      case '*': {
        while (*p == '*') p++;  // "**" is "*"
        if (leading_period(s)) return kNoMatch;
        if (*p == '\0')  // a trailing '*' takes the rest (of this name)
          return pathname() && strchr(s, '/') ? kNoMatch : kMatch;
        // Try the rest of the pattern at each place the '*' could stop.
        for (;; s++) {
          Result r = match(p, s);
          if (r != kNoMatch) return r;
          if (*s == '\0') return kGiveUp;
          if (pathname() && *s == '/') return kNoMatch;  // '*' stays inside one name
        }
      }

      case '[': {
        bool matched = false;
        const char *after = match_set(p + 1, (unsigned char)*s, escapes(), &matched);
        if (after == nullptr) goto literal;  // no closing ']': '[' is itself
        if (*s == '\0') return kGiveUp;
        if ((pathname() && *s == '/') || leading_period(s) || !matched) return kNoMatch;
        p = after;
        s++;
        break;
      }

      case '\\':
        if (escapes()) {
          p++;
          if (*p == '\0') return kNoMatch;  // a lone backslash at the end
        }
        goto literal;

      default:
      literal:
        if (*s == '\0') return kGiveUp;
        if (*p != *s) return kNoMatch;
        p++;
        s++;
        break;
    }
  }
  return *s == '\0' ? kMatch : kNoMatch;
}

}  // namespace

extern "C" int fnmatch(const char *pattern, const char *string, int flags) {
  Matcher m{string, flags};
  return m.match(pattern, string) == kMatch ? 0 : FNM_NOMATCH;
}
