/* pwd: print the current directory. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  char dir[PATH_MAX];
  if (getcwd(dir, sizeof dir) == NULL) {
    fprintf(stderr, "pwd: %s\n", strerror(errno));
    return 1;
  }
  puts(dir);
  return 0;
}
