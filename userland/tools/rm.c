/* rm [-f] [-r] file ...: remove files. -r: directories and everything in
 * them. -f: no complaint about missing files. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int force, recursive;

static int remove_path(const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) { /* lstat: a symlink is removed, not followed */
    if (force && errno == ENOENT) return 0;
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (unlink(path) == 0) return 0;
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (!recursive) {
    fprintf(stderr, "rm: %s: Is a directory\n", path);
    return 1;
  }
  int status = 0;
  DIR *dir = opendir(path);
  if (dir == NULL) {
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return 1;
  }
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    char child[PATH_MAX];
    if (snprintf(child, sizeof child, "%s/%s", path, entry->d_name) >= (int)sizeof child) {
      fprintf(stderr, "rm: %s/%s: File name too long\n", path, entry->d_name);
      status = 1;
      continue;
    }
    status |= remove_path(child);
  }
  closedir(dir);
  if (rmdir(path) < 0) {
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return 1;
  }
  return status;
}

int main(int argc, char **argv) {
  int option;
  while ((option = getopt(argc, argv, "frR")) != -1) {
    if (option == 'f') force = 1;
    else if (option == 'r' || option == 'R') recursive = 1;
    else {
      fprintf(stderr, "usage: rm [-f] [-r] file ...\n");
      return 1;
    }
  }
  if (optind == argc && !force) {
    fprintf(stderr, "usage: rm [-f] [-r] file ...\n");
    return 1;
  }
  int status = 0;
  for (int i = optind; i < argc; i++) status |= remove_path(argv[i]);
  return status;
}
