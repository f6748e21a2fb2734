/* id [-u | -g | -G] [-n] [USER]: print user and group ids, with names from
 * /etc/passwd and /etc/group, as GNU id does:
 *   uid=1000(student) gid=1000(student) groups=1000(student)
 * -u only the effective user id, -g only the effective group id, -G every
 * group id; -n names instead of numbers (with -u, -g or -G).
 * With USER (a name or a number), that user's ids from /etc/passwd and the
 * groups in /etc/group that list it, instead of this process's. */
#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_GROUPS = 64 };

static void print_user(const char *label, uid_t uid) {
  struct passwd *pw = getpwuid(uid);
  printf("%s=%u", label, uid);
  if (pw) printf("(%s)", pw->pw_name);
}

static void print_group(const char *label, gid_t gid) {
  struct group *gr = getgrgid(gid);
  if (label) printf("%s=", label);
  printf("%u", gid);
  if (gr) printf("(%s)", gr->gr_name);
}

/* One id for -u/-g/-G: the name with -n (the number if it has none). */
static void print_one(unsigned id, bool is_user, bool names) {
  const char *name = NULL;
  if (names && is_user) {
    struct passwd *pw = getpwuid(id);
    if (pw) name = pw->pw_name;
  } else if (names) {
    struct group *gr = getgrgid(id);
    if (gr) name = gr->gr_name;
  }
  if (name) printf("%s", name);
  else printf("%u", id);
}

/* USER's login group and the groups that name it as a member. */
static int groups_of(const struct passwd *pw, gid_t *groups) {
  int count = 0;
  struct group *gr;
  setgrent();
  while ((gr = getgrent()) != NULL && count < MAX_GROUPS)
    for (char **member = gr->gr_mem; member && *member; member++)
      if (strcmp(*member, pw->pw_name) == 0 && gr->gr_gid != pw->pw_gid) {
        groups[count++] = gr->gr_gid;
        break; /* once per group, even if /etc/group names the user twice */
      }
  endgrent();
  return count;
}

int main(int argc, char **argv) {
  char which = 0;
  bool names = false;
  int option;
  while ((option = getopt(argc, argv, "ugGn")) != -1) {
    if (option == 'n') {
      names = true;
    } else if (option == '?') {
      fprintf(stderr, "usage: id [-u | -g | -G] [-n] [USER]\n");
      return 1;
    } else {
      which = (char)option;
    }
  }
  if (argc - optind > 1) {
    fprintf(stderr, "id: extra operand '%s'\n", argv[optind + 1]);
    return 1;
  }
  if (names && !which) {
    fprintf(stderr, "id: cannot print only names or real IDs in default format\n");
    return 1;
  }

  uid_t uid = getuid(), euid = geteuid();
  gid_t gid = getgid(), egid = getegid();
  /* MAX_GROUPS for USER's groups from /etc/group; this process may have
   * up to NGROUPS_MAX (65536), so its list is as long as getgroups says. */
  int count = optind < argc ? MAX_GROUPS : getgroups(0, NULL);
  gid_t *groups = malloc(sizeof(gid_t) * (size_t)(count > 0 ? count : 1));
  if (!groups) {
    fprintf(stderr, "id: out of memory\n");
    return 1;
  }
  if (optind < argc) {
    const char *user = argv[optind];
    struct passwd *pw = getpwnam(user);
    char *end;
    unsigned long number = strtoul(user, &end, 10);
    if (!pw && *user && !*end) pw = getpwuid((uid_t)number);
    if (!pw) {
      fprintf(stderr, "id: '%s': no such user\n", user);
      return 1;
    }
    uid = euid = pw->pw_uid;
    gid = egid = pw->pw_gid;
    count = groups_of(pw, groups);
  } else {
    count = count > 0 ? getgroups(count, groups) : 0;
    if (count < 0) count = 0;
  }

  if (which == 'u' || which == 'g') {
    print_one(which == 'u' ? euid : egid, which == 'u', names);
    putchar('\n');
    return 0;
  }
  if (which == 'G') {
    print_one(egid, false, names);
    for (int i = 0; i < count; i++)
      if (groups[i] != egid) {
        putchar(' ');
        print_one(groups[i], false, names);
      }
    putchar('\n');
    return 0;
  }

  print_user("uid", uid);
  putchar(' ');
  print_group("gid", gid);
  if (euid != uid) {
    putchar(' ');
    print_user("euid", euid);
  }
  if (egid != gid) {
    putchar(' ');
    print_group("egid", egid);
  }
  /* GNU lists the effective group first, then the supplementary ones. */
  printf(" groups=");
  print_group(NULL, egid);
  for (int i = 0; i < count; i++) {
    if (groups[i] == egid) continue;
    putchar(',');
    print_group(NULL, groups[i]);
  }
  putchar('\n');
  return 0;
}
