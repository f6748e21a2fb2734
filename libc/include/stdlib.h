#ifndef _STDLIB_H
#define _STDLIB_H

#include <bits/cdefs.h>
#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647

typedef struct {
  int quot;
  int rem;
} div_t;
typedef struct {
  long quot;
  long rem;
} ldiv_t;

__BEGIN_DECLS

/* Memory */
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
int posix_memalign(void **out, size_t alignment, size_t size);
void *aligned_alloc(size_t alignment, size_t size);

/* Leaving */
__noreturn void exit(int status);
__noreturn void _Exit(int status);
__noreturn void abort(void);
int atexit(void (*handler)(void));

/* Numbers from text */
int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

int abs(int n);
long labs(long n);
long long llabs(long long n);
div_t div(int num, int den);
ldiv_t ldiv(long num, long den);

/* The environment */
char *getenv(const char *name);
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
int putenv(char *string);
int clearenv(void);

/* Sorting and searching */
void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t count, size_t size,
              int (*compare)(const void *, const void *));

int rand(void);
void srand(unsigned int seed);

/* A new file (opened O_RDWR, mode 0600) or directory (0700) whose name is
 * the template with its final "XXXXXX" replaced. */
int mkstemp(char *name_template);
char *mkdtemp(char *name_template);

/* Running a command through /bin/sh -c; the result is a wait status. */
int system(const char *command);

/* The absolute path with no ".", ".." or symbolic link in it. With
 * resolved == NULL the result is malloc'd; else resolved has PATH_MAX bytes. */
char *realpath(const char *path, char *resolved);

__END_DECLS

#endif
