/* chown [-R] [-h] OWNER[:GROUP] file ...: change the owner and group.
 *   OWNER and GROUP are names (from /etc/passwd, /etc/group) or numbers.
 *   "user:" also sets the group to the user's login group; ":group"
 *   changes only the group.
 * -h: change a symbolic link itself rather than the file it points to.
 * -R: also everything under each directory (links themselves, not followed). */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, no_dereference;
static uid_t owner = (uid_t)-1; /* -1: leave unchanged */
static gid_t group = (gid_t)-1;

/* A number, or else a user (is_user) or group name. */
static int parse_id(const char *text, unsigned *id, int is_user) {
  char *end;
  unsigned long n = strtoul(text, &end, 10);
  if (*text && *end == '\0' && n <= 0xfffffffeUL) {
    *id = (unsigned)n;
    return 0;
  }
  if (is_user) {
    struct passwd *pw = getpwnam(text);
    if (pw) {
      *id = pw->pw_uid;
      return 0;
    }
  } else {
    struct group *gr = getgrnam(text);
    if (gr) {
      *id = gr->gr_gid;
      return 0;
    }
  }
  fprintf(stderr, "chown: invalid %s: '%s'\n", is_user ? "user" : "group", text);
  return -1;
}

static int parse_spec(char *spec) {
  char *colon = strchr(spec, ':');
  if (colon) *colon = '\0';
  if (*spec && parse_id(spec, &owner, 1) < 0) return -1;
  if (colon == NULL) return 0;
  if (colon[1]) return parse_id(colon + 1, &group, 0);
  if (*spec) { /* "user:": the user's login group */
    struct passwd *pw = getpwuid(owner);
    if (pw == NULL) {
      fprintf(stderr, "chown: %s: no login group\n", spec);
      return -1;
    }
    group = pw->pw_gid;
  }
  return 0;
}

static int change(const char *path) {
  int status = 0;
  if ((no_dereference ? lchown(path, owner, group) : chown(path, owner, group)) < 0) {
    fprintf(stderr, "chown: changing ownership of '%s': %s\n", path, strerror(errno));
    status = 1;
  }
  struct stat st;
  if (!recursive || lstat(path, &st) < 0 || !S_ISDIR(st.st_mode)) return status;
  DIR *dir = opendir(path);
  if (dir == NULL) {
    fprintf(stderr, "chown: cannot read directory '%s': %s\n", path, strerror(errno));
    return 1;
  }
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    char child[PATH_MAX];
    snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
    int saved = no_dereference;
    no_dereference = 1; /* never follow a link found inside the tree */
    status |= change(child);
    no_dereference = saved;
  }
  closedir(dir);
  return status;
}

int main(int argc, char **argv) {
  int option;
  while ((option = getopt(argc, argv, "Rh")) != -1) {
    if (option == 'R') recursive = 1;
    else if (option == 'h') no_dereference = 1;
    else {
      fprintf(stderr, "usage: chown [-R] [-h] OWNER[:GROUP] file ...\n");
      return 1;
    }
  }
  if (argc - optind < 2) {
    fprintf(stderr, "usage: chown [-R] [-h] OWNER[:GROUP] file ...\n");
    return 1;
  }
  if (parse_spec(argv[optind]) < 0) return 1;
  int status = 0;
  for (int i = optind + 1; i < argc; i++) status |= change(argv[i]);
  return status;
}
