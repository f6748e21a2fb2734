/* uname [-asnrvm]: print parts of the system's name (default -s). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int sysname = 0, nodename = 0, release = 0, version = 0, machine = 0;
  int option;
  while ((option = getopt(argc, argv, "asnrvm")) != -1) {
    switch (option) {
      case 'a': sysname = nodename = release = version = machine = 1; break;
      case 's': sysname = 1; break;
      case 'n': nodename = 1; break;
      case 'r': release = 1; break;
      case 'v': version = 1; break;
      case 'm': machine = 1; break;
      default:
        fprintf(stderr, "usage: uname [-asnrvm]\n");
        return 1;
    }
  }
  if (!(sysname || nodename || release || version || machine)) sysname = 1;

  struct utsname u;
  if (uname(&u) < 0) {
    fprintf(stderr, "uname: %s\n", strerror(errno));
    return 1;
  }
  const char *parts[] = {sysname ? u.sysname : NULL, nodename ? u.nodename : NULL,
                         release ? u.release : NULL, version ? u.version : NULL,
                         machine ? u.machine : NULL};
  int printed = 0;
  for (int i = 0; i < 5; i++) {
    if (parts[i] == NULL) continue;
    printf(printed++ ? " %s" : "%s", parts[i]);
  }
  putchar('\n');
  return 0;
}
