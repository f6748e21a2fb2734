/* libc_basics: Tether's libc on its own terms: formatting, number parsing,
 * memory allocation, strings, sorting, the environment, non-local jumps,
 * stdio over a pipe and over files (buffering, modes), directory streams,
 * getopt (with glibc's permuting), strerror/strsignal for every number,
 * <inttypes.h>, assert and atexit. Nothing here is kernel-specific beyond
 * brk/mmap, pipe and a few files in a scratch directory, so it doubles as
 * a check of the libc build. */
#undef NDEBUG /* the assert case needs a live assert, whatever the build type */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tether_test.h"
#include "tether_util.h"

/* ---- printf ---------------------------------------------------------------- */

static void expect_format(const char *id, const char *got, const char *expected) {
  TT_CHECK(id, strcmp(got, expected) == 0, "got \"%s\", expected \"%s\"", got, expected);
}

static void check_printf(void) {
  char buf[128];
  snprintf(buf, sizeof buf, "%d", -42);
  expect_format("printf_negative_int", buf, "-42");
  snprintf(buf, sizeof buf, "[%5d|%-5d|%05d]", 42, 42, -42);
  expect_format("printf_width_and_flags", buf, "[   42|42   |-0042]");
  snprintf(buf, sizeof buf, "%+d % d %.3d", 7, 7, 7);
  expect_format("printf_sign_space_precision", buf, "+7  7 007");
  snprintf(buf, sizeof buf, "%x %X %#x %o %#o", 255u, 255u, 255u, 8u, 8u);
  expect_format("printf_hex_octal", buf, "ff FF 0xff 10 010");
  snprintf(buf, sizeof buf, "%lld %llu", LLONG_MIN, ULLONG_MAX);
  expect_format("printf_long_long_limits", buf, "-9223372036854775808 18446744073709551615");
  snprintf(buf, sizeof buf, "%zu %zd %hhd %hd %hhu", (size_t)123456789012, (ssize_t)-1, (signed char)-5,
           (short)-1234, (unsigned char)200);
  expect_format("printf_length_modifiers", buf, "123456789012 -1 -5 -1234 200");
  snprintf(buf, sizeof buf, "%p %p", (void *)0x1234, (void *)0);
  expect_format("printf_pointer", buf, "0x1234 (nil)");
  snprintf(buf, sizeof buf, "[%s|%8s|%-8s|%.2s|%*s]", "abc", "abc", "abc", "abc", 4, "x");
  expect_format("printf_strings", buf, "[abc|     abc|abc     |ab|   x]");
  const char *volatile no_string = NULL; /* volatile: GCC would warn about a literal NULL */
  snprintf(buf, sizeof buf, "%c%c%% %s", 'o', 'k', no_string);
  expect_format("printf_char_percent_null", buf, "ok% (null)");
  snprintf(buf, sizeof buf, "%.2f %.0f %f %e %g %g", 3.14159, 2.5, -1.0, 12345.678, 0.0001, 1e20);
  expect_format("printf_floating_point", buf, "3.14 2 -1.000000 1.234568e+04 0.0001 1e+20");

  volatile size_t five = 5; /* volatile: keeps GCC from warning that we truncate on purpose */
  int n = snprintf(buf, five, "%s", "truncated");
  TT_CHECK("snprintf_truncates_and_counts", n == 9 && strcmp(buf, "trun") == 0,
           "returned %d with \"%s\", expected 9 with \"trun\"", n, buf);
  n = snprintf(NULL, 0, "%d-%d", 100, 200);
  TT_CHECK("snprintf_null_buffer_counts", n == 7, "returned %d, expected 7", n);
}

/* ---- strtol ------------------------------------------------------------- */

