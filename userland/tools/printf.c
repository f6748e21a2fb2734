/* printf FORMAT [argument ...]: print the arguments as FORMAT says, like
 * C's printf: %s %b %c %d %i %u %o %x %X %%, with flags, width and precision
 * ("%-8s", "%05d"), and the escapes \n \t \\ \" \a \b \f \r \v and \NNN
 * (octal) in FORMAT; the same in %b's argument, but octal as \0NNN. FORMAT
 * is used again while arguments are left; a missing argument is "" or 0.
 * Exit 1 if a number was not valid. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int status;

/* One escape at *s (just after the backslash); returns the byte and moves *s
 * past it. An octal escape is \NNN in FORMAT, \0NNN in %b's argument. */
static int escape(const char **s, int in_argument) {
  const char *p = *s;
  int c = *p++;
  if (!in_argument && c >= '0' && c <= '7') {
    c -= '0';
    for (int i = 0; i < 2 && *p >= '0' && *p <= '7'; i++) c = c * 8 + (*p++ - '0');
    *s = p;
    return c;
  }
  switch (c) {
    case 'n': c = '\n'; break;
    case 't': c = '\t'; break;
    case 'r': c = '\r'; break;
    case 'a': c = '\a'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'v': c = '\v'; break;
    case '0': /* \0NNN: up to three octal digits */
      c = 0;
      for (int i = 0; i < 3 && *p >= '0' && *p <= '7'; i++) c = c * 8 + (*p++ - '0');
      break;
    case '\0': c = '\\'; p--; break; /* a backslash at the very end */
    default: break;                  /* \\ \" and anything else: itself */
  }
  *s = p;
  return c;
}

/* %b: the argument with its escapes interpreted. */
static void print_escaped(const char *s) {
  while (*s) {
    if (*s == '\\') {
      s++;
      putchar(escape(&s, 1));
    } else {
      putchar(*s++);
    }
  }
}

static long long number(const char *arg) {
  if (arg[0] == '\'' || arg[0] == '"') return (unsigned char)arg[1]; /* 'A is 65 */
  char *end;
  errno = 0;
  long long n = strtoll(arg, &end, 0);
  if (*arg == '\0' || *end != '\0' || errno) {
    fprintf(stderr, "printf: %s: invalid number\n", arg);
    status = 1;
  }
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: printf FORMAT [argument ...]\n");
    return 1;
  }
  const char *format = argv[1];
  int next = 2;
  do {
    for (const char *f = format; *f;) {
      if (*f == '\\') {
        f++;
        putchar(escape(&f, 0));
        continue;
      }
      if (*f != '%') {
        putchar(*f++);
        continue;
      }
      if (f[1] == '%') {
        putchar('%');
        f += 2;
        continue;
      }
      /* The conversion specification, copied for C's printf. */
      char spec[32];
      size_t n = 0;
      spec[n++] = *f++;
      while (*f && strchr("-+ #0123456789.", *f) && n < sizeof spec - 4) spec[n++] = *f++;
      char conversion = *f ? *f++ : 's';
      const char *arg = next < argc ? argv[next++] : NULL;
      switch (conversion) {
        case 'd':
        case 'i':
          spec[n++] = 'l';
          spec[n++] = 'l';
          spec[n++] = 'd';
          spec[n] = '\0';
          printf(spec, arg ? number(arg) : 0LL);
          break;
        case 'u':
        case 'o':
        case 'x':
        case 'X':
          spec[n++] = 'l';
          spec[n++] = 'l';
          spec[n++] = conversion;
          spec[n] = '\0';
          printf(spec, (unsigned long long)(arg ? number(arg) : 0));
          break;
        case 'c':
          if (arg && *arg) putchar(*arg);
          break;
        case 'b':
          print_escaped(arg ? arg : "");
          break;
        default: /* 's', and anything unknown prints as a string */
          spec[n++] = 's';
          spec[n] = '\0';
          printf(spec, arg ? arg : "");
      }
    }
  } while (next < argc && next > 2);
  return status;
}
