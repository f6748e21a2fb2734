/* stat [-L] [-c FORMAT] file ...: show a file's status, laid out as GNU
 * stat does by default:
 *     File: /etc/passwd
 *     Size: 96         Blocks: 8          IO Block: 4096   regular file
 *   Device: 0,1    Inode: 12          Links: 1
 *   Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)
 *   Access: 2024-01-01 00:00:00.000000000 +0000   (and Modify, Change)
 *    Birth: -
 * -L: follow a symbolic link (by default the link itself is shown).
 * -c FORMAT: print FORMAT instead, with %n name, %s size, %a octal mode,
 *   %A mode as ls shows it, %f raw mode in hex, %F type, %u %U uid and user,
 *   %g %G gid and group, %h links, %i inode, %b blocks, %o I/O block,
 *   %d device, %t %T device type major and minor in hex, %x %y %z times,
 *   %X %Y %Z times as seconds, %N quoted name (with -> target), %% a '%'. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static const char *type_name(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return "regular file";
    case S_IFDIR: return "directory";
    case S_IFLNK: return "symbolic link";
    case S_IFCHR: return "character special file";
    case S_IFBLK: return "block special file";
    case S_IFIFO: return "fifo";
    case S_IFSOCK: return "socket";
    default: return "weird file";
  }
}

/* "-rw-r--r--", as ls -l shows a mode. */
static void mode_string(mode_t mode, char out[11]) {
  const char *types = "?pc?d?b?-?l?s???"; /* indexed by the type bits >> 12 */
  out[0] = types[(mode & S_IFMT) >> 12];
  const char *rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; i++) out[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
  if (mode & S_ISUID) out[3] = (mode & S_IXUSR) ? 's' : 'S';
  if (mode & S_ISGID) out[6] = (mode & S_IXGRP) ? 's' : 'S';
  if (mode & S_ISVTX) out[9] = (mode & S_IXOTH) ? 't' : 'T';
  out[10] = '\0';
}

/* "2024-01-01 12:00:00.000000000 +0000" (Tether's clock is UTC). */
static void print_time(struct timespec ts) {
  struct tm tm;
  char text[64];
  gmtime_r(&ts.tv_sec, &tm);
  strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  printf("%s.%09ld +0000", text, ts.tv_nsec);
}

static const char *user_name(uid_t uid) {
  struct passwd *pw = getpwuid(uid);
  return pw ? pw->pw_name : "UNKNOWN";
}

static const char *group_name(gid_t gid) {
  struct group *gr = getgrgid(gid);
  return gr ? gr->gr_name : "UNKNOWN";
}

/* The name, and for a link " -> target": GNU's %N without the quotes. */
/* The name, and a symbolic link's target: "l -> /etc/passwd"; quoted as
 * GNU's %N quotes them ("'l' -> '/etc/passwd'"). */
static void print_name(const char *path, const struct stat *st, bool quoted) {
  const char *q = quoted ? "'" : "";
  printf("%s%s%s", q, path, q);
  if (!S_ISLNK(st->st_mode)) return;
  char target[4096];
  ssize_t n = readlink(path, target, sizeof target - 1);
  if (n >= 0) printf(" -> %s%.*s%s", q, (int)n, target, q);
}

static void print_default(const char *path, const struct stat *st) {
  char mode[11];
  mode_string(st->st_mode, mode);
  printf("  File: ");
  print_name(path, st, false);
  printf("\n  Size: %-10ld\tBlocks: %-10ld IO Block: %-6ld %s\n", (long)st->st_size, (long)st->st_blocks,
         (long)st->st_blksize, type_name(st->st_mode));
  printf("Device: %u,%u\tInode: %-11lu ", major(st->st_dev), minor(st->st_dev), (unsigned long)st->st_ino);
  if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
    printf("Links: %-5lu Device type: %u,%u", (unsigned long)st->st_nlink, major(st->st_rdev),
           minor(st->st_rdev));
  else
    printf("Links: %lu", (unsigned long)st->st_nlink);
  printf("\nAccess: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n", st->st_mode & 07777, mode, st->st_uid,
         user_name(st->st_uid), st->st_gid, group_name(st->st_gid));
  printf("Access: ");
  print_time(st->st_atim);
  printf("\nModify: ");
  print_time(st->st_mtim);
  printf("\nChange: ");
  print_time(st->st_ctim);
  printf("\n Birth: -\n");
}

static void print_field(char conversion, const char *path, const struct stat *st) {
  char mode[11];
  switch (conversion) {
    case 'n': fputs(path, stdout); break;
    case 'N': print_name(path, st, true); break;
    case 's': printf("%ld", (long)st->st_size); break;
    case 'a': printf("%o", st->st_mode & 07777); break;
    case 'A': mode_string(st->st_mode, mode); fputs(mode, stdout); break;
    case 'f': printf("%x", st->st_mode); break;
    case 'F': fputs(type_name(st->st_mode), stdout); break;
    case 'u': printf("%u", st->st_uid); break;
    case 'U': fputs(user_name(st->st_uid), stdout); break;
    case 'g': printf("%u", st->st_gid); break;
    case 'G': fputs(group_name(st->st_gid), stdout); break;
    case 'h': printf("%lu", (unsigned long)st->st_nlink); break;
    case 'i': printf("%lu", (unsigned long)st->st_ino); break;
    case 'b': printf("%ld", (long)st->st_blocks); break;
    case 'B': printf("512"); break;
    case 'o': printf("%ld", (long)st->st_blksize); break;
    case 'd': printf("%lu", (unsigned long)st->st_dev); break;
    case 'D': printf("%lx", (unsigned long)st->st_dev); break;
    case 't': printf("%x", major(st->st_rdev)); break;
    case 'T': printf("%x", minor(st->st_rdev)); break;
    case 'x': print_time(st->st_atim); break;
    case 'y': print_time(st->st_mtim); break;
    case 'z': print_time(st->st_ctim); break;
    case 'X': printf("%ld", (long)st->st_atim.tv_sec); break;
    case 'Y': printf("%ld", (long)st->st_mtim.tv_sec); break;
    case 'Z': printf("%ld", (long)st->st_ctim.tv_sec); break;
    case '%': putchar('%'); break;
    default: printf("?%c", conversion);
  }
}

static void print_format(const char *format, const char *path, const struct stat *st) {
  for (const char *c = format; *c; c++) {
    if (*c == '%' && c[1]) print_field(*++c, path, st);
    else putchar(*c);
  }
  putchar('\n');
}

int main(int argc, char **argv) {
  int follow = 0;
  const char *format = NULL;
  int option;
  while ((option = getopt(argc, argv, "Lc:")) != -1) {
    if (option == 'L') follow = 1;
    else if (option == 'c') format = optarg;
    else {
      fprintf(stderr, "usage: stat [-L] [-c FORMAT] file ...\n");
      return 1;
    }
  }
  if (optind == argc) {
    fprintf(stderr, "usage: stat [-L] [-c FORMAT] file ...\n");
    return 1;
  }
  int status = 0;
  for (int i = optind; i < argc; i++) {
    struct stat st;
    if ((follow ? stat(argv[i], &st) : lstat(argv[i], &st)) < 0) {
      fprintf(stderr, "stat: cannot statx '%s': %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    if (format) print_format(format, argv[i], &st);
    else print_default(argv[i], &st);
  }
  return status;
}
