/* sysctl [-n] NAME ...          print "NAME = VALUE" (-n: only VALUE)
 * sysctl [-w] NAME=VALUE ...    set NAME, then print it as above
 * sysctl [-n] -a                every sysctl there is
 *
 * A sysctl is a file: NAME with its dots turned into slashes, under
 * /proc/sys (net.ipv4.ip_local_port_range is
 * /proc/sys/net/ipv4/ip_local_port_range), so this works the same on
 * Tether and on Linux. A NAME written with slashes is accepted as well. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROC_SYS "/proc/sys/"

static int values_only;

/* "a.b.c" to "/proc/sys/a/b/c". */
static int path_of(const char *name, char *path, size_t size) {
  if (snprintf(path, size, "%s%s", PROC_SYS, name) >= (int)size) return -1;
  for (char *c = path + strlen(PROC_SYS); *c; c++)
    if (*c == '.') *c = '/';
  return 0;
}

/* "/proc/sys/a/b/c" back to "a.b.c". */
static void name_of(const char *path, char *name, size_t size) {
  snprintf(name, size, "%s", path + strlen(PROC_SYS));
  for (char *c = name; *c; c++)
    if (*c == '/') *c = '.';
}

/* Prints one value; quiet_denied skips files we may not read (for -a). */
static int show(const char *name, const char *path, int quiet_denied) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    if (quiet_denied && (errno == EACCES || errno == EPERM)) return 0;
    fprintf(stderr, "sysctl: cannot stat %s: %s\n", path, strerror(errno));
    return 1;
  }
  char value[4096];
  size_t length = 0;
  ssize_t n;
  while (length < sizeof value - 1 && (n = read(fd, value + length, sizeof value - 1 - length)) > 0)
    length += (size_t)n;
  int error = n < 0 ? errno : 0;
  close(fd);
  if (error) {
    if (quiet_denied && (error == EACCES || error == EPERM || error == EIO)) return 0;
    fprintf(stderr, "sysctl: reading key \"%s\": %s\n", name, strerror(error));
    return 1;
  }
  while (length > 0 && value[length - 1] == '\n') length--;
  value[length] = '\0';
  if (values_only) printf("%s\n", value);
  else printf("%s = %s\n", name, value);
  return 0;
}

static int show_name(const char *name) {
  char path[PATH_MAX];
  struct stat st;
  if (path_of(name, path, sizeof path) < 0 || stat(path, &st) < 0) {
    fprintf(stderr, "sysctl: cannot stat %s: %s\n", path, strerror(errno ? errno : ENAMETOOLONG));
    return 1;
  }
  if (S_ISDIR(st.st_mode)) {
    fprintf(stderr, "sysctl: %s: is a group of sysctls, not one (sysctl -a lists them)\n", name);
    return 1;
  }
  return show(name, path, 0);
}

static int set(char *assignment) {
  char *equals = strchr(assignment, '=');
  *equals = '\0';
  const char *name = assignment, *value = equals + 1;
  char path[PATH_MAX];
  if (path_of(name, path, sizeof path) < 0) {
    fprintf(stderr, "sysctl: %s: name too long\n", name);
    return 1;
  }
  int fd = open(path, O_WRONLY);
  if (fd < 0) {
    fprintf(stderr, "sysctl: cannot open %s: %s\n", path, strerror(errno));
    return 1;
  }
  ssize_t n = write(fd, value, strlen(value));
  int error = errno;
  close(fd);
  if (n < 0) {
    fprintf(stderr, "sysctl: setting key \"%s\": %s\n", name, strerror(error));
    return 1;
  }
  return show(name, path, 0);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every file under dir, in name order. */
static int show_all(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    fprintf(stderr, "sysctl: cannot open %s: %s\n", dir, strerror(errno));
    return 1;
  }
  char **names = NULL;
  size_t count = 0;
  struct dirent *entry;
  while ((entry = readdir(d)) != NULL) {
    if (entry->d_name[0] == '.') continue;
    names = realloc(names, (count + 1) * sizeof *names);
    names[count++] = strdup(entry->d_name);
  }
  closedir(d);
  qsort(names, count, sizeof *names, by_name);
  int status = 0;
  for (size_t i = 0; i < count; i++) {
    char path[PATH_MAX], name[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      status |= show_all(path);
    } else {
      name_of(path, name, sizeof name);
      status |= show(name, path, 1);
    }
    free(names[i]);
  }
  free(names);
  return status;
}

static void usage(void) {
  fprintf(stderr, "usage: sysctl [-n] NAME ...\n       sysctl [-w] NAME=VALUE ...\n       sysctl [-n] -a\n");
  exit(1);
}

int main(int argc, char **argv) {
  int all = 0;
  int option;
  while ((option = getopt(argc, argv, "anw")) != -1) {
    if (option == 'a') all = 1;
    else if (option == 'n') values_only = 1;
    else if (option != 'w') usage();
  }
  if (all) {
    if (optind != argc) usage();
    return show_all("/proc/sys") ? 1 : 0;
  }
  if (optind == argc) usage();
  int status = 0;
  for (int i = optind; i < argc; i++) {
    errno = 0;
    status |= strchr(argv[i], '=') ? set(argv[i]) : show_name(argv[i]);
  }
  return status;
}
