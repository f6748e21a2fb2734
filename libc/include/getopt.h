/* getopt_long(3): GNU's long options ("--verbose", "--size=4"), beside
 * <unistd.h>'s getopt. The layout of struct option is glibc's. */
#ifndef _GETOPT_H
#define _GETOPT_H

#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

struct option {
  const char *name; /* without the leading "--" */
  int has_arg;      /* no_argument, required_argument or optional_argument */
  int *flag;        /* non-null: *flag = val and getopt_long returns 0 */
  int val;          /* returned (or stored in *flag) when the option is seen */
};

#define no_argument 0
#define required_argument 1
#define optional_argument 2

int getopt_long(int argc, char *const argv[], const char *optstring,
                const struct option *longopts, int *longindex);

#ifdef __cplusplus
}
#endif

#endif