static void expect_strtol(const char *id, const char *s, int base, long value, int end_offset, int err) {
  char *end = NULL;
  errno = 0;
  long got = strtol(s, &end, base);
  int got_errno = errno;
  TT_CHECK(id, got == value && end == s + end_offset && got_errno == err,
           "strtol(\"%s\", %d) = %ld, end at +%ld, errno %s; expected %ld, +%d, %s", s, base, got,
           (long)(end - s), tt_errno_name(got_errno), value, end_offset, tt_errno_name(err));
}

static void check_strtol(void) {
  expect_strtol("strtol_plain", "12345", 10, 12345, 5, 0);
  expect_strtol("strtol_space_sign_trailing", "  -42xyz", 10, -42, 5, 0);
  expect_strtol("strtol_base0_hex", "0x1A", 0, 26, 4, 0);
  expect_strtol("strtol_base0_octal", "077", 0, 63, 3, 0);
  expect_strtol("strtol_base36", "zz", 36, 1295, 2, 0);
  expect_strtol("strtol_no_digits", "abc", 10, 0, 0, 0);
  expect_strtol("strtol_hex_prefix_without_digits", "0xg", 16, 0, 1, 0);
  expect_strtol("strtol_long_max", "9223372036854775807", 10, LONG_MAX, 19, 0);
  expect_strtol("strtol_long_min", "-9223372036854775808", 10, LONG_MIN, 20, 0);
  expect_strtol("strtol_overflow_erange", "9223372036854775808", 10, LONG_MAX, 19, ERANGE);
  expect_strtol("strtol_underflow_erange", "-9223372036854775809", 10, LONG_MIN, 20, ERANGE);
  expect_strtol("strtol_huge_overflow_erange", "99999999999999999999999", 10, LONG_MAX, 23, ERANGE);

  errno = 0;
  unsigned long u = strtoul("-1", NULL, 10);
  TT_CHECK("strtoul_minus_one_wraps", u == ULONG_MAX && errno == 0, "strtoul(\"-1\") = %lu", u);
  errno = 0;
  u = strtoul("18446744073709551616", NULL, 10);
  TT_CHECK("strtoul_overflow_erange", u == ULONG_MAX && errno == ERANGE, "got %lu, errno %s", u,
           tt_errno_name(errno));
  TT_CHECK("atoi_basic", atoi(" 17") == 17 && atoi("-3") == -3, "atoi gave %d and %d", atoi(" 17"), atoi("-3"));
}

/* ---- malloc ---------------------------------------------------------------- */

