/* libc_basics: Tether's libc on its own terms: formatting, number parsing,
 * memory allocation, strings, sorting, the environment, non-local jumps
 * and stdio over a pipe. Nothing here is kernel-specific beyond brk/mmap
 * and pipe, so it doubles as a check of the libc build. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tether_test.h"

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

int main(void) {
  check_printf();
  check_strtol();
  check_malloc();
  check_strings();
  check_sorting();
  check_environment();
  check_setjmp();
  check_stdio_pipe();
  return tt_done();
}
