/* dmesg: print the kernel's message buffer, read with syslog(2)'s
 * "read all" action (klogctl in C), which leaves the buffer as it is. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 1) {
    fprintf(stderr, "usage: dmesg\n");
    return 1;
  }
  int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
  if (size < 0) {
    fprintf(stderr, "dmesg: cannot get the size of the kernel buffer: %s\n", strerror(errno));
    return 1;
  }
  if (size == 0) size = 1 << 16;
  char *buffer = malloc((size_t)size);
  if (buffer == NULL) {
    fprintf(stderr, "dmesg: out of memory\n");
    return 1;
  }
  int n = klogctl(SYSLOG_ACTION_READ_ALL, buffer, size);
  if (n < 0) {
    fprintf(stderr, "dmesg: read kernel buffer failed: %s\n", strerror(errno));
    return 1;
  }
  fwrite(buffer, 1, (size_t)n, stdout);
  if (n > 0 && buffer[n - 1] != '\n') putchar('\n');
  free(buffer);
  return 0;
}