static void check_malloc(void) {
  enum { COUNT = 200 };
  unsigned char *blocks[COUNT];
  size_t sizes[COUNT];
  bool ok = true;
  /* Sizes from 1 byte to ~300 KiB (the big ones take the mmap path). */
  for (int i = 0; i < COUNT; i++) {
    sizes[i] = (i % 10 == 9) ? (size_t)(i + 1) * 1500 : (size_t)(i * 37 % 1000) + 1;
    blocks[i] = malloc(sizes[i]);
    if (blocks[i] == NULL || ((uintptr_t)blocks[i] & 15) != 0) {
      ok = false;
      break;
    }
    memset(blocks[i], i & 0xff, sizes[i]);
  }
  for (int i = 0; ok && i < COUNT; i++)
    for (size_t j = 0; j < sizes[i]; j++)
      if (blocks[i][j] != (i & 0xff)) {
        ok = false;
        break;
      }
  TT_CHECK("malloc_many_sizes_keep_contents", ok, "a block was NULL, misaligned or overwritten");

  /* Free every other block, allocate again: reuse must not corrupt neighbours. */
  for (int i = 0; ok && i < COUNT; i += 2) free(blocks[i]);
  for (int i = 0; ok && i < COUNT; i += 2) {
    blocks[i] = malloc(sizes[i]);
    if (blocks[i] == NULL) ok = false;
    else memset(blocks[i], 0xee, sizes[i]);
  }
  for (int i = 1; ok && i < COUNT; i += 2)
    for (size_t j = 0; j < sizes[i]; j++)
      if (blocks[i][j] != (i & 0xff)) {
        ok = false;
        break;
      }
  TT_CHECK("malloc_reuse_keeps_neighbours", ok, "a live block changed after free/malloc of others");
  for (int i = 0; i < COUNT; i++) free(blocks[i]);

  char *p = malloc(16);
  bool grew = p != NULL;
  if (grew) {
    strcpy(p, "realloc keeps");
    for (size_t size = 32; grew && size <= 1 << 20; size *= 2) {
      p = realloc(p, size);
      grew = p != NULL && strcmp(p, "realloc keeps") == 0;
    }
    p = grew ? realloc(p, 8) : p;
    grew = grew && p != NULL && memcmp(p, "realloc ", 8) == 0;
    free(p);
  }
  TT_CHECK("realloc_preserves_contents", grew, "contents lost while growing 16 B -> 1 MiB -> 8 B");

  int *zeros = calloc(1000, sizeof(int));
  bool all_zero = zeros != NULL;
  for (int i = 0; all_zero && i < 1000; i++) all_zero = zeros[i] == 0;
  free(zeros);
  TT_CHECK("calloc_zeroes", all_zero, "calloc returned NULL or non-zero memory");

  errno = 0;
  volatile size_t half_of_everything = SIZE_MAX / 2;
  void *huge = calloc(half_of_everything, 4);
  TT_CHECK("calloc_overflow_enomem", huge == NULL && errno == ENOMEM, "calloc(SIZE_MAX/2, 4) = %p", huge);

  void *aligned = NULL;
  int err = posix_memalign(&aligned, 4096, 100);
  TT_CHECK("posix_memalign_4096", err == 0 && ((uintptr_t)aligned & 4095) == 0, "error %d, pointer %p", err,
           aligned);
  free(aligned);
}

/* ---- strings, sorting, environment, setjmp ------------------------------- */

