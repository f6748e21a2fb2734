/* id: print the user and group ids, and the supplementary groups, with
 * names from /etc/passwd and /etc/group, as GNU id does:
 *   uid=1000(student) gid=1000(student) groups=1000(student) */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

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

int main(void) {
  uid_t uid = getuid(), euid = geteuid();
  gid_t gid = getgid(), egid = getegid();
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
  gid_t groups[64];
  int count = getgroups(64, groups);
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
