/* Buffered I/O over file descriptors. FILE's insides live in libc/src/stdio. */
#ifndef _STDIO_H
#define _STDIO_H

#include <bits/cdefs.h>
#include <bits/types.h>
#include <stdarg.h>
#include <stddef.h>

typedef struct FILE FILE;
typedef long fpos_t;

#define EOF (-1)
#define BUFSIZ 8192

/* setvbuf modes (glibc's values) */
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define FILENAME_MAX 4096

__BEGIN_DECLS

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;

FILE *fopen(const char *path, const char *mode);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *f);
int fflush(FILE *f); /* NULL flushes every output stream */
int setvbuf(FILE *f, char *buf, int mode, size_t size);
void setbuf(FILE *f, char *buf);
int fileno(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int fseek(FILE *f, long offset, int whence);
long ftell(FILE *f);
void rewind(FILE *f);

size_t fread(void *buf, size_t size, size_t count, FILE *f);
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
char *fgets(char *s, int size, FILE *f);
int ungetc(int c, FILE *f);
ssize_t getline(char **line, size_t *capacity, FILE *f);
ssize_t getdelim(char **line, size_t *capacity, int delim, FILE *f);

size_t fwrite(const void *buf, size_t size, size_t count, FILE *f);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *s, FILE *f);
int puts(const char *s);

int printf(const char *fmt, ...) __printf_like(1, 2);
int fprintf(FILE *f, const char *fmt, ...) __printf_like(2, 3);
int dprintf(int fd, const char *fmt, ...) __printf_like(2, 3);
int sprintf(char *s, const char *fmt, ...) __printf_like(2, 3);
int snprintf(char *s, size_t size, const char *fmt, ...) __printf_like(3, 4);
int vprintf(const char *fmt, va_list ap) __printf_like(1, 0);
int vfprintf(FILE *f, const char *fmt, va_list ap) __printf_like(2, 0);
int vdprintf(int fd, const char *fmt, va_list ap) __printf_like(2, 0);
int vsprintf(char *s, const char *fmt, va_list ap) __printf_like(2, 0);
int vsnprintf(char *s, size_t size, const char *fmt, va_list ap) __printf_like(3, 0);

void perror(const char *prefix);
int remove(const char *path);
int rename(const char *oldpath, const char *newpath);
int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

/* The scanf family: %d %i %u %o %x %c %s %[set] %n %p %%, with widths,
 * '*' (no assignment) and the hh h l ll j z t length modifiers. No floating
 * point conversions. */
int scanf(const char *fmt, ...) __attribute__((__format__(__scanf__, 1, 2)));
int fscanf(FILE *f, const char *fmt, ...) __attribute__((__format__(__scanf__, 2, 3)));
int sscanf(const char *s, const char *fmt, ...) __attribute__((__format__(__scanf__, 2, 3)));
int vscanf(const char *fmt, va_list ap) __attribute__((__format__(__scanf__, 1, 0)));
int vfscanf(FILE *f, const char *fmt, va_list ap) __attribute__((__format__(__scanf__, 2, 0)));
int vsscanf(const char *s, const char *fmt, va_list ap) __attribute__((__format__(__scanf__, 2, 0)));

/* A pipe to or from `/bin/sh -c command`; pclose returns its wait status. */
FILE *popen(const char *command, const char *mode);
int pclose(FILE *f);

__END_DECLS

#endif