static int compare_ints(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static void check_strings(void) {
  expect_format("strerror_econnrefused", strerror(ECONNREFUSED), "Connection refused");
  expect_format("strerror_enoent", strerror(ENOENT), "No such file or directory");
  expect_format("strerror_unknown", strerror(9999), "Unknown error 9999");

  char text[] = "a,b,,c";
  char *save = NULL;
  char *first = strtok_r(text, ",", &save);
  char *second = strtok_r(NULL, ",", &save);
  char *third = strtok_r(NULL, ",", &save);
  char *fourth = strtok_r(NULL, ",", &save);
  TT_CHECK("strtok_r_skips_empty_fields",
           first && second && third && !fourth && !strcmp(first, "a") && !strcmp(second, "b") && !strcmp(third, "c"),
           "tokens were %s %s %s %s", first ? first : "NULL", second ? second : "NULL", third ? third : "NULL",
           fourth ? fourth : "NULL");
  TT_CHECK("strstr_and_strrchr", strstr("tethered", "her") != NULL && strcmp(strrchr("a/b/c", '/'), "/c") == 0,
           "strstr or strrchr wrong");
  char m[] = "abcdef";
  memmove(m + 2, m, 4);
  TT_CHECK("memmove_overlapping", strcmp(m, "ababcd") == 0, "memmove(m + 2, m, 4) of \"abcdef\" gave \"%s\"", m);
}

static void check_sorting(void) {
  enum { N = 1000 };
  static int values[N];
  srand(42);
  for (int i = 0; i < N; i++) values[i] = rand() % 5000 - 2500;
  qsort(values, N, sizeof values[0], compare_ints);
  bool sorted = true;
  for (int i = 1; i < N; i++)
    if (values[i - 1] > values[i]) sorted = false;
  TT_CHECK("qsort_sorts", sorted, "the array is not in ascending order");

  int key = values[N / 3];
  int *found = bsearch(&key, values, N, sizeof values[0], compare_ints);
  int missing = 99999;
  TT_CHECK("bsearch_finds", found && *found == key && !bsearch(&missing, values, N, sizeof values[0], compare_ints),
           "bsearch did not find %d, or found 99999", key);
}

static void check_environment(void) {
  bool ok = setenv("TETHER_TEST_VAR", "one", 1) == 0 && strcmp(getenv("TETHER_TEST_VAR"), "one") == 0;
  ok = ok && setenv("TETHER_TEST_VAR", "two", 0) == 0 && strcmp(getenv("TETHER_TEST_VAR"), "one") == 0;
  ok = ok && setenv("TETHER_TEST_VAR", "three", 1) == 0 && strcmp(getenv("TETHER_TEST_VAR"), "three") == 0;
  ok = ok && unsetenv("TETHER_TEST_VAR") == 0 && getenv("TETHER_TEST_VAR") == NULL;
  TT_CHECK("setenv_getenv_unsetenv", ok, "set/overwrite/keep/unset sequence went wrong");
  tt_expect_errno("setenv_name_with_equals_einval", setenv("A=B", "x", 1), EINVAL);
}

static jmp_buf jump_target;

static void jump_back(int value) { longjmp(jump_target, value); }

static void check_setjmp(void) {
  volatile int calls = 0;
  int value = setjmp(jump_target);
  calls++;
  if (value == 0) jump_back(7);
  TT_CHECK("setjmp_longjmp", value == 7 && calls == 2, "setjmp returned %d after %d calls", value, calls);
}

/* ---- stdio over a pipe ---------------------------------------------------- */

static void check_stdio_pipe(void) {
  int fds[2];
  if (pipe(fds) < 0) {
    tt_fail("stdio_over_pipe_roundtrip", "pipe: %s", strerror(errno));
    return;
  }
  FILE *out = fdopen(fds[1], "w");
  FILE *in = fdopen(fds[0], "r");
  if (!out || !in) {
    tt_fail("stdio_over_pipe_roundtrip", "fdopen: %s", strerror(errno));
    return;
  }
  fprintf(out, "line %d\nsecond line\n", 1);
  fclose(out);
  char first[32] = "", second[32] = "";
  fgets(first, sizeof first, in);
  fgets(second, sizeof second, in);
  int end = fgetc(in);
  TT_CHECK("stdio_over_pipe_roundtrip",
           strcmp(first, "line 1\n") == 0 && strcmp(second, "second line\n") == 0 && end == EOF && feof(in),
           "read \"%s\" and \"%s\", then %d", first, second, end);
  fclose(in);
}

/* ---- more of <stdlib.h>, <string.h>, <strings.h>, <inttypes.h> ---------- */

static void check_more_numbers(void) {
  errno = 0;
  long long ll = strtoll("-9223372036854775809", NULL, 10);
  TT_CHECK("strtoll_underflow_erange", ll == LLONG_MIN && errno == ERANGE, "got %lld, errno %s", ll,
           tt_errno_name(errno));
  errno = 0;
  unsigned long long ull = strtoull("0xffffffffffffffff", NULL, 0);
  TT_CHECK("strtoull_hex_max", ull == ULLONG_MAX && errno == 0, "got %llu, errno %s", ull, tt_errno_name(errno));
  errno = 0;
  long bad = strtol("12", NULL, 1);
  TT_CHECK("strtol_bad_base_einval", bad == 0 && errno == EINVAL, "got %ld, errno %s", bad, tt_errno_name(errno));
  errno = 0;
  intmax_t im = strtoimax("-42", NULL, 10);
  uintmax_t um = strtoumax("42", NULL, 10);
  TT_CHECK("strtoimax_strtoumax", im == -42 && um == 42 && errno == 0, "got %jd and %ju", im, um);

  char buf[128];
  snprintf(buf, sizeof buf, "%" PRId64 " %" PRIu64 " %" PRIx64 " %" PRIdMAX " %" PRIuPTR, (int64_t)-5, UINT64_MAX,
           (uint64_t)0xabc, INTMAX_MIN, (uintptr_t)16);
  expect_format("inttypes_format_macros", buf, "-5 18446744073709551615 abc -9223372036854775808 16");
  TT_CHECK("limits_values", INT_MAX == 2147483647 && LONG_MAX == INT64_MAX && CHAR_BIT == 8 && PATH_MAX == 4096 &&
                                NAME_MAX == 255 && SIZE_MAX == UINT64_MAX,
           "a <limits.h>/<stdint.h> constant differs from Linux x86-64's");

  TT_CHECK("strcasecmp_family",
           strcasecmp("HeLLo", "hello") == 0 && strcasecmp("a", "B") < 0 && strcasecmp("b", "A") > 0 &&
               strncasecmp("abcX", "ABCy", 3) == 0 && strncasecmp("abcX", "ABCy", 4) != 0,
           "strcasecmp or strncasecmp compared wrongly");
  char zeroed[8];
  memset(zeroed, 'x', sizeof zeroed);
  bzero(zeroed, 4);
  TT_CHECK("bzero", zeroed[0] == 0 && zeroed[3] == 0 && zeroed[4] == 'x', "bzero(p, 4) cleared the wrong bytes");
}

/* strerror and strsignal answer for every number, with glibc's texts. */
static void check_messages(void) {
  int unnamed = 0, first_unnamed = 0;
  for (int e = 1; e <= 133; e++) {
    const char *text = strerror(e);
    bool unknown = text == NULL || strncmp(text, "Unknown error", 13) == 0;
    /* Linux leaves 41 and 58 unused. */
    if (unknown != (e == 41 || e == 58) && !unnamed++) first_unnamed = e;
  }
  TT_CHECK("strerror_every_errno", unnamed == 0, "%d numbers wrong, the first %d (\"%s\")", unnamed, first_unnamed,
           strerror(first_unnamed));
  expect_format("strerror_zero", strerror(0), "Success");
  expect_format("strerror_negative", strerror(-1), "Unknown error -1");
  expect_format("strerror_last", strerror(EHWPOISON), "Memory page has hardware error");

  unnamed = 0;
  for (int sig = 1; sig < 32; sig++) {
    const char *text = strsignal(sig);
    if ((text == NULL || strncmp(text, "Unknown signal", 14) == 0) && !unnamed++) first_unnamed = sig;
  }
  TT_CHECK("strsignal_every_signal", unnamed == 0, "%d signals without a text, the first %d", unnamed, first_unnamed);
  expect_format("strsignal_sigsegv", strsignal(SIGSEGV), "Segmentation fault");
  expect_format("strsignal_sigchld", strsignal(SIGCHLD), "Child exited");
  /* Tether's SIGRTMIN is the kernel's, 32 (glibc keeps 32 and 33 for its
   * threads and says 34 is "Real-time signal 0"). */
  char expected[32];
  snprintf(expected, sizeof expected, "Real-time signal %d", SIGRTMAX - SIGRTMIN);
  expect_format("strsignal_realtime", strsignal(SIGRTMAX), expected);
  expect_format("strsignal_unknown", strsignal(65), "Unknown signal 65");
}

/* ---- getopt ---------------------------------------------------------------- */

/* Parses argv (NULL-terminated) with optstring; returns the options seen
 * ("a,b=x,?") and the operands left ("|op1 op2") in out. */
static void run_getopt(char **argv, const char *optstring, char *out, size_t size) {
  int argc = 0;
  while (argv[argc]) argc++;
  optind = 0; /* restart, as glibc allows */
  opterr = 0;
  size_t n = 0;
  out[0] = '\0';
  int c;
  while ((c = getopt(argc, argv, optstring)) != -1 && n + 16 < size) {
    if (c == 1) n += (size_t)snprintf(out + n, size - n, "op=%s,", optarg);
    else if (optarg) n += (size_t)snprintf(out + n, size - n, "%c=%s,", c, optarg);
    else n += (size_t)snprintf(out + n, size - n, "%c,", c);
  }
  n += (size_t)snprintf(out + n, size - n, "|");
  for (int i = optind; i < argc && n + 1 < size; i++) n += (size_t)snprintf(out + n, size - n, "%s ", argv[i]);
}

static void check_getopt(void) {
  char out[128];
  char *grouped[] = {"prog", "-la", "-n", "5", "-n7", "file", NULL};
  run_getopt(grouped, "aln:", out, sizeof out);
  expect_format("getopt_grouped_and_arguments", out, "l,a,n=5,n=7,|file ");
  char *unknown[] = {"prog", "-x", "-n", NULL};
  run_getopt(unknown, ":n:", out, sizeof out);
  expect_format("getopt_unknown_and_missing_argument", out, "?,:,|");
  /* glibc permutes: options after operands count, and the operands end up
   * last, in order. `ls /tmp -l` works as on Linux. */
  char *mixed[] = {"prog", "one", "-a", "two", "-n", "3", "three", NULL};
  run_getopt(mixed, "an:", out, sizeof out);
  expect_format("getopt_permutes_operands_last", out, "a,n=3,|one two three ");
  char *dashdash[] = {"prog", "one", "-a", "--", "-n", "two", NULL};
  run_getopt(dashdash, "an:", out, sizeof out);
  expect_format("getopt_double_dash_ends_options", out, "a,|one -n two ");
  /* '+' (or POSIXLY_CORRECT): stop at the first operand, as POSIX says;
   * what env-like programs need. */
  char *posix[] = {"prog", "-a", "cmd", "-n", "3", NULL};
  run_getopt(posix, "+an:", out, sizeof out);
  expect_format("getopt_plus_stops_at_operand", out, "a,|cmd -n 3 ");
  char *in_order[] = {"prog", "x", "-a", "y", NULL};
  run_getopt(in_order, "-a", out, sizeof out);
  expect_format("getopt_minus_returns_operands_in_order", out, "op=x,a,op=y,|");
}

/* getopt_long: each result as "c[arg]" (0 for a flag, with its value),
 * "?(optopt)" for an error; then "|" and the operands. Expectations are
 * glibc's, checked with the host's gcc. */
static int long_flag;
static void run_getopt_long(char **argv, char *out, size_t size) {
  static const struct option options[] = {
      {"verbose", no_argument, NULL, 'v'},  {"version", no_argument, NULL, 'V'},
      {"size", required_argument, NULL, 's'}, {"color", optional_argument, NULL, 'c'},
      {"flag", no_argument, &long_flag, 42}, {"sizes", no_argument, NULL, 'S'},
      {NULL, 0, NULL, 0}};
  int argc = 0;
  while (argv[argc]) argc++;
  optind = 0;
  opterr = 0;
  long_flag = 0;
  size_t n = 0;
  out[0] = '\0';
  int c, index = -1;
  while ((c = getopt_long(argc, argv, "vs:x", options, &index)) != -1 && n + 24 < size) {
    if (c == '?') n += (size_t)snprintf(out + n, size - n, "?(%d),", optopt);
    else if (c == 0) n += (size_t)snprintf(out + n, size - n, "%s=%d,", options[index].name, long_flag);
    else n += (size_t)snprintf(out + n, size - n, "%c[%s],", c, optarg ? optarg : "");
  }
  n += (size_t)snprintf(out + n, size - n, "|");
  for (int i = optind; i < argc && n + 1 < size; i++) n += (size_t)snprintf(out + n, size - n, "%s ", argv[i]);
}

static void check_getopt_long(void) {
  char out[160];
  char *exact[] = {"prog", "--verbose", "--size=4", "--size", "5", "file", NULL};
  run_getopt_long(exact, out, sizeof out);
  expect_format("getopt_long_value_after_equals_or_next_word", out, "v[],s[4],s[5],|file ");
  char *prefix[] = {"prog", "--verb", "--si", "7", "op", NULL};
  run_getopt_long(prefix, out, sizeof out);
  expect_format("getopt_long_unique_prefix_and_ambiguous", out, "v[],?(0),|7 op ");
  char *exact_wins[] = {"prog", "--size", "9", NULL};
  run_getopt_long(exact_wins, out, sizeof out);
  expect_format("getopt_long_exact_name_beats_longer", out, "s[9],|");
  char *errors[] = {"prog", "--nope", "--verbose=1", "--size", NULL};
  run_getopt_long(errors, out, sizeof out);
  expect_format("getopt_long_unknown_extra_and_missing_argument", out, "?(0),?(118),?(115),|");
  char *optional[] = {"prog", "--color", "--color=red", "z", NULL};
  run_getopt_long(optional, out, sizeof out);
  expect_format("getopt_long_optional_argument_only_after_equals", out, "c[],c[red],|z ");
  char *mixed[] = {"prog", "a", "--flag", "b", "-vx", "--sizes", "--", "--size", NULL};
  run_getopt_long(mixed, out, sizeof out);
  expect_format("getopt_long_flag_short_options_permuted", out, "flag=42,v[],x[],S[],|a b --size ");
}

/* ---- stdio over files, directory streams ----------------------------------- */

static void check_stdio_files(const char *dir) {
  char path[256];
  snprintf(path, sizeof path, "%s/stdio.txt", dir);
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    tt_fail("fopen_write", "fopen(\"%s\", \"w\"): %s", path, strerror(errno));
    return;
  }
  /* A full buffer of our own: nothing reaches the file before fflush. */
  static char buffer[64];
  int set = setvbuf(f, buffer, _IOFBF, sizeof buffer);
  fprintf(f, "line %d\n", 1);
  struct stat st;
  stat(path, &st);
  off_t before = st.st_size;
  fflush(f);
  stat(path, &st);
  TT_CHECK("setvbuf_full_buffering", set == 0 && before == 0 && st.st_size == 7,
           "setvbuf %d; size %ld before fflush, %ld after (expected 0, 7)", set, (long)before, (long)st.st_size);
  /* Line buffering: each newline flushes. */
  setvbuf(f, NULL, _IOLBF, 0);
  fputs("two\n", f);
  stat(path, &st);
  TT_CHECK("setvbuf_line_buffering", st.st_size == 11, "size %ld after a line, expected 11", (long)st.st_size);
  fclose(f);

  f = fopen(path, "a+");
  bool appended = f && fputs("three\n", f) >= 0;
  char lines[3][16] = {"", "", ""};
  if (f) {
    rewind(f);
    for (int i = 0; i < 3; i++) fgets(lines[i], sizeof lines[i], f);
  }
  TT_CHECK("fopen_append_plus_reads_from_start",
           appended && !strcmp(lines[0], "line 1\n") && !strcmp(lines[1], "two\n") && !strcmp(lines[2], "three\n"),
           "read \"%s\" \"%s\" \"%s\"", lines[0], lines[1], lines[2]);
  if (f) fclose(f);

  f = fopen(path, "r+");
  long end = -1;
  int c = EOF, back = EOF;
  if (f) {
    fseek(f, 0, SEEK_END);
    end = ftell(f);
    fseek(f, 5, SEEK_SET);
    c = fgetc(f);
    ungetc('Z', f);
    back = fgetc(f);
    fclose(f);
  }
  TT_CHECK("fseek_ftell_ungetc", end == 17 && c == '1' && back == 'Z', "end %ld, char '%c', after ungetc '%c'", end,
           c, back);

  errno = 0;
  f = fopen(path, "wx");
  TT_CHECK("fopen_x_existing_eexist", f == NULL && errno == EEXIST, "fopen(\"wx\") gave %p, errno %s", (void *)f,
           tt_errno_name(errno));
  errno = 0;
  f = fopen(path, "q");
  TT_CHECK("fopen_bad_mode_einval", f == NULL && errno == EINVAL, "fopen(\"q\") gave %p, errno %s", (void *)f,
           tt_errno_name(errno));
  snprintf(path, sizeof path, "%s/missing/x", dir);
  errno = 0;
  f = fopen(path, "r");
  TT_CHECK("fopen_missing_enoent", f == NULL && errno == ENOENT, "gave %p, errno %s", (void *)f, tt_errno_name(errno));
}

