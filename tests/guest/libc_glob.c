/* libc_glob: fnmatch(3) and glob(3), the pattern matching a shell uses
 * for `case` and for `ls *.c`.
 *
 * The expected answers are glibc's (this program runs on the Linux host
 * too, as host.libc_glob): the POSIX cases (XCU 2.13, "Pattern Matching
 * Notation") and the corners POSIX leaves open, where glibc's choice is
 * the one a student sees on Linux: an unterminated '[' is itself, "[z-a]"
 * is empty, ".*" finds "." and "..", GLOB_NOCHECK returns the pattern
 * untouched.
 *
 * glob runs in a scratch directory holding a.c b.c B.c x.h .hidden.c
 * "a*b" sub/ (with sub/in.c) and empty/. */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

/* ---- fnmatch --------------------------------------------------------------- */

struct fnmatch_case {
  const char *id;
  const char *pattern;
  const char *string;
  int flags;
  int expected; /* 0 or FNM_NOMATCH */
};

static const struct fnmatch_case fnmatch_cases[] = {
    {"fnmatch.literal", "abc", "abc", 0, 0},
    {"fnmatch.literal_differs", "abc", "abd", 0, FNM_NOMATCH},
    {"fnmatch.star_any_string", "a*c", "abbbc", 0, 0},
    {"fnmatch.star_empty", "a*c", "ac", 0, 0},
    {"fnmatch.star_many", "*a*b*c*", "xxaxxbxxcxx", 0, 0},
    {"fnmatch.star_backtracks", "*ab", "aab", 0, 0},
    {"fnmatch.star_long_no_match", "*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, FNM_NOMATCH},
    {"fnmatch.question_one_char", "a?c", "abc", 0, 0},
    {"fnmatch.question_not_empty", "a?c", "ac", 0, FNM_NOMATCH},
    {"fnmatch.bracket_set", "[abc]x", "bx", 0, 0},
    {"fnmatch.bracket_range", "[a-f]1", "d1", 0, 0},
    {"fnmatch.bracket_range_outside", "[a-f]1", "g1", 0, FNM_NOMATCH},
    {"fnmatch.bracket_range_reversed_empty", "[z-a]", "m", 0, FNM_NOMATCH},
    {"fnmatch.bracket_negate_bang", "[!a-c]", "d", 0, 0},
    {"fnmatch.bracket_negate_bang_member", "[!a-c]", "b", 0, FNM_NOMATCH},
    {"fnmatch.bracket_negate_caret", "[^a-c]", "d", 0, 0},
    {"fnmatch.bracket_close_first_is_member", "[]a]", "]", 0, 0},
    {"fnmatch.bracket_negated_close_first", "[!]]", "]", 0, FNM_NOMATCH},
    {"fnmatch.bracket_dash_last_is_member", "[a-]", "-", 0, 0},
    {"fnmatch.bracket_dash_after_range", "[a-c-e]", "-", 0, 0},
    {"fnmatch.bracket_dash_after_range_not_range", "[a-c-e]", "d", 0, FNM_NOMATCH},
    {"fnmatch.bracket_escape_inside", "[\\]]", "]", 0, 0},
    {"fnmatch.bracket_class_digit", "x[[:digit:]]", "x7", 0, 0},
    {"fnmatch.bracket_class_with_member", "[[:upper:]_]", "_", 0, 0},
    {"fnmatch.bracket_class_unknown", "[[:bogus:]]", "b", 0, FNM_NOMATCH},
    {"fnmatch.bracket_unterminated_literal", "[a", "[a", 0, 0},
    {"fnmatch.bracket_empty_literal", "a[]", "a[]", 0, 0},
    {"fnmatch.escape_star", "\\*", "*", 0, 0},
    {"fnmatch.escape_star_not_wildcard", "\\*", "x", 0, FNM_NOMATCH},
    {"fnmatch.escape_bracket", "\\[a]", "[a]", 0, 0},
    {"fnmatch.trailing_backslash", "a\\", "a\\", 0, FNM_NOMATCH},
    {"fnmatch.noescape_backslash_literal", "\\*", "\\x", FNM_NOESCAPE, 0},
    {"fnmatch.noescape_backslash_no_escape", "\\*", "*", FNM_NOESCAPE, FNM_NOMATCH},
    {"fnmatch.star_crosses_slash", "*/b", "a/x/b", 0, 0},
    {"fnmatch.pathname_star_stops_at_slash", "*/b", "a/x/b", FNM_PATHNAME, FNM_NOMATCH},
    {"fnmatch.pathname_star_per_component", "*/*/b", "a/x/b", FNM_PATHNAME, 0},
    {"fnmatch.pathname_question_not_slash", "a?b", "a/b", FNM_PATHNAME, FNM_NOMATCH},
    {"fnmatch.pathname_bracket_not_slash", "a[/]b", "a/b", FNM_PATHNAME, FNM_NOMATCH},
    {"fnmatch.bracket_slash_without_pathname", "a[/]b", "a/b", 0, 0},
    {"fnmatch.period_star_no", "*", ".profile", FNM_PERIOD, FNM_NOMATCH},
    {"fnmatch.period_question_no", "?profile", ".profile", FNM_PERIOD, FNM_NOMATCH},
    {"fnmatch.period_bracket_no", "[.]profile", ".profile", FNM_PERIOD, FNM_NOMATCH},
    {"fnmatch.period_explicit", ".*", ".profile", FNM_PERIOD, 0},
    {"fnmatch.period_escaped_explicit", "\\.*", ".profile", FNM_PERIOD, 0},
    {"fnmatch.period_without_flag", "*", ".profile", 0, 0},
    {"fnmatch.period_not_leading", "a*", "a.b", FNM_PERIOD, 0},
    {"fnmatch.period_after_slash_pathname", "a/*", "a/.x", FNM_PERIOD | FNM_PATHNAME, FNM_NOMATCH},
    {"fnmatch.period_after_slash_no_pathname", "a/*", "a/.x", FNM_PERIOD, 0},
    {"fnmatch.empty_pattern_empty_string", "", "", 0, 0},
    {"fnmatch.empty_pattern", "", "a", 0, FNM_NOMATCH},
};

static void check_fnmatch(void) {
  for (size_t i = 0; i < sizeof fnmatch_cases / sizeof fnmatch_cases[0]; i++) {
    const struct fnmatch_case *c = &fnmatch_cases[i];
    int got = fnmatch(c->pattern, c->string, c->flags);
    TT_CHECK(c->id, got == c->expected, "fnmatch(\"%s\", \"%s\", %#x) = %d, expected %d", c->pattern, c->string,
             (unsigned)c->flags, got, c->expected);
  }
}

/* ---- glob ------------------------------------------------------------------ */

/* The names found, joined by spaces (gl_offs slots skipped). */
static const char *joined(const glob_t *g) {
  static char buf[1024];
  buf[0] = '\0';
  for (size_t i = 0; i < g->gl_pathc; i++) {
    const char *name = g->gl_pathv[g->gl_offs + i];
    size_t used = strlen(buf);
    snprintf(buf + used, sizeof buf - used, "%s%s", i ? " " : "", name ? name : "(null)");
  }
  return buf;
}

/* glob(pattern, flags) returns `status` with the names `expected`. */
static void expect_glob(const char *id, const char *pattern, int flags, int status, const char *expected) {
  glob_t g;
  memset(&g, 0, sizeof g);
  int r = glob(pattern, flags, NULL, &g);
  const char *got = joined(&g);
  TT_CHECK(id, r == status && strcmp(got, expected) == 0, "glob(\"%s\", %#x) = %d with \"%s\", expected %d with \"%s\"",
           pattern, (unsigned)flags, r, got, status, expected);
  globfree(&g);
}

static int errfunc_calls;
static char errfunc_path[256];
static int errfunc_errno;
static int record_error(const char *path, int error) {
  errfunc_calls++;
  snprintf(errfunc_path, sizeof errfunc_path, "%s", path);
  errfunc_errno = error;
  return 0;
}

static bool make_tree(void) {
  static const char *const files[] = {"a.c", "b.c", "B.c", "x.h", ".hidden.c", "a*b", "sub/in.c"};
  if (mkdir("sub", 0755) < 0 || mkdir("empty", 0755) < 0) return false;
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    if (!tt_write_file(files[i], "", 0644)) return false;
  return true;
}

static void check_glob(void) {
  /* The layout glibc programs expect: 72 bytes, the three POSIX fields first. */
  TT_CHECK("glob.struct_layout_glibc",
           sizeof(glob_t) == 72 && offsetof(glob_t, gl_pathc) == 0 && offsetof(glob_t, gl_pathv) == 8 &&
               offsetof(glob_t, gl_offs) == 16 && offsetof(glob_t, gl_flags) == 24 &&
               offsetof(glob_t, gl_stat) == 64,
           "sizeof %zu, gl_offs at %zu, gl_flags at %zu, gl_stat at %zu", sizeof(glob_t), offsetof(glob_t, gl_offs),
           offsetof(glob_t, gl_flags), offsetof(glob_t, gl_stat));

  expect_glob("glob.star_sorted_strcmp", "*.c", 0, 0, "B.c a.c b.c");
  expect_glob("glob.hidden_needs_dot", "*", 0, 0, "B.c a*b a.c b.c empty sub x.h");
  expect_glob("glob.hidden_explicit_dot", ".*.c", 0, 0, ".hidden.c");
  expect_glob("glob.dot_star_finds_dot_and_dotdot", ".*", 0, 0, ". .. .hidden.c");
  expect_glob("glob.period_flag_matches_hidden", "*.c", GLOB_PERIOD, 0, ".hidden.c B.c a.c b.c");
  expect_glob("glob.question_and_bracket", "[ab].?", 0, 0, "a.c b.c");
  expect_glob("glob.no_match", "*.zz", 0, GLOB_NOMATCH, "");
  expect_glob("glob.nocheck_returns_pattern", "no\\such*", GLOB_NOCHECK, 0, "no\\such*");
  expect_glob("glob.literal_existing", "x.h", 0, 0, "x.h");
  expect_glob("glob.literal_missing", "nosuch.h", 0, GLOB_NOMATCH, "");
  expect_glob("glob.escaped_star_literal", "a\\*b", 0, 0, "a*b");
  expect_glob("glob.noescape_backslash_is_char", "a\\*b", GLOB_NOESCAPE, GLOB_NOMATCH, "");
  expect_glob("glob.mark_directories", "[es]*", GLOB_MARK, 0, "empty/ sub/");
  expect_glob("glob.trailing_slash_directories_only", "*/", 0, 0, "empty/ sub/");
  expect_glob("glob.wildcard_in_directory_part", "s*/*.c", 0, 0, "sub/in.c");
  expect_glob("glob.wildcard_then_literal", "*/in.c", 0, 0, "sub/in.c");
  expect_glob("glob.file_is_not_a_directory", "a.c/*", 0, GLOB_NOMATCH, "");
  expect_glob("glob.double_slash_kept", "sub//*", 0, 0, "sub//in.c");
  expect_glob("glob.dot_slash_prefix", "./?.h", 0, 0, "./x.h");
  expect_glob("glob.empty_directory", "empty/*", 0, GLOB_NOMATCH, "");
  expect_glob("glob.empty_pattern", "", 0, GLOB_NOMATCH, "");
  expect_glob("glob.unterminated_bracket_literal", "[", 0, GLOB_NOMATCH, "");

  /* Unsorted: the same names, in some order. */
  glob_t g;
  memset(&g, 0, sizeof g);
  int r = glob("[ab].c", GLOB_NOSORT, NULL, &g);
  bool same = r == 0 && g.gl_pathc == 2 &&
              ((strcmp(g.gl_pathv[0], "a.c") == 0 && strcmp(g.gl_pathv[1], "b.c") == 0) ||
               (strcmp(g.gl_pathv[0], "b.c") == 0 && strcmp(g.gl_pathv[1], "a.c") == 0));
  TT_CHECK("glob.nosort_same_names", same, "glob = %d with \"%s\"", r, joined(&g));
  globfree(&g);

  /* GLOB_DOOFFS: gl_offs NULLs first; GLOB_APPEND adds after the old names
   * (sorting only the new ones); gl_pathv ends with a NULL. */
  memset(&g, 0, sizeof g);
  g.gl_offs = 2;
  int r1 = glob("x*", GLOB_DOOFFS, NULL, &g);
  int r2 = glob("[ab].c", GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
  TT_CHECK("glob.dooffs_append", r1 == 0 && r2 == 0 && g.gl_pathc == 3 && g.gl_pathv[0] == NULL &&
                                     g.gl_pathv[1] == NULL && strcmp(joined(&g), "x.h a.c b.c") == 0 &&
                                     g.gl_pathv[5] == NULL,
           "returned %d, %d; %zu names \"%s\"", r1, r2, g.gl_pathc, joined(&g));
  int r3 = glob("*.zz", GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
  TT_CHECK("glob.append_no_match_keeps_names", r3 == GLOB_NOMATCH && g.gl_pathc == 3,
           "returned %d with %zu names", r3, g.gl_pathc);
  TT_CHECK("glob.magchar_flag", (g.gl_flags & GLOB_MAGCHAR) != 0, "gl_flags %#x", (unsigned)g.gl_flags);
  globfree(&g);
  TT_CHECK("glob.globfree_clears", g.gl_pathv == NULL, "gl_pathv %p", (void *)g.gl_pathv);

  /* A directory that cannot be read: errfunc hears of it; GLOB_ERR stops. */
  memset(&g, 0, sizeof g);
  errfunc_calls = 0;
  r = glob("nosuchdir/*", 0, record_error, &g);
  TT_CHECK("glob.errfunc_called", r == GLOB_NOMATCH && errfunc_calls == 1 && strcmp(errfunc_path, "nosuchdir") == 0 &&
                                      errfunc_errno == ENOENT,
           "glob = %d, errfunc called %d times with \"%s\", %s", r, errfunc_calls, errfunc_path,
           tt_errno_name(errfunc_errno));
  globfree(&g);
  memset(&g, 0, sizeof g);
  r = glob("nosuchdir/*", GLOB_ERR, NULL, &g);
  TT_CHECK("glob.err_flag_aborts", r == GLOB_ABORTED, "glob = %d, expected GLOB_ABORTED (2)", r);
  globfree(&g);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  check_fnmatch();

  const char *dir = tt_make_scratch("libc_glob");
  if (dir == NULL || chdir(dir) < 0 || !make_tree()) {
    tt_fail("glob.scratch_tree", "cannot make the test files: %s", strerror(errno));
    return tt_done();
  }
  check_glob();
  chdir("/");
  tt_remove_tree(dir);
  return tt_done();
}
