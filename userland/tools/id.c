/* id: print the user and group ids, with names from /etc/passwd and /etc/group. */
#include <stdio.h>
#include <unistd.h>

#include "passwd.h"

static void print_id(const char *label, unsigned id, const char *name) {
  printf("%s=%u", label, id);
  if (name) printf("(%s)", name);
}

int main(void) {
  uid_t uid = getuid(), euid = geteuid();
  gid_t gid = getgid(), egid = getegid();
  print_id("uid", uid, user_name(uid));
  putchar(' ');
  print_id("gid", gid, group_name(gid));
  if (euid != uid) {
    putchar(' ');
    print_id("euid", euid, user_name(euid));
  }
  if (egid != gid) {
    putchar(' ');
    print_id("egid", egid, group_name(egid));
  }
  putchar('\n');
  return 0;
}