static void check_dirent(const char *dir) {
  char path[256];
  snprintf(path, sizeof path, "%s/d", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/d/sub", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/d/file", dir);
  tt_write_file(path, "x", 0644);
  snprintf(path, sizeof path, "%s/d", dir);
  DIR *d = opendir(path);
  int entries = 0, typed = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    entries++;
    if ((!strcmp(e->d_name, "sub") && e->d_type == DT_DIR) || (!strcmp(e->d_name, "file") && e->d_type == DT_REG))
      typed++;
  }
  int again = 0;
  if (d) {
    rewinddir(d);
    while (readdir(d)) again++;
  }
  TT_CHECK("opendir_readdir_rewinddir", d && dirfd(d) >= 0 && entries == 4 && typed == 2 && again == 4,
           "%d entries (expected . .. sub file), %d with the right d_type, %d after rewinddir", entries, typed, again);
  if (d) closedir(d);
  snprintf(path, sizeof path, "%s/d/file", dir);
  errno = 0;
  d = opendir(path);
  TT_CHECK("opendir_file_enotdir", d == NULL && errno == ENOTDIR, "gave %p, errno %s", (void *)d, tt_errno_name(errno));
}

/* ---- assert, atexit, perror: in children, checking what they print --------- */

static int call_body(void *body) {
  ((void (*)(void))body)();
  return 0;
}

