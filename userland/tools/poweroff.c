/* poweroff: switch the machine off now, with reboot(2). Only root may
 * (Linux asks for CAP_SYS_BOOT; Tether for effective uid 0). On Tether
 * the guest's QEMU then exits with status 0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 1) {
    fprintf(stderr, "usage: poweroff\n");
    return 1;
  }
  sync(); /* nothing to lose on a ramfs, but this is the habit */
  reboot(RB_POWER_OFF);
  if (errno == EPERM) fprintf(stderr, "poweroff: %s (only root may power off)\n", strerror(errno));
  else fprintf(stderr, "poweroff: %s\n", strerror(errno));
  return 1;
}
