/* ulimit: the shell's window on getrlimit/setrlimit, as bash has it.
 *
 *   ulimit [-H|-S] -X           print one limit (the soft one unless -H)
 *   ulimit [-H|-S] -X VALUE     set it: a number in the limit's unit, or
 *                               "unlimited"; both limits unless -H or -S
 *   ulimit [-H|-S] -a           print them all
 *   ulimit                      is ulimit -f
 *
 * A limit is a builtin because it must change the shell's own process:
 * the commands it starts inherit it (kernel/proc/resource_limits.*). Which
 * limits Tether enforces is in kernel/proc/README.md. */
#include "ulimit.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* One line of `ulimit -a`, in bash's order and words. A value is counted in
 * units of `scale` bytes (or things, for scale 1). */
static const struct limit_option {
  char option;
  int resource;
  unsigned long scale;
  const char *description;
  const char *unit;
} limit_options[] = {
    {'c', RLIMIT_CORE, 1024, "core file size", "blocks"},
    {'d', RLIMIT_DATA, 1024, "data seg size", "kbytes"},
    {'e', RLIMIT_NICE, 1, "scheduling priority", NULL},
    {'f', RLIMIT_FSIZE, 1024, "file size", "blocks"},
    {'i', RLIMIT_SIGPENDING, 1, "pending signals", NULL},
    {'l', RLIMIT_MEMLOCK, 1024, "max locked memory", "kbytes"},
    {'m', RLIMIT_RSS, 1024, "max memory size", "kbytes"},
    {'n', RLIMIT_NOFILE, 1, "open files", NULL},
    {'q', RLIMIT_MSGQUEUE, 1, "POSIX message queues", "bytes"},
    {'r', RLIMIT_RTPRIO, 1, "real-time priority", NULL},
    {'s', RLIMIT_STACK, 1024, "stack size", "kbytes"},
    {'t', RLIMIT_CPU, 1, "cpu time", "seconds"},
    {'u', RLIMIT_NPROC, 1, "max user processes", NULL},
    {'v', RLIMIT_AS, 1024, "virtual memory", "kbytes"},
    {'x', RLIMIT_LOCKS, 1, "file locks", NULL},
};
#define LIMIT_COUNT (sizeof limit_options / sizeof limit_options[0])

static const struct limit_option *find_option(char c) {
  for (size_t i = 0; i < LIMIT_COUNT; i++)
    if (limit_options[i].option == c)
      return &limit_options[i];
  return NULL;
}

static void print_value(rlim_t value, unsigned long scale) {
  if (value == RLIM_INFINITY)
    puts("unlimited");
  else
    printf("%lu\n", (unsigned long)(value / scale));
}

static int print_limit(const struct limit_option *o, bool hard,
                       bool with_title) {
  struct rlimit limit;
  if (getrlimit(o->resource, &limit) != 0) {
    fprintf(stderr, "sh: ulimit: %s: cannot get limit: %s\n", o->description,
            strerror(errno));
    return 1;
  }
  if (with_title) {
    char title[40];
    if (o->unit)
      snprintf(title, sizeof title, "(%s, -%c)", o->unit, o->option);
    else
      snprintf(title, sizeof title, "(-%c)", o->option);
    /* bash's layout: the title ends in column 40. */
    printf("%-*s%s ", (int)(40 - strlen(title)), o->description, title);
  }
  print_value(hard ? limit.rlim_max : limit.rlim_cur, o->scale);
  return 0;
}

/* VALUE in o's unit, into bytes (or things); false if it is no number or
 * overflows. */
static bool parse_value(const struct limit_option *o, const char *text,
                        rlim_t *out) {
  if (strcmp(text, "unlimited") == 0) {
    *out = RLIM_INFINITY;
    return true;
  }
  if (text[0] < '0' || text[0] > '9')
    return false;
  char *end;
  errno = 0;
  unsigned long n = strtoul(text, &end, 10);
  if (errno != 0 || *end != '\0' || n > RLIM_INFINITY / o->scale)
    return false;
  *out = (rlim_t)n * o->scale;
  return true;
}

static int set_limit(const struct limit_option *o, bool soft, bool hard,
                     const char *text) {
  rlim_t value;
  if (!parse_value(o, text, &value)) {
    fprintf(stderr, "sh: ulimit: %s: invalid number\n", text);
    return 1;
  }
  struct rlimit limit;
  if (getrlimit(o->resource, &limit) != 0) {
    fprintf(stderr, "sh: ulimit: %s: cannot get limit: %s\n", o->description,
            strerror(errno));
    return 1;
  }
  if (soft)
    limit.rlim_cur = value;
  if (hard)
    limit.rlim_max = value;
  if (setrlimit(o->resource, &limit) != 0) {
    fprintf(stderr, "sh: ulimit: %s: cannot modify limit: %s\n", o->description,
            strerror(errno));
    return 1;
  }
  return 0;
}

int builtin_ulimit(int argc, char **argv) {
  bool hard = false, soft = false, all = false;
  const struct limit_option *chosen = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    for (const char *c = argv[i] + 1; *c; c++) {
      if (*c == 'H') {
        hard = true;
      } else if (*c == 'S') {
        soft = true;
      } else if (*c == 'a') {
        all = true;
      } else if (find_option(*c)) {
        chosen = find_option(*c);
      } else {
        fprintf(stderr, "sh: ulimit: -%c: invalid option\n", *c);
        fprintf(stderr,
                "usage: ulimit [-H|-S] [-a | -cdefilmnqrstuvx [VALUE]]\n");
        return 2;
      }
    }
  }
  if (all) {
    int status = 0;
    for (size_t k = 0; k < LIMIT_COUNT; k++)
      status |= print_limit(&limit_options[k], hard && !soft, true);
    return status;
  }
  if (!chosen)
    chosen = find_option('f'); /* POSIX: plain ulimit is the file size */
  if (i == argc)
    return print_limit(chosen, hard && !soft, false);
  if (i + 1 < argc) {
    fprintf(stderr, "sh: ulimit: too many arguments\n");
    return 2;
  }
  /* Setting with neither -H nor -S sets both, as bash and dash do. */
  if (!hard && !soft)
    hard = soft = true;
  return set_limit(chosen, soft, hard, argv[i]);
}