/* Runs body in a child that then exits 0; what it printed (stdout and
 * stderr) in out. The wait status. */
static int run_and_capture(void (*body)(void), char *out, size_t size) {
  return tt_capture_child(call_body, (void *)body, true, out, size, 10);
}

static void first_handler(void) { fputs("first\n", stdout); }
static void second_handler(void) { fputs("second\n", stdout); }
static void register_handlers(void) {
  atexit(first_handler);
  atexit(second_handler);
  fputs("main\n", stdout); /* buffered: exit flushes it after the handlers ran */
}
static void failing_assertion(void) {
  volatile int one = 1;
  assert(one == 2);
}
static void print_perror(void) {
  errno = EACCES;
  perror("open x");
  errno = ENOENT;
  perror(NULL);
}

static void check_process_exit(void) {
  char out[256];
  int status = run_and_capture(register_handlers, out, sizeof out);
  TT_CHECK("atexit_reverse_order", WIFEXITED(status) && !strcmp(out, "main\nsecond\nfirst\n"),
           "%s, printed \"%s\"", tt_status_str(status), out);
  status = run_and_capture(failing_assertion, out, sizeof out);
  TT_CHECK("assert_message_and_sigabrt",
           WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT && strstr(out, "Assertion `one == 2' failed.") &&
               strstr(out, "failing_assertion"),
           "%s, printed \"%s\"", tt_status_str(status), out);
  status = run_and_capture(print_perror, out, sizeof out);
  TT_CHECK("perror_texts", !strcmp(out, "open x: Permission denied\nNo such file or directory\n"), "printed \"%s\"",
           out);
}

int main(int argc, char **argv) {
  tt_init(argc, argv);
  check_printf();
  check_strtol();
  check_malloc();
  check_strings();
  check_sorting();
  check_environment();
  check_setjmp();
  check_stdio_pipe();
  check_more_numbers();
  check_messages();
  check_getopt();
  check_getopt_long();
  check_process_exit();
  const char *dir = tt_make_scratch("libc_basics");
  if (dir) {
    check_stdio_files(dir);
    check_dirent(dir);
    tt_remove_tree(dir);
  } else {
    tt_fail("scratch_dir", "cannot make a directory in /tmp");
  }
  return tt_done();
}
