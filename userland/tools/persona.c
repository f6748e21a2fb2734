/* persona                     print the current personality's name
 * persona -l                  list the personalities Tether knows
 * persona NAME command [arg ...]   run a command under another personality
 *
 * NAME is linux, freebsd, darwin or illumos; the values are in
 * <tether/personality.h>. The personality is inherited over fork and exec,
 * so everything the command starts follows the same manual pages. Linux
 * itself stores any value, so this also runs (and prints) on a Linux host. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <tether/personality.h>
#include <unistd.h>

static void usage(void) {
  fprintf(stderr, "usage: persona [-l | NAME command [arg ...]]\n");
}

int main(int argc, char **argv) {
  int current = personality(PER_QUERY);
  if (current < 0) {
    fprintf(stderr, "persona: personality: %s\n", strerror(errno));
    return 1;
  }
  if (argc == 1) {
    const char *name = tether_persona_name((unsigned long)current);
    if (name) printf("%s\n", name);
    else printf("unknown (0x%04x)\n", (unsigned)current);
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "-l") == 0) {
    for (const struct tether_persona *p = tether_personas(); p->name; p++)
      printf("%-8s 0x%04lx\n", p->name, p->value);
    return 0;
  }
  if (argc < 3) {
    usage();
    return 1;
  }
  long value = tether_persona_value(argv[1]);
  if (value < 0) {
    fprintf(stderr, "persona: unknown personality '%s' (persona -l lists them)\n", argv[1]);
    return 1;
  }
  /* Keep Linux's flag bits (ADDR_NO_RANDOMIZE, ...); change the system. */
  unsigned long wanted = ((unsigned long)current & ~(unsigned long)PER_MASK) | (unsigned long)value;
  if (personality(wanted) < 0) {
    fprintf(stderr, "persona: personality(0x%lx): %s\n", wanted, strerror(errno));
    return 1;
  }
  execvp(argv[2], argv + 2);
  fprintf(stderr, "persona: %s: %s\n", argv[2], strerror(errno));
  return errno == ENOENT ? 127 : 126;
}
