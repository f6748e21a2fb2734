/* cp [-r] [-p] source target: copy a file.
 * cp [-r] [-p] source ... directory: copy each source into directory.
 * -r (or -R): copy directories and what they contain; symbolic links
 *     inside are copied as links.
 * -p: keep the mode, owner and times of the source.
 * Without -p a new file gets the source's mode minus the umask, as
 * open(2) does; an existing target keeps its own mode. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, preserve;

/* The directory a recursive copy is creating, so that `cp -r a a/b` does
 * not copy a/b into itself forever. */
static dev_t new_root_dev;
static ino_t new_root_ino;
static int have_new_root;

static int fail(const char *what, const char *path) {
  fprintf(stderr, "cp: %s '%s': %s\n", what, path, strerror(errno));
  return 1;
}

static void keep_attributes(const char *target, const struct stat *st) {
  if (!preserve) return;
  struct timespec times[2] = {st->st_atim, st->st_mtim};
  utimensat(AT_FDCWD, target, times, AT_SYMLINK_NOFOLLOW);
  if (S_ISLNK(st->st_mode)) return;
  chown(target, st->st_uid, st->st_gid); /* may fail for non-root: not an error */
  chmod(target, st->st_mode & 07777);
}

static int copy_file(const char *source, const char *target, const struct stat *st) {
  int in = open(source, O_RDONLY);
  if (in < 0) return fail("cannot open", source);
  int out = open(target, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
  if (out < 0) {
    close(in);
    return fail("cannot create", target);
  }
  static char buffer[65536];
  int status = 0;
  for (;;) {
    ssize_t n = read(in, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      status = fail("error reading", source);
      break;
    }
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(out, buffer + done, (size_t)(n - done));
      if (w < 0) {
        if (errno == EINTR) continue;
        status = fail("error writing", target);
        break;
      }
      done += w;
    }
    if (status) break;
  }
  close(in);
  if (close(out) < 0 && status == 0) status = fail("error writing", target);
  if (status == 0) keep_attributes(target, st);
  return status;
}

static int copy_path(const char *source, const char *target);

static int copy_directory(const char *source, const char *target, const struct stat *st) {
  struct stat existing;
  if (stat(target, &existing) < 0) {
    /* Created writable for us; the real mode is set at the end. */
    if (mkdir(target, (st->st_mode & 0777) | 0700) < 0) return fail("cannot create directory", target);
    if (stat(target, &existing) < 0) return fail("cannot stat", target);
  } else if (!S_ISDIR(existing.st_mode)) {
    fprintf(stderr, "cp: cannot overwrite non-directory '%s' with directory '%s'\n", target, source);
    return 1;
  }
  if (!have_new_root) {
    new_root_dev = existing.st_dev;
    new_root_ino = existing.st_ino;
    have_new_root = 1;
  }
  DIR *dir = opendir(source);
  if (dir == NULL) return fail("cannot open directory", source);
  int status = 0;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    char from[PATH_MAX], to[PATH_MAX];
    if (snprintf(from, sizeof from, "%s/%s", source, entry->d_name) >= (int)sizeof from ||
        snprintf(to, sizeof to, "%s/%s", target, entry->d_name) >= (int)sizeof to) {
      fprintf(stderr, "cp: %s/%s: File name too long\n", source, entry->d_name);
      status = 1;
      continue;
    }
    status |= copy_path(from, to);
  }
  closedir(dir);
  chmod(target, st->st_mode & (preserve ? 07777 : 0777));
  keep_attributes(target, st);
  return status;
}

static int copy_symlink(const char *source, const char *target, const struct stat *st) {
  char link[PATH_MAX];
  ssize_t n = readlink(source, link, sizeof link - 1);
  if (n < 0) return fail("cannot read symbolic link", source);
  link[n] = '\0';
  unlink(target);
  if (symlink(link, target) < 0) return fail("cannot create symbolic link", target);
  keep_attributes(target, st);
  return 0;
}

static int copy_path(const char *source, const char *target) {
  struct stat st, existing;
  /* Inside a recursive copy, links are copied as links (as GNU cp -r). */
  int found = recursive ? lstat(source, &st) : stat(source, &st);
  if (found < 0) return fail("cannot stat", source);
  if (have_new_root && st.st_dev == new_root_dev && st.st_ino == new_root_ino) return 0;
  if (stat(target, &existing) == 0 && existing.st_dev == st.st_dev && existing.st_ino == st.st_ino) {
    fprintf(stderr, "cp: '%s' and '%s' are the same file\n", source, target);
    return 1;
  }
  if (S_ISDIR(st.st_mode)) {
    if (!recursive) {
      fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n", source);
      return 1;
    }
    return copy_directory(source, target, &st);
  }
  if (S_ISLNK(st.st_mode)) return copy_symlink(source, target, &st);
  if (!S_ISREG(st.st_mode)) {
    fprintf(stderr, "cp: '%s': not a regular file; not copied\n", source);
    return 1;
  }
  return copy_file(source, target, &st);
}

static int is_directory(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv) {
  int option;
  while ((option = getopt(argc, argv, "rRp")) != -1) {
    if (option == 'r' || option == 'R') recursive = 1;
    else if (option == 'p') preserve = 1;
    else {
      fprintf(stderr, "usage: cp [-r] [-p] source target\n       cp [-r] [-p] source ... directory\n");
      return 1;
    }
  }
  int count = argc - optind;
  if (count < 2) {
    fprintf(stderr, "usage: cp [-r] [-p] source target\n       cp [-r] [-p] source ... directory\n");
    return 1;
  }
  const char *last = argv[argc - 1];
  if (count == 2 && !is_directory(last)) return copy_path(argv[optind], last);
  if (!is_directory(last)) {
    fprintf(stderr, "cp: target '%s' is not a directory\n", last);
    return 1;
  }
  int status = 0;
  for (int i = optind; i < argc - 1; i++) {
    char copy[PATH_MAX], target[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", argv[i]);
    if (snprintf(target, sizeof target, "%s/%s", last, basename(copy)) >= (int)sizeof target) {
      fprintf(stderr, "cp: %s/%s: File name too long\n", last, argv[i]);
      status = 1;
      continue;
    }
    status |= copy_path(argv[i], target);
  }
  return status;
}
