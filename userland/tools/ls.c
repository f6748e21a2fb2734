/* ls [-a] [-l] [file ...]: list directory contents, sorted by name.
 *   -a  include names starting with '.'
 *   -l  long format: type and permissions, links, owner, group, size,
 *       modification time, name; the time as GNU ls shows it: "Mar  5 14:07"
 *       within six months of now, "Mar  5  2023" otherwise; a device shows
 *       its major and minor numbers for a size, and a directory listing
 *       starts with GNU's "total" line (1 KiB blocks) */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static int show_all, long_format;

/* "drwxr-xr-x": the type letter, then rwx for owner, group and others,
 * with s/S for set-id bits and t/T for the sticky bit. */
static void mode_string(mode_t mode, char out[11]) {
  char type = '-';
  if (S_ISDIR(mode)) type = 'd';
  else if (S_ISLNK(mode)) type = 'l';
  else if (S_ISSOCK(mode)) type = 's';
  else if (S_ISCHR(mode)) type = 'c';
  else if (S_ISBLK(mode)) type = 'b';
  else if (S_ISFIFO(mode)) type = 'p';
  out[0] = type;
  const char *rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) out[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
  if (mode & S_ISUID) out[3] = (mode & S_IXUSR) ? 's' : 'S';
  if (mode & S_ISGID) out[6] = (mode & S_IXGRP) ? 's' : 'S';
  if (mode & S_ISVTX) out[9] = (mode & S_IXOTH) ? 't' : 'T';
  out[10] = '\0';
}

/* A modification time as GNU ls -l prints it. */
static const char *date_string(time_t t, char out[16]) {
  const time_t six_months = 365 * 24 * 3600 / 2;
  time_t now = time(NULL);
  bool recent = t <= now && now - t < six_months;
  strftime(out, 16, recent ? "%b %e %H:%M" : "%b %e  %Y", localtime(&t));
  return out;
}

/* Prints one entry; `path` is where to find it, `name` what to show. */
static int print_entry(const char *path, const char *name) {
  if (!long_format) {
    puts(name);
    return 0;
  }
  struct stat st;
  if (lstat(path, &st) < 0) {
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    return 1;
  }
  char mode[11], when[16];
  mode_string(st.st_mode, mode);
  printf("%s %3lu ", mode, (unsigned long)st.st_nlink);
  struct passwd *user = getpwuid(st.st_uid);
  if (user) printf("%-8s ", user->pw_name);
  else printf("%-8u ", st.st_uid);
  struct group *group = getgrgid(st.st_gid);
  if (group) printf("%-8s ", group->gr_name);
  else printf("%-8u ", st.st_gid);
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))  /* a device: its numbers, not a size */
    printf("%3u, %3u", major(st.st_rdev), minor(st.st_rdev));
  else
    printf("%8ld", (long)st.st_size);
  printf(" %s %s", date_string(st.st_mtime, when), name);
  if (S_ISLNK(st.st_mode)) {
    char target[PATH_MAX];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n >= 0) {
      target[n] = '\0';
      printf(" -> %s", target);
    }
  }
  putchar('\n');
  return 0;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_directory(const char *path) {
  DIR *dir = opendir(path);
  if (dir == NULL) {
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    return 1;
  }
  char **names = NULL;
  size_t count = 0, capacity = 0;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] == '.' && !show_all) continue;
    if (count == capacity) {
      capacity = capacity ? capacity * 2 : 64;
      names = realloc(names, capacity * sizeof *names);
      if (names == NULL) {
        fprintf(stderr, "ls: out of memory\n");
        return 1;
      }
    }
    names[count++] = strdup(entry->d_name);
  }
  closedir(dir);
  qsort(names, count, sizeof *names, compare_names);

  int status = 0;
  if (long_format) {
    /* GNU's first line: the space the entries take, in 1 KiB blocks
     * (st_blocks counts 512-byte ones), rounded up. */
    unsigned long long blocks = 0;
    for (size_t i = 0; i < count; i++) {
      char child[PATH_MAX];
      struct stat st;
      snprintf(child, sizeof child, "%s/%s", path, names[i]);
      if (lstat(child, &st) == 0) blocks += (unsigned long long)st.st_blocks;
    }
    printf("total %llu\n", (blocks + 1) / 2);
  }
  for (size_t i = 0; i < count; i++) {
    char child[PATH_MAX];
    snprintf(child, sizeof child, "%s/%s", path, names[i]);
    status |= print_entry(child, names[i]);
    free(names[i]);
  }
  free(names);
  return status;
}

int main(int argc, char **argv) {
  int option;
  while ((option = getopt(argc, argv, "al")) != -1) {
    if (option == 'a') show_all = 1;
    else if (option == 'l') long_format = 1;
    else {
      fprintf(stderr, "usage: ls [-a] [-l] [file ...]\n");
      return 1;
    }
  }
  if (optind == argc) return list_directory(".");

  /* Like other ls: the files named first, then each directory's contents
   * under a "name:" header when there is more than one operand. */
  int status = 0;
  int several = argc - optind > 1;
  int printed = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (int i = optind; i < argc; i++) {
      struct stat st;
      if (stat(argv[i], &st) < 0 && lstat(argv[i], &st) < 0) { /* lstat: a dangling symlink */
        if (pass == 0) {
          fprintf(stderr, "ls: %s: %s\n", argv[i], strerror(errno));
          status = 1;
        }
        continue;
      }
      if (pass == 0 && !S_ISDIR(st.st_mode)) {
        status |= print_entry(argv[i], argv[i]);
        printed++;
      } else if (pass == 1 && S_ISDIR(st.st_mode)) {
        if (several) printf("%s%s:\n", printed++ ? "\n" : "", argv[i]);
        status |= list_directory(argv[i]);
      }
    }
  }
  return status;
}
