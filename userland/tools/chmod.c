/* chmod [-R] MODE file ...: change permission bits.
 * MODE is octal (755, 4755) or symbolic: clauses separated by commas,
 * each [ugoa]*[+-=][rwxXst]*, e.g. u+x, go-w, a=r, u=rwx,go=rx.
 *   X: execute only for directories and files someone may already execute.
 *   Without u/g/o/a, the clause means "a", except that bits in the umask
 *   are not set (as POSIX says: `chmod +w f` honours the umask).
 * -R: also everything under each directory (symbolic links are skipped). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *mode_text;
static int recursive;

/* The whole of a "who" set's bits, for each permission letter. */
#define WHO_U 04700
#define WHO_G 02070
#define WHO_O 01007

/* Computes the new mode from the old one. Returns -1 if mode_text is not a
 * valid mode. */
static long new_mode(mode_t old, int is_dir) {
  if (mode_text[0] >= '0' && mode_text[0] <= '7') {
    long mode = 0;
    for (const char *c = mode_text; *c; c++) {
      if (*c < '0' || *c > '7' || mode > 07777) return -1;
      mode = mode * 8 + (*c - '0');
    }
    return mode > 07777 ? -1 : mode;
  }

  mode_t mask = umask(0);
  umask(mask);
  mode_t mode = old & 07777;
  const char *c = mode_text;
  for (;;) {
    mode_t who = 0;
    for (; *c && strchr("ugoa", *c); c++) {
      if (*c == 'u') who |= WHO_U;
      else if (*c == 'g') who |= WHO_G;
      else if (*c == 'o') who |= WHO_O;
      else who |= WHO_U | WHO_G | WHO_O;
    }
    int honour_umask = who == 0;
    if (who == 0) who = WHO_U | WHO_G | WHO_O;
    if (*c != '+' && *c != '-' && *c != '=') return -1;
    while (*c == '+' || *c == '-' || *c == '=') { /* "u+x-w" has two actions */
      char op = *c++;
      mode_t bits = 0;
      for (; *c && strchr("rwxXst", *c); c++) {
        if (*c == 'r') bits |= 0444;
        else if (*c == 'w') bits |= 0222;
        else if (*c == 'x') bits |= 0111;
        else if (*c == 'X') bits |= (is_dir || (old & 0111)) ? 0111 : 0;
        else if (*c == 's') bits |= S_ISUID | S_ISGID;
        else bits |= S_ISVTX;
      }
      bits &= who;
      if (honour_umask) bits &= ~mask;
      if (op == '+') mode |= bits;
      else if (op == '-') mode &= ~bits;
      else mode = (mode & ~(who & 07777)) | bits;
    }
    if (*c == '\0') return mode;
    if (*c++ != ',') return -1;
  }
}

static int change(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) {
    fprintf(stderr, "chmod: cannot access '%s': %s\n", path, strerror(errno));
    return 1;
  }
  long mode = new_mode(st.st_mode, S_ISDIR(st.st_mode));
  if (mode < 0) {
    fprintf(stderr, "chmod: invalid mode: '%s'\n", mode_text);
    return 2;
  }
  int status = 0;
  if (chmod(path, (mode_t)mode) < 0) {
    fprintf(stderr, "chmod: changing permissions of '%s': %s\n", path, strerror(errno));
    status = 1;
  }
  if (!recursive || !S_ISDIR(st.st_mode)) return status;

  DIR *dir = opendir(path);
  if (dir == NULL) {
    fprintf(stderr, "chmod: cannot read directory '%s': %s\n", path, strerror(errno));
    return 1;
  }
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    char child[PATH_MAX];
    struct stat cst;
    snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
    if (lstat(child, &cst) == 0 && S_ISLNK(cst.st_mode)) continue;
    status |= change(child);
  }
  closedir(dir);
  return status;
}

int main(int argc, char **argv) {
  int i = 1;
  if (i < argc && strcmp(argv[i], "-R") == 0) {
    recursive = 1;
    i++;
  }
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  if (argc - i < 2) {
    fprintf(stderr, "usage: chmod [-R] MODE file ...\n");
    return 1;
  }
  mode_text = argv[i++];
  int status = 0;
  for (; i < argc; i++) {
    int s = change(argv[i]);
    if (s == 2) return 1; /* a bad mode is bad for every file */
    status |= s;
  }
  return status;
}
