/* runas USER[:GROUP] command [arg ...]: run a command as another user.
 * USER and GROUP are numbers or names. Without GROUP the group is the
 * user's login group from /etc/passwd, or else the number of the user.
 * The command starts with no supplementary groups and with real, effective
 * and saved ids all changed, so it cannot become root again. Root only:
 * this is how a test checks a permission as an ordinary user, e.g.
 *     runas 1000 cat /root/secret      (fails with EACCES) */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A number, or a name found by getpwnam/getgrnam. */
static int parse_user(const char *text, uid_t *uid, gid_t *login_group, int *have_login_group) {
  char *end;
  unsigned long n = strtoul(text, &end, 10);
  struct passwd *pw = NULL;
  if (*text && *end == '\0' && n <= 0xfffffffeUL) {
    *uid = (uid_t)n;
    pw = getpwuid(*uid);
  } else if ((pw = getpwnam(text)) != NULL) {
    *uid = pw->pw_uid;
  } else {
    fprintf(stderr, "runas: no such user: %s\n", text);
    return -1;
  }
  *have_login_group = pw != NULL;
  if (pw) *login_group = pw->pw_gid;
  return 0;
}

static int parse_group(const char *text, gid_t *gid) {
  char *end;
  unsigned long n = strtoul(text, &end, 10);
  if (*text && *end == '\0' && n <= 0xfffffffeUL) {
    *gid = (gid_t)n;
    return 0;
  }
  struct group *gr = getgrnam(text);
  if (gr == NULL) {
    fprintf(stderr, "runas: no such group: %s\n", text);
    return -1;
  }
  *gid = gr->gr_gid;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: runas USER[:GROUP] command [arg ...]\n");
    return 1;
  }
  if (geteuid() != 0) {
    fprintf(stderr, "runas: only root can change to another user\n");
    return 1;
  }
  char *spec = argv[1];
  char *colon = strchr(spec, ':');
  if (colon) *colon = '\0';
  uid_t uid;
  gid_t gid;
  int have_login_group;
  if (parse_user(spec, &uid, &gid, &have_login_group) < 0) return 1;
  if (colon) {
    if (parse_group(colon + 1, &gid) < 0) return 1;
  } else if (!have_login_group) {
    gid = (gid_t)uid;
  }

  /* Groups first: once the uid is not 0 we may no longer change them. */
  if (setgroups(0, NULL) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
    fprintf(stderr, "runas: cannot become %u:%u: %s\n", uid, gid, strerror(errno));
    return 1;
  }
  if (getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid) {
    fprintf(stderr, "runas: the ids did not change as asked\n");
    return 1;
  }
  execvp(argv[2], argv + 2);
  fprintf(stderr, "runas: %s: %s\n", argv[2], strerror(errno));
  return errno == ENOENT ? 127 : 126;
}
